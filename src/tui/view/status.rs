//! The status bar: a note when there is one, else the keys of the current
//! mode, generated from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::App;
use crate::tui::keys::status_entries;
use crate::tui::text::width;

/// Draws the status bar on the last row.
pub fn draw(frame: &mut Frame<'_>, app: &App) {
    let area = frame.area();
    let row = Rect::new(
        area.x,
        area.y + area.height.saturating_sub(1),
        area.width,
        1,
    );
    frame.render_widget(Paragraph::new(line(app, usize::from(area.width))), row);
}

/// The status bar's content for a width.
pub fn line(app: &App, cols: usize) -> Line<'static> {
    let theme = &app.theme;
    if let Some(note) = &app.note {
        return Line::from(Span::styled(format!(" {note}"), theme.warn()));
    }
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (key, word) in status_entries(app.mode(), app.running()) {
        let w = width(&key) + 1 + width(word) + 2;
        if used + w > cols {
            break;
        }
        used += w;
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::styled(format!(" {word}  "), theme.muted()));
    }
    Line::from(spans)
}
