use super::{Style, table};
use crate::grade::Verdict;
use crate::grade::compare::RowDiff;

/// A verdict as text: a marked headline, details, the diff with `-`/`+`
/// markers (so it reads without colour), the counterexample, hints.
pub fn verdict(v: &Verdict, style: Style) -> String {
    let mut out = String::new();
    let (mark, code) = match (v.passed, style.unicode) {
        (true, true) => ("✓", "1;32"),
        (true, false) => ("PASS", "1;32"),
        (false, true) => ("✗", "1;31"),
        (false, false) => ("FAIL", "1;31"),
    };
    out.push_str(&style.paint(code, &format!("{mark} {}", v.headline)));
    out.push('\n');
    let mut rest = v.messages.iter().skip(1);
    // Counterexample: the change first, then the diff on that data.
    if let Some(c) = &v.counterexample {
        if let Some(first) = rest.next() {
            out.push_str(&paragraph(first));
        }
        out.push_str(&format!("  Try it yourself:  {}\n", c.setup.trim()));
        if let Some(e) = &c.error {
            out.push_str(&format!("  On that data your query fails: {e}\n"));
        }
    }
    let diff = v
        .diff
        .as_ref()
        .or(v.counterexample.as_ref().and_then(|c| c.diff.as_ref()));
    let details: Vec<&String> = rest.collect();
    if let Some((first, more)) = details.split_first() {
        out.push_str(&paragraph(first));
        if let Some(d) = diff {
            out.push_str(&diff_table(d, style));
        }
        for m in more {
            out.push_str(&paragraph(m));
        }
    } else if let Some(d) = diff {
        out.push_str(&diff_table(d, style));
    }
    if let Some(report) = &v.plan {
        out.push_str(&super::plan_report(report, style));
    }
    out
}

fn diff_table(d: &RowDiff, style: Style) -> String {
    match d {
        RowDiff::Rows {
            columns,
            missing,
            missing_count,
            extra,
            extra_count,
            ..
        } => {
            let mut rows = Vec::new();
            let mut marks = Vec::new();
            for r in missing {
                rows.push(r.clone());
                marks.push("- missing");
            }
            for r in extra {
                rows.push(r.clone());
                marks.push("+ extra");
            }
            let mut s = indent(&table(columns, &rows, Some(&marks), style));
            let hidden = missing_count.saturating_sub(missing.len())
                + extra_count.saturating_sub(extra.len());
            if hidden > 0 {
                s.push_str(&format!("  ... and {hidden} more differing row(s)\n"));
            }
            s
        }
        RowDiff::Order {
            columns,
            expected,
            actual,
            position,
        } => indent(&table(
            columns,
            &[expected.clone(), actual.clone()],
            Some(&[
                &format!("expected at {position}"),
                &format!("yours at {position}"),
            ]),
            style,
        )),
        RowDiff::ColumnCount { .. } => String::new(),
    }
}

/// A message indented under the headline, every line of it.
fn paragraph(text: &str) -> String {
    indent(text.trim())
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("  {l}\n")).collect()
}
