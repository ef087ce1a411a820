//! Result tables as lines: aligned columns, NULL set apart from the string
//! 'NULL', optional marker column (diffs), scrolling in both directions.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::engine::{ResultSet, Value};
use crate::render::cell_text;
use crate::tui::text::{ellipsize, width};
use crate::tui::theme::Theme;

/// Widest a column gets before its cells are cut with `…`.
pub const MAX_COLUMN: usize = 40;

/// A marker in front of a row, with the style it is drawn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// A row expected but missing: `−`.
    Missing,
    /// A row that should not be there: `+`.
    Extra,
    /// The expected row at a position: `=`.
    Expected,
    /// The learner's row at that position: `≠`.
    Yours,
}

impl Marker {
    fn symbol(self) -> &'static str {
        match self {
            Marker::Missing => "− ",
            Marker::Extra => "+ ",
            Marker::Expected => "= ",
            Marker::Yours => "≠ ",
        }
    }

    fn style(self, theme: &Theme) -> Style {
        match self {
            Marker::Missing | Marker::Yours => theme.bad(),
            Marker::Extra => theme.warn(),
            Marker::Expected => theme.good(),
        }
    }
}

/// What to draw.
#[derive(Debug, Clone, Copy)]
pub struct Table<'a> {
    /// Column names.
    pub columns: &'a [String],
    /// Rows.
    pub rows: &'a [Vec<Value>],
    /// One marker per row, when the table is a diff.
    pub markers: Option<&'a [Marker]>,
    /// First row shown.
    pub first_row: usize,
    /// First column shown.
    pub first_column: usize,
    /// Most rows to draw.
    pub max_rows: usize,
}

impl<'a> Table<'a> {
    /// A whole result, unscrolled.
    pub fn of_result(result: &'a ResultSet) -> Self {
        Table {
            columns: &result.columns,
            rows: &result.rows,
            markers: None,
            first_row: 0,
            first_column: 0,
            max_rows: usize::MAX,
        }
    }
}

fn is_number(v: &Value) -> bool {
    matches!(v, Value::Integer(_) | Value::Real(_))
}

/// The table as lines: a header, a rule, then rows. Lines may be wider
/// than `width`; the pane clips them.
pub fn lines(t: &Table<'_>, theme: &Theme) -> Vec<Line<'static>> {
    let cols: Vec<usize> = (t.first_column..t.columns.len()).collect();
    let widths: Vec<usize> = cols
        .iter()
        .map(|&c| {
            let cells = t
                .rows
                .iter()
                .map(|r| r.get(c).map_or(0, |v| width(&cell_text(v))));
            cells
                .chain(std::iter::once(width(&t.columns[c])))
                .max()
                .unwrap_or(0)
                .min(MAX_COLUMN)
        })
        .collect();
    let border = theme.muted();
    let lead = if t.markers.is_some() { "    " } else { "  " };
    let mut out = Vec::new();
    let mut header = vec![Span::raw(lead)];
    for (i, (&c, &w)) in cols.iter().zip(&widths).enumerate() {
        if i > 0 {
            header.push(Span::styled(" │ ", border));
        }
        let name = ellipsize(&t.columns[c], w);
        let pad = w - width(&name);
        header.push(Span::styled(name, theme.strong()));
        header.push(Span::raw(" ".repeat(pad)));
    }
    out.push(Line::from(header));
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    out.push(Line::styled(format!("{lead}{}", rule.join("─┼─")), border));
    let shown = t.rows.iter().enumerate().skip(t.first_row).take(t.max_rows);
    for (r, row) in shown {
        let mut spans = Vec::new();
        match t.markers.and_then(|m| m.get(r)) {
            Some(m) => {
                spans.push(Span::raw("  "));
                spans.push(Span::styled(m.symbol(), m.style(theme)));
            }
            None => spans.push(Span::raw(lead)),
        }
        for (i, (&c, &w)) in cols.iter().zip(&widths).enumerate() {
            if i > 0 {
                spans.push(Span::styled(" │ ", border));
            }
            let value = row.get(c).unwrap_or(&Value::Null);
            let text = ellipsize(&cell_text(value), w);
            let pad = " ".repeat(w - width(&text));
            let style = match (value, t.markers.and_then(|m| m.get(r))) {
                (Value::Null, _) => theme.null(),
                (_, Some(m)) => m
                    .style(theme)
                    .remove_modifier(ratatui::style::Modifier::BOLD),
                _ => theme.text(),
            };
            if is_number(value) {
                spans.push(Span::raw(pad));
                spans.push(Span::styled(text, style));
            } else {
                spans.push(Span::styled(text, style));
                spans.push(Span::raw(pad));
            }
        }
        out.push(Line::from(spans));
    }
    out
}

/// "6 rows", or "1,000,000 rows — kept the first 1,000".
pub fn count_line(result: &ResultSet) -> String {
    if result.columns.is_empty() {
        return format!(
            "  {} row{} changed",
            thousands(result.changes),
            if result.changes == 1 { "" } else { "s" }
        );
    }
    let n = result.total_rows;
    let mut s = format!("  {} row{}", thousands(n), if n == 1 { "" } else { "s" });
    if result.truncated() {
        s.push_str(&format!(
            " — kept the first {}",
            thousands(result.rows.len() as u64)
        ));
    }
    s
}

/// 1234567 as "1,234,567".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line<'_>]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn null_and_the_string_null_look_different() {
        let columns = vec!["a".to_string()];
        let rows = vec![vec![Value::Null], vec![Value::Text("NULL".into())]];
        let t = Table {
            columns: &columns,
            rows: &rows,
            markers: None,
            first_row: 0,
            first_column: 0,
            max_rows: 10,
        };
        let theme = Theme::new(false);
        let out = lines(&t, &theme);
        assert_eq!(
            text(&out),
            vec!["  a     ", "  ──────", "  NULL  ", "  'NULL'"]
        );
        assert_eq!(out[2].spans[1].style, theme.null());
        assert_ne!(out[3].spans[1].style, theme.null());
    }

    #[test]
    fn numbers_align_right_and_markers_lead() {
        let columns = vec!["name".to_string(), "n".to_string()];
        let rows = vec![
            vec![Value::Text("Al".into()), Value::Integer(5)],
            vec![Value::Text("Bea".into()), Value::Integer(120)],
        ];
        let markers = [Marker::Missing, Marker::Extra];
        let t = Table {
            columns: &columns,
            rows: &rows,
            markers: Some(&markers),
            first_row: 0,
            first_column: 0,
            max_rows: 10,
        };
        let out = text(&lines(&t, &Theme::new(false)));
        assert_eq!(out[2], "  − Al   │   5");
        assert_eq!(out[3], "  + Bea  │ 120");
    }

    #[test]
    fn scrolls_columns_and_rows() {
        let columns = vec!["a".to_string(), "b".to_string()];
        let rows: Vec<Vec<Value>> = (0..5)
            .map(|i| vec![Value::Integer(i), Value::Integer(i * 10)])
            .collect();
        let t = Table {
            columns: &columns,
            rows: &rows,
            markers: None,
            first_row: 3,
            first_column: 1,
            max_rows: 10,
        };
        let out = text(&lines(&t, &Theme::new(false)));
        assert_eq!(out, vec!["  b ", "  ──", "  30", "  40"]);
    }

    #[test]
    fn counts_read_well() {
        let mut r = ResultSet::from_rows(vec!["x".into()], vec![vec![Value::Integer(1)]]);
        assert_eq!(count_line(&r), "  1 row");
        r.total_rows = 1_000_000;
        assert_eq!(count_line(&r), "  1,000,000 rows — kept the first 1");
    }
}
