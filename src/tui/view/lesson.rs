//! The lesson pane: the intro, the worked examples run live, then the task,
//! the hints seen so far, the explanation once solved, and the solution.

use ratatui::text::{Line, Span};

use super::table;
use crate::lesson::Exercise;
use crate::tui::app::{AnswerKind, App, ExerciseState, SOLUTION_AFTER_ATTEMPTS, Within};
use crate::tui::keys::{Action, Mode, key_name, spoken};
use crate::tui::markdown;
use crate::tui::text::{sql_lines, wrap_plain};

/// The lesson pane's lines and where its parts start.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// All lines.
    pub lines: Vec<Line<'static>>,
    /// Line where the task starts.
    pub task: usize,
    /// Line of the first hint, when hints are shown.
    pub hints: Option<usize>,
    /// Line of the solution, when shown.
    pub solution: Option<usize>,
}

/// Builds the lesson pane for a width.
pub fn document(app: &App, ex: &ExerciseState, width: u16) -> Document {
    let theme = &app.theme;
    let mut doc = Document::default();
    let Some(r) = app.course.find(&ex.key) else {
        return doc;
    };
    let lesson = &r.lesson.lesson;
    let cols = width.saturating_sub(1).max(10);
    let width = usize::from(cols);
    let out = &mut doc.lines;
    if ex.within == Within::Course {
        lesson_intro(app, ex, out, cols);
        doc.task = out.len();
        let count = lesson.exercises.len();
        let mark = match ex.status {
            crate::progress::ExerciseStatus::Solved => " ✓",
            _ => "",
        };
        let title = format!(
            "── Exercise {} of {count}: {}{mark} ",
            r.index + 1,
            r.exercise.title()
        );
        let used = crate::tui::text::width(&title);
        if used <= width {
            let rule = "─".repeat(width - used);
            out.push(Line::styled(format!("{title}{rule}"), theme.heading()));
        } else {
            out.extend(wrap_plain(title.trim_end(), theme.heading(), width));
        }
    } else {
        // A drill asks the item cold: its own words, no lesson around it.
        out.extend(wrap_plain(r.exercise.title(), theme.heading(), width));
        out.push(Line::styled(
            format!("dataset {}", r.dataset()),
            theme.muted(),
        ));
        out.push(Line::default());
    }
    out.extend(markdown::render(r.exercise.prompt(), cols, theme));
    kind_specific(&mut doc, app, ex, cols);
    let out = &mut doc.lines;
    out.push(Line::default());

    let hints = r.exercise.hints();
    if ex.hints_shown > 0 {
        doc.hints = Some(doc.lines.len());
    }
    let out = &mut doc.lines;
    for (i, hint) in hints.iter().take(ex.hints_shown).enumerate() {
        let text = format!("Hint {}: {}", i + 1, hint.trim());
        out.extend(markdown::render(&text, cols, theme));
    }
    let exam = ex.within == (Within::Drill { exam: true });
    if !hints.is_empty() && ex.hints_shown < hints.len() && !exam {
        let more = format!(
            "{} more hint{} — {}",
            hints.len() - ex.hints_shown,
            if hints.len() - ex.hints_shown == 1 {
                ""
            } else {
                "s"
            },
            spoken(Mode::Browse, Action::Hint)
        );
        out.extend(wrap_plain(&more, theme.muted(), width));
        out.push(Line::default());
    }

    if ex.solved()
        && ex.answer != AnswerKind::Interview
        && !exam
        && !r.exercise.explanation().trim().is_empty()
    {
        out.push(Line::styled("Why it works", theme.good()));
        out.extend(markdown::render(r.exercise.explanation(), cols, theme));
        out.push(Line::default());
    }
    match (ex.solution_shown, r.exercise.solution()) {
        (true, Some(solution)) => {
            doc.solution = Some(doc.lines.len());
            let out = &mut doc.lines;
            out.push(Line::styled("Reference solution", theme.strong()));
            for line in sql_lines(solution.trim_end(), theme) {
                let mut spans = vec![Span::raw("  ")];
                spans.extend(line.spans);
                out.push(Line::from(spans));
            }
            out.push(Line::default());
        }
        (false, Some(_))
            if !ex.solved() && r.exercise.is_graded_sql() && ex.within == Within::Course =>
        {
            let left = SOLUTION_AFTER_ATTEMPTS.saturating_sub(ex.attempts);
            let text = if left == 0 {
                "The solution is available: S".to_string()
            } else {
                format!(
                    "The solution opens when you solve it, or after {left} more attempt{}.",
                    if left == 1 { "" } else { "s" }
                )
            };
            out.extend(wrap_plain(&text, theme.muted(), width));
        }
        _ => {}
    }
    while doc.lines.last().is_some_and(|l| l.width() == 0) {
        doc.lines.pop();
    }
    doc
}

/// The lesson around an exercise: its title, intro and worked examples
/// (run live).
fn lesson_intro(app: &App, ex: &ExerciseState, out: &mut Vec<Line<'static>>, cols: u16) {
    let theme = &app.theme;
    let Some(r) = app.course.find(&ex.key) else {
        return;
    };
    let lesson = &r.lesson.lesson;
    out.extend(wrap_plain(
        &lesson.title,
        theme.heading(),
        usize::from(cols),
    ));
    out.push(Line::default());
    out.extend(markdown::render(&lesson.intro, cols, theme));

    let ran = app.examples.get(&lesson.id);
    for (i, example) in lesson.examples.iter().enumerate() {
        out.push(Line::default());
        out.extend(wrap_plain(
            &format!("Example {}: {}", i + 1, example.title),
            theme.strong(),
            usize::from(cols),
        ));
        for line in sql_lines(example.sql.trim_end(), theme) {
            let mut spans = vec![Span::raw("  ")];
            spans.extend(line.spans);
            out.push(Line::from(spans));
        }
        match ran.and_then(|r| r.as_ref()).and_then(|r| r.get(i)) {
            Some(Ok(result)) => {
                let view = table::Table::of_result(result);
                out.extend(table::lines(&view, theme));
                out.push(Line::styled(table::count_line(result), theme.muted()));
            }
            Some(Err(e)) => out.extend(wrap_plain(
                &format!("  (did not run: {e})"),
                theme.bad(),
                usize::from(cols),
            )),
            None => out.push(Line::styled("  running…", theme.muted())),
        }
        if !example.note.trim().is_empty() {
            out.extend(markdown::render(&example.note, cols, theme));
        }
    }
    out.push(Line::default());
}

/// What each kind of answer needs besides the prompt: the options, the
/// query to predict, the model answer once revealed; and how to answer.
fn kind_specific(doc: &mut Document, app: &App, ex: &ExerciseState, cols: u16) {
    let theme = &app.theme;
    let Some(r) = app.course.find(&ex.key) else {
        return;
    };
    let out = &mut doc.lines;
    let how = match r.exercise {
        Exercise::Choice(q) => {
            for (i, option) in q.options.iter().enumerate() {
                let letter = (b'a' + i as u8) as char;
                out.extend(markdown::render(
                    &format!("**{letter})** {}", option.text.trim()),
                    cols,
                    theme,
                ));
                if let Some(sql) = &option.sql {
                    for line in sql_lines(sql.trim_end(), theme) {
                        let mut spans = vec![Span::raw("    ")];
                        spans.extend(line.spans);
                        out.push(Line::from(spans));
                    }
                }
            }
            if q.multiple {
                format!(
                    "More than one option is right: type every letter (e.g. a,c), then {}.",
                    key_name(Mode::Editor, Action::Run)
                )
            } else {
                format!(
                    "Type the letter of your answer in the box below, then {}.",
                    key_name(Mode::Editor, Action::Run)
                )
            }
        }
        Exercise::Predict(q) => {
            out.push(Line::default());
            for line in sql_lines(q.sql.trim_end(), theme) {
                let mut spans = vec![Span::raw("  ")];
                spans.extend(line.spans);
                out.push(Line::from(spans));
            }
            format!(
                "Type what it returns — a row count, a value, rows as a|b lines, or error — then {}.",
                key_name(Mode::Editor, Action::Run)
            )
        }
        Exercise::Interview(q) => {
            if ex.solution_shown {
                doc.solution = Some(out.len());
                out.push(Line::default());
                out.push(Line::styled("Model answer", theme.strong()));
                out.extend(markdown::render(&q.model_answer, cols, theme));
                out.push(Line::styled("Key points", theme.strong()));
                for (i, point) in q.key_points.iter().enumerate() {
                    out.extend(wrap_plain(
                        &format!("  {}. {}", i + 1, point.trim()),
                        theme.text(),
                        usize::from(cols),
                    ));
                }
                out.push(Line::default());
                out.extend(markdown::render(
                    &format!("**Follow-up:** {}", q.follow_up.trim()),
                    cols,
                    theme,
                ));
                if !q.follow_up_answer.trim().is_empty() {
                    out.extend(markdown::render(&q.follow_up_answer, cols, theme));
                }
                format!(
                    "Rate yourself in the box below — again, hard, good or easy — with the numbers of the key points you covered (e.g. good 1,3), then {}.",
                    key_name(Mode::Editor, Action::Run)
                )
            } else {
                format!(
                    "Answer aloud as you would to an interviewer, then press {} (in the editor, {} first) to compare with the model answer.",
                    key_name(Mode::Browse, Action::Solution),
                    key_name(Mode::Editor, Action::LeaveEditor)
                )
            }
        }
        _ => return,
    };
    out.push(Line::default());
    out.extend(wrap_plain(
        &format!("ⓘ {how}"),
        theme.warn(),
        usize::from(cols),
    ));
}
