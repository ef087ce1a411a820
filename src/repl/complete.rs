//! Tab completion as a pure function of the line: dot-commands and their
//! arguments, SQL keywords, and table and column names of the live schema.

use super::commands::{ArgKind, COMMANDS};
use super::input::is_dot_command;
use crate::engine::introspect::SchemaInfo;
use crate::sqltext::keywords::{is_keyword, keywords};

/// Names the completer offers, refreshed after every input (so tables the
/// learner creates complete too).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Names {
    /// Tables and views with their columns, in schema order.
    pub tables: Vec<(String, Vec<String>)>,
    /// Lesson ids of the course (empty until the course has loaded).
    pub lessons: Vec<String>,
    /// Exercise ids of the current lesson.
    pub exercises: Vec<String>,
    /// Dataset names of the course.
    pub datasets: Vec<String>,
}

impl Names {
    /// Takes table and column names from a schema.
    pub fn set_schema(&mut self, schema: &SchemaInfo) {
        self.tables = schema
            .tables
            .iter()
            .map(|t| {
                (
                    t.name.clone(),
                    t.columns.iter().map(|c| c.name.clone()).collect(),
                )
            })
            .collect();
    }

    fn table(&self, name: &str) -> Option<&(String, Vec<String>)> {
        self.tables
            .iter()
            .find(|(t, _)| t.eq_ignore_ascii_case(name))
    }
}

/// What to complete at the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Completion {
    /// Replace from this byte offset to the cursor with one of the words.
    Words(usize, Vec<String>),
    /// A file path (the line editor's file-name completer does it).
    Path,
}

/// Keywords after which only a table name makes sense.
const TABLE_CONTEXT: &[&str] = &["FROM", "JOIN", "INTO", "UPDATE", "TABLE"];

/// Completes the line at byte offset `pos`.
pub fn complete(line: &str, pos: usize, names: &Names) -> Completion {
    let head = &line[..pos];
    if is_dot_command(head) {
        return complete_command(head, names);
    }
    complete_sql(line, pos, names)
}

fn complete_command(head: &str, names: &Names) -> Completion {
    let lead = head.len() - head.trim_start().len();
    let body = &head[lead..];
    let Some(space) = body.find(char::is_whitespace) else {
        let mut words: Vec<String> = COMMANDS
            .iter()
            .flat_map(|c| std::iter::once(c.name).chain(c.aliases.iter().copied()))
            .map(|n| format!(".{n}"))
            .filter(|n| n.starts_with(body))
            .collect();
        words.sort();
        words.dedup();
        return Completion::Words(lead, words);
    };
    let name = &body[1..space];
    let Some(command) = super::commands::find(name) else {
        return Completion::Words(pos_of_last_word(head), Vec::new());
    };
    let start = pos_of_last_word(head);
    let prefix = &head[start..];
    let pool: Vec<String> = match command.arg {
        ArgKind::None => Vec::new(),
        ArgKind::Table => names.tables.iter().map(|(t, _)| t.clone()).collect(),
        ArgKind::Lesson => names.lessons.clone(),
        ArgKind::Exercise => names.exercises.clone(),
        ArgKind::Dataset if !prefix.contains('/') && !prefix.ends_with(".sql") => {
            names.datasets.clone()
        }
        ArgKind::Dataset | ArgKind::File => return Completion::Path,
        ArgKind::Sql => return complete_sql(head, head.len(), names),
        ArgKind::Choice(choices) => choices.iter().map(|c| c.to_string()).collect(),
    };
    let mut words: Vec<String> = pool
        .into_iter()
        .filter(|w| starts_with_ignore_case(w, prefix))
        .collect();
    words.sort();
    Completion::Words(start, words)
}

fn pos_of_last_word(head: &str) -> usize {
    head.rfind(char::is_whitespace).map_or(0, |i| i + 1)
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

fn complete_sql(line: &str, pos: usize, names: &Names) -> Completion {
    let head = &line[..pos];
    // Inside a string literal: nothing to complete.
    if head.matches('\'').count() % 2 == 1 {
        return Completion::Words(pos, Vec::new());
    }
    let start = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_name_char(c) || c == '.')
        .last()
        .map_or(pos, |(i, _)| i);
    let word = &head[start..];
    if let Some(dot) = word.rfind('.') {
        let qualifier = &word[..dot];
        let prefix = &word[dot + 1..];
        // An alias not typed yet (`SELECT u.na` before `FROM users u`):
        // offer the columns of every table.
        let mut words: Vec<String> = match resolve(qualifier, line, names) {
            Some((_, cols)) => cols.clone(),
            None => names.tables.iter().flat_map(|(_, c)| c.clone()).collect(),
        };
        words.retain(|c| starts_with_ignore_case(c, prefix));
        words.sort();
        words.dedup();
        return Completion::Words(start + dot + 1, words);
    }
    let previous = head[..start]
        .split(|c: char| !is_name_char(c))
        .rfind(|w| !w.is_empty())
        .unwrap_or("");
    let tables_only = TABLE_CONTEXT
        .iter()
        .any(|k| k.eq_ignore_ascii_case(previous));
    if word.is_empty() && !tables_only {
        return Completion::Words(pos, Vec::new());
    }
    let mut words: Vec<String> = Vec::new();
    let mut push = |w: String| {
        if starts_with_ignore_case(&w, word) && !words.contains(&w) {
            words.push(w);
        }
    };
    let mut tables: Vec<String> = names.tables.iter().map(|(t, _)| t.clone()).collect();
    tables.sort();
    tables.into_iter().for_each(&mut push);
    if !tables_only {
        let mut columns: Vec<String> = names
            .tables
            .iter()
            .flat_map(|(_, cols)| cols.iter().cloned())
            .collect();
        columns.sort();
        columns.into_iter().for_each(&mut push);
        let lower = word.chars().all(|c| !c.is_uppercase());
        for k in keywords() {
            push(if lower { k.to_lowercase() } else { k.clone() });
        }
    }
    Completion::Words(start, words)
}

/// The table a qualifier names: a table itself, or an alias given in the
/// line (`FROM users u`, `JOIN orders AS o`).
fn resolve<'n>(qualifier: &str, line: &str, names: &'n Names) -> Option<&'n (String, Vec<String>)> {
    if let Some(t) = names.table(qualifier) {
        return Some(t);
    }
    let words: Vec<&str> = line
        .split(|c: char| !is_name_char(c))
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        let Some(table) = names.table(w) else {
            continue;
        };
        let alias = match words.get(i + 1) {
            Some(a) if a.eq_ignore_ascii_case("as") => words.get(i + 2),
            Some(a) if !is_keyword(a) => Some(a),
            _ => None,
        };
        if alias.is_some_and(|a| a.eq_ignore_ascii_case(qualifier)) {
            return Some(table);
        }
    }
    None
}

fn starts_with_ignore_case(word: &str, prefix: &str) -> bool {
    word.len() >= prefix.len()
        && word.is_char_boundary(prefix.len())
        && word[..prefix.len()].eq_ignore_ascii_case(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        Names {
            tables: vec![
                (
                    "users".into(),
                    vec!["id".into(), "name".into(), "city".into()],
                ),
                (
                    "orders".into(),
                    vec!["id".into(), "user_id".into(), "amount".into()],
                ),
                ("order_items".into(), vec!["order_id".into()]),
            ],
            lessons: vec!["joins-inner".into(), "joins-outer".into()],
            exercises: vec!["paid-orders".into()],
            datasets: vec!["shop".into(), "school".into()],
        }
    }

    fn words(line: &str) -> (usize, Vec<String>) {
        match complete(line, line.len(), &names()) {
            Completion::Words(start, w) => (start, w),
            Completion::Path => panic!("path completion for {line}"),
        }
    }

    #[test]
    fn tables_after_from() {
        assert_eq!(words("SELECT * FROM us"), (14, vec!["users".to_string()]));
        assert_eq!(
            words("select * from "),
            (
                14,
                vec!["order_items".into(), "orders".into(), "users".into()]
            )
        );
    }

    #[test]
    fn keywords_follow_the_case_typed() {
        let (_, w) = words("sel");
        assert!(w.contains(&"select".to_string()), "{w:?}");
        let (_, w) = words("SEL");
        assert!(w.contains(&"SELECT".to_string()), "{w:?}");
    }

    #[test]
    fn columns_of_a_table_or_alias() {
        assert_eq!(
            words("SELECT x.i"),
            (9, vec!["id".into()]),
            "an alias not typed yet: every table's columns"
        );
        let line = "SELECT u.na FROM users u";
        assert_eq!(
            complete(line, 11, &names()),
            Completion::Words(9, vec!["name".into()])
        );
        assert_eq!(
            words("SELECT o.amount FROM orders AS o WHERE o.us"),
            (41, vec!["user_id".into()])
        );
        assert_eq!(words("SELECT users.ci"), (13, vec!["city".into()]));
    }

    #[test]
    fn dot_commands_and_their_arguments() {
        let (start, w) = words(".sch");
        assert_eq!((start, w), (0, vec![".schema".to_string()]));
        assert_eq!(words(".lesson joins-i"), (8, vec!["joins-inner".into()]));
        assert_eq!(
            words(".schema ord"),
            (8, vec!["order_items".into(), "orders".into()])
        );
        assert_eq!(
            words(".dataset s"),
            (9, vec!["school".into(), "shop".into()])
        );
        assert_eq!(complete(".read ./q", 9, &names()), Completion::Path);
    }

    #[test]
    fn nothing_inside_strings_or_on_empty_words() {
        assert_eq!(words("SELECT 'us"), (10, vec![]));
        assert_eq!(words("SELECT "), (7, vec![]));
    }
}
