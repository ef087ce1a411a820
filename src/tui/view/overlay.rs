//! Things drawn above the screen: the help (generated from the keymap) and
//! yes/no questions.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::tui::app::{App, Question, SOLUTION_AFTER_ATTEMPTS};
use crate::tui::keys::help_sections;

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width.saturating_sub(2));
    let h = height.min(area.height.saturating_sub(2));
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// The help overlay's lines.
pub fn help_lines(app: &App) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let mut out = Vec::new();
    for (title, entries) in help_sections() {
        out.push(Line::styled(title.to_string(), theme.heading()));
        let key_w = entries
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(0)
            .min(24);
        for (keys, help) in entries {
            out.push(Line::from(vec![
                Span::styled(format!("  {keys:<key_w$}  "), theme.key()),
                Span::raw(help.to_string()),
            ]));
        }
        out.push(Line::default());
    }
    out.push(Line::styled(
        "Marks: ✓ solved  ◐ attempted  · new.  In results, NULL is SQL's NULL; 'NULL' in quotes is text.",
        theme.muted(),
    ));
    out
}

/// Draws the help overlay.
pub fn help(frame: &mut Frame<'_>, app: &App, scroll: u16) {
    let area = centered(frame.area(), 92, frame.area().height.saturating_sub(2));
    let lines = help_lines(app);
    let max = lines
        .len()
        .saturating_sub(usize::from(area.height.saturating_sub(2)));
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.focus_border())
        .title(" Keys (Esc closes, ↑↓ scroll) ");
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll.min(max as u16), 0)),
        area,
    );
}

/// Draws a yes/no question.
pub fn confirm(frame: &mut Frame<'_>, app: &App, question: Question) {
    let text = match question {
        Question::Reset => {
            "Start this exercise again? The editor goes back to the starting SQL (your text is discarded); your attempts and progress are kept."
                .to_string()
        }
        Question::Solution => format!(
            "You have made {SOLUTION_AFTER_ATTEMPTS} or more attempts. Show the reference solution? Trying once more with a hint often teaches more."
        ),
    };
    let area = centered(frame.area(), 60, 8);
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.focus_border())
        .title(" Are you sure? ");
    let lines = vec![
        Line::raw(text),
        Line::default(),
        Line::from(vec![
            Span::styled("y", app.theme.key()),
            Span::raw(" yes    "),
            Span::styled("n", app.theme.key()),
            Span::raw(" / "),
            Span::styled("Esc", app.theme.key()),
            Span::raw(" no"),
        ]),
    ];
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        area,
    );
}
