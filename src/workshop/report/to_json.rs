//! JSON: the summary (per exercise, per learner) and every row.

use serde_json::json;

use super::Report;

/// Renders the report as pretty-printed JSON.
pub fn render(report: &Report) -> Vec<u8> {
    let passed = report.passed();
    let value = json!({
        "title": report.title,
        "kind": report.kind,
        "source": report.source,
        "generated_by": format!("sqldojo {}", env!("CARGO_PKG_VERSION")),
        "summary": {
            "rows": report.rows.len(),
            "passed": passed,
            "failed": report.rows.len() - passed,
        },
        "exercises": report.exercises(),
        "learners": report.learners(),
        "results": report.rows,
    });
    let mut out = serde_json::to_vec_pretty(&value).expect("a report serializes");
    out.push(b'\n');
    out
}
