//! Markdown: a summary an instructor reads — totals, the pass rate of each
//! exercise, each learner, then what went wrong in each failed row.

use std::fmt::Write as _;

use super::{Report, ReportKind, percent};

/// Renders the report as Markdown.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let total = report.rows.len();
    let passed = report.passed();
    let learners = report.learners();
    let exercises = report.exercises();
    let (rows_word, passed_word) = match report.kind {
        ReportKind::Grading => ("submissions", "passed"),
        ReportKind::Progress => ("exercises attempted", "solved"),
    };
    let _ = writeln!(out, "# {}\n", cell(&report.title));
    let not_word = match report.kind {
        ReportKind::Grading => "failed",
        ReportKind::Progress => "not solved yet",
    };
    let _ = writeln!(
        out,
        "{total} {rows_word} from {} learner(s): **{passed} {passed_word}** ({}), {} {not_word}.\n",
        learners.len(),
        percent(passed as f64 / total.max(1) as f64),
        total - passed,
    );
    let _ = writeln!(
        out,
        "Source: {} — sqldojo {}\n",
        cell(&report.source),
        env!("CARGO_PKG_VERSION")
    );

    let _ = writeln!(out, "## Pass rate per exercise\n");
    let _ = writeln!(out, "| Exercise | {rows_word} | {passed_word} | Rate |");
    let _ = writeln!(out, "|---|---:|---:|---:|");
    for e in &exercises {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            cell(&e.exercise),
            e.submissions,
            e.passed,
            percent(e.pass_rate)
        );
    }

    let _ = writeln!(out, "\n## Learners\n");
    let _ = writeln!(out, "| Learner | {rows_word} | {passed_word} | Missing |");
    let _ = writeln!(out, "|---|---:|---:|---|");
    for l in &learners {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            cell(&l.learner),
            l.submissions,
            l.passed,
            if l.missing.is_empty() {
                "—".to_string()
            } else {
                cell(&l.missing.join(", "))
            }
        );
    }

    let _ = writeln!(out, "\n## Results\n");
    let extra = match report.kind {
        ReportKind::Grading => "File",
        ReportKind::Progress => "Attempts",
    };
    let _ = writeln!(out, "| Learner | Exercise | Verdict | Message | {extra} |");
    let _ = writeln!(out, "|---|---|---|---|---|");
    for r in &report.rows {
        let mark = if r.passed { "✓" } else { "✗" };
        let last = match report.kind {
            ReportKind::Grading => format!("`{}`", cell(&r.file).replace('`', "'")),
            ReportKind::Progress => r.attempts.map(|a| a.to_string()).unwrap_or_default(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {mark} {} | {} | {} |",
            cell(&r.learner),
            cell(&r.exercise),
            cell(&r.verdict),
            cell(&r.message),
            last
        );
    }

    let failed: Vec<_> = report
        .rows
        .iter()
        .filter(|r| !r.passed && !r.details.is_empty())
        .collect();
    if !failed.is_empty() {
        let _ = writeln!(out, "\n## Details\n");
        for r in failed {
            let _ = writeln!(out, "### {} — {}\n", cell(&r.learner), cell(&r.exercise));
            let _ = writeln!(out, "{}\n", cell(&r.message));
            for d in &r.details {
                let _ = writeln!(out, "- {}", cell(d));
            }
            out.push('\n');
        }
    }
    out
}

/// Text safe inside a table cell or a line: no pipes, no raw HTML, one
/// line (single newlines are soft wraps; paragraphs become `<br><br>`).
fn cell(text: &str) -> String {
    let text = text.trim().replace("\r\n", "\n");
    let paragraphs: Vec<String> = text
        .split("\n\n")
        .map(|p| {
            let mut out = String::with_capacity(p.len());
            for c in p.trim().chars() {
                match c {
                    '|' => out.push_str("\\|"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '&' => out.push_str("&amp;"),
                    c if c.is_whitespace() && out.ends_with(' ') => {}
                    c if c.is_whitespace() || c.is_control() => out.push(' '),
                    c => out.push(c),
                }
            }
            out
        })
        .collect();
    paragraphs.join("<br><br>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_stay_in_their_column() {
        assert_eq!(cell("a | b\nc <script>"), "a \\| b c &lt;script&gt;");
        assert_eq!(cell("one\nline\n\ntwo"), "one line<br><br>two");
    }
}
