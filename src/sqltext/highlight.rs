//! Token classes for syntax highlighting, from sqlparser's tokenizer, shared
//! by the TUI editor and the REPL so both colour SQL the same way.

use std::ops::Range;

use sqlparser::dialect::SQLiteDialect;
use sqlparser::tokenizer::{Token, Tokenizer, Whitespace};

/// What a piece of SQL text is, for colouring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A reserved word: SELECT, JOIN, NULL, ...
    Keyword,
    /// A name: table, column, alias, function.
    Identifier,
    /// A string literal.
    String,
    /// A number literal.
    Number,
    /// A comment.
    Comment,
    /// Operators and punctuation.
    Operator,
    /// Spaces, newlines, and text the tokenizer could not classify.
    Plain,
}

/// Classifies a text into byte ranges covering it entirely. Text the
/// tokenizer rejects (an unterminated string while typing) ends as `Plain`.
pub fn classify(sql: &str) -> Vec<(Range<usize>, Class)> {
    let dialect = SQLiteDialect {};
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(sql.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let to_offset = |line: u64, column: u64| -> usize {
        let start = line_starts
            .get(line.saturating_sub(1) as usize)
            .copied()
            .unwrap_or(sql.len());
        let rest = &sql[start..];
        rest.char_indices()
            .nth(column.saturating_sub(1) as usize)
            .map_or(sql.len(), |(i, _)| start + i)
    };
    let mut out = Vec::new();
    let mut covered = 0;
    let tokens = Tokenizer::new(&dialect, sql).tokenize_with_location();
    let Ok(tokens) = tokens else {
        return vec![(0..sql.len(), Class::Plain)];
    };
    let starts: Vec<usize> = tokens
        .iter()
        .map(|t| to_offset(t.span.start.line, t.span.start.column))
        .collect();
    for (i, tok) in tokens.iter().enumerate() {
        let start = starts[i].max(covered);
        let end = starts.get(i + 1).copied().unwrap_or(sql.len()).max(start);
        if start > covered {
            out.push((covered..start, Class::Plain));
        }
        out.push((start..end, class_of(&tok.token)));
        covered = end;
    }
    if covered < sql.len() {
        out.push((covered..sql.len(), Class::Plain));
    }
    out
}

fn class_of(token: &Token) -> Class {
    match token {
        Token::Word(w) if w.quote_style.is_none() && super::keywords::is_keyword(&w.value) => {
            Class::Keyword
        }
        Token::Word(_) => Class::Identifier,
        Token::Number(..) => Class::Number,
        Token::SingleQuotedString(_)
        | Token::DoubleQuotedString(_)
        | Token::NationalStringLiteral(_)
        | Token::HexStringLiteral(_) => Class::String,
        Token::Whitespace(
            Whitespace::SingleLineComment { .. } | Whitespace::MultiLineComment(_),
        ) => Class::Comment,
        Token::Whitespace(_) => Class::Plain,
        _ => Class::Operator,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_cover_the_text() {
        let sql = "SELECT name, 'x' -- c\nFROM t WHERE n > 2";
        let spans = classify(sql);
        let joined: String = spans.iter().map(|(r, _)| &sql[r.clone()]).collect();
        assert_eq!(joined, sql);
        let class_at = |needle: &str| {
            let at = sql.find(needle).unwrap();
            spans.iter().find(|(r, _)| r.contains(&at)).unwrap().1
        };
        assert_eq!(class_at("SELECT"), Class::Keyword);
        assert_eq!(class_at("name"), Class::Identifier);
        assert_eq!(class_at("'x'"), Class::String);
        assert_eq!(class_at("-- c"), Class::Comment);
        assert_eq!(class_at("2"), Class::Number);
    }

    #[test]
    fn unterminated_string_is_plain_not_a_panic() {
        let spans = classify("SELECT 'abc");
        assert_eq!(spans.last().unwrap().0.end, 11);
    }
}
