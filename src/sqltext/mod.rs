//! SQL as text: parsing with sqlparser's SQLite dialect for feedback
//! (structure, top-level ORDER BY), and tokens for syntax highlighting.

pub mod highlight;
pub mod keywords;
pub mod order;
pub mod shape;

use sqlparser::ast::Statement;
use sqlparser::dialect::SQLiteDialect;
use sqlparser::parser::Parser;

/// Nesting depth sqlparser may reach before giving up (hostile input).
const RECURSION_LIMIT: usize = 64;

/// Parses SQL that holds exactly one statement; `None` when sqlparser cannot
/// (SQLite accepts a few forms sqlparser does not, so this is advisory).
pub fn parse_one(sql: &str) -> Option<Statement> {
    let dialect = SQLiteDialect {};
    let mut statements = Parser::new(&dialect)
        .with_recursion_limit(RECURSION_LIMIT)
        .try_with_sql(sql)
        .ok()?
        .parse_statements()
        .ok()?;
    (statements.len() == 1).then(|| statements.remove(0))
}
