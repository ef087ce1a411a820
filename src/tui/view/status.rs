//! The status bar: a note when there is one, else the keys of the current
//! mode, generated from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::tui::app::App;
use crate::tui::keys::status_entries;
use crate::tui::text::{width, wrap_plain};

/// Draws the status bar on the last row. A note too long for it wraps
/// upward over the screen's last rows (up to a third of the screen) rather
/// than being cut off; it goes with the next key.
pub fn draw(frame: &mut Frame<'_>, app: &App) {
    let area = frame.area();
    if let Some(note) = &app.note {
        let lines = wrap_plain(
            note,
            app.theme.warn(),
            usize::from(area.width.saturating_sub(2)),
        );
        let rows = (lines.len() as u16).clamp(1, (area.height / 3).max(1));
        let at = Rect::new(area.x, area.y + area.height - rows, area.width, rows);
        let lines: Vec<Line<'static>> = lines
            .into_iter()
            .map(|l| {
                let mut spans = vec![Span::raw(" ")];
                spans.extend(l.spans);
                Line::from(spans)
            })
            .collect();
        frame.render_widget(Clear, at);
        frame.render_widget(Paragraph::new(lines), at);
        return;
    }
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
