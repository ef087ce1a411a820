//! Grading the question kinds: `choice` (option letters), `predict` (the
//! shown query is run in the sandbox and its real result compared with the
//! prediction) and `interview` (a self-rating and the key points ticked).
//!
//! Each kind has a `parse_*` function that front ends call first, so a
//! malformed answer is asked for again rather than scored.

use std::collections::BTreeSet;
use std::fmt;
use std::time::Instant;

use serde::Serialize;

use super::compare::{compare, rows_equal};
use super::expectation::run_on;
use super::verdict::{Outcome, Verdict};
use crate::dataset::Pristine;
use crate::engine::{ResultSet, Value};
use crate::lesson::kinds::{
    ChoiceQuestion, InterviewQuestion, PredictAnswer, PredictQuestion, option_letter,
};
use crate::sqltext::order::order_keys;

/// How well a learner recalled something, in the scheduler's four grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SelfRating {
    /// Could not answer, or answered wrongly.
    Again = 1,
    /// Answered, with real effort or gaps.
    Hard = 2,
    /// Answered well.
    Good = 3,
    /// Answered well without effort.
    Easy = 4,
}

impl SelfRating {
    /// All ratings, worst first.
    pub const ALL: [SelfRating; 4] = [
        SelfRating::Again,
        SelfRating::Hard,
        SelfRating::Good,
        SelfRating::Easy,
    ];

    /// The lowercase name: `again`, `hard`, `good`, `easy`.
    pub fn as_str(self) -> &'static str {
        match self {
            SelfRating::Again => "again",
            SelfRating::Hard => "hard",
            SelfRating::Good => "good",
            SelfRating::Easy => "easy",
        }
    }

    /// Reads `again`/`hard`/`good`/`easy` (or a prefix of one), or 1–4.
    pub fn parse(word: &str) -> Option<SelfRating> {
        let w = word.trim().to_lowercase();
        if w.is_empty() {
            return None;
        }
        if let Ok(n) = w.parse::<usize>() {
            return SelfRating::ALL.get(n.checked_sub(1)?).copied();
        }
        SelfRating::ALL
            .into_iter()
            .find(|r| r.as_str().starts_with(&w))
    }
}

impl fmt::Display for SelfRating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

// ---------------------------------------------------------------- choice

/// Reads option letters (`b`, `a,c`, `a c`, `AC`) into option indexes.
pub fn parse_choice(q: &ChoiceQuestion, answer: &str) -> Result<BTreeSet<usize>, String> {
    let n = q.options.len();
    let last = option_letter(n.saturating_sub(1));
    let usage = if q.multiple {
        format!("answer with the letters of every right option, e.g. `a,c` (a to {last})")
    } else {
        format!("answer with one letter, a to {last}")
    };
    let mut picked = BTreeSet::new();
    for c in answer.chars() {
        if c.is_whitespace() || c == ',' || c == ';' {
            continue;
        }
        let lower = c.to_ascii_lowercase();
        if !lower.is_ascii_lowercase() {
            return Err(format!("`{c}` is not an option letter; {usage}"));
        }
        let index = (lower as u8 - b'a') as usize;
        if index >= n {
            return Err(format!("there is no option `{lower}`; {usage}"));
        }
        picked.insert(index);
    }
    if picked.is_empty() {
        return Err(format!("no option picked; {usage}"));
    }
    if !q.multiple && picked.len() > 1 {
        return Err(format!(
            "this question has exactly one right answer; {usage}"
        ));
    }
    Ok(picked)
}

/// Credit in [0, 1] for a choice answer: 1 when exactly the right options
/// are picked; for `multiple` questions, right picks minus wrong picks over
/// the number of right options (never below 0).
pub fn choice_credit(q: &ChoiceQuestion, picked: &BTreeSet<usize>) -> f64 {
    let right: BTreeSet<usize> = (0..q.options.len())
        .filter(|&i| q.options[i].correct)
        .collect();
    if *picked == right {
        return 1.0;
    }
    if !q.multiple || right.is_empty() {
        return 0.0;
    }
    let hits = picked.intersection(&right).count() as f64;
    let misses = picked.difference(&right).count() as f64;
    ((hits - misses) / right.len() as f64).max(0.0)
}

/// Grades a choice answer.
pub fn grade_choice(q: &ChoiceQuestion, answer: &str) -> Verdict {
    let picked = match parse_choice(q, answer) {
        Ok(p) => p,
        Err(message) => return Verdict::new(Outcome::Refused, message),
    };
    let right: Vec<usize> = (0..q.options.len())
        .filter(|&i| q.options[i].correct)
        .collect();
    let letters = |set: &mut dyn Iterator<Item = usize>| {
        set.map(|i| option_letter(i).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let passed = picked.iter().copied().eq(right.iter().copied());
    let mut v = if passed {
        Verdict::new(
            Outcome::Accepted,
            format!("Right: {}.", letters(&mut right.iter().copied())),
        )
    } else {
        Verdict::new(
            Outcome::Wrong,
            format!(
                "Not quite: the answer is {} (you picked {}).",
                letters(&mut right.iter().copied()),
                letters(&mut picked.iter().copied())
            ),
        )
    };
    for (i, option) in q.options.iter().enumerate() {
        if !picked.contains(&i) && !option.correct {
            continue;
        }
        let mark = match (picked.contains(&i), option.correct) {
            (true, true) => "you picked it, and it is right",
            (true, false) => "you picked it, but it is wrong",
            (false, _) => "right, and you left it out",
        };
        let label = if option.text.trim().is_empty() {
            option.sql.as_deref().unwrap_or("").trim().to_string()
        } else {
            option.text.trim().to_string()
        };
        v.push(format!(
            "{}) {} ({mark}): {}",
            option_letter(i),
            first_line(&label),
            one_paragraph(&option.explanation)
        ));
    }
    if !passed && !q.explanation.trim().is_empty() {
        v.push(q.explanation.trim().to_string());
    }
    v
}

/// Text on one line: YAML blocks keep their line breaks, messages do not.
fn one_paragraph(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn first_line(s: &str) -> String {
    let mut lines = s.lines();
    let first = lines.next().unwrap_or("").trim().to_string();
    if lines.next().is_some() {
        format!("{first} …")
    } else {
        first
    }
}

// ---------------------------------------------------------------- predict

/// A learner's prediction of what a query returns.
#[derive(Debug, Clone, PartialEq)]
pub enum Prediction {
    /// A number of rows.
    Count(u64),
    /// Rows (a single value is one row of one column), as typed.
    Rows(Vec<Vec<Cell>>),
    /// "The query fails".
    Error,
}

/// One predicted value and how it was typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The text typed, trimmed.
    pub raw: String,
    /// What it reads as: NULL, a number, or text.
    pub value: Value,
    /// True when written in quotes (so it is text, whatever it looks like).
    pub quoted: bool,
}

impl Cell {
    /// Reads one typed value: `NULL`, a number, `'quoted text'` or bare text.
    pub fn parse(raw: &str) -> Cell {
        let raw = raw.trim().to_string();
        let quoted = raw.len() >= 2
            && ((raw.starts_with('\'') && raw.ends_with('\''))
                || (raw.starts_with('"') && raw.ends_with('"')));
        let value = if quoted {
            let q = &raw[..1];
            Value::Text(raw[1..raw.len() - 1].replace(&format!("{q}{q}"), q))
        } else if raw.eq_ignore_ascii_case("null") {
            Value::Null
        } else if let Ok(i) = raw.parse::<i64>() {
            Value::Integer(i)
        } else if let Some(r) = raw.parse::<f64>().ok().filter(|r| r.is_finite()) {
            Value::Real(r)
        } else {
            Value::Text(raw.clone())
        };
        Cell { raw, value, quoted }
    }
}

/// True when the learner answers that the query fails.
fn says_error(answer: &str) -> bool {
    let a = answer.trim().to_lowercase();
    a == "error" || a.starts_with("error:") || a.starts_with("error ") || a == "fails"
}

/// Reads a prediction in the form the question asks for: a row count, one
/// value, rows (one per line, values separated by `|`, or by `,` when no
/// line has a `|`), or `error`.
pub fn parse_prediction(q: &PredictQuestion, answer: &str) -> Result<Prediction, String> {
    let trimmed = answer.trim().trim_end_matches(';').trim();
    if says_error(trimmed) {
        return Ok(Prediction::Error);
    }
    match &q.answer {
        PredictAnswer::RowCount(_) => {
            let number = trimmed
                .split_whitespace()
                .next()
                .filter(|w| {
                    let rest = trimmed[w.len()..].trim().to_lowercase();
                    rest.is_empty() || rest == "rows" || rest == "row"
                })
                .and_then(|w| w.parse::<u64>().ok());
            number.map(Prediction::Count).ok_or_else(|| {
                "answer with the number of rows (e.g. `3`), or `error` if the query fails".into()
            })
        }
        PredictAnswer::Value(_) => {
            if trimmed.is_empty() {
                return Err("answer with one value (`42`, `NULL`, `Alice` or `'Alice'`), or `error` if the query fails".into());
            }
            if trimmed.lines().count() > 1 {
                return Err("this query returns a single value: write it on one line".into());
            }
            Ok(Prediction::Rows(vec![vec![Cell::parse(trimmed)]]))
        }
        PredictAnswer::Rows(_) | PredictAnswer::Error(_) => {
            Ok(Prediction::Rows(parse_rows(trimmed)))
        }
    }
}

/// The stated answer typed as a learner would type it: the count, the
/// value, rows as `a|b` lines, or `error`. Text that would read as something
/// else (a number, NULL, surrounding spaces, a separator) is quoted.
pub fn typed_answer(answer: &PredictAnswer) -> String {
    let cell = |v: &serde_json::Value| match Value::from_json(v) {
        Value::Text(s) => {
            let plain = Cell::parse(&s);
            let ambiguous = s.trim() != s
                || s.is_empty()
                || !matches!(plain.value, Value::Text(_))
                || plain.quoted
                || s.contains(['|', ',', '\n']);
            if ambiguous {
                format!("'{}'", s.replace('\'', "''"))
            } else {
                s
            }
        }
        other => other.to_string(),
    };
    match answer {
        PredictAnswer::RowCount(n) => n.to_string(),
        PredictAnswer::Value(v) => cell(v),
        PredictAnswer::Rows(rows) if rows.is_empty() => "none".into(),
        PredictAnswer::Rows(rows) => rows
            .iter()
            .map(|r| r.iter().map(cell).collect::<Vec<_>>().join("|"))
            .collect::<Vec<_>>()
            .join("\n"),
        PredictAnswer::Error(_) => "error".into(),
    }
}

/// Rows as typed: one per line; `none` or nothing means no rows.
fn parse_rows(text: &str) -> Vec<Vec<Cell>> {
    let lower = text.to_lowercase();
    if text.is_empty() || lower == "none" || lower == "(none)" || lower == "no rows" {
        return Vec::new();
    }
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let pipes = lines.iter().any(|l| l.contains('|'));
    lines
        .iter()
        .map(|line| {
            if pipes {
                let inner = line.strip_prefix('|').unwrap_or(line);
                let inner = inner.strip_suffix('|').unwrap_or(inner);
                split_outside_quotes(inner, '|')
                    .iter()
                    .map(|c| Cell::parse(c))
                    .collect()
            } else {
                split_outside_quotes(line, ',')
                    .iter()
                    .map(|c| Cell::parse(c))
                    .collect()
            }
        })
        .collect()
}

/// Splits on `sep` outside quotes.
fn split_outside_quotes(line: &str, sep: char) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (None, '\'' | '"') => {
                quote = Some(c);
                out.last_mut().expect("nonempty").push(c);
            }
            (Some(q), c) if c == q => {
                quote = None;
                out.last_mut().expect("nonempty").push(c);
            }
            (None, c) if c == sep => out.push(String::new()),
            _ => out.last_mut().expect("nonempty").push(c),
        }
    }
    out
}

/// The predicted rows as values, reading unquoted cells in columns where
/// SQLite returned text as that text (so `2024-03-01` or `007` match).
fn typed_rows(rows: &[Vec<Cell>], actual: &ResultSet) -> Vec<Vec<Value>> {
    let text_column = |j: usize| {
        let mut values = actual.rows.iter().filter_map(|r| r.get(j));
        let mut any = false;
        let all_text = values.all(|v| {
            any |= !v.is_null();
            matches!(v, Value::Text(_) | Value::Null)
        });
        any && all_text
    };
    rows.iter()
        .map(|row| {
            row.iter()
                .enumerate()
                .map(|(j, c)| match &c.value {
                    Value::Null => Value::Null,
                    _ if !c.quoted && text_column(j) => Value::Text(c.raw.clone()),
                    v => v.clone(),
                })
                .collect()
        })
        .collect()
}

/// Grades a prediction by running the question's query on a fresh copy of
/// its dataset and comparing with what really comes back.
pub fn grade_predict(q: &PredictQuestion, pristine: &Pristine, answer: &str) -> Verdict {
    let started = Instant::now();
    let prediction = match parse_prediction(q, answer) {
        Ok(p) => p,
        Err(message) => return Verdict::new(Outcome::Refused, message),
    };
    let actual = run_on(pristine, None, &q.sql);
    let mut v = match (&prediction, actual) {
        (Prediction::Error, Err(e)) => {
            Verdict::new(Outcome::Accepted, format!("Right: the query fails ({e})."))
        }
        (_, Err(e)) => Verdict::new(
            Outcome::Wrong,
            format!("Not quite: the query fails with an error: {e}"),
        ),
        (Prediction::Error, Ok(rs)) => {
            let mut v = Verdict::new(
                Outcome::Wrong,
                format!(
                    "Not quite: the query runs and returns {}.",
                    rows_phrase(rs.total_rows)
                ),
            );
            v.result = Some(rs);
            v
        }
        (Prediction::Count(n), Ok(rs)) => {
            let mut v = if rs.total_rows == *n {
                Verdict::new(
                    Outcome::Accepted,
                    format!("Right: it returns {}.", rows_phrase(rs.total_rows)),
                )
            } else {
                Verdict::new(
                    Outcome::Wrong,
                    format!(
                        "Not quite: it returns {}, not {n}.",
                        rows_phrase(rs.total_rows)
                    ),
                )
            };
            v.result = Some(rs);
            v
        }
        (Prediction::Rows(rows), Ok(rs)) => grade_rows(q, rows, rs),
    };
    if !v.passed && !q.explanation.trim().is_empty() {
        v.push(q.explanation.trim().to_string());
    }
    v.elapsed_ms = started.elapsed().as_millis() as u64;
    v
}

fn grade_rows(q: &PredictQuestion, rows: &[Vec<Cell>], actual: ResultSet) -> Verdict {
    let single = matches!(q.answer, PredictAnswer::Value(_));
    let typed = typed_rows(rows, &actual);
    if single {
        let got = actual.rows.first().and_then(|r| r.first());
        let ok = actual.total_rows == 1
            && got.is_some_and(|g| rows_equal(std::slice::from_ref(g), &typed[0]));
        let shown = got.map_or("no value".to_string(), literal);
        let mut v = if ok {
            Verdict::new(Outcome::Accepted, format!("Right: {shown}."))
        } else {
            Verdict::new(
                Outcome::Wrong,
                format!(
                    "Not quite: SQLite returns {shown}, you said {}.",
                    literal(&typed[0][0])
                ),
            )
        };
        v.result = Some(actual);
        return v;
    }
    let width = actual.columns.len();
    if let Some(bad) = typed.iter().position(|r| r.len() != width) {
        let mut v = Verdict::new(
            Outcome::Wrong,
            format!(
                "Not quite: the query returns {width} column(s), but your row {} has {}.",
                bad + 1,
                typed[bad].len()
            ),
        );
        v.result = Some(actual);
        return v;
    }
    let predicted = ResultSet::from_rows(actual.columns.clone(), typed);
    let keys: Option<Vec<Vec<Value>>> = order_keys(&q.sql, &actual.columns)
        .filter(|o| o.all_mapped())
        .map(|o| {
            actual
                .rows
                .iter()
                .map(|row| {
                    o.columns
                        .iter()
                        .map(|c| row[c.expect("mapped")].clone())
                        .collect()
                })
                .collect()
        });
    let mut v = match compare(&actual, keys.as_deref(), &predicted) {
        None => Verdict::new(
            Outcome::Accepted,
            format!("Right: {}.", rows_phrase(actual.total_rows)),
        ),
        Some(diff) => {
            let mut v = Verdict::new(
                Outcome::Wrong,
                format!(
                    "Not quite: SQLite returns {}; rows marked `-` are missing from your prediction, `+` are not returned.",
                    rows_phrase(actual.total_rows)
                ),
            );
            v.diff = Some(diff);
            v
        }
    };
    v.result = Some(actual);
    v
}

fn rows_phrase(n: u64) -> String {
    if n == 1 {
        "1 row".into()
    } else {
        format!("{n} rows")
    }
}

fn literal(v: &Value) -> String {
    match v {
        Value::Text(s) => format!("'{s}'"),
        other => other.to_string(),
    }
}

// ---------------------------------------------------------------- interview

/// A self-assessed interview answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterviewAnswer {
    /// How well it went.
    pub rating: SelfRating,
    /// Key points covered, as 0-based indexes.
    pub ticked: BTreeSet<usize>,
}

/// Reads `RATING [POINTS]`: a rating (`again`, `hard`, `good`, `easy` or
/// 1–4) and the numbers of the key points covered (`1,3,4`, `all`, `none`).
/// `rating:` and `points:` labels, commas, spaces and newlines are allowed.
pub fn parse_interview(q: &InterviewQuestion, answer: &str) -> Result<InterviewAnswer, String> {
    let n = q.key_points.len();
    let usage = format!(
        "answer with a self-rating (again, hard, good, easy — or 1 to 4) and the key points you covered, e.g. `good 1,3` (points 1 to {n})"
    );
    let cleaned = answer
        .to_lowercase()
        .replace("rating:", " ")
        .replace("points:", " ")
        .replace("ticked:", " ");
    let mut tokens = cleaned
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|t| !t.is_empty());
    let Some(first) = tokens.next() else {
        return Err(usage);
    };
    let rating =
        SelfRating::parse(first).ok_or_else(|| format!("`{first}` is not a rating; {usage}"))?;
    let mut ticked = BTreeSet::new();
    for token in tokens {
        match token {
            "all" => ticked.extend(0..n),
            "none" | "-" => {}
            t => match t.parse::<usize>() {
                Ok(k) if (1..=n).contains(&k) => {
                    ticked.insert(k - 1);
                }
                _ => return Err(format!("`{t}` is not a key point number; {usage}")),
            },
        }
    }
    Ok(InterviewAnswer { rating, ticked })
}

/// Grades a self-assessed interview answer: accepted at `good` or `easy`.
pub fn grade_interview(q: &InterviewQuestion, answer: &str) -> Verdict {
    let parsed = match parse_interview(q, answer) {
        Ok(a) => a,
        Err(message) => return Verdict::new(Outcome::Refused, message),
    };
    let n = q.key_points.len();
    let headline = format!(
        "Rated {}: {} of {n} key points covered.",
        parsed.rating,
        parsed.ticked.len()
    );
    let outcome = if parsed.rating >= SelfRating::Good {
        Outcome::Accepted
    } else {
        Outcome::Wrong
    };
    let mut v = Verdict::new(outcome, headline);
    let missed: Vec<String> = q
        .key_points
        .iter()
        .enumerate()
        .filter(|(i, _)| !parsed.ticked.contains(i))
        .map(|(i, p)| format!("{}. {}", i + 1, p.trim()))
        .collect();
    if !missed.is_empty() {
        v.push("Key points to work on:");
        v.push(missed.join("\n"));
    }
    if parsed.rating < SelfRating::Good {
        v.push("It goes into your review queue: `sqldojo review` brings it back.");
    }
    if let Some(practice) = &q.practice {
        v.push(format!(
            "Practise it in SQL: {practice} (`sqldojo grade --exercise {practice} --answer FILE`)."
        ));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(multiple: bool, correct: &[bool]) -> ChoiceQuestion {
        ChoiceQuestion {
            id: "q".into(),
            title: "Q".into(),
            difficulty: None,
            question: "?".into(),
            multiple,
            dataset: None,
            reference: None,
            options: correct
                .iter()
                .map(|&c| crate::lesson::kinds::ChoiceOption {
                    text: "option".into(),
                    sql: None,
                    correct: c,
                    explanation: "because".into(),
                })
                .collect(),
            explanation: "overall".into(),
        }
    }

    #[test]
    fn choice_letters_parse_in_any_spelling() {
        let q = choice(true, &[true, false, true, false]);
        let want: BTreeSet<usize> = [0, 2].into();
        for answer in ["a,c", "a c", "AC", " c, a ", "a;c"] {
            assert_eq!(parse_choice(&q, answer).unwrap(), want, "{answer}");
        }
        assert!(parse_choice(&q, "e").unwrap_err().contains("no option `e`"));
        assert!(parse_choice(&q, "").is_err());
        assert!(parse_choice(&q, "1").is_err());
        let single = choice(false, &[false, true]);
        assert!(
            parse_choice(&single, "a,b")
                .unwrap_err()
                .contains("exactly one")
        );
    }

    #[test]
    fn choice_grading_and_partial_credit() {
        let q = choice(true, &[true, false, true, false]);
        assert!(grade_choice(&q, "a,c").passed);
        let v = grade_choice(&q, "a");
        assert!(!v.passed);
        assert!(v.headline.contains("a, c"), "{}", v.headline);
        assert_eq!(choice_credit(&q, &[0].into()), 0.5);
        assert_eq!(choice_credit(&q, &[0, 1].into()), 0.0);
        assert_eq!(choice_credit(&q, &[0, 2].into()), 1.0);
        let single = choice(false, &[false, true]);
        assert_eq!(choice_credit(&single, &[0].into()), 0.0);
        assert_eq!(grade_choice(&single, "x").outcome, Outcome::Refused);
    }

    #[test]
    fn cells_read_nulls_numbers_and_quoted_text() {
        assert_eq!(Cell::parse("NULL").value, Value::Null);
        assert_eq!(Cell::parse(" 42 ").value, Value::Integer(42));
        assert_eq!(Cell::parse("2.5").value, Value::Real(2.5));
        assert_eq!(Cell::parse("'NULL'").value, Value::Text("NULL".into()));
        assert_eq!(Cell::parse("'it''s'").value, Value::Text("it's".into()));
        assert_eq!(Cell::parse("Alice").value, Value::Text("Alice".into()));
        assert_eq!(split_outside_quotes("'a, b', 3", ','), vec!["'a, b'", " 3"]);
        assert_eq!(split_outside_quotes("'a|b'|3", '|'), vec!["'a|b'", "3"]);
    }

    #[test]
    fn ratings_read_words_prefixes_and_numbers() {
        assert_eq!(SelfRating::parse("good"), Some(SelfRating::Good));
        assert_eq!(SelfRating::parse("E"), Some(SelfRating::Easy));
        assert_eq!(SelfRating::parse("1"), Some(SelfRating::Again));
        assert_eq!(SelfRating::parse("5"), None);
        assert_eq!(SelfRating::parse("0"), None);
        assert_eq!(SelfRating::parse("meh"), None);
    }

    #[test]
    fn interview_answers_parse_and_grade() {
        let q = InterviewQuestion {
            id: "i".into(),
            title: "I".into(),
            difficulty: None,
            question: "?".into(),
            model_answer: "answer".into(),
            key_points: vec!["one".into(), "two".into(), "three".into()],
            follow_up: "and?".into(),
            follow_up_answer: String::new(),
            practice: Some("joins-inner/names-and-amounts".into()),
        };
        let a = parse_interview(&q, "good 1,3").unwrap();
        assert_eq!(a.rating, SelfRating::Good);
        assert_eq!(a.ticked, [0, 2].into());
        let a = parse_interview(&q, "rating: 2\npoints: all").unwrap();
        assert_eq!((a.rating, a.ticked.len()), (SelfRating::Hard, 3));
        assert!(parse_interview(&q, "good 4").is_err());
        assert!(parse_interview(&q, "").is_err());
        let v = grade_interview(&q, "hard 2");
        assert!(!v.passed);
        assert!(
            v.messages
                .iter()
                .any(|m| m.contains("1. one") && m.contains("3. three"))
        );
        assert!(
            v.messages
                .iter()
                .any(|m| m.contains("joins-inner/names-and-amounts"))
        );
        assert!(grade_interview(&q, "easy all").passed);
    }
}
