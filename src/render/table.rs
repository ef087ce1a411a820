use comfy_table::presets::{ASCII_FULL_CONDENSED, UTF8_FULL_CONDENSED};
use comfy_table::{Attribute, Cell, ContentArrangement, Table};

use super::Style;
use crate::engine::{ResultSet, Value};

/// The text of a cell: NULL is `NULL`, and a string that could be mistaken
/// for NULL or for nothing (`'NULL'`, `''`, surrounding spaces) is quoted.
pub fn cell_text(v: &Value) -> String {
    match v {
        Value::Text(s) if s.eq_ignore_ascii_case("null") || s.is_empty() || s.trim() != s => {
            format!("'{s}'")
        }
        other => other.to_string(),
    }
}

/// A result as a table, with marker column when `markers` is given (one per row).
pub fn table(
    columns: &[String],
    rows: &[Vec<Value>],
    markers: Option<&[&str]>,
    style: Style,
) -> String {
    let mut t = Table::new();
    t.load_style(if style.unicode {
        UTF8_FULL_CONDENSED
    } else {
        ASCII_FULL_CONDENSED
    });
    t.set_content_arrangement(ContentArrangement::Disabled);
    if style.color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    let mut header: Vec<Cell> = Vec::new();
    if markers.is_some() {
        header.push(Cell::new(""));
    }
    header.extend(
        columns
            .iter()
            .map(|c| Cell::new(c).add_attribute(Attribute::Bold)),
    );
    t.set_header(header);
    for (i, row) in rows.iter().enumerate() {
        let mut cells: Vec<Cell> = Vec::new();
        if let Some(m) = markers {
            cells.push(Cell::new(m.get(i).copied().unwrap_or("")));
        }
        for v in row {
            let text = cell_text(v);
            let cell = Cell::new(text);
            cells.push(if v.is_null() {
                cell.add_attribute(Attribute::Dim)
                    .add_attribute(Attribute::Italic)
            } else {
                cell
            });
        }
        t.add_row(cells);
    }
    t.to_string()
}

/// A result set with its row count and a notice when rows were dropped.
pub fn result(result: &ResultSet, style: Style) -> String {
    if result.columns.is_empty() {
        return format!("({} row(s) changed)", result.changes);
    }
    let mut out = table(&result.columns, &result.rows, None, style);
    out.push('\n');
    let n = result.total_rows;
    out.push_str(&format!("({n} row{})", if n == 1 { "" } else { "s" }));
    if result.truncated() {
        out.push_str(&format!(", kept the first {}", result.rows.len()));
    }
    out
}
