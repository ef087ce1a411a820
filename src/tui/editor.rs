//! The SQL editor: `ratatui-textarea` for editing, undo and redo, with
//! syntax colours from `sqltext::highlight` laid over what it draws.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use super::theme::Theme;
use crate::sqltext::highlight::{Class, classify};

/// The editor's state.
#[derive(Debug, Clone)]
pub struct Editor {
    area: TextArea<'static>,
}

impl Editor {
    /// An editor holding `text`, the cursor at its end, unfocused.
    pub fn new(text: &str, theme: &Theme) -> Self {
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let mut area = TextArea::new(if lines.is_empty() {
            vec![String::new()]
        } else {
            lines
        });
        area.set_tab_length(2);
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        area.set_max_histories(200);
        area.set_cursor_line_style(Style::new());
        area.set_line_number_style(theme.muted());
        area.set_placeholder_style(theme.muted());
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        let mut editor = Editor { area };
        editor.set_focused(false);
        editor
    }

    /// Sets the text shown while the editor is empty.
    pub fn set_placeholder(&mut self, text: &str) {
        self.area.set_placeholder_text(text);
    }

    /// Shows the cursor only while the editor has the focus.
    pub fn set_focused(&mut self, focused: bool) {
        self.area.set_cursor_style(if focused {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        });
    }

    /// The text, lines joined with `\n`.
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    /// True when there is nothing but whitespace.
    pub fn is_blank(&self) -> bool {
        self.area.lines().iter().all(|l| l.trim().is_empty())
    }

    /// Handles a key the keymap left to the editor; true when the text changed.
    pub fn input(&mut self, key: KeyEvent) -> bool {
        self.area.input(key)
    }

    /// Inserts pasted text at the cursor.
    pub fn paste(&mut self, text: &str) -> bool {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        self.area.insert_str(text)
    }

    /// Undoes the last edit; true when there was one.
    pub fn undo(&mut self) -> bool {
        self.area.undo()
    }

    /// Redoes an undone edit; true when there was one.
    pub fn redo(&mut self) -> bool {
        self.area.redo()
    }

    /// Rows the text takes when soft-wrapped to `width` columns (line
    /// numbers included).
    pub fn display_rows(&self, width: u16) -> usize {
        if self.area.is_empty() && !self.area.placeholder_text().is_empty() {
            // The placeholder, wrapped after the cursor cell (see `render`).
            let room = usize::from(width).max(1);
            return (1 + crate::tui::text::width(self.area.placeholder_text())).div_ceil(room);
        }
        let gutter = usize::from(self.area.line_number_width());
        let room = usize::from(width).saturating_sub(gutter).max(1);
        self.area
            .lines()
            .iter()
            .map(|l| crate::tui::text::width(l).div_ceil(room).max(1))
            .sum()
    }

    /// Draws the editor with line numbers and SQL colours.
    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        if self.area.is_empty() && !self.area.placeholder_text().is_empty() {
            // The textarea draws its placeholder on one line, cut at the
            // pane's edge: wrap it instead, after the cursor.
            let line = Line::from(vec![
                Span::styled(" ", self.area.cursor_style()),
                Span::styled(self.area.placeholder_text().to_string(), theme.muted()),
            ]);
            Paragraph::new(line)
                .wrap(Wrap { trim: false })
                .render(area, buf);
            return;
        }
        (&self.area).render(area, buf);
        if !self.is_blank() {
            self.colour(area, buf, theme);
        }
    }

    /// Lays token colours over the drawn text, cell by cell.
    fn colour(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let drawn = &self.area;
        let lines = drawn.lines();
        let classes = char_classes(lines);
        let (top, left) = drawn.scroll_offset();
        let gutter = drawn.line_number_width();
        for y in 0..area.height {
            let screen_row = usize::from(top) + usize::from(y);
            for x in gutter..area.width {
                let col = usize::from(left) + usize::from(x - gutter);
                let at = drawn.screen_to_data(screen_row, col);
                let Some(class) = classes.get(at.0).and_then(|l| l.get(at.1)) else {
                    continue;
                };
                let cell = &mut buf[(area.x + x, area.y + y)];
                // Positions past the text clamp to a character elsewhere:
                // colour only the cell that shows that very character.
                let shown = lines[at.0].chars().nth(at.1);
                if shown.is_none_or(|c| !cell.symbol().starts_with(c)) {
                    continue;
                }
                let style = theme.sql(*class);
                if let Some(fg) = style.fg {
                    cell.set_fg(fg);
                }
                cell.modifier.insert(style.add_modifier);
            }
        }
    }
}

/// The token class of every character, line by line.
fn char_classes(lines: &[String]) -> Vec<Vec<Class>> {
    let text = lines.join("\n");
    let mut out: Vec<Vec<Class>> = vec![Vec::new()];
    for (range, class) in classify(&text) {
        for c in text[range].chars() {
            if c == '\n' {
                out.push(Vec::new());
            } else {
                out.last_mut().unwrap().push(class);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    #[test]
    fn types_undoes_and_redoes() {
        let mut e = Editor::new("", &Theme::new(false));
        for c in "SELECT 1".chars() {
            e.input(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        assert_eq!(e.text(), "SELECT 1");
        assert!(e.undo());
        assert_ne!(e.text(), "SELECT 1");
        assert!(e.redo());
        assert_eq!(e.text(), "SELECT 1");
    }

    #[test]
    fn keywords_are_coloured_on_screen() {
        let theme = Theme::new(true);
        let e = Editor::new("SELECT name FROM users", &theme);
        let area = Rect::new(0, 0, 40, 3);
        let mut buf = Buffer::empty(area);
        e.render(area, &mut buf, &theme);
        let gutter = 3; // One digit and a margin each side.
        let s = &buf[(gutter, 0)];
        assert_eq!(s.symbol(), "S");
        assert_eq!(Some(s.fg), theme.sql(Class::Keyword).fg);
        let n = &buf[(gutter + 7, 0)];
        assert_eq!(n.symbol(), "n");
        assert_ne!(Some(n.fg), theme.sql(Class::Keyword).fg);
    }
}
