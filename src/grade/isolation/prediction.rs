//! What a step does, as a lesson states it or a learner predicts it, and
//! whether SQLite's real outcome agrees.
//!
//! A prediction is one line: `10`, `1, 10; 2, 20`, `(1, 10), (2, 20)`,
//! `no rows`, `ok`, `ok, 0 rows changed`, `busy_snapshot`, `error 517`,
//! `error` (any failure). Text values may be quoted: `'Alice'`.

use crate::engine::Value;
use crate::engine::sessions::{StepOutcome, code_label, known_names, parse_code, rows_text};
use crate::grade::compare::rows_equal;
use crate::lesson::kinds::IsolationStep;

/// A stated or predicted outcome of one step.
#[derive(Debug, Clone, PartialEq)]
pub enum Prediction {
    /// It returns these rows (any order).
    Rows(Vec<Vec<Value>>),
    /// It succeeds without returning rows, changing this many rows if said.
    Done {
        /// Rows changed, when the prediction says.
        changes: Option<u64>,
    },
    /// It fails, with this extended code if said.
    Error {
        /// The extended result code, when the prediction names it.
        code: Option<i32>,
    },
}

impl Prediction {
    /// What a lesson step states.
    pub fn of_step(step: &IsolationStep) -> Result<Prediction, String> {
        match (&step.rows, &step.error, step.changes) {
            (Some(_), Some(_), _) => Err("a step states either `rows` or `error`, not both".into()),
            (Some(_), _, Some(_)) => Err(
                "`changes` is for statements that return no rows; this step states `rows`".into(),
            ),
            (_, Some(_), Some(_)) => Err("a failing step changes nothing: drop `changes`".into()),
            (Some(rows), None, None) => Ok(Prediction::Rows(
                rows.iter()
                    .map(|r| r.iter().map(Value::from_json).collect())
                    .collect(),
            )),
            (None, Some(e), None) => match e.code() {
                Some(code) => Ok(Prediction::Error { code: Some(code) }),
                None => Err(format!(
                    "unknown error name; use a code number or one of: {}",
                    known_names().join(", ")
                )),
            },
            (None, None, changes) => Ok(Prediction::Done { changes }),
        }
    }

    /// Reads one prediction line.
    pub fn parse(text: &str) -> Result<Prediction, String> {
        let t = text.trim().trim_end_matches(';').trim_end();
        let lower = t.to_ascii_lowercase();
        if t.is_empty() {
            return Err("the prediction is empty".into());
        }
        if ["no rows", "empty", "nothing", "none", "0 rows"].contains(&lower.as_str()) {
            return Ok(Prediction::Rows(Vec::new()));
        }
        if ["error", "fails", "fail", "it fails"].contains(&lower.as_str()) {
            return Ok(Prediction::Error { code: None });
        }
        if let Some(rest) = lower.strip_prefix("error") {
            return error_code(rest)
                .map(|code| Prediction::Error { code: Some(code) })
                .ok_or_else(|| unknown_error(rest));
        }
        if lower.starts_with("sqlite_")
            || (lower.parse::<f64>().is_err() && parse_code(&lower).is_some())
        {
            return error_code(&lower)
                .map(|code| Prediction::Error { code: Some(code) })
                .ok_or_else(|| unknown_error(&lower));
        }
        let quoted = t.starts_with(['\'', '"', '(']);
        if !quoted
            && (lower == "ok"
                || lower.starts_with("ok,")
                || lower.starts_with("ok ")
                || lower.contains("changed"))
        {
            let changes = lower
                .split(|c: char| !c.is_ascii_digit())
                .find(|w| !w.is_empty())
                .and_then(|w| w.parse().ok());
            return Ok(Prediction::Done { changes });
        }
        parse_rows(t).map(Prediction::Rows)
    }

    /// True when SQLite's outcome is what this says (a count or code that is
    /// not said is not checked).
    pub fn matches(&self, outcome: &StepOutcome) -> bool {
        match (self, outcome) {
            (Prediction::Rows(said), StepOutcome::Rows { rows, .. }) => same_bag(said, rows),
            (Prediction::Done { changes }, StepOutcome::Done { changes: real }) => {
                changes.is_none_or(|c| c == *real)
            }
            (Prediction::Error { code }, StepOutcome::Failed { code: real, .. }) => {
                code.is_none_or(|c| c == *real)
            }
            _ => false,
        }
    }

    /// True when two predictions say the same thing.
    pub fn same_as(&self, other: &Prediction) -> bool {
        match (self, other) {
            (Prediction::Rows(a), Prediction::Rows(b)) => same_bag(a, b),
            _ => self == other,
        }
    }

    /// The prediction in the words a learner would type.
    pub fn describe(&self) -> String {
        match self {
            Prediction::Rows(rows) => rows_text(rows),
            Prediction::Done { changes: None } => "ok".into(),
            Prediction::Done { changes: Some(1) } => "ok, 1 row changed".into(),
            Prediction::Done { changes: Some(n) } => format!("ok, {n} rows changed"),
            Prediction::Error { code: None } => "error".into(),
            Prediction::Error { code: Some(c) } => code_label(*c),
        }
    }
}

/// A typed prediction without its trailing `;` and a leading `4:` or
/// `step 4:` (the form of an answer file), which a prompt does not need.
pub fn bare(said: &str) -> &str {
    let said = said.trim().trim_end_matches(';').trim_end();
    let rest = match said.get(..4) {
        Some(word) if word.eq_ignore_ascii_case("step") => said[4..].trim_start(),
        _ => said,
    };
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    match rest[digits..].trim_start().strip_prefix(':') {
        Some(after) if digits > 0 => after.trim(),
        _ => said,
    }
}

/// The prediction that describes an outcome exactly, when it has one.
pub fn of_outcome(outcome: &StepOutcome) -> Option<Prediction> {
    match outcome {
        StepOutcome::Rows { rows, .. } => Some(Prediction::Rows(rows.clone())),
        StepOutcome::Done { changes } => Some(Prediction::Done {
            changes: Some(*changes),
        }),
        StepOutcome::Failed { code, .. } => Some(Prediction::Error { code: Some(*code) }),
        StepOutcome::Rejected { .. } => None,
    }
}

fn unknown_error(rest: &str) -> String {
    format!(
        "`{}` is not an error code SQLite has; write a number (`error 517`) or one of: {}",
        rest.trim(),
        known_names().join(", ")
    )
}

/// The code in `517`, `busy_snapshot`, `SQLITE_BUSY_SNAPSHOT (517): ...`.
fn error_code(text: &str) -> Option<i32> {
    let t = text.trim().trim_start_matches(':').trim();
    if let (Some(open), Some(close)) = (t.find('('), t.find(')'))
        && open < close
        && let Ok(n) = t[open + 1..close].trim().parse::<i32>()
    {
        return Some(n);
    }
    let word = t.split([' ', ':', ',']).next().unwrap_or("");
    parse_code(word)
}

fn same_bag(a: &[Vec<Value>], b: &[Vec<Value>]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut used = vec![false; b.len()];
    a.iter().all(
        |row| match (0..b.len()).find(|&j| !used[j] && rows_equal(row, &b[j])) {
            Some(j) => {
                used[j] = true;
                true
            }
            None => false,
        },
    )
}

#[derive(Debug, PartialEq)]
enum Token {
    Open,
    Close,
    Comma,
    Semi,
    Word(String),
    Quoted(String),
}

fn tokens(text: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            '(' | ')' | ',' | ';' => {
                chars.next();
                out.push(match c {
                    '(' => Token::Open,
                    ')' => Token::Close,
                    ',' => Token::Comma,
                    _ => Token::Semi,
                });
            }
            '\'' | '"' => {
                chars.next();
                let mut s = String::new();
                loop {
                    match chars.next() {
                        Some(q) if q == c => {
                            if chars.peek() == Some(&c) {
                                chars.next();
                                s.push(c);
                            } else {
                                break;
                            }
                        }
                        Some(other) => s.push(other),
                        None => return Err(format!("a quote ({c}) is not closed")),
                    }
                }
                out.push(Token::Quoted(s));
            }
            c if c.is_whitespace() => {
                chars.next();
            }
            _ => {
                let mut s = String::new();
                while let Some(&c) = chars.peek() {
                    if "(),;'\"".contains(c) {
                        break;
                    }
                    s.push(c);
                    chars.next();
                }
                out.push(Token::Word(s.trim().to_string()));
            }
        }
    }
    Ok(out)
}

fn word_value(w: &str) -> Value {
    if w.eq_ignore_ascii_case("null") {
        Value::Null
    } else if let Ok(i) = w.parse::<i64>() {
        Value::Integer(i)
    } else if let Ok(r) = w.parse::<f64>() {
        Value::Real(r)
    } else {
        Value::Text(w.to_string())
    }
}

/// Rows as `1, 10; 2, 20` or `(1, 10), (2, 20)`.
fn parse_rows(text: &str) -> Result<Vec<Vec<Value>>, String> {
    let toks = tokens(text)?;
    let parenthesized = toks.first() == Some(&Token::Open);
    let mut rows = Vec::new();
    let mut row: Vec<Value> = Vec::new();
    let mut depth = 0;
    let mut expect_value = true;
    let mut dangling = false;
    for tok in toks {
        dangling = matches!(tok, Token::Comma | Token::Semi) && !parenthesized;
        match tok {
            Token::Word(w) | Token::Quoted(w) if !expect_value => {
                return Err(format!("a comma is missing before `{w}`"));
            }
            Token::Word(w) => {
                row.push(word_value(&w));
                expect_value = false;
            }
            Token::Quoted(s) => {
                row.push(Value::Text(s));
                expect_value = false;
            }
            Token::Open if parenthesized && depth == 0 && row.is_empty() => depth = 1,
            Token::Close if parenthesized && depth == 1 && !expect_value => {
                depth = 0;
                rows.push(std::mem::take(&mut row));
                expect_value = true;
            }
            Token::Comma if parenthesized && depth == 0 => {}
            Token::Semi if parenthesized && depth == 0 => {}
            Token::Comma if !expect_value => expect_value = true,
            Token::Semi if !parenthesized && !expect_value => {
                rows.push(std::mem::take(&mut row));
                expect_value = true;
            }
            _ => {
                return Err(
                    "cannot read these rows: write values separated by commas and rows by `;` (`1, 10; 2, 20`), or rows in parentheses (`(1, 10), (2, 20)`)".into(),
                );
            }
        }
    }
    if depth != 0 {
        return Err("a parenthesis is not closed".into());
    }
    if dangling {
        return Err("a value is missing after the last comma or `;`".into());
    }
    if !row.is_empty() {
        if parenthesized {
            return Err("a row is missing its parentheses".into());
        }
        rows.push(row);
    }
    if rows.iter().any(|r| r.len() != rows[0].len()) {
        return Err("the rows have different numbers of values".into());
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_number_before_a_prediction_is_dropped() {
        assert_eq!(bare("4: ok, 1 row changed;"), "ok, 1 row changed");
        assert_eq!(bare("Step 5: 1"), "1");
        assert_eq!(bare("step 5 : 1"), "1");
        assert_eq!(bare(" 1, 10; 2, 20; "), "1, 10; 2, 20");
        assert_eq!(bare("10"), "10");
        assert_eq!(bare("stepped"), "stepped");
    }

    fn rows(text: &str) -> Vec<Vec<Value>> {
        match Prediction::parse(text).unwrap() {
            Prediction::Rows(r) => r,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn reads_rows_in_both_spellings() {
        let both = vec![
            vec![Value::Integer(1), Value::Integer(10)],
            vec![Value::Integer(2), Value::Integer(20)],
        ];
        assert_eq!(rows("1, 10; 2, 20"), both);
        assert_eq!(rows("(1, 10), (2, 20)"), both);
        assert_eq!(rows("10"), vec![vec![Value::Integer(10)]]);
        assert_eq!(
            rows("'Alice, Jr', null; Bob, 1.5"),
            vec![
                vec![Value::Text("Alice, Jr".into()), Value::Null],
                vec![Value::Text("Bob".into()), Value::Real(1.5)]
            ]
        );
        assert_eq!(rows("no rows"), Vec::<Vec<Value>>::new());
        assert_eq!(rows("New York"), vec![vec![Value::Text("New York".into())]]);
        assert!(Prediction::parse("1, 10,").is_err());
        assert!(Prediction::parse("(1, )").is_err());
        assert!(Prediction::parse("1, 10; 2").is_err());
        assert!(Prediction::parse("(1, 10").is_err());
    }

    #[test]
    fn reads_success_and_errors() {
        assert_eq!(
            Prediction::parse("ok").unwrap(),
            Prediction::Done { changes: None }
        );
        assert_eq!(
            Prediction::parse("ok, 0 rows changed").unwrap(),
            Prediction::Done { changes: Some(0) }
        );
        for text in [
            "busy_snapshot",
            "SQLITE_BUSY_SNAPSHOT",
            "error 517",
            "SQLITE_BUSY_SNAPSHOT (517): database is locked",
        ] {
            assert_eq!(
                Prediction::parse(text).unwrap(),
                Prediction::Error { code: Some(517) },
                "{text}"
            );
        }
        assert_eq!(
            Prediction::parse("error").unwrap(),
            Prediction::Error { code: None }
        );
        assert!(Prediction::parse("error 'busy-ish'").is_err());
    }

    #[test]
    fn matches_outcomes_at_the_stated_precision() {
        let done = StepOutcome::Done { changes: 0 };
        assert!(Prediction::parse("ok").unwrap().matches(&done));
        assert!(Prediction::parse("0 rows changed").unwrap().matches(&done));
        assert!(
            !Prediction::parse("ok, 1 row changed")
                .unwrap()
                .matches(&done)
        );
        let busy = StepOutcome::Failed {
            code: 517,
            name: code_label(517),
            message: "database is locked".into(),
        };
        assert!(Prediction::parse("error").unwrap().matches(&busy));
        assert!(!Prediction::parse("busy").unwrap().matches(&busy));
        let two = StepOutcome::Rows {
            columns: vec!["id".into(), "value".into()],
            rows: vec![
                vec![Value::Integer(2), Value::Integer(20)],
                vec![Value::Integer(1), Value::Integer(10)],
            ],
            total_rows: 2,
        };
        assert!(Prediction::parse("1, 10; 2, 20").unwrap().matches(&two));
        assert!(!Prediction::parse("1, 10").unwrap().matches(&two));
    }
}
