//! The end of a drill (the drill core's report: score, time per item,
//! weakest topics, what to review) or of a review (each item and when it
//! comes back).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::exercise::{pane, scrolled};
use super::status;
use crate::drill::{Report, Status, mmss};
use crate::tui::app::{App, Screen};
use crate::tui::drill::{DrillRun, DrillState, Ending};
use crate::tui::keys::{Action, Mode, key_for};
use crate::tui::text::{ellipsize, wrap_plain};
use crate::tui::theme::Theme;

/// Draws the report.
pub fn draw(frame: &mut Frame<'_>, app: &App, d: &DrillState) {
    let (w, h) = app.size;
    let area = Rect::new(0, 0, w, h.saturating_sub(1));
    let title = match d.ending {
        Some(Ending::Review) => "Review done",
        _ => "Drill report",
    };
    let block = pane(title, true, &app.theme);
    let inner = block.inner(area);
    let lines = lines(app, d, inner.width);
    let max = lines.len().saturating_sub(usize::from(inner.height));
    let offset = d.report_scroll.min(max as u16);
    scrolled(frame, block, lines, offset, area, &app.theme);
    status::draw(frame, app);
}

/// How far the report can scroll.
pub fn max_scroll(app: &App) -> usize {
    let Screen::Drill(d) = &app.screen else {
        return 0;
    };
    let (w, h) = app.size;
    let lines = lines(app, d, w).len();
    lines.saturating_sub(usize::from(h.saturating_sub(2)))
}

/// The report's lines for a width.
pub fn lines(app: &App, d: &DrillState, width: u16) -> Vec<Line<'static>> {
    let cols = usize::from(width.max(20));
    match (&d.ending, &d.run) {
        (Some(Ending::Drill(report)), _) => drill_lines(app, report, cols),
        (_, DrillRun::Review { due, results, .. }) => review_lines(app, due, results, cols),
        _ => Vec::new(),
    }
}

fn drill_lines(app: &App, r: &Report, cols: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let mut out = Vec::new();
    let score_style = if r.percent >= 80.0 {
        theme.good()
    } else if r.percent >= 50.0 {
        theme.warn()
    } else {
        theme.bad()
    };
    out.push(Line::from(vec![
        Span::styled(
            format!("Score {:.1} of {} ({:.0}%)", r.score, r.out_of, r.percent),
            score_style,
        ),
        Span::styled(
            format!(
                "   time {} of {}{}   {} mode, seed {}",
                mmss(r.elapsed),
                mmss(r.time_limit),
                if r.time_up { ", time ran out" } else { "" },
                if r.exam { "exam" } else { "practice" },
                r.seed
            ),
            theme.muted(),
        ),
    ]));
    out.push(Line::default());
    out.push(Line::styled(
        "  #  time   budget  score  result       item".to_string(),
        theme.strong(),
    ));
    for (i, a) in r.items.iter().enumerate() {
        let (result, style) = match a.status {
            Status::Answered if a.passed => ("✓ right", theme.good()),
            Status::Answered if a.score > 0.0 => ("◐ partly", theme.warn()),
            Status::Answered => ("✗ wrong", theme.bad()),
            Status::Skipped => ("– skipped", theme.muted()),
            Status::TimeUp => ("⏱ time up", theme.bad()),
            Status::NotReached => ("· not reached", theme.muted()),
        };
        let time = if a.status == Status::NotReached {
            "  -  ".to_string()
        } else {
            mmss(a.elapsed)
        };
        let head = format!(
            "{:>3}  {time}  {}   {:>4.2}   ",
            i + 1,
            mmss(a.item.budget()),
            a.score
        );
        let item = format!(
            "{} ({}, {})",
            a.item.title,
            a.item.kind.label(),
            a.item.difficulty.as_str()
        );
        let room = cols.saturating_sub(head.chars().count() + 14);
        out.push(Line::from(vec![
            Span::raw(head),
            Span::styled(format!("{result:<13}"), style),
            Span::raw(ellipsize(&item, room)),
        ]));
        if r.exam && a.status == Status::Answered {
            out.push(Line::styled(
                ellipsize(&format!("       {}", a.headline), cols),
                theme.muted(),
            ));
        }
    }
    out.push(Line::default());
    if r.weakest_topics.is_empty() {
        out.push(Line::styled(
            "Weakest topics: none — every topic scored full marks.",
            theme.good(),
        ));
    } else {
        let topics: Vec<String> = r.weakest_topics.iter().map(ToString::to_string).collect();
        out.extend(wrap_plain(
            &format!("Weakest topics: {}.", topics.join(", ")),
            theme.warn(),
            cols,
        ));
    }
    out.push(Line::default());
    if r.to_review.is_empty() {
        out.push(Line::styled("To review: nothing.", theme.good()));
    } else {
        out.push(Line::styled("To review", theme.strong()));
        for e in &r.to_review {
            let lesson = e.key.split('/').next().unwrap_or("");
            let mut text = format!("• {} ({}): {}", e.title, e.key, e.why);
            if let Some(l) = app.course.lesson(lesson) {
                text.push_str(&format!("; see \"{}\"", l.lesson.title));
            }
            if let Some(p) = &e.practice {
                text.push_str(&format!("; practise with {p}"));
            }
            out.extend(wrap_plain(&text, theme.text(), cols));
        }
        out.extend(wrap_plain(
            &format!(
                "Items you got wrong or rated low come back in reviews ({} on the course map).",
                key_for(Mode::Map, Action::Review).unwrap_or_default()
            ),
            theme.muted(),
            cols,
        ));
    }
    out.push(Line::default());
    out.extend(wrap_plain(
        &format!(
            "Saved in your progress. The same drill again: sqldojo drill --seed {}{}.",
            r.seed,
            if r.exam { " --exam" } else { "" }
        ),
        theme.muted(),
        cols,
    ));
    out
}

fn review_lines(
    app: &App,
    due: &[String],
    results: &[crate::tui::drill::Reviewed],
    cols: usize,
) -> Vec<Line<'static>> {
    let theme: &Theme = &app.theme;
    let mut out = Vec::new();
    let left = due.len().saturating_sub(results.len());
    out.push(Line::styled(
        format!(
            "Reviewed {} of {} item{}{}.",
            results.len(),
            due.len(),
            if due.len() == 1 { "" } else { "s" },
            if left > 0 {
                format!("; {left} still due")
            } else {
                String::new()
            }
        ),
        theme.heading(),
    ));
    out.push(Line::default());
    for r in results {
        let (mark, style) = if r.passed {
            ("✓", theme.good())
        } else {
            ("✗", theme.bad())
        };
        let next = r
            .next
            .clone()
            .unwrap_or_else(|| format!("rated {}", r.rating));
        out.push(Line::from(vec![
            Span::styled(format!("{mark} "), style),
            Span::raw(ellipsize(
                &format!("{} ({})", r.title, r.key),
                cols.saturating_sub(2),
            )),
        ]));
        out.push(Line::styled(format!("    {next}"), theme.muted()));
    }
    out
}
