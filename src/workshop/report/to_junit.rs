//! JUnit XML, the format CI servers and GitHub Classroom-style autograders
//! read: one `<testsuite>` per exercise, one `<testcase>` per learner;
//! wrong answers are `<failure>`s, answers that did not run are `<error>`s.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::{Report, Row};

/// Renders the report as JUnit XML.
pub fn render(report: &Report) -> Result<Vec<u8>, String> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let io = |e: std::io::Error| format!("cannot write XML: {e}");
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(io)?;
    let failures = report.rows.iter().filter(|r| is_failure(r)).count();
    let errors = report.rows.iter().filter(|r| is_error(r)).count();
    let seconds = |rows: &mut dyn Iterator<Item = &Row>| {
        let ms: u64 = rows.filter_map(|r| r.elapsed_ms).sum();
        format!("{:.3}", ms as f64 / 1000.0)
    };
    let total_time = seconds(&mut report.rows.iter());
    let tests = report.rows.len().to_string();
    let (failures, errors) = (failures.to_string(), errors.to_string());
    let title = xml_text(&report.title);
    w.create_element("testsuites")
        .with_attribute(("name", title.as_str()))
        .with_attribute(("tests", tests.as_str()))
        .with_attribute(("failures", failures.as_str()))
        .with_attribute(("errors", errors.as_str()))
        .with_attribute(("time", total_time.as_str()))
        .write_inner_content(|w| {
            for exercise in report.exercises() {
                let rows: Vec<&Row> = report
                    .rows
                    .iter()
                    .filter(|r| r.exercise == exercise.exercise)
                    .collect();
                let name = xml_text(&exercise.exercise);
                let tests = rows.len().to_string();
                let failures = rows.iter().filter(|r| is_failure(r)).count().to_string();
                let errors = rows.iter().filter(|r| is_error(r)).count().to_string();
                let time = seconds(&mut rows.iter().copied());
                w.create_element("testsuite")
                    .with_attribute(("name", name.as_str()))
                    .with_attribute(("tests", tests.as_str()))
                    .with_attribute(("failures", failures.as_str()))
                    .with_attribute(("errors", errors.as_str()))
                    .with_attribute(("time", time.as_str()))
                    .write_inner_content(|w| {
                        for row in rows {
                            testcase(w, row)?;
                        }
                        Ok(())
                    })?;
            }
            Ok(())
        })
        .map_err(io)?;
    let mut out = w.into_inner();
    out.push(b'\n');
    Ok(out)
}

fn testcase(w: &mut Writer<Vec<u8>>, row: &Row) -> std::io::Result<()> {
    let name = xml_text(&row.learner);
    let class = xml_text(&row.exercise);
    let file = xml_text(&row.file);
    let time = format!("{:.3}", row.elapsed_ms.unwrap_or(0) as f64 / 1000.0);
    let element = w
        .create_element("testcase")
        .with_attribute(("name", name.as_str()))
        .with_attribute(("classname", class.as_str()))
        .with_attribute(("file", file.as_str()))
        .with_attribute(("time", time.as_str()));
    if row.passed {
        element.write_empty()?;
        return Ok(());
    }
    let tag = if is_error(row) { "error" } else { "failure" };
    let message = xml_text(&row.message.replace(['\n', '\r'], " "));
    let verdict = xml_text(&row.verdict);
    let body = xml_text(
        &std::iter::once(row.message.as_str())
            .chain(row.details.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    element.write_inner_content(|w| {
        w.create_element(tag)
            .with_attribute(("message", message.as_str()))
            .with_attribute(("type", verdict.as_str()))
            .write_text_content(BytesText::new(&body))?;
        Ok(())
    })?;
    Ok(())
}

/// An answer that ran and was wrong (or progress not solved yet).
fn is_failure(row: &Row) -> bool {
    !row.passed && !is_error(row)
}

/// An answer that did not run: SQLite error, refusal, timeout, unreadable file.
fn is_error(row: &Row) -> bool {
    !row.passed && !matches!(row.verdict.as_str(), "wrong" | "attempted")
}

/// Text XML 1.0 can carry: control characters other than tab, newline and
/// carriage return cannot appear even escaped, so they become U+FFFD.
/// (`quick-xml` escapes `<`, `>`, `&` and quotes when writing.)
fn xml_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}
