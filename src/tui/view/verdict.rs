//! The verdict panel: pass, or what differs — missing and extra rows marked
//! with symbols as well as colours, the counterexample that decided, the
//! targeted message and clause hints.

use ratatui::text::{Line, Span};

use super::table::{self, Marker, Table};
use crate::engine::Value;
use crate::grade::compare::RowDiff;
use crate::grade::plan::rules::{counter_label, thousands};
use crate::grade::{PlanReport, Verdict};
use crate::tui::app::{App, ExerciseState, Judgement};
use crate::tui::keys::{Action, Mode, key_name};
use crate::tui::markdown;
use crate::tui::text::{sql_lines, wrap, wrap_plain};
use crate::tui::theme::Theme;

/// The verdict panel's lines for a width (empty without a verdict).
pub fn lines(app: &App, ex: &ExerciseState, width: u16) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let cols = usize::from(width.saturating_sub(1).max(10));
    match &ex.judgement {
        None => Vec::new(),
        Some(Judgement::Unavailable(failure)) => {
            wrap_plain(&format!("ⓘ {failure}"), theme.warn(), cols)
        }
        Some(Judgement::Verdict(v)) => verdict_lines(app, ex, v, theme, cols),
        Some(Judgement::Recorded) => wrap_plain(
            "Answer recorded. In an exam, how it went waits for the report at the end.",
            theme.muted(),
            cols,
        ),
    }
}

/// A verdict's lines for a width.
pub fn verdict_lines(
    app: &App,
    ex: &ExerciseState,
    v: &Verdict,
    theme: &Theme,
    cols: usize,
) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if v.passed {
        out.extend(wrap_plain(&format!("✓ {}", v.headline), theme.good(), cols));
        if v.variants_checked > 0 {
            out.extend(wrap_plain(
                &format!(
                    "Checked on the lesson's data and on {} changed copies of it.",
                    v.variants_checked
                ),
                theme.muted(),
                cols,
            ));
        }
        if let Some(report) = &v.plan {
            out.extend(plan_lines(report, theme, cols));
        }
        if let Some(r) = app.course.find(&ex.key)
            && !r.exercise.explanation().trim().is_empty()
        {
            out.push(Line::default());
            out.extend(markdown::render(
                r.exercise.explanation(),
                cols as u16,
                theme,
            ));
        }
        return out;
    }
    out.extend(wrap_plain(&format!("✗ {}", v.headline), theme.bad(), cols));
    let mut details = v.messages.iter().skip(1);
    if let Some(c) = &v.counterexample {
        if let Some(change) = details.next() {
            out.extend(wrap_plain(change, theme.text(), cols));
        }
        out.push(Line::styled("Try it yourself on that data:", theme.muted()));
        for line in sql_lines(c.setup.trim(), theme) {
            for part in wrap(&line.spans, cols.saturating_sub(2)) {
                let mut spans = vec![Span::raw("  ")];
                spans.extend(part);
                out.push(Line::from(spans));
            }
        }
        if let Some(e) = &c.error {
            out.extend(wrap_plain(
                &format!("There your query fails: {e}"),
                theme.bad(),
                cols,
            ));
        }
    }
    // The lesson's targeted message says most: right after the headline.
    if let Some(known) = &v.known_mistake {
        out.extend(markdown::render(known, cols as u16, theme));
    }
    let diff = v
        .diff
        .as_ref()
        .or(v.counterexample.as_ref().and_then(|c| c.diff.as_ref()));
    let details: Vec<&String> = details
        .filter(|m| v.known_mistake.as_deref() != Some(m.trim()))
        .collect();
    let (first, more) = match details.split_first() {
        Some((first, more)) => (Some(*first), more.to_vec()),
        None => (None, Vec::new()),
    };
    if let Some(first) = first {
        out.extend(markdown::render(first, cols as u16, theme));
    }
    if let Some(d) = diff {
        out.extend(diff_lines(d, theme));
    }
    for m in more {
        out.extend(markdown::render(m, cols as u16, theme));
    }
    if let Some(report) = &v.plan {
        out.extend(plan_lines(report, theme, cols));
    }
    if let Some(e) = &v.error
        && v.messages.len() <= 1
        && !matches!(e, crate::engine::RunError::Cancelled)
    {
        out.extend(wrap_plain(
            &format!(
                "Fix the SQL and run it again ({}).",
                key_name(Mode::Editor, Action::Run)
            ),
            theme.muted(),
            cols,
        ));
    }
    out
}

/// A plan exercise's report: the plan as a tree (the shared renderer), the
/// cost next to the reference's, and each rule and limit with a mark.
fn plan_lines(r: &PlanReport, theme: &Theme, cols: usize) -> Vec<Line<'static>> {
    let mut out = vec![
        Line::default(),
        Line::styled("Plan of your query:", theme.muted()),
    ];
    for line in r.plan.tree_lines(true) {
        out.extend(wrap_plain(&format!("  {line}"), theme.text(), cols));
    }
    let c = &r.cost.counters;
    let n = thousands;
    out.extend(wrap_plain(
        &format!(
            "Cost: {} VM steps, {} full-scan steps, {} sorts, {} automatic-index rows; the reference: {} VM steps",
            n(c.vm_steps),
            n(c.fullscan_steps),
            c.sort,
            n(c.autoindex),
            n(r.reference.counters.vm_steps)
        ),
        theme.muted(),
        cols,
    ));
    for rule in &r.rules {
        let (mark, style) = if rule.passed {
            ("✓", theme.good())
        } else {
            ("✗", theme.bad())
        };
        out.extend(wrap_plain(&format!("{mark} {}", rule.rule), style, cols));
    }
    for b in &r.budget {
        let (mark, style) = if b.passed {
            ("✓", theme.good())
        } else {
            ("✗", theme.bad())
        };
        out.extend(wrap_plain(
            &format!(
                "{mark} {} ≤ {}× the reference ({} of {})",
                counter_label(&b.counter),
                b.ratio,
                n(b.yours),
                n(b.allowed)
            ),
            style,
            cols,
        ));
    }
    out
}

/// A diff as a marked table with a legend.
fn diff_lines(d: &RowDiff, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    match d {
        RowDiff::Rows {
            columns,
            missing,
            missing_count,
            extra,
            extra_count,
            ..
        } => {
            let mut rows: Vec<Vec<Value>> = Vec::new();
            let mut marks = Vec::new();
            for r in missing {
                rows.push(r.clone());
                marks.push(Marker::Missing);
            }
            for r in extra {
                rows.push(r.clone());
                marks.push(Marker::Extra);
            }
            let mut legend = vec![Span::raw("  ")];
            if !missing.is_empty() {
                legend.push(Span::styled("− ", theme.bad()));
                legend.push(Span::styled(
                    "missing: expected, not in yours   ",
                    theme.muted(),
                ));
            }
            if !extra.is_empty() {
                legend.push(Span::styled("+ ", theme.warn()));
                legend.push(Span::styled("extra: in yours, not expected", theme.muted()));
            }
            out.push(Line::from(legend));
            out.extend(table::lines(
                &Table {
                    columns,
                    rows: &rows,
                    markers: Some(&marks),
                    first_row: 0,
                    first_column: 0,
                    max_rows: usize::MAX,
                },
                theme,
            ));
            let hidden = missing_count.saturating_sub(missing.len())
                + extra_count.saturating_sub(extra.len());
            if hidden > 0 {
                out.push(Line::styled(
                    format!("  … and {hidden} more differing row(s)"),
                    theme.muted(),
                ));
            }
        }
        RowDiff::Order {
            columns,
            expected,
            actual,
            ..
        } => {
            let rows = vec![expected.clone(), actual.clone()];
            let marks = [Marker::Expected, Marker::Yours];
            out.push(Line::from(vec![
                Span::styled("  = ", theme.good()),
                Span::styled("expected at that position   ", theme.muted()),
                Span::styled("≠ ", theme.bad()),
                Span::styled("yours", theme.muted()),
            ]));
            out.extend(table::lines(
                &Table {
                    columns,
                    rows: &rows,
                    markers: Some(&marks),
                    first_row: 0,
                    first_column: 0,
                    max_rows: 2,
                },
                theme,
            ));
        }
        RowDiff::ColumnCount { .. } => {}
    }
    out
}
