//! How the REPL prints things: results in the chosen mode, errors pointing
//! at the learner's SQL, plans, name lists, lesson text. Pure functions
//! from data to text; [`Out`] decides where the text goes.

use std::io::Write;

use crate::engine::plan::Plan;
use crate::engine::split::line_col;
use crate::engine::{ResultSet, RunError, Value};
use crate::render::{self, Style};
use crate::sqltext::highlight::{Class, classify};

/// How result rows are printed (`.mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Boxed table with a row count (the default).
    Table,
    /// One line per row, values separated by `|`, like the sqlite3 shell.
    List,
    /// RFC 4180 CSV.
    Csv,
}

impl Mode {
    /// The names `.mode` accepts.
    pub const NAMES: &'static [&'static str] = &["table", "list", "csv"];

    /// Parses a `.mode` argument.
    pub fn parse(s: &str) -> Option<Mode> {
        match s.to_ascii_lowercase().as_str() {
            "table" | "box" | "column" => Some(Mode::Table),
            "list" => Some(Mode::List),
            "csv" => Some(Mode::Csv),
            _ => None,
        }
    }

    /// Its name.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Table => "table",
            Mode::List => "list",
            Mode::Csv => "csv",
        }
    }
}

/// Where the REPL's text goes: standard output and error, or a buffer
/// (tests read what a session printed).
#[derive(Debug, Default)]
pub struct Out {
    capture: Option<String>,
}

impl Out {
    /// Writes to the process's standard output and error.
    pub fn terminal() -> Self {
        Out::default()
    }

    /// Keeps everything in memory, both streams together.
    pub fn capture() -> Self {
        Out {
            capture: Some(String::new()),
        }
    }

    /// Prints text on standard output, ending it with a line break.
    pub fn say(&mut self, text: impl AsRef<str>) {
        let text = text.as_ref();
        let nl = if text.ends_with('\n') { "" } else { "\n" };
        match &mut self.capture {
            Some(buf) => {
                buf.push_str(text);
                buf.push_str(nl);
            }
            None => {
                let mut out = std::io::stdout().lock();
                // A closed pipe ends the process (main restores SIGPIPE).
                let _ = write!(out, "{text}{nl}").and_then(|()| out.flush());
            }
        }
    }

    /// Prints text on standard error, ending it with a line break.
    pub fn warn(&mut self, text: impl AsRef<str>) {
        let text = text.as_ref();
        let nl = if text.ends_with('\n') { "" } else { "\n" };
        match &mut self.capture {
            Some(buf) => {
                buf.push_str(text);
                buf.push_str(nl);
            }
            None => {
                let _ = std::io::stdout().flush();
                let mut err = std::io::stderr().lock();
                let _ = write!(err, "{text}{nl}");
            }
        }
    }

    /// How wide lines may be: the terminal's width, or 80 when the output
    /// is not a terminal (a pipe, a file, a test).
    pub fn columns(&self) -> usize {
        if self.capture.is_some() {
            return 80;
        }
        terminal_size::terminal_size_of(std::io::stdout())
            .map_or(80, |(terminal_size::Width(w), _)| usize::from(w))
    }

    /// What was captured so far (empty when writing to the terminal).
    pub fn take(&mut self) -> String {
        self.capture
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }
}

/// A result set in the chosen mode. The second part is a notice for
/// standard error (rows dropped by the cap), so CSV stays clean.
pub fn rows(rs: &ResultSet, mode: Mode, headers: bool, style: Style) -> (String, Option<String>) {
    let dropped = rs.truncated().then(|| {
        format!(
            "(showing the first {} of {} rows)",
            rs.rows.len(),
            rs.total_rows
        )
    });
    match mode {
        Mode::Table => (render::result(rs, style), None),
        Mode::List => {
            let mut out = String::new();
            if headers {
                out.push_str(&rs.columns.join("|"));
                out.push('\n');
            }
            for row in &rs.rows {
                let cells: Vec<String> = row.iter().map(render::cell_text).collect();
                out.push_str(&cells.join("|"));
                out.push('\n');
            }
            (out, dropped)
        }
        Mode::Csv => {
            let mut out = String::new();
            if headers {
                let cells: Vec<String> = rs.columns.iter().map(|c| csv_field(c)).collect();
                out.push_str(&cells.join(","));
                out.push_str("\r\n");
            }
            for row in &rs.rows {
                let cells: Vec<String> = row
                    .iter()
                    .map(|v| match v {
                        Value::Null => String::new(),
                        other => csv_field(&other.to_string()),
                    })
                    .collect();
                out.push_str(&cells.join(","));
                out.push_str("\r\n");
            }
            (out, dropped)
        }
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.trim() != s {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// True when a result is the output of `EXPLAIN QUERY PLAN`.
pub fn is_plan_result(rs: &ResultSet) -> bool {
    rs.columns == ["id", "parent", "notused", "detail"]
}

/// A plan drawn as a tree under a `QUERY PLAN` heading, like the sqlite3 shell.
pub fn plan(plan: &Plan, style: Style) -> String {
    let mut out = String::from("QUERY PLAN\n");
    for line in plan.tree_lines(style.unicode) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// A run time for people: `0.12 ms`, `35.1 ms`, `2.304 s`.
pub fn duration(d: std::time::Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else if ms < 1000.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{:.3} s", d.as_secs_f64())
    }
}

/// Where a learner's statement sits in what they typed, for messages.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// Everything the learner entered in one go.
    pub text: &'a str,
    /// Byte offset where the failing statement (or the unparsed rest) starts.
    pub at: usize,
    /// Input line where `text` starts, when reading a script (`None` at the prompt).
    pub first_line: Option<usize>,
}

/// An error, pointing at the learner's SQL where SQLite tells the position.
pub fn error(e: &RunError, src: Source<'_>, style: Style) -> String {
    let label = style.paint("1;31", "Error");
    let line_of = |offset: usize| src.first_line.unwrap_or(1) + line_col(src.text, offset).0 - 1;
    let (message, offset) = match e {
        RunError::Prepare {
            message,
            line: Some(l),
            column: Some(c),
        } => (
            message.clone(),
            Some(src.at + offset_of(&src.text[src.at..], *l, *c)),
        ),
        RunError::Prepare { message, .. } => (message.clone(), None),
        RunError::Cancelled => {
            return format!("{label}: cancelled (Ctrl-C); the statement was stopped\n");
        }
        other => (other.to_string(), None),
    };
    let Some(offset) = offset else {
        return match src.first_line {
            Some(_) => format!(
                "{label}: {message} (in the statement at line {})\n",
                line_of(src.at)
            ),
            None => format!("{label}: {message}\n"),
        };
    };
    let (line, column) = line_col(src.text, offset);
    let shown_line = src.first_line.unwrap_or(1) + line - 1;
    let text_line = src
        .text
        .lines()
        .nth(line - 1)
        .unwrap_or("")
        .replace('\t', " ");
    let width = token_width(&src.text[offset..]);
    let caret = style.paint("1;31", &"^".repeat(width));
    let pad = " ".repeat(column - 1);
    if src.first_line.is_none() && src.text.trim().lines().count() <= 1 {
        format!("{label}: {message} (column {column})\n  {text_line}\n  {pad}{caret}\n")
    } else {
        let gutter = shown_line.to_string();
        let blank = " ".repeat(gutter.len());
        format!(
            "{label}: {message} (line {shown_line}, column {column})\n  {gutter} | {text_line}\n  {blank} | {pad}{caret}\n"
        )
    }
}

/// Byte offset of a 1-based line and column (in characters) in a text.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[start.min(text.len())..];
    start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// Width in characters of the token at the start of `text` (at least 1).
fn token_width(text: &str) -> usize {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return 1;
    };
    let n = if matches!(first, '\'' | '"' | '`' | '[') {
        let close = if first == '[' { ']' } else { first };
        let inner = chars.take_while(|&c| c != close && c != '\n').count();
        inner + 2
    } else if first.is_alphanumeric() || first == '_' {
        1 + chars
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .count()
    } else {
        1
    };
    n.clamp(1, 60)
}

/// `text` after `lead`, its words wrapped within `width` columns, later
/// lines indented under the first word of `text`.
pub fn hanging(lead: &str, text: &str, width: usize) -> String {
    let indent = lead.chars().count();
    let lines = words_in_lines(text, width.saturating_sub(indent).max(20));
    format!("{lead}{}", lines.join(&format!("\n{}", " ".repeat(indent))))
}

/// Words laid out in lines of at most `width` characters (a longer word
/// gets a line of its own).
pub fn words_in_lines(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// Names laid out in columns across `width` characters, like `.tables`.
pub fn in_columns(names: &[String], width: usize) -> String {
    if names.is_empty() {
        return String::new();
    }
    let cell = names.iter().map(|n| n.chars().count()).max().unwrap_or(1) + 2;
    let per_row = (width / cell).max(1);
    let rows = names.len().div_ceil(per_row);
    let mut out = String::new();
    for r in 0..rows {
        let line: Vec<String> = (0..per_row)
            .filter_map(|c| names.get(c * rows + r))
            .map(|n| format!("{n:<cell$}"))
            .collect();
        out.push_str(line.concat().trim_end());
        out.push('\n');
    }
    out
}

/// SQL with ANSI colours by token class (the TUI's colours), or as is
/// without colour.
pub fn paint_sql(sql: &str, style: Style) -> String {
    if !style.color {
        return sql.to_string();
    }
    let mut out = String::with_capacity(sql.len() + 32);
    for (range, class) in classify(sql) {
        let text = &sql[range];
        match class_code(class) {
            Some(code) => out.push_str(&style.paint(code, text)),
            None => out.push_str(text),
        }
    }
    out
}

/// The ANSI code of a token class, `None` for plain text.
pub fn class_code(class: Class) -> Option<&'static str> {
    match class {
        Class::Keyword => Some("1;35"),
        Class::String => Some("32"),
        Class::Number => Some("33"),
        Class::Comment => Some("2;3"),
        Class::Identifier | Class::Operator | Class::Plain => None,
    }
}

/// Lesson Markdown as plain text for a line terminal: code fences become
/// indented blocks, `**bold**` loses its stars; the rest reads as written.
pub fn markdown(md: &str, style: Style) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for line in md.trim_end().lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            out.push_str("    ");
            out.push_str(&paint_sql(line, style));
        } else {
            let plain = line.replace("**", "");
            if let Some(heading) = plain.strip_prefix('#') {
                out.push_str(&style.paint("1", heading.trim_start_matches('#').trim()));
            } else {
                out.push_str(&plain);
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepare(message: &str, line: usize, column: usize) -> RunError {
        RunError::Prepare {
            message: message.into(),
            line: Some(line),
            column: Some(column),
        }
    }

    #[test]
    fn points_at_the_token_on_one_line() {
        let text = "SELECT name FORM users;";
        let e = prepare("near \"FORM\": syntax error", 1, 13);
        let shown = error(
            &e,
            Source {
                text,
                at: 0,
                first_line: None,
            },
            Style::plain(),
        );
        assert_eq!(
            shown,
            "Error: near \"FORM\": syntax error (column 13)\n  SELECT name FORM users;\n              ^^^^\n"
        );
    }

    #[test]
    fn points_into_the_second_statement_of_a_script() {
        let text = "SELECT 1;\nSELECT id,\n  nme FROM users;";
        // The sandbox saw only the second statement: line 2, column 3 of it.
        let e = prepare("no such column: nme", 2, 3);
        let shown = error(
            &e,
            Source {
                text,
                at: 10,
                first_line: Some(5),
            },
            Style::plain(),
        );
        assert_eq!(
            shown,
            "Error: no such column: nme (line 7, column 3)\n  7 |   nme FROM users;\n    |   ^^^\n"
        );
    }

    #[test]
    fn errors_without_position() {
        let e = RunError::Sqlite {
            message: "UNIQUE constraint failed: users.id".into(),
            code: 2067,
        };
        let src = Source {
            text: "SELECT 1;\nINSERT INTO users VALUES (1);",
            at: 10,
            first_line: Some(3),
        };
        assert_eq!(
            error(&e, src, Style::plain()),
            "Error: UNIQUE constraint failed: users.id (in the statement at line 4)\n"
        );
    }

    #[test]
    fn modes_print_nulls_distinctly() {
        let rs = ResultSet::from_rows(
            vec!["a".into(), "b".into()],
            vec![
                vec![Value::Null, Value::Text("NULL".into())],
                vec![Value::Integer(1), Value::Text("x,y".into())],
            ],
        );
        let (list, _) = rows(&rs, Mode::List, true, Style::plain());
        assert_eq!(list, "a|b\nNULL|'NULL'\n1|x,y\n");
        let (csv, _) = rows(&rs, Mode::Csv, false, Style::plain());
        assert_eq!(csv, ",NULL\r\n1,\"x,y\"\r\n");
        let (table, _) = rows(&rs, Mode::Table, true, Style::plain());
        assert!(
            table.contains("'NULL'") && table.contains("(2 rows)"),
            "{table}"
        );
    }

    #[test]
    fn dropped_rows_get_a_notice() {
        let mut rs = ResultSet::from_rows(vec!["n".into()], vec![vec![Value::Integer(1)]]);
        rs.total_rows = 5000;
        let (_, notice) = rows(&rs, Mode::List, false, Style::plain());
        assert_eq!(
            notice.as_deref(),
            Some("(showing the first 1 of 5000 rows)")
        );
        let (table, _) = rows(&rs, Mode::Table, false, Style::plain());
        assert!(table.contains("kept the first 1"), "{table}");
    }

    #[test]
    fn durations_read_at_every_scale() {
        use std::time::Duration;
        assert_eq!(duration(Duration::from_micros(123)), "0.12 ms");
        assert_eq!(duration(Duration::from_micros(35_140)), "35.1 ms");
        assert_eq!(duration(Duration::from_millis(2304)), "2.304 s");
    }

    #[test]
    fn columns_fill_down_then_across() {
        let names: Vec<String> = ["a", "b", "c", "d", "e"].map(String::from).to_vec();
        assert_eq!(in_columns(&names, 9), "a  c  e\nb  d\n");
    }

    #[test]
    fn markdown_reads_plainly() {
        let md = "An **inner join**:\n\n```sql\nSELECT 1;\n```\n";
        assert_eq!(
            markdown(md, Style::plain()),
            "An inner join:\n\n    SELECT 1;\n"
        );
    }
}
