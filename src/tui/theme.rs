//! Colours and text attributes. With colour off (NO_COLOR, `--no-color`)
//! every style falls back to attributes alone, and nothing the learner must
//! see depends on colour: diffs carry symbols, NULL its own spelling.

use ratatui::style::{Color, Modifier, Style};

use crate::engine::sessions::SessionId;
use crate::sqltext::highlight::Class;

/// The styles of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Colours allowed.
    pub color: bool,
}

impl Theme {
    /// A theme; `color` false gives attributes only.
    pub fn new(color: bool) -> Self {
        Theme { color }
    }

    fn fg(&self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    /// Ordinary text.
    pub fn text(&self) -> Style {
        Style::new()
    }

    /// Secondary text: counts, notes, key names in the status bar.
    pub fn muted(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    /// Titles and headings.
    pub fn heading(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// Emphasis in lesson text.
    pub fn emphasis(&self) -> Style {
        Style::new().add_modifier(Modifier::ITALIC)
    }

    /// Strong emphasis in lesson text.
    pub fn strong(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Inline code in lesson text.
    pub fn code(&self) -> Style {
        self.fg(Color::Yellow)
    }

    /// Key names (in the status bar and help).
    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// The selected row of a list.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// Border of the focused pane.
    pub fn focus_border(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// Border of other panes.
    pub fn border(&self) -> Style {
        self.muted()
    }

    /// Success: a passed verdict, a solved mark.
    pub fn good(&self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }

    /// Failure: a wrong verdict, an error, missing rows.
    pub fn bad(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    /// Warnings and partial progress: attempted marks, extra rows.
    pub fn warn(&self) -> Style {
        self.fg(Color::Yellow)
    }

    /// A SQL NULL in a result: never mistaken for the string 'NULL', which
    /// is printed quoted.
    pub fn null(&self) -> Style {
        self.muted().add_modifier(Modifier::ITALIC)
    }

    /// A lab session's name, so its statements are told apart at a glance
    /// (the letter is always printed too).
    pub fn session(&self, id: SessionId) -> Style {
        let color = match id {
            SessionId::A => Color::Cyan,
            SessionId::B => Color::Magenta,
            SessionId::C => Color::Yellow,
        };
        self.fg(color).add_modifier(Modifier::BOLD)
    }

    /// The colour of a class of SQL token.
    pub fn sql(&self, class: Class) -> Style {
        match class {
            Class::Keyword => self.fg(Color::Magenta).add_modifier(Modifier::BOLD),
            Class::Identifier | Class::Plain | Class::Operator => Style::new(),
            Class::String => self.fg(Color::Green),
            Class::Number => self.fg(Color::Yellow),
            Class::Comment => self.muted().add_modifier(Modifier::ITALIC),
        }
    }
}
