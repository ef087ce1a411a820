//! The course map: topics, lessons with their difficulty and progress
//! marks, the exercises of the lesson under the cursor, and "continue".

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::status;
use crate::lesson::Course;
use crate::progress::ExerciseStatus;
use crate::tui::app::{App, MapState};
use crate::tui::keys::{Action, Mode, key_for};
use crate::tui::map::{Row, rows};
use crate::tui::text::{ellipsize, width, wrap_after, wrap_plain};
use crate::tui::theme::Theme;

/// The mark of a status: solved, attempted, new.
pub fn mark(status: ExerciseStatus) -> &'static str {
    match status {
        ExerciseStatus::Solved => "✓",
        ExerciseStatus::Attempted => "◐",
        ExerciseStatus::New => "·",
    }
}

fn mark_style(status: ExerciseStatus, theme: &Theme) -> ratatui::style::Style {
    match status {
        ExerciseStatus::Solved => theme.good(),
        ExerciseStatus::Attempted => theme.warn(),
        ExerciseStatus::New => theme.muted(),
    }
}

/// Draws the course map.
pub fn draw(frame: &mut Frame<'_>, app: &App, state: &MapState) {
    let area = frame.area();
    let theme = &app.theme;
    let course = &app.course;
    let total = course.exercises().count();
    let solved = course
        .exercises()
        .filter(|e| app.status(&e.key()) == ExerciseStatus::Solved)
        .count();
    let mut title = vec![
        Span::styled(format!(" {} ", course.manifest.title), theme.heading()),
        Span::styled(format!(" {solved}/{total} solved "), theme.muted()),
    ];
    if let Some(due) = app.due.filter(|n| *n > 0) {
        let review = map_key(Action::Review);
        title.push(Span::styled(
            format!(" {due} due for review today ({review}) "),
            theme.warn(),
        ));
    }
    let title = Line::from(title);
    let body = Rect::new(area.x, area.y, area.width, area.height.saturating_sub(1));
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border())
        .title(title);
    let inner = block.inner(body);
    frame.render_widget(block, body);

    let wide = area.width >= 100;
    let (list_area, detail_area) = if wide {
        let w = (area.width * 55 / 100).max(50);
        (
            Rect::new(inner.x, inner.y, w, inner.height),
            Some(Rect::new(
                inner.x + w + 1,
                inner.y,
                inner.width - w - 1,
                inner.height,
            )),
        )
    } else {
        (inner, None)
    };
    let list = rows(course, state.selected, app.resume.is_some());
    let at = list.iter().position(|r| *r == state.selected).unwrap_or(0);
    let height = usize::from(list_area.height);
    let top = (at + 1).saturating_sub(height);
    let lines: Vec<Line<'static>> = list
        .iter()
        .skip(top)
        .take(height)
        .map(|&row| {
            row_line(
                app,
                row,
                row == state.selected,
                usize::from(list_area.width),
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list_area);
    if let Some(d) = detail_area {
        let lines = detail(app, course, state.selected, d.width);
        frame.render_widget(
            Paragraph::new(lines).block(
                Block::default()
                    .borders(Borders::LEFT)
                    .border_style(theme.border()),
            ),
            d,
        );
    }
    status::draw(frame, app);
}

fn lesson_marks(app: &App, course: &Course, t: usize, l: usize) -> Vec<Span<'static>> {
    let lesson = &course.topics[t].lessons[l].lesson;
    lesson
        .exercises
        .iter()
        .map(|e| {
            let s = app.status(&format!("{}/{}", lesson.id, e.id()));
            Span::styled(mark(s), mark_style(s, &app.theme))
        })
        .collect()
}

fn row_line(app: &App, row: Row, selected: bool, width: usize) -> Line<'static> {
    let theme = &app.theme;
    let course = &app.course;
    let pointer = if selected { "▶ " } else { "  " };
    let mut spans: Vec<Span<'static>> = vec![Span::raw(pointer)];
    match row {
        Row::Resume => {
            let key = app.resume.clone().unwrap_or_default();
            let what = course
                .find(&key)
                .map(|r| format!("{} › {}", r.lesson.lesson.title, r.exercise.title()))
                .unwrap_or(key);
            spans.push(Span::styled("Continue: ", theme.good()));
            spans.push(Span::raw(ellipsize(&what, width.saturating_sub(14))));
        }
        Row::Topic(t) => {
            let topic = &course.topics[t];
            spans.push(Span::styled(
                ellipsize(&topic.entry.title, width.saturating_sub(12)),
                theme.heading(),
            ));
            let (done, all) = topic_progress(app, t);
            spans.push(Span::styled(format!("  {done}/{all}"), theme.muted()));
            if topic.lessons.is_empty() {
                spans.push(Span::styled("  (coming soon)", theme.muted()));
            }
        }
        Row::Lesson(t, l) => {
            let lesson = &course.topics[t].lessons[l].lesson;
            let marks = lesson_marks(app, course, t, l);
            // Difficulty and marks sit in fixed columns, so they line up.
            let marks_w = course
                .lessons()
                .map(|l| l.lesson.exercises.len())
                .max()
                .unwrap_or(0)
                .min(16);
            let diff = format!("{:>6}", lesson.difficulty.as_str());
            let room = width.saturating_sub(4 + 2 + 6 + 2 + marks_w + 1);
            let title = ellipsize(&lesson.title, room);
            let pad = room.saturating_sub(width_of(&title));
            spans.push(Span::raw("  "));
            spans.push(Span::raw(title));
            spans.push(Span::raw(" ".repeat(pad + 2)));
            spans.push(Span::styled(diff, theme.muted()));
            spans.push(Span::raw("  "));
            spans.extend(marks.into_iter().take(marks_w));
        }
        Row::Exercise(t, l, e) => {
            let lesson = &course.topics[t].lessons[l].lesson;
            let ex = &lesson.exercises[e];
            let s = app.status(&format!("{}/{}", lesson.id, ex.id()));
            spans.push(Span::raw("      "));
            spans.push(Span::styled(mark(s), mark_style(s, theme)));
            spans.push(Span::raw(" "));
            spans.push(Span::raw(ellipsize(ex.title(), width.saturating_sub(22))));
            spans.push(Span::styled(format!("  {}", ex.kind()), theme.muted()));
        }
    }
    let line = Line::from(spans);
    if selected {
        line.style(theme.selected())
    } else {
        line
    }
}

fn width_of(s: &str) -> usize {
    width(s)
}

fn topic_progress(app: &App, t: usize) -> (usize, usize) {
    let topic = &app.course.topics[t];
    let keys: Vec<String> = topic
        .lessons
        .iter()
        .flat_map(|l| {
            l.lesson
                .exercises
                .iter()
                .map(move |e| format!("{}/{}", l.lesson.id, e.id()))
        })
        .collect();
    let done = keys
        .iter()
        .filter(|k| app.status(k) == ExerciseStatus::Solved)
        .count();
    (done, keys.len())
}

/// The detail pane of a wide map: about the selected topic or lesson.
fn detail(app: &App, course: &Course, row: Row, width: u16) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let cols = usize::from(width.saturating_sub(3).max(10));
    let mut out = Vec::new();
    let topic_of = |t: usize| &course.topics[t];
    match row {
        Row::Resume => {
            out.push(Line::styled(
                " Continue where you left off",
                theme.heading(),
            ));
            out.push(Line::default());
            out.extend(wrap_plain(
                &format!(
                    "{} opens the exercise you were on, with your last SQL in the editor.",
                    map_key(Action::Open)
                ),
                theme.text(),
                cols,
            ));
        }
        Row::Topic(t) => {
            let topic = topic_of(t);
            out.extend(wrap_after(
                vec![Span::raw(" ")],
                &[Span::styled(topic.entry.title.clone(), theme.heading())],
                cols,
            ));
            out.push(Line::default());
            out.extend(wrap_plain(&topic.entry.summary, theme.text(), cols));
            out.push(Line::default());
            let (done, all) = topic_progress(app, t);
            out.push(Line::styled(
                format!(
                    " {} lessons, {done} of {all} exercises solved",
                    topic.lessons.len()
                ),
                theme.muted(),
            ));
        }
        Row::Lesson(t, l) | Row::Exercise(t, l, _) => {
            let file = &topic_of(t).lessons[l];
            let lesson = &file.lesson;
            out.extend(wrap_after(
                vec![Span::raw(" ")],
                &[Span::styled(lesson.title.clone(), theme.heading())],
                cols,
            ));
            let about = format!(
                "{} · dataset {} · {} exercises",
                lesson.difficulty.as_str(),
                lesson.dataset,
                lesson.exercises.len()
            );
            out.extend(wrap_after(
                vec![Span::raw(" ")],
                &[Span::styled(about, theme.muted())],
                cols,
            ));
            out.push(Line::default());
            for (i, e) in lesson.exercises.iter().enumerate() {
                let s = app.status(&format!("{}/{}", lesson.id, e.id()));
                let chosen = row == Row::Exercise(t, l, i);
                let lead = vec![
                    Span::raw(" "),
                    Span::styled(mark(s), mark_style(s, theme)),
                    Span::raw(format!(" {}. ", i + 1)),
                ];
                let body = [
                    Span::raw(e.title().to_string()),
                    Span::styled(format!("  {}", e.kind()), theme.muted()),
                ];
                for line in wrap_after(lead, &body, cols) {
                    out.push(if chosen {
                        line.style(theme.strong())
                    } else {
                        line
                    });
                }
            }
            out.push(Line::default());
            out.extend(crate::tui::markdown::render(
                &lesson.intro,
                cols as u16,
                theme,
            ));
        }
    }
    out.push(Line::default());
    out.push(Line::styled(" Practice", theme.heading()));
    let due = match app.due {
        Some(0) => "nothing is due today".to_string(),
        Some(1) => "1 item due today".to_string(),
        Some(n) => format!("{n} items due today"),
        None => "counting…".to_string(),
    };
    out.extend(wrap_after(
        vec![Span::styled(
            format!("  {}  ", map_key(Action::Drill)),
            theme.key(),
        )],
        &[Span::raw(
            "a timed drill: SQL tasks and interview questions",
        )],
        cols,
    ));
    out.extend(wrap_after(
        vec![Span::styled(
            format!("  {}  ", map_key(Action::Review)),
            theme.key(),
        )],
        &[Span::raw(format!("review what you got wrong: {due}"))],
        cols,
    ));
    out.push(Line::default());
    out.push(Line::from(vec![
        Span::styled(" ✓", theme.good()),
        Span::styled(" solved  ", theme.muted()),
        Span::styled("◐", theme.warn()),
        Span::styled(" attempted  ", theme.muted()),
        Span::styled("·", theme.muted()),
        Span::styled(" new", theme.muted()),
    ]));
    out
}

/// The map's key for an action, from the keymap.
fn map_key(action: Action) -> String {
    key_for(Mode::Map, action).unwrap_or_default()
}
