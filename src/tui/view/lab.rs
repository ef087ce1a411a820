//! The isolation lab screen: the task (and the verdict), one pane per
//! session side by side (its transaction and the statements it ran), the
//! shared timeline of numbered steps with their outcomes, predictions and
//! the lesson's notes, and the input: the prediction, the session's
//! rewrite, or SQL for the active session.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::exercise::{elapsed, pane, scrolled};
use super::layout::WIDE;
use super::{lesson, status, verdict};
use crate::engine::sessions::{Executed, LabMode, SessionView, StepOutcome, rows_text};
use crate::grade::isolation::schedule::Origin;
use crate::lesson::Exercise;
use crate::lesson::kinds::{IsolationExercise, IsolationForm};
use crate::progress::ExerciseStatus;
use crate::tui::app::{App, Focus, Judgement, Loading, RunState, Screen};
use crate::tui::keys::{Action, Mode, key_for, key_name, spoken};
use crate::tui::lab::{LabSnapshot, LabState};
use crate::tui::markdown;
use crate::tui::text::{ellipsize, width, wrap, wrap_plain};
use crate::tui::theme::Theme;

/// Where each part of the lab screen goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabAreas {
    /// Title line.
    pub title: Rect,
    /// The task (narrow: the verdict above it).
    pub task: Rect,
    /// The verdict, in two columns (height 0 otherwise).
    pub verdict: Rect,
    /// The session panes.
    pub sessions: Rect,
    /// The shared timeline.
    pub timeline: Rect,
    /// The prediction box or the editor.
    pub input: Rect,
}

fn rows(area: Rect, first: u16) -> (Rect, Rect) {
    let first = first.min(area.height);
    (
        Rect::new(area.x, area.y, area.width, first),
        Rect::new(area.x, area.y + first, area.width, area.height - first),
    )
}

/// Lays out the lab screen.
pub fn areas(app: &App, lab: &LabState) -> LabAreas {
    let (w, h) = app.size;
    let title = Rect::new(0, 0, w, 1);
    let main = Rect::new(0, 1, w, h.saturating_sub(2));
    let wide = w >= WIDE;
    let (left, right) = if wide {
        let left_w = (w * 40 / 100).max(44);
        (
            Rect::new(0, main.y, left_w, main.height),
            Rect::new(left_w, main.y, w - left_w, main.height),
        )
    } else {
        (Rect::default(), main)
    };
    let input_h = input_rows(lab, right.width, wide);
    let most = lab
        .snapshot()
        .map(|s| {
            s.sessions
                .iter()
                .map(|v| s.timeline.iter().filter(|e| e.session == v.id).count())
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0) as u16;
    let sessions_need = most + 3;
    if wide {
        let verdict_h = if lab.ex.judgement.is_some() || lab.ex.busy() {
            let lines = verdict_lines(app, lab, left.width.saturating_sub(1).max(1)).len() as u16;
            (lines + 1).clamp(3, left.height * 60 / 100)
        } else {
            0
        };
        let (task, verdict) = rows(left, left.height.saturating_sub(verdict_h));
        let sessions_h = sessions_need.clamp(5, right.height * 35 / 100);
        let (sessions, rest) = rows(right, sessions_h);
        let (timeline, input) = rows(rest, rest.height.saturating_sub(input_h));
        LabAreas {
            title,
            task,
            verdict,
            sessions,
            timeline,
            input,
        }
    } else {
        let top_share = if lab.ex.judgement.is_some() { 40 } else { 28 };
        let top_h = (main.height * top_share / 100).max(4);
        let (task, rest) = rows(main, top_h);
        let sessions_h = sessions_need.clamp(4, rest.height * 35 / 100);
        let (sessions, rest) = rows(rest, sessions_h);
        let (timeline, input) = rows(rest, rest.height.saturating_sub(input_h));
        LabAreas {
            title,
            task,
            verdict: Rect::new(0, task.y + task.height, w, 0),
            sessions,
            timeline,
            input,
        }
    }
}

/// Rows of the input pane (its title included).
fn input_rows(lab: &LabState, width: u16, wide: bool) -> u16 {
    let text = lab.ex.editor.display_rows(width) as u16;
    match lab.form {
        // A row for what is typed; more while the box explains the forms.
        IsolationForm::Predict => (text + 1).clamp(2, 4),
        IsolationForm::Fix => (text + 1).clamp(4, if wide { 12 } else { 7 }),
        IsolationForm::FreePlay => (text + 1).clamp(3, 6),
    }
}

/// Draws the lab screen.
pub fn draw(frame: &mut Frame<'_>, app: &App, lab: &LabState) {
    let a = areas(app, lab);
    let theme = &app.theme;
    frame.render_widget(Paragraph::new(title(app, lab, a.title.width)), a.title);

    // The task, with the verdict above it on a narrow screen.
    let wide = a.verdict.height > 0 || app.size.0 >= WIDE;
    let column = |b: Block<'static>| {
        if wide {
            b.borders(Borders::TOP | Borders::RIGHT)
        } else {
            b
        }
    };
    let block = column(pane("Task", lab.ex.focus == Focus::Lesson && !wide, theme));
    let inner = block.inner(a.task);
    let (lines, offset) = task(app, lab, inner.width, inner.height, !wide);
    scrolled(frame, block, lines, offset, a.task, theme);
    if a.verdict.height > 0 {
        let block = column(pane("Verdict", false, theme));
        let inner = block.inner(a.verdict);
        frame.render_widget(
            Paragraph::new(verdict_lines(app, lab, inner.width)).block(block),
            a.verdict,
        );
    }

    sessions(frame, app, lab, a.sessions);

    // The timeline.
    let block = pane(
        &timeline_title(app, lab),
        lab.ex.focus == Focus::Lesson && wide,
        theme,
    );
    let inner = block.inner(a.timeline);
    let (lines, auto) = timeline(app, lab, inner.width, inner.height);
    let max = lines.len().saturating_sub(usize::from(inner.height));
    let offset = lab.timeline_scroll.map_or(auto, usize::from).min(max) as u16;
    scrolled(frame, block, lines, offset, a.timeline, theme);

    input(frame, app, lab, a.input);
    status::draw(frame, app);
}

fn title(app: &App, lab: &LabState, cols: u16) -> Line<'static> {
    let theme = &app.theme;
    let Some(r) = app.course.find(&lab.ex.key) else {
        return Line::default();
    };
    let mode = match lab.snapshot().map(|s| s.mode) {
        Some(LabMode::Wal) => "WAL",
        Some(LabMode::Rollback) => "rollback journal",
        Some(LabMode::SharedCache) => "shared cache",
        None => "lab",
    };
    let form = match lab.form {
        IsolationForm::Predict => "predict",
        IsolationForm::Fix => "fix",
        IsolationForm::FreePlay => "free play",
    };
    let status = match lab.ex.status {
        ExerciseStatus::Solved => ("✓ solved", theme.good()),
        ExerciseStatus::Attempted => ("◐ attempted", theme.warn()),
        ExerciseStatus::New => ("· new", theme.muted()),
    };
    let right = format!("{mode} · {form}  {} ", status.0);
    let room = usize::from(cols).saturating_sub(width(&right) + 1);
    let left = ellipsize(
        &format!(
            " Lab {}/{}: {} › {}",
            r.index + 1,
            r.lesson.lesson.exercises.len(),
            r.exercise.title(),
            r.lesson.lesson.title,
        ),
        room,
    );
    let pad = room.saturating_sub(width(&left));
    Line::from(vec![
        Span::styled(left, theme.heading()),
        Span::raw(" ".repeat(pad + 1)),
        Span::styled(format!("{mode} · {form}  "), theme.muted()),
        Span::styled(format!("{} ", status.0), status.1),
    ])
}

fn verdict_lines(app: &App, lab: &LabState, cols: u16) -> Vec<Line<'static>> {
    match lab.ex.run {
        RunState::Grading { since, .. } | RunState::Running { since, .. } => vec![Line::styled(
            format!(
                "{} grading… {:.1} s   {} stops waiting",
                app.spinner(),
                elapsed(app.tick, since),
                key_name(Mode::FixEditor, Action::Cancel)
            ),
            app.theme.warn(),
        )],
        RunState::Idle => match &lab.ex.judgement {
            // The timeline shows every step: the verdict need not repeat them.
            Some(Judgement::Verdict(v)) => {
                let mut short = (**v).clone();
                if let Some(report) = &v.isolation {
                    let steps: Vec<String> = report
                        .steps
                        .iter()
                        .enumerate()
                        .map(|(n, s)| s.line(n + 1))
                        .collect();
                    short
                        .messages
                        .retain(|m| !steps.iter().any(|s| m.starts_with(s.as_str())));
                }
                let cols = usize::from(cols.saturating_sub(1).max(10));
                verdict::verdict_lines(app, &lab.ex, &short, &app.theme, cols)
            }
            _ => verdict::lines(app, &lab.ex, cols),
        },
    }
}

/// The task pane's lines and where it is scrolled; on a narrow screen the
/// verdict comes first.
fn task(
    app: &App,
    lab: &LabState,
    cols: u16,
    height: u16,
    with_verdict: bool,
) -> (Vec<Line<'static>>, u16) {
    let doc = lesson::document(app, &lab.ex, cols);
    let mut lines = Vec::new();
    let mut shift = 0;
    if with_verdict && (lab.ex.judgement.is_some() || lab.ex.busy()) {
        lines.extend(verdict_lines(app, lab, cols));
        lines.push(Line::default());
        shift = lines.len();
    }
    let first_visit = app.exercise_ref().is_some_and(|r| r.index == 0)
        && lab.ex.attempts == 0
        && lab.ex.hints_shown == 0
        && !lab.ex.solution_shown;
    let target = if shift > 0 {
        0
    } else if lab.ex.solution_shown {
        doc.solution.unwrap_or(doc.task)
    } else if lab.ex.hints_shown > 0 {
        doc.hints.unwrap_or(doc.task)
    } else if first_visit {
        0
    } else {
        doc.task
    };
    lines.extend(doc.lines);
    let max = lines.len().saturating_sub(usize::from(height));
    let offset = lab.ex.lesson_scroll.map_or(target, usize::from).min(max);
    (lines, offset as u16)
}

/// How far the task pane can scroll.
pub fn task_max_scroll(app: &App) -> usize {
    let Screen::Lab(lab) = &app.screen else {
        return 0;
    };
    let a = areas(app, lab);
    let wide = app.size.0 >= WIDE;
    let inner = Rect::new(
        a.task.x,
        a.task.y + 1,
        a.task.width.saturating_sub(u16::from(wide)),
        a.task.height.saturating_sub(1),
    );
    let (lines, _) = task(app, lab, inner.width, inner.height, !wide);
    lines.len().saturating_sub(usize::from(inner.height))
}

/// One pane per session, side by side.
fn sessions(frame: &mut Frame<'_>, app: &App, lab: &LabState, area: Rect) {
    let theme = &app.theme;
    let Some(snap) = lab.snapshot() else {
        let text = match &lab.lab {
            Loading::Failed(e) => format!("✗ The lab could not open: {e}"),
            _ => format!("{} opening the lab…", app.spinner()),
        };
        let block = pane("Sessions", false, theme);
        let inner = block.inner(area);
        frame.render_widget(
            Paragraph::new(wrap_plain(&text, theme.muted(), usize::from(inner.width))).block(block),
            area,
        );
        return;
    };
    let n = snap.sessions.len().max(1) as u16;
    let column_w = area.width / n;
    for (i, view) in snap.sessions.iter().enumerate() {
        let i = i as u16;
        let x = area.x + i * column_w;
        let w = if i + 1 == n {
            area.width - i * column_w
        } else {
            column_w
        };
        let column = Rect::new(x, area.y, w, area.height);
        session_pane(frame, app, lab, snap, view, column, i > 0);
    }
}

fn session_pane(
    frame: &mut Frame<'_>,
    app: &App,
    lab: &LabState,
    snap: &LabSnapshot,
    view: &SessionView,
    area: Rect,
    rule: bool,
) {
    let theme = &app.theme;
    let active = lab.form == IsolationForm::FreePlay && view.id == lab.active;
    let yours = lab.form == IsolationForm::Fix && view.id == lab.active;
    let mut title = vec![
        Span::styled(
            format!("{}{} ", if active { "▸ " } else { "" }, view.id),
            theme.session(view.id),
        ),
        Span::styled(format!("· {} ", view.state.word()), txn_style(view, theme)),
    ];
    if yours {
        title.push(Span::styled("· yours ", theme.muted()));
    }
    if view.read_uncommitted {
        title.push(Span::styled("· reads uncommitted ", theme.muted()));
    }
    let borders = if rule {
        Borders::TOP | Borders::LEFT
    } else {
        Borders::TOP
    };
    let block = Block::default()
        .borders(borders)
        .border_style(if active {
            theme.focus_border()
        } else {
            theme.border()
        })
        .title(Line::from(title));
    let inner = block.inner(area);
    let cols = usize::from(inner.width);
    let mut lines: Vec<Line<'static>> = Vec::new();
    for (n, e) in snap.timeline.iter().enumerate() {
        if e.session != view.id {
            continue;
        }
        let number = format!("{} ", step_label(lab, snap, n, e));
        let outcome = format!(" → {}", short_outcome(&e.outcome));
        let outcome = ellipsize(&outcome, (cols * 45 / 100).max(12));
        let room = cols.saturating_sub(width(&number) + width(&outcome));
        let sql = ellipsize(&one_line(&e.sql), room);
        lines.push(Line::from(vec![
            Span::styled(number, theme.muted()),
            Span::raw(sql),
            Span::styled(outcome, outcome_style(&e.outcome, theme)),
        ]));
    }
    if lines.is_empty() {
        lines.push(Line::styled("(nothing run yet)", theme.muted()));
    }
    if !view.variables.is_empty() {
        let known: Vec<String> = view
            .variables
            .iter()
            .map(|(k, v)| format!(":{k} = {}", rows_text(&[vec![v.clone()]])))
            .collect();
        lines.push(Line::styled(
            ellipsize(&format!("knows {}", known.join(", ")), cols),
            theme.muted(),
        ));
    }
    // The latest statements stay in view.
    let keep = usize::from(inner.height);
    let skip = lines.len().saturating_sub(keep);
    frame.render_widget(Paragraph::new(lines.split_off(skip)).block(block), area);
}

fn txn_style(view: &SessionView, theme: &Theme) -> ratatui::style::Style {
    match view.state.word() {
        "write" => theme.bad(),
        "read" => theme.warn(),
        "begin" => theme.strong(),
        _ => theme.muted(),
    }
}

/// An outcome in a few words, for a session pane.
fn short_outcome(outcome: &StepOutcome) -> String {
    match outcome {
        StepOutcome::Failed { name, .. } => name.clone(),
        StepOutcome::Rejected { .. } => "did not run".into(),
        other => other.summary(),
    }
}

fn outcome_style(outcome: &StepOutcome, theme: &Theme) -> ratatui::style::Style {
    match outcome {
        StepOutcome::Failed { .. } | StepOutcome::Rejected { .. } => theme.bad(),
        _ => theme.good(),
    }
}

fn one_line(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A timeline entry's number: the lesson's step number where it is one,
/// else its place on the timeline.
fn step_label(lab: &LabState, snap: &LabSnapshot, n: usize, e: &Executed) -> String {
    match (lab.form, e.step.and_then(|at| snap.lesson_step(at))) {
        (IsolationForm::Predict, Some(step)) => format!("{}", step + 1),
        _ => format!("{}", n + 1),
    }
}

fn timeline_title(app: &App, lab: &LabState) -> String {
    let Some(snap) = lab.snapshot() else {
        return "Timeline".into();
    };
    if lab.op.is_some() {
        return format!("Timeline · {} running…", app.spinner());
    }
    let total = snap.schedule.len();
    match (snap.next, total) {
        (_, 0) => format!("Timeline · {} statements", snap.timeline.len()),
        (Some(at), _) => format!("Timeline · step {} of {total} next", at + 1),
        (None, _) => format!("Timeline · all {total} steps ran"),
    }
}

/// The timeline's lines and the scroll that keeps the latest step and the
/// next one in view.
fn timeline(app: &App, lab: &LabState, cols: u16, height: u16) -> (Vec<Line<'static>>, usize) {
    let theme = &app.theme;
    let cols = usize::from(cols.max(20));
    let Some(snap) = lab.snapshot() else {
        return (Vec::new(), 0);
    };
    let x = match app.course.find(&lab.ex.key).map(|r| r.exercise) {
        Some(Exercise::Isolation(x)) => Some(x),
        _ => None,
    };
    let mut out: Vec<Line<'static>> = Vec::new();
    let indent = "      ";
    for (n, e) in snap.timeline.iter().enumerate() {
        let label = step_label(lab, snap, n, e);
        out.extend(statement_lines(
            &label, ' ', e.session, &e.sql, theme, cols, false,
        ));
        if !e.bound.is_empty() {
            let pairs: Vec<String> = e
                .bound
                .iter()
                .map(|(k, v)| format!(":{k} = {}", rows_text(&[vec![v.clone()]])))
                .collect();
            out.push(Line::styled(
                format!("{indent}with {}", pairs.join(", ")),
                theme.muted(),
            ));
        }
        let state = e
            .states
            .iter()
            .find(|s| s.session == e.session)
            .map(|s| format!("   ({} now: {})", e.session, s.word()))
            .unwrap_or_default();
        for (i, part) in wrap(
            &[
                Span::styled(
                    format!("→ {}", e.outcome.summary()),
                    outcome_style(&e.outcome, theme),
                ),
                Span::styled(state, theme.muted()),
            ],
            cols.saturating_sub(indent.len()),
        )
        .into_iter()
        .enumerate()
        {
            let mut spans = vec![Span::raw(if i == 0 { indent } else { "        " })];
            spans.extend(part);
            out.push(Line::from(spans));
        }
        if let Some(said) = e.step.and_then(|at| lab.said.get(&at)) {
            let (mark, style) = match said.right {
                Some(true) => ("✓ right", theme.good()),
                Some(false) => ("✗ wrong", theme.bad()),
                None => ("…", theme.muted()),
            };
            out.push(Line::from(vec![
                Span::raw(indent),
                Span::styled(format!("you said: {}  ", said.text), theme.text()),
                Span::styled(mark, style),
            ]));
            if let Some(remark) = &said.remark {
                out.extend(indented(
                    wrap_plain(remark, theme.warn(), cols.saturating_sub(indent.len())),
                    indent,
                ));
            }
        }
        if lab.form == IsolationForm::Predict
            && let (Some(x), Some(step)) = (x, e.step.and_then(|at| snap.lesson_step(at)))
        {
            let note = x.steps[step].note.trim();
            if !note.is_empty() {
                out.extend(indented(
                    markdown::render(note, cols.saturating_sub(indent.len()) as u16, theme)
                        .into_iter()
                        .map(|l| l.patch_style(theme.muted()))
                        .collect(),
                    indent,
                ));
            }
        }
    }
    let focus = out.len();
    if let Some(next) = snap.next {
        for at in next..snap.schedule.len() {
            let step = &snap.schedule[at];
            let label = match (lab.form, snap.lesson_step(at)) {
                (IsolationForm::Predict, Some(s)) => format!("{}", s + 1),
                _ => format!("{}", snap.timeline.len() + at - next + 1),
            };
            let marker = if at == next { '▶' } else { ' ' };
            out.extend(statement_lines(
                &label,
                marker,
                step.session,
                &step.sql,
                theme,
                cols,
                true,
            ));
            let mut what: Vec<String> = Vec::new();
            if at == next {
                what.push(format!("next: {} runs it", step_key(lab)));
            }
            if asked(x, snap, at) {
                let said = if lab.said.contains_key(&at) {
                    "predicted"
                } else {
                    "you predict this"
                };
                what.push(said.into());
            }
            if lab.form == IsolationForm::Fix
                && matches!(snap.origins.get(at), Some(Origin::Turn { .. }))
            {
                what.push("your statement".into());
            }
            if !what.is_empty() {
                out.push(Line::styled(
                    format!("{indent}· {}", what.join(" · ")),
                    if at == next {
                        theme.warn()
                    } else {
                        theme.muted()
                    },
                ));
            }
        }
    } else if !snap.schedule.is_empty() && lab.form != IsolationForm::Predict {
        // (A predict lab's input pane says it.)
        out.push(Line::styled(
            format!(
                "The schedule is done.  {} runs the lab again.",
                key_name(Mode::PredictLab, Action::Reset)
            ),
            theme.muted(),
        ));
    } else if snap.timeline.is_empty() {
        out.extend(wrap_plain(
            &format!(
                "No schedule: type SQL in the editor and run it in the active session ({}). {} (or {} outside the editor) switches session.",
                key_name(Mode::PlayEditor, Action::Run),
                key_name(Mode::PlayEditor, Action::Session),
                key_name(Mode::PlayLab, Action::Session)
            ),
            theme.muted(),
            cols,
        ));
    }
    if let Some(p) = &snap.problem {
        out.extend(wrap_plain(&format!("ⓘ {p}"), theme.warn(), cols));
    }
    // Keep the next step (with a line of what follows) in view.
    let want = (focus + 4).min(out.len());
    let auto = want.saturating_sub(usize::from(height));
    (out, auto)
}

fn asked(x: Option<&IsolationExercise>, snap: &LabSnapshot, at: usize) -> bool {
    match (x, snap.lesson_step(at)) {
        (Some(x), Some(step)) => x.form == IsolationForm::Predict && x.steps[step].ask,
        _ => false,
    }
}

fn indented(lines: Vec<Line<'static>>, indent: &'static str) -> Vec<Line<'static>> {
    lines
        .into_iter()
        .map(|l| {
            let mut spans = vec![Span::raw(indent)];
            spans.extend(l.spans);
            Line::from(spans).style(l.style)
        })
        .collect()
}

/// `  3  A  SELECT ...`, wrapped under itself.
fn statement_lines(
    label: &str,
    marker: char,
    session: crate::engine::sessions::SessionId,
    sql: &str,
    theme: &Theme,
    cols: usize,
    upcoming: bool,
) -> Vec<Line<'static>> {
    let head = format!("{marker}{label:>3} ");
    let sql_style = if upcoming {
        theme.muted()
    } else {
        theme.text()
    };
    let room = cols.saturating_sub(7).max(10);
    let parts = wrap(&[Span::styled(one_line(sql), sql_style)], room);
    parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let mut spans = if i == 0 {
                vec![
                    Span::styled(
                        head.clone(),
                        if marker == '▶' {
                            theme.warn()
                        } else {
                            theme.muted()
                        },
                    ),
                    Span::styled(format!("{session} "), theme.session(session)),
                ]
            } else {
                vec![Span::raw("       ")]
            };
            spans.extend(part);
            Line::from(spans)
        })
        .collect()
}

/// The timeline's automatic scroll and how far it can scroll, for `update`.
pub fn timeline_scroll(app: &App) -> (usize, usize) {
    let Screen::Lab(lab) = &app.screen else {
        return (0, 0);
    };
    let a = areas(app, lab);
    let inner_h = a.timeline.height.saturating_sub(1);
    let (lines, auto) = timeline(app, lab, a.timeline.width, inner_h);
    let max = lines.len().saturating_sub(usize::from(inner_h));
    (auto.min(max), max)
}

/// The bottom pane: the prediction box, what comes next, or the editor.
fn input(frame: &mut Frame<'_>, app: &App, lab: &LabState, area: Rect) {
    let theme = &app.theme;
    let typing = lab.ex.focus == Focus::Editor;
    let snap = lab.snapshot();
    let label = match lab.form {
        IsolationForm::Predict => match (lab.asking, snap) {
            (Some(at), Some(s)) => {
                let number = s.lesson_step(at).map_or(at + 1, |st| st + 1);
                format!(
                    "Your prediction for step {number} ({}) — {} runs it",
                    s.schedule[at].session,
                    key_name(Mode::PredictInput, Action::Submit)
                )
            }
            _ => "Next".into(),
        },
        IsolationForm::Fix => {
            let who = lab.active;
            if typing {
                format!(
                    "Session {who}'s statements, turn by turn — editing ({} leaves)",
                    key_name(Mode::FixEditor, Action::LeaveEditor)
                )
            } else {
                format!(
                    "Session {who}'s statements, turn by turn ({} to edit)",
                    spoken(Mode::FixLab, Action::Edit)
                )
            }
        }
        IsolationForm::FreePlay => {
            if typing {
                format!(
                    "SQL for session {} — {} runs it there ({} leaves)",
                    lab.active,
                    key_name(Mode::PlayEditor, Action::Run),
                    key_name(Mode::PlayEditor, Action::LeaveEditor)
                )
            } else {
                format!(
                    "SQL for session {} ({} to type)",
                    lab.active,
                    spoken(Mode::PlayLab, Action::Edit)
                )
            }
        }
    };
    let block = pane(&label, typing, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if lab.form == IsolationForm::Predict && lab.asking.is_none() {
        let text = match snap {
            None => String::new(),
            Some(s) => match s.next {
                Some(at) => {
                    let number = s.lesson_step(at).map_or(at + 1, |st| st + 1);
                    let ask = if asked_here(app, lab, s, at) && !lab.said.contains_key(&at) {
                        ": you predict it first"
                    } else {
                        ""
                    };
                    format!(
                        "{}: step {number} ({}){ask}",
                        step_key(lab),
                        s.schedule[at].session
                    )
                }
                None if lab.ex.busy() => "Grading your predictions…".into(),
                None => {
                    let mode = app.mode();
                    format!(
                        "The schedule is done: {} runs the lab again, {} opens the next exercise.",
                        key_for(mode, Action::Reset).unwrap_or_default(),
                        key_for(mode, Action::Next).unwrap_or_default()
                    )
                }
            },
        };
        frame.render_widget(
            Paragraph::new(Line::styled(
                ellipsize(&text, usize::from(inner.width)),
                theme.muted(),
            )),
            inner,
        );
        return;
    }
    lab.ex.editor.render(inner, frame.buffer_mut(), theme);
}

fn asked_here(app: &App, lab: &LabState, snap: &LabSnapshot, at: usize) -> bool {
    let x = match app.course.find(&lab.ex.key).map(|r| r.exercise) {
        Some(Exercise::Isolation(x)) => Some(x),
        _ => None,
    };
    asked(x, snap, at)
}

/// The key that runs the next step, outside the editor (a prediction
/// being typed runs its step with Enter, as its pane says).
fn step_key(lab: &LabState) -> String {
    let mode = match lab.form {
        IsolationForm::Fix => Mode::FixLab,
        _ => Mode::PredictLab,
    };
    key_for(mode, Action::Step).unwrap_or_default()
}
