//! The exercise screen: title, lesson (or schema/plan), editor, verdict,
//! result table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::layout::{self, ExerciseAreas};
use super::table::{self, Table};
use super::{lesson, side, status, verdict};
use crate::drill::mmss;
use crate::progress::ExerciseStatus;
use crate::tui::app::{AnswerKind, App, ExerciseState, Focus, RunState, Screen};
use crate::tui::drill::DrillState;
use crate::tui::keys::{Action, Mode, key_name, spoken};
use crate::tui::text::{ellipsize, width, wrap_plain};
use crate::tui::theme::Theme;

/// Draws the exercise screen.
pub fn draw(frame: &mut Frame<'_>, app: &App, ex: &ExerciseState) {
    let areas: ExerciseAreas = layout::exercise_areas(app, ex);
    let theme = &app.theme;
    title(frame, app, ex, areas.title);

    // Lesson pane, or the side panel in its place; in two columns, a rule
    // on its right separates it from the editor.
    let focused = ex.focus == Focus::Lesson;
    let column = |b: Block<'static>| {
        if layout::lesson_is_column(&areas) {
            b.borders(Borders::TOP | Borders::RIGHT)
        } else {
            b
        }
    };
    match &ex.side {
        Some(panel) => {
            let block = column(pane(&side::title(panel), focused, theme));
            let inner = block.inner(areas.lesson);
            let lines = side::lines(panel, theme, inner.width, app.spinner());
            let max = lines.len().saturating_sub(usize::from(inner.height));
            let offset = ex.side_scroll.min(max as u16);
            scrolled(frame, block, lines, offset, areas.lesson, theme);
        }
        None => {
            let block = column(pane("Lesson", focused, theme));
            let inner = block.inner(areas.lesson);
            let doc = lesson::document(app, ex, inner.width);
            let offset = ex
                .lesson_scroll
                .unwrap_or_else(|| layout::lesson_auto_scroll(app));
            scrolled(frame, block, doc.lines, offset, areas.lesson, theme);
        }
    }

    // Editor.
    let editing = ex.focus == Focus::Editor;
    let label = if editing {
        format!(
            "{} — editing ({} leaves)",
            ex.answer.label(),
            key_name(Mode::Editor, Action::LeaveEditor)
        )
    } else {
        format!(
            "{} ({} to edit)",
            ex.answer.label(),
            spoken(Mode::Browse, Action::Edit)
        )
    };
    let block = pane(&label, editing, theme);
    let inner = block.inner(areas.editor);
    frame.render_widget(block, areas.editor);
    ex.editor.render(inner, frame.buffer_mut(), theme);

    // Verdict.
    if areas.verdict.height > 0 {
        let focused = ex.focus == Focus::Verdict;
        let block = pane("Verdict", focused, theme);
        let inner = block.inner(areas.verdict);
        let lines = verdict::lines(app, ex, inner.width);
        scrolled(frame, block, lines, ex.verdict_scroll, areas.verdict, theme);
    }

    // Result.
    if areas.result.height > 0 {
        result(frame, app, ex, areas.result);
    }
    status::draw(frame, app);
}

/// A pane with a title on its top border.
pub(super) fn pane(title: &str, focused: bool, theme: &Theme) -> Block<'static> {
    let style = if focused {
        theme.focus_border()
    } else {
        theme.border()
    };
    let marker = if focused { "▸ " } else { "" };
    Block::default()
        .borders(Borders::TOP)
        .border_style(style)
        .title(Span::styled(format!("{marker}{title} "), style))
}

/// "12–30 of 80" when the content is longer than the pane.
fn scroll_hint(offset: u16, height: u16, total: usize) -> String {
    if total <= usize::from(height) {
        return String::new();
    }
    let last = (usize::from(offset) + usize::from(height)).min(total);
    format!(" lines {}–{last} of {total} ", usize::from(offset) + 1)
}

/// Draws `lines` in `block` from line `offset`, with "lines a–b of n" on the
/// block's top right when they do not all fit.
pub(super) fn scrolled<'a>(
    frame: &mut Frame<'_>,
    block: Block<'a>,
    lines: Vec<Line<'a>>,
    offset: u16,
    area: Rect,
    theme: &Theme,
) {
    let hint = scroll_hint(offset, block.inner(area).height, lines.len());
    let block = block.title(Line::styled(hint, theme.muted()).right_aligned());
    frame.render_widget(Paragraph::new(lines).block(block).scroll((offset, 0)), area);
}

fn title(frame: &mut Frame<'_>, app: &App, ex: &ExerciseState, area: Rect) {
    let theme = &app.theme;
    let Some(r) = app.course.find(&ex.key) else {
        return;
    };
    if let Screen::Drill(d) = &app.screen {
        frame.render_widget(Paragraph::new(drill_title(app, d, ex, area.width)), area);
        return;
    }
    let topic = app.course.topic_title(&r.lesson.lesson.topic);
    let difficulty = r.difficulty().as_str();
    let status = match ex.status {
        ExerciseStatus::Solved => ("✓ solved", theme.good()),
        ExerciseStatus::Attempted => ("◐ attempted", theme.warn()),
        ExerciseStatus::New => ("· new", theme.muted()),
    };
    let right = format!("{} · {} · {} ", difficulty, r.dataset(), status.0);
    let room = usize::from(area.width).saturating_sub(width(&right) + 1);
    let left = format!(
        " {topic} › {} › {}/{} {}",
        r.lesson.lesson.title,
        r.index + 1,
        r.lesson.lesson.exercises.len(),
        r.exercise.title()
    );
    let left = ellipsize(&left, room);
    let pad = room.saturating_sub(width(&left));
    let line = Line::from(vec![
        Span::styled(left, theme.heading()),
        Span::raw(" ".repeat(pad + 1)),
        Span::styled(format!("{difficulty} · {} · ", r.dataset()), theme.muted()),
        Span::styled(format!("{} ", status.0), status.1),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// A drill item's title: where the drill is, the item's topic, kind and
/// level, and the time left (ticking).
fn drill_title(app: &App, d: &DrillState, ex: &ExerciseState, cols: u16) -> Line<'static> {
    let theme = &app.theme;
    let (at, of) = d.position();
    let Some(r) = app.course.find(&ex.key) else {
        return Line::default();
    };
    let topic = app.course.topic_title(&r.lesson.lesson.topic);
    let level = r.difficulty().as_str();
    let what = if d.remaining(app.now).is_some() {
        "Drill"
    } else {
        "Review"
    };
    let (clock, clock_style) = match d.remaining(app.now) {
        Some(left) => (
            format!(
                "⏱ {} left{} ",
                mmss(left),
                if d.exam() { " · exam" } else { "" }
            ),
            if left.as_secs() < 60 {
                theme.bad()
            } else {
                theme.warn()
            },
        ),
        None => ("no clock ".to_string(), theme.muted()),
    };
    let room = usize::from(cols).saturating_sub(width(&clock) + 1);
    let left = ellipsize(
        &format!(
            " {what} {at}/{of} · {topic} · {} · {level} · {}",
            r.exercise.kind(),
            r.exercise.title()
        ),
        room,
    );
    let pad = room.saturating_sub(width(&left));
    Line::from(vec![
        Span::styled(left, theme.heading()),
        Span::raw(" ".repeat(pad + 1)),
        Span::styled(clock, clock_style),
    ])
}

/// What the result (or verdict) pane says before the first run.
fn waiting(ex: &ExerciseState) -> String {
    let run = spoken(Mode::Editor, Action::Run);
    match ex.answer {
        AnswerKind::Sql => format!("Run your SQL ({run}) to see its rows here."),
        // The rating needs the model answer: reveal it first.
        AnswerKind::Interview if !ex.solution_shown => format!(
            "Answer aloud, then open the model answer ({} outside the editor); rate yourself after reading it.",
            key_name(Mode::Browse, Action::Solution)
        ),
        _ => format!("Press {run} to check your answer; the verdict appears here."),
    }
}

fn result(frame: &mut Frame<'_>, app: &App, ex: &ExerciseState, area: Rect) {
    let theme = &app.theme;
    let focused = ex.focus == Focus::Result;
    let (label, lines): (String, Vec<Line<'static>>) = match (&ex.run, &ex.output) {
        (RunState::Running { since, .. }, _) => (
            "Result".into(),
            vec![Line::styled(
                format!(
                    "{} running… {:.1} s   {} cancels",
                    app.spinner(),
                    elapsed(app.tick, *since),
                    spoken(Mode::Editor, Action::Cancel)
                ),
                theme.warn(),
            )],
        ),
        (_, None) => (
            if ex.answer == AnswerKind::Sql {
                "Result".into()
            } else {
                "Verdict".into()
            },
            wrap_plain(
                &waiting(ex),
                theme.muted(),
                usize::from(area.width.saturating_sub(2)),
            ),
        ),
        (_, Some(Err(e))) => (
            "Result".into(),
            wrap_plain(
                &format!("✗ {e}"),
                theme.bad(),
                usize::from(area.width.saturating_sub(2)),
            ),
        ),
        (run, Some(Ok(out))) => {
            let r = &out.result;
            let mut label = format!(
                "Result · {} · {} ms",
                table::count_line(r).trim_start(),
                r.elapsed.as_millis()
            );
            if out.statements > 1 {
                label.push_str(&format!(" · last of {} statements", out.statements));
            }
            if r.columns.len() > 1 && ex.result_scroll.1 > 0 {
                label.push_str(&format!(
                    " · from column {} of {}",
                    ex.result_scroll.1 + 1,
                    r.columns.len()
                ));
            }
            let mut lines = Vec::new();
            if let RunState::Grading { since, .. } = run {
                lines.push(Line::styled(
                    format!(
                        "{} grading on the data and its variants… {:.1} s   {} stops waiting",
                        app.spinner(),
                        elapsed(app.tick, *since),
                        key_name(Mode::Editor, Action::Cancel)
                    ),
                    theme.warn(),
                ));
            }
            if r.columns.is_empty() {
                lines.push(Line::styled(table::count_line(r), theme.text()));
            } else {
                let body = usize::from(area.height.saturating_sub(3 + lines.len() as u16));
                let t = Table {
                    columns: &r.columns,
                    rows: &r.rows,
                    markers: None,
                    first_row: ex.result_scroll.0,
                    first_column: ex.result_scroll.1,
                    max_rows: body.max(1),
                };
                let mut table_lines = table::lines(&t, theme);
                let shown_end = (ex.result_scroll.0 + body).min(r.rows.len());
                lines.append(&mut table_lines);
                if r.rows.len() > body {
                    lines.push(Line::styled(
                        format!(
                            "  rows {}–{shown_end} of {}{}",
                            ex.result_scroll.0 + 1,
                            table::thousands(r.rows.len() as u64),
                            if r.truncated() { " kept" } else { "" }
                        ),
                        theme.muted(),
                    ));
                }
            }
            (label, lines)
        }
    };
    let block = pane(label.trim(), focused, theme);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// Seconds since a tick (ticks are 100 ms).
pub(super) fn elapsed(now: u64, since: u64) -> f64 {
    now.saturating_sub(since) as f64 / 10.0
}
