//! Where each pane goes, as pure functions of the terminal size and the
//! model, shared by the views (to draw) and `update` (to clamp scrolling).

use ratatui::layout::Rect;

use super::{lesson, verdict};
use crate::tui::app::{AnswerKind, App, ExerciseState, Focus, MIN_SIZE};

/// Width from which the exercise screen uses two columns.
pub const WIDE: u16 = 110;

/// The panes of the exercise screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExerciseAreas {
    /// Title line.
    pub title: Rect,
    /// Lesson text, or the schema/plan panel.
    pub lesson: Rect,
    /// SQL editor (with its title row).
    pub editor: Rect,
    /// Verdict (height 0 when there is none).
    pub verdict: Rect,
    /// Result table (with its title row).
    pub result: Rect,
    /// Status bar.
    pub status: Rect,
}

/// True when the terminal is too small to lay anything out.
pub fn too_small(size: (u16, u16)) -> bool {
    size.0 < MIN_SIZE.0 || size.1 < MIN_SIZE.1
}

/// Rows a page key moves.
pub fn page_rows(size: (u16, u16)) -> u16 {
    (size.1 / 3).max(3)
}

fn split_rows(area: Rect, first: u16) -> (Rect, Rect) {
    let first = first.min(area.height);
    (
        Rect::new(area.x, area.y, area.width, first),
        Rect::new(area.x, area.y + first, area.width, area.height - first),
    )
}

/// Lays out the exercise screen.
pub fn exercise(size: (u16, u16), ex: &ExerciseState, verdict_lines: u16) -> ExerciseAreas {
    let full = Rect::new(0, 0, size.0, size.1);
    let (title, rest) = split_rows(full, 1);
    let (main, status) = split_rows(rest, rest.height.saturating_sub(1));
    let has_output = ex.output.is_some() || ex.judgement.is_some() || ex.busy();
    let editor_width = if size.0 >= WIDE {
        size.0 - (size.0 * 45 / 100).max(44)
    } else {
        size.0
    };
    let text_rows = ex.editor.display_rows(editor_width) as u16;
    let editor_rows = if has_output {
        text_rows + 2
    } else {
        text_rows + 3
    }
    .clamp(4, 12);

    let (lesson, right) = if size.0 >= WIDE {
        let left_w = (size.0 * 45 / 100).max(44);
        let lesson = Rect::new(main.x, main.y, left_w, main.height);
        let right = Rect::new(main.x + left_w, main.y, main.width - left_w, main.height);
        (lesson, right)
    } else {
        let lesson_h = if !has_output {
            main.height.saturating_sub(editor_rows + 3)
        } else if ex.focus == Focus::Lesson {
            main.height * 55 / 100
        } else if ex.focus == Focus::Verdict {
            main.height * 15 / 100
        } else {
            // What the output needs; room it does not need goes to the lesson.
            let verdict_need = if ex.judgement.is_some() {
                verdict_lines + 1
            } else {
                0
            };
            let result_need = match &ex.output {
                Some(Ok(out)) if ex.answer == AnswerKind::Sql => {
                    (out.result.rows.len() as u16 + 4).min(10)
                }
                Some(_) => 4,
                None if ex.busy() => 3,
                None => 0,
            };
            let spare = main
                .height
                .saturating_sub(editor_rows + verdict_need + result_need);
            spare.max(main.height * 25 / 100)
        };
        let (lesson, right) = split_rows(main, lesson_h.max(3));
        (lesson, right)
    };
    let editor_h = editor_rows.min(right.height.saturating_sub(4)).max(3);
    let editor_h = if size.0 >= WIDE {
        editor_h
            .max(right.height * 35 / 100)
            .min(right.height.saturating_sub(6))
    } else {
        editor_h
    };
    let (editor, output) = split_rows(right, editor_h);
    let verdict_h = if ex.judgement.is_none() {
        0
    } else if !matches!(ex.output, Some(Ok(_))) || ex.answer != AnswerKind::Sql {
        output.height
    } else {
        // The verdict says what to fix: it gets what it needs, the result
        // table keeps a few rows.
        let keep = match ex.focus {
            Focus::Result => output.height / 2,
            Focus::Verdict => 2,
            _ => 4,
        };
        (verdict_lines + 1)
            .min(output.height.saturating_sub(keep))
            .max(2)
    };
    let (verdict, result) = split_rows(output, verdict_h);
    ExerciseAreas {
        title,
        lesson,
        editor,
        verdict,
        result,
        status,
    }
}

/// True when the lesson pane is a column beside the editor (it then has a
/// rule on its right).
pub fn lesson_is_column(a: &ExerciseAreas) -> bool {
    a.lesson.x + a.lesson.width <= a.editor.x
}

/// The lesson pane's text area: below its title row, left of its rule.
pub fn lesson_inner(a: &ExerciseAreas) -> Rect {
    let rule = u16::from(lesson_is_column(a));
    Rect::new(
        a.lesson.x,
        a.lesson.y + 1,
        a.lesson.width.saturating_sub(rule),
        a.lesson.height.saturating_sub(1),
    )
}

/// The exercise layout for the app's current state.
pub fn exercise_areas(app: &App, ex: &ExerciseState) -> ExerciseAreas {
    // The verdict's height depends on its width, which does not depend on
    // its height: lay out once to learn the width, then for real.
    let probe = exercise(app.size, ex, 0);
    let lines = verdict::lines(app, ex, probe.verdict.width.max(1)).len() as u16;
    exercise(app.size, ex, lines)
}

/// The lesson pane's scroll when the learner has not scrolled: the top on
/// a first visit to a lesson's first exercise, else the task.
pub fn lesson_auto_scroll(app: &App) -> u16 {
    let Some(ex) = app.exercise() else { return 0 };
    let inner = lesson_inner(&exercise_areas(app, ex));
    let doc = lesson::document(app, ex, inner.width);
    let first_visit = app.exercise_ref().is_some_and(|r| r.index == 0)
        && ex.attempts == 0
        && ex.hints_shown == 0
        && !ex.solution_shown;
    let target = if ex.solution_shown {
        doc.solution.unwrap_or(doc.task)
    } else if ex.hints_shown > 0 {
        doc.hints.unwrap_or(doc.task)
    } else if first_visit {
        0
    } else {
        doc.task
    };
    let max = doc.lines.len().saturating_sub(usize::from(inner.height));
    target.min(max) as u16
}

/// How far the lesson pane can scroll.
pub fn lesson_max_scroll(app: &App) -> usize {
    let Some(ex) = app.exercise() else { return 0 };
    let inner = lesson_inner(&exercise_areas(app, ex));
    let doc = lesson::document(app, ex, inner.width);
    doc.lines.len().saturating_sub(usize::from(inner.height))
}

/// How far the schema or plan panel can scroll.
pub fn side_max_scroll(app: &App) -> usize {
    let Some(ex) = app.exercise() else { return 0 };
    let Some(panel) = &ex.side else { return 0 };
    let inner = lesson_inner(&exercise_areas(app, ex));
    let lines = super::side::lines(panel, &app.theme, inner.width, "").len();
    lines.saturating_sub(usize::from(inner.height))
}

/// How far the verdict pane can scroll.
pub fn verdict_max_scroll(app: &App) -> usize {
    let Some(ex) = app.exercise() else { return 0 };
    let areas = exercise_areas(app, ex);
    let lines = verdict::lines(app, ex, areas.verdict.width.max(1)).len();
    lines.saturating_sub(areas.verdict.height.saturating_sub(1) as usize)
}
