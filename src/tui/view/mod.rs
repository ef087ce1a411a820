//! Pure view functions: the model in, a frame out.

pub mod exercise;
pub mod lab;
pub mod layout;
pub mod lesson;
pub mod map;
pub mod overlay;
pub mod report;
pub mod side;
pub mod status;
pub mod table;
pub mod verdict;

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::app::{App, MIN_SIZE, Overlay, Screen};
use super::keys;

/// Draws the whole screen.
pub fn draw(frame: &mut Frame<'_>, app: &App) {
    let area = frame.area();
    if layout::too_small((area.width, area.height)) {
        let text = format!(
            "sqldojo needs a terminal of at least {}×{}; this one is {}×{}. Make it larger, or press {} to quit.",
            MIN_SIZE.0,
            MIN_SIZE.1,
            area.width,
            area.height,
            keys::key_name(app.mode(), keys::Action::Quit)
        );
        frame.render_widget(
            Paragraph::new(Line::styled(text, app.theme.warn())).wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    match &app.screen {
        Screen::Map(state) => map::draw(frame, app, state),
        Screen::Exercise(ex) => exercise::draw(frame, app, ex),
        Screen::Lab(lab) => lab::draw(frame, app, lab),
        Screen::Drill(d) => match &d.item {
            Some(item) if !d.over() => exercise::draw(frame, app, item),
            _ => report::draw(frame, app, d),
        },
    }
    match &app.overlay {
        Some(Overlay::Help(scroll)) => overlay::help(frame, app, *scroll),
        Some(Overlay::Confirm(q)) => overlay::confirm(frame, app, *q),
        Some(Overlay::Form(form)) => overlay::form(frame, app, form),
        None => {}
    }
}
