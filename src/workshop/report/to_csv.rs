//! CSV: a header row, then one row per submission, quoted by the `csv` crate
//! (commas, quotes and newlines in messages survive a round trip).

use super::{Report, ReportKind, Row};

/// Renders the report as CSV.
pub fn render(report: &Report) -> Result<Vec<u8>, String> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| format!("cannot write CSV: {e}");
    let columns: &[&str] = match report.kind {
        ReportKind::Grading => &[
            "file",
            "learner",
            "exercise",
            "passed",
            "verdict",
            "message",
            "details",
            "variants_checked",
            "elapsed_ms",
        ],
        ReportKind::Progress => &[
            "file",
            "learner",
            "exercise",
            "passed",
            "verdict",
            "message",
            "attempts",
            "hints_shown",
            "time_to_solve_ms",
        ],
    };
    out.write_record(columns).map_err(fail)?;
    for row in &report.rows {
        out.write_record(fields(report.kind, row).iter().map(|f| defuse(f)))
            .map_err(fail)?;
    }
    out.into_inner()
        .map_err(|e| format!("cannot write CSV: {e}"))
}

fn fields(kind: ReportKind, row: &Row) -> Vec<String> {
    let opt = |v: Option<String>| v.unwrap_or_default();
    let mut out = vec![
        row.file.clone(),
        row.learner.clone(),
        row.exercise.clone(),
        row.passed.to_string(),
        row.verdict.clone(),
        row.message.clone(),
    ];
    match kind {
        ReportKind::Grading => out.extend([
            row.details.join("\n"),
            opt(row.variants_checked.map(|v| v.to_string())),
            opt(row.elapsed_ms.map(|v| v.to_string())),
        ]),
        ReportKind::Progress => out.extend([
            opt(row.attempts.map(|v| v.to_string())),
            opt(row.hints_shown.map(|v| v.to_string())),
            opt(row.time_to_solve_ms.map(|v| v.to_string())),
        ]),
    }
    out
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `@`, or `-`
/// followed by a non-digit: file names are the learners' choice) gets a
/// leading apostrophe, as OWASP recommends against CSV injection.
fn defuse(cell: &str) -> String {
    let mut chars = cell.chars();
    let risky = match chars.next() {
        Some('=' | '+' | '@' | '\t' | '\r') => true,
        Some('-') => !chars.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    };
    if risky {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_numbers_are_not() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("-5"), "-5");
        assert_eq!(defuse("-cmd"), "'-cmd");
        assert_eq!(defuse("alice"), "alice");
    }
}
