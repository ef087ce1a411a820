//! Dataset variants derived from the visible data, respecting its declared
//! constraints: a row copied under a fresh key, a nullable value set to NULL,
//! a row nothing references deleted, a foreign key re-pointed, a tie made,
//! and the physical scan order reversed. An answer right only by
//! coincidence on the visible data goes wrong on one of them.

use std::collections::BTreeSet;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::engine::Value;
use crate::engine::introspect::{SchemaInfo, TableInfo};

/// Most variants derived for one exercise.
pub const MAX_VARIANTS: usize = 48;

/// Rows of one table tried as copies under a fresh key.
const COPY_CANDIDATES: usize = 6;

/// A change to a fresh copy of the dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    /// Stable id, e.g. `copy:users:3`.
    pub id: String,
    /// The change in words a learner understands.
    pub description: String,
    /// Trusted SQL that makes the change (empty for the reverse scan).
    pub setup: String,
    /// Scan tables in reverse (`PRAGMA reverse_unordered_selects`).
    pub reverse_scan: bool,
}

impl Variant {
    /// For a copied row, `copy:TABLE`: the copies of one table are
    /// alternatives, of which the informative ones are kept.
    pub fn copy_family(&self) -> Option<&str> {
        self.id
            .strip_prefix("copy:")
            .and_then(|rest| rest.rsplit_once(':'))
            .map(|(table, _)| table)
    }

    /// Applies the variant to a fresh, not yet sandboxed connection.
    pub fn apply(&self, conn: &Connection) -> rusqlite::Result<()> {
        conn.execute_batch("PRAGMA foreign_keys = ON")?;
        if self.reverse_scan {
            conn.execute_batch("PRAGMA reverse_unordered_selects = ON")?;
        }
        if !self.setup.is_empty() {
            conn.execute_batch(&self.setup)?;
        }
        Ok(())
    }

    /// The variant that only reverses scan order.
    pub fn reverse() -> Self {
        Variant {
            id: "reverse-scan".into(),
            description: "the same data, with rows read in the opposite physical order \
                          (a query that relies on the order rows happen to be stored in changes its answer)"
                .into(),
            setup: String::new(),
            reverse_scan: true,
        }
    }
}

/// What the reference touches: tables and (table, column) reads.
#[derive(Debug, Clone, Default)]
pub struct Touched {
    /// Tables the reference reads.
    pub tables: BTreeSet<String>,
    /// Columns the reference reads.
    pub columns: BTreeSet<(String, String)>,
}

struct Row {
    rowid: i64,
    values: Vec<Value>,
}

/// Derives up to `max` variants for the tables the reference touches, most
/// telling first ([`MAX_VARIANTS`] for query exercises).
pub fn derive(
    conn: &Connection,
    schema: &SchemaInfo,
    touched: &Touched,
    max: usize,
) -> Vec<Variant> {
    let tables: Vec<&TableInfo> = schema
        .tables
        .iter()
        .filter(|t| !t.is_view && touched.tables.contains(&t.name.to_lowercase()))
        .collect();
    let reads = |t: &TableInfo, c: &str| {
        touched
            .columns
            .contains(&(t.name.to_lowercase(), c.to_lowercase()))
    };
    let mut rounds: Vec<Vec<Variant>> = vec![vec![Variant::reverse()]];
    let mut first = Vec::new();
    let mut second = Vec::new();
    let mut third = Vec::new();
    for table in &tables {
        let Some(rows) = rows_of(conn, table) else {
            continue;
        };
        if rows.is_empty() {
            continue;
        }
        let last = rows.len() - 1;
        if let Some(v) = copy_row(conn, table, &rows[0]) {
            first.push(v);
        }
        for column in &table.columns {
            if !column.not_null && column.pk == 0 && reads(table, &column.name) {
                let mut nulls = null_values(table, &rows, &column.name).into_iter();
                first.extend(nulls.next());
                second.extend(nulls.next());
                third.extend(nulls);
            }
        }
        let deletable = unreferenced(conn, schema, table);
        if let Some(&r) = deletable.first() {
            second.push(delete_row(table, &rows, r));
        }
        for (index, fk) in table.foreign_keys.iter().enumerate() {
            if fk.from.len() == 1 && reads(table, &fk.from[0]) {
                if let Some(v) = repoint(conn, schema, table, index, &rows[0]) {
                    second.push(v);
                }
                if last > 0 {
                    if let Some(v) = repoint(conn, schema, table, index, &rows[last]) {
                        third.push(v);
                    }
                }
            }
        }
        for column in &table.columns {
            let key = column.pk > 0
                || table
                    .foreign_keys
                    .iter()
                    .any(|fk| fk.from.contains(&column.name));
            if !key && reads(table, &column.name) {
                if let Some(v) = make_tie(conn, table, &rows, &column.name) {
                    second.push(v);
                }
            }
        }
        // More copies, spread over the table: which row's copy matters
        // (repeats a result row, ties a ranked one) depends on the query;
        // the expectation keeps the copies that change the reference's answer.
        for pick in spread(rows.len(), COPY_CANDIDATES).into_iter().skip(1) {
            if let Some(v) = copy_row(conn, table, &rows[pick]) {
                third.push(v);
            }
        }
        if let Some(&r) = deletable.last().filter(|&&r| Some(&r) != deletable.first()) {
            third.push(delete_row(table, &rows, r));
        }
    }
    rounds.extend([first, second, third]);
    let mut out: Vec<Variant> = Vec::new();
    for v in rounds.into_iter().flatten() {
        if out.len() >= max {
            break;
        }
        if !out
            .iter()
            .any(|o| o.setup == v.setup && o.reverse_scan == v.reverse_scan)
        {
            out.push(v);
        }
    }
    out
}

/// Up to `n` indexes spread evenly over `0..len`, first and last included.
fn spread(len: usize, n: usize) -> Vec<usize> {
    if len <= n {
        return (0..len).collect();
    }
    let mut out: Vec<usize> = (0..n).map(|i| i * (len - 1) / (n - 1)).collect();
    out.dedup();
    out
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn rows_of(conn: &Connection, table: &TableInfo) -> Option<Vec<Row>> {
    let cols: Vec<String> = table.columns.iter().map(|c| quote_ident(&c.name)).collect();
    let sql = format!(
        "SELECT rowid, {} FROM {} ORDER BY rowid",
        cols.join(", "),
        quote_ident(&table.name)
    );
    let mut stmt = conn.prepare(&sql).ok()?; // WITHOUT ROWID tables have no rowid: skipped.
    let width = table.columns.len();
    let rows = stmt
        .query_map([], |r| {
            Ok(Row {
                rowid: r.get(0)?,
                values: (1..=width)
                    .map(|i| r.get_ref(i).map(Value::from_ref))
                    .collect::<Result<_, _>>()?,
            })
        })
        .ok()?
        .collect::<Result<Vec<_>, _>>()
        .ok()?;
    Some(rows)
}

/// `users id=3 ('Carol')`: the key, and the first text column for a name.
fn label(table: &TableInfo, row: &Row) -> String {
    let key: Vec<String> = table
        .primary_key()
        .iter()
        .filter_map(|c| {
            let i = table.columns.iter().position(|x| x.name == c.name)?;
            Some(format!("{}={}", c.name, row.values[i].to_sql_literal()))
        })
        .collect();
    let key = if key.is_empty() {
        format!("rowid={}", row.rowid)
    } else {
        key.join(", ")
    };
    let name = table
        .columns
        .iter()
        .zip(&row.values)
        .find(|(c, v)| c.pk == 0 && matches!(v, Value::Text(_)))
        .map(|(_, v)| format!(" ({})", v.to_sql_literal()))
        .unwrap_or_default();
    format!("{} row {key}{name}", table.name)
}

fn render_row(table: &TableInfo, values: &[Value]) -> String {
    let parts: Vec<String> = table
        .columns
        .iter()
        .zip(values)
        .map(|(c, v)| format!("{}={}", c.name, v.to_sql_literal()))
        .collect();
    format!("({})", parts.join(", "))
}

fn scalar(conn: &Connection, sql: &str) -> Option<Value> {
    conn.query_row(sql, [], |r| r.get_ref(0).map(Value::from_ref))
        .ok()
}

/// A copy of a row under fresh key values: a parent without children, a
/// duplicate of every non-key value, ties on every sort column.
fn copy_row(conn: &Connection, table: &TableInfo, row: &Row) -> Option<Variant> {
    let unique_sets: Vec<Vec<String>> = table
        .indexes
        .iter()
        .filter(|i| i.unique && !i.partial)
        .map(|i| i.columns.clone())
        .collect();
    let fk_cols: BTreeSet<&str> = table
        .foreign_keys
        .iter()
        .flat_map(|fk| fk.from.iter().map(String::as_str))
        .collect();
    let mut values = row.values.clone();
    let mut fresh_cols = BTreeSet::new();
    let pk: Vec<String> = table.primary_key().iter().map(|c| c.name.clone()).collect();
    for set in unique_sets
        .iter()
        .chain(std::iter::once(&pk))
        .filter(|s| !s.is_empty())
    {
        // Change one non-foreign-key column of each unique set.
        let column = set.iter().find(|c| !fk_cols.contains(c.as_str()))?;
        fresh_cols.insert(column.clone());
    }
    for (i, column) in table.columns.iter().enumerate() {
        if !fresh_cols.contains(&column.name) {
            continue;
        }
        let q = quote_ident(&column.name);
        values[i] = match &values[i] {
            Value::Integer(_) | Value::Null if column.decl_type.to_uppercase().contains("INT") => {
                scalar(
                    conn,
                    &format!(
                        "SELECT coalesce(max({q}), 0) + 1 FROM {}",
                        quote_ident(&table.name)
                    ),
                )?
            }
            // A date stays a date: the day after the column's latest, so
            // date functions and calendar logic still apply to the copy.
            Value::Text(s) if is_iso_date(s) => scalar(
                conn,
                &format!(
                    "SELECT date(max({q}), '+1 day') FROM {}",
                    quote_ident(&table.name)
                ),
            )
            .filter(|v| !v.is_null())?,
            Value::Text(s) => Value::Text(format!("{s} (2)")),
            Value::Integer(n) => Value::Integer(n + 1_000_000),
            _ => return None,
        };
    }
    let cols: Vec<String> = table.columns.iter().map(|c| quote_ident(&c.name)).collect();
    let lits: Vec<String> = values.iter().map(Value::to_sql_literal).collect();
    Some(Variant {
        id: format!("copy:{}:{}", table.name, row.rowid),
        description: format!(
            "a new {} copying {} under a fresh key: {}",
            singular(&table.name),
            label(table, row),
            render_row(table, &values)
        ),
        setup: format!(
            "INSERT INTO {} ({}) VALUES ({});",
            quote_ident(&table.name),
            cols.join(", "),
            lits.join(", ")
        ),
        reverse_scan: false,
    })
}

/// True for `YYYY-MM-DD` text, the way SQLite stores dates.
fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

fn singular(table: &str) -> String {
    format!("row in {table}")
}

/// NULL in one row (the first, middle and last rows that have a value), and
/// NULL in every row: a NULL must meet whatever filter the query applies.
fn null_values(table: &TableInfo, rows: &[Row], column: &str) -> Vec<Variant> {
    let Some(i) = table.columns.iter().position(|c| c.name == column) else {
        return Vec::new();
    };
    let valued: Vec<&Row> = rows.iter().filter(|r| !r.values[i].is_null()).collect();
    if valued.is_empty() {
        return Vec::new();
    }
    let mut picks = vec![0, valued.len() / 2, valued.len() - 1];
    picks.dedup();
    let mut out: Vec<Variant> = picks
        .into_iter()
        .map(|p| null_in_row(table, valued[p], i))
        .collect();
    if valued.len() > 1 {
        out.push(Variant {
            id: format!("null-all:{}:{}", table.name, column),
            description: format!("{}.{column} set to NULL in every row", table.name),
            setup: format!(
                "UPDATE {} SET {} = NULL;",
                quote_ident(&table.name),
                quote_ident(column)
            ),
            reverse_scan: false,
        });
    }
    out
}

fn null_in_row(table: &TableInfo, row: &Row, i: usize) -> Variant {
    let column = &table.columns[i].name;
    Variant {
        id: format!("null:{}:{}:{}", table.name, column, row.rowid),
        description: format!(
            "{}: {} set to NULL (was {})",
            label(table, row),
            column,
            row.values[i].to_sql_literal()
        ),
        setup: format!(
            "UPDATE {} SET {} = NULL WHERE rowid = {};",
            quote_ident(&table.name),
            quote_ident(column),
            row.rowid
        ),
        reverse_scan: false,
    }
}

/// Rowids of rows no foreign key points at.
fn unreferenced(conn: &Connection, schema: &SchemaInfo, table: &TableInfo) -> Vec<i64> {
    let mut conds = Vec::new();
    for (child, fk) in schema.referencing(&table.name) {
        let to: Vec<String> = if fk.to.is_empty() {
            table.primary_key().iter().map(|c| c.name.clone()).collect()
        } else {
            fk.to.clone()
        };
        if to.len() != fk.from.len() || to.is_empty() {
            return Vec::new();
        }
        // NOT IN over the child's non-NULL keys: SQLite builds the list once.
        // (A correlated NOT EXISTS would scan the child once per parent row
        // when the child's key has no index: quadratic on generated data.)
        let keys = |alias: &str, cols: &[String]| -> String {
            let list: Vec<String> = cols
                .iter()
                .map(|c| format!("{alias}.{}", quote_ident(c)))
                .collect();
            if list.len() == 1 {
                list[0].clone()
            } else {
                format!("({})", list.join(", "))
            }
        };
        let not_null: Vec<String> = fk
            .from
            .iter()
            .map(|f| format!("c.{} IS NOT NULL", quote_ident(f)))
            .collect();
        conds.push(format!(
            "{} NOT IN (SELECT {} FROM {} AS c WHERE {})",
            keys("p", &to),
            fk.from
                .iter()
                .map(|f| format!("c.{}", quote_ident(f)))
                .collect::<Vec<_>>()
                .join(", "),
            quote_ident(&child.name),
            not_null.join(" AND ")
        ));
    }
    let filter = if conds.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conds.join(" AND "))
    };
    let sql = format!(
        "SELECT p.rowid FROM {} AS p{filter} ORDER BY p.rowid",
        quote_ident(&table.name)
    );
    conn.prepare(&sql)
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .unwrap_or_default()
}

fn delete_row(table: &TableInfo, rows: &[Row], rowid: i64) -> Variant {
    let row = rows.iter().find(|r| r.rowid == rowid).expect("row exists");
    Variant {
        id: format!("delete:{}:{}", table.name, rowid),
        description: format!(
            "{} deleted {}",
            label(table, row),
            render_row(table, &row.values)
        ),
        setup: format!(
            "DELETE FROM {} WHERE rowid = {rowid};",
            quote_ident(&table.name)
        ),
        reverse_scan: false,
    }
}

/// Points one row's foreign key at another existing parent, preferring a
/// parent that has no children yet.
fn repoint(
    conn: &Connection,
    schema: &SchemaInfo,
    table: &TableInfo,
    fk_index: usize,
    row: &Row,
) -> Option<Variant> {
    let fk = &table.foreign_keys[fk_index];
    let from = &fk.from[0];
    let i = table.columns.iter().position(|c| &c.name == from)?;
    let current = &row.values[i];
    if current.is_null() {
        return None;
    }
    let parent = schema.table(&fk.parent)?;
    let to = match fk.to.first() {
        Some(t) => t.clone(),
        None => parent.primary_key().first()?.name.clone(),
    };
    // A parent without children first (NOT IN builds one list of the child
    // keys: linear, where a correlated EXISTS per parent is quadratic on
    // unindexed tables), else any other parent.
    let childless = format!(
        "SELECT p.{to} FROM {parent} AS p WHERE p.{to} IS NOT {cur} \
         AND p.{to} NOT IN (SELECT c.{from} FROM {child} AS c WHERE c.{from} IS NOT NULL) \
         ORDER BY p.{to} LIMIT 1",
        to = quote_ident(&to),
        parent = quote_ident(&parent.name),
        cur = current.to_sql_literal(),
        child = quote_ident(&table.name),
        from = quote_ident(from),
    );
    let any = format!(
        "SELECT p.{to} FROM {parent} AS p WHERE p.{to} IS NOT {cur} ORDER BY p.{to} LIMIT 1",
        to = quote_ident(&to),
        parent = quote_ident(&parent.name),
        cur = current.to_sql_literal(),
    );
    let new = scalar(conn, &childless).or_else(|| scalar(conn, &any))?;
    Some(Variant {
        id: format!("repoint:{}:{}:{}", table.name, from, row.rowid),
        description: format!(
            "{}: {} changed from {} to {} (another existing {})",
            label(table, row),
            from,
            current.to_sql_literal(),
            new.to_sql_literal(),
            parent.name
        ),
        setup: format!(
            "UPDATE {} SET {} = {} WHERE rowid = {};",
            quote_ident(&table.name),
            quote_ident(from),
            new.to_sql_literal(),
            row.rowid
        ),
        reverse_scan: false,
    })
}

/// Gives the row with the second-highest value the highest value: a tie at the top.
fn make_tie(conn: &Connection, table: &TableInfo, rows: &[Row], column: &str) -> Option<Variant> {
    let q = quote_ident(column);
    let t = quote_ident(&table.name);
    let top = scalar(conn, &format!("SELECT max({q}) FROM {t}"))?;
    if !matches!(top, Value::Integer(_) | Value::Real(_)) {
        return None;
    }
    let sql = format!(
        "SELECT rowid FROM {t} WHERE {q} < {top} ORDER BY {q} DESC, rowid LIMIT 1",
        top = top.to_sql_literal()
    );
    let rowid: i64 = conn.query_row(&sql, [], |r| r.get(0)).ok()?;
    let row = rows.iter().find(|r| r.rowid == rowid)?;
    let i = table.columns.iter().position(|c| c.name == column)?;
    Some(Variant {
        id: format!("tie:{}:{}:{}", table.name, column, rowid),
        description: format!(
            "{}: {column} changed from {} to {}, tying the highest value",
            label(table, row),
            row.values[i].to_sql_literal(),
            top.to_sql_literal()
        ),
        setup: format!(
            "UPDATE {t} SET {q} = {} WHERE rowid = {rowid};",
            top.to_sql_literal()
        ),
        reverse_scan: false,
    })
}
