//! What a database holds: tables, columns, keys and indexes, read live (so a
//! sandbox shows what the learner created).

use rusqlite::Connection;
use serde::Serialize;

/// The user-visible schema of a database.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SchemaInfo {
    /// Tables and views, by name.
    pub tables: Vec<TableInfo>,
}

/// A table or view.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TableInfo {
    /// Its name.
    pub name: String,
    /// True for a view.
    pub is_view: bool,
    /// Columns in order.
    pub columns: Vec<ColumnInfo>,
    /// Foreign keys.
    pub foreign_keys: Vec<ForeignKey>,
    /// Indexes, including those behind PRIMARY KEY and UNIQUE.
    pub indexes: Vec<IndexInfo>,
    /// The CREATE statement.
    pub sql: String,
}

/// A column.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ColumnInfo {
    /// Its name.
    pub name: String,
    /// Declared type (may be empty).
    pub decl_type: String,
    /// NOT NULL constraint.
    pub not_null: bool,
    /// Position in the primary key (1-based), 0 when not part of it.
    pub pk: u32,
    /// Default expression, if any.
    pub default: Option<String>,
}

/// A foreign key from this table to a parent.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ForeignKey {
    /// Parent table.
    pub parent: String,
    /// Child columns.
    pub from: Vec<String>,
    /// Parent columns (empty means the parent's primary key).
    pub to: Vec<String>,
    /// ON DELETE action.
    pub on_delete: String,
    /// ON UPDATE action.
    pub on_update: String,
}

/// An index.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IndexInfo {
    /// Its name (`sqlite_autoindex_...` for constraints).
    pub name: String,
    /// UNIQUE.
    pub unique: bool,
    /// `c` (CREATE INDEX), `u` (UNIQUE constraint) or `pk` (PRIMARY KEY).
    pub origin: String,
    /// Partial index (has a WHERE clause).
    pub partial: bool,
    /// Key columns in order (`<expr>` for expressions).
    pub columns: Vec<String>,
}

impl TableInfo {
    /// True when the table has a rowid alias (`INTEGER PRIMARY KEY`).
    pub fn integer_pk(&self) -> Option<&ColumnInfo> {
        let pk: Vec<_> = self.columns.iter().filter(|c| c.pk > 0).collect();
        match pk.as_slice() {
            [only] if only.decl_type.eq_ignore_ascii_case("integer") => Some(only),
            _ => None,
        }
    }

    /// Primary key columns in key order.
    pub fn primary_key(&self) -> Vec<&ColumnInfo> {
        let mut pk: Vec<_> = self.columns.iter().filter(|c| c.pk > 0).collect();
        pk.sort_by_key(|c| c.pk);
        pk
    }

    /// A column by name (case-insensitive).
    pub fn column(&self, name: &str) -> Option<&ColumnInfo> {
        self.columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }
}

impl SchemaInfo {
    /// A table by name (case-insensitive).
    pub fn table(&self, name: &str) -> Option<&TableInfo> {
        self.tables
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(name))
    }

    /// Foreign keys of other tables that point at `parent`: (child table, key).
    pub fn referencing(&self, parent: &str) -> Vec<(&TableInfo, &ForeignKey)> {
        self.tables
            .iter()
            .flat_map(|t| t.foreign_keys.iter().map(move |fk| (t, fk)))
            .filter(|(_, fk)| fk.parent.eq_ignore_ascii_case(parent))
            .collect()
    }
}

/// Reads the schema of the main database.
pub fn schema(conn: &Connection) -> rusqlite::Result<SchemaInfo> {
    let mut stmt = conn.prepare(
        "SELECT name, type = 'view', coalesce(sql, '') FROM sqlite_schema \
         WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    )?;
    let heads: Vec<(String, bool, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let mut tables = Vec::with_capacity(heads.len());
    for (name, is_view, sql) in heads {
        tables.push(TableInfo {
            columns: columns(conn, &name)?,
            foreign_keys: if is_view {
                Vec::new()
            } else {
                foreign_keys(conn, &name)?
            },
            indexes: if is_view {
                Vec::new()
            } else {
                indexes(conn, &name)?
            },
            name,
            is_view,
            sql,
        });
    }
    Ok(SchemaInfo { tables })
}

fn columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<ColumnInfo>> {
    let mut stmt =
        conn.prepare("SELECT name, type, \"notnull\", pk, dflt_value FROM pragma_table_info(?1)")?;
    stmt.query_map([table], |r| {
        Ok(ColumnInfo {
            name: r.get(0)?,
            decl_type: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            not_null: r.get(2)?,
            pk: r.get(3)?,
            default: r.get(4)?,
        })
    })?
    .collect()
}

fn foreign_keys(conn: &Connection, table: &str) -> rusqlite::Result<Vec<ForeignKey>> {
    let mut stmt = conn.prepare(
        "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?1) ORDER BY id, seq",
    )?;
    let rows: Vec<(i64, String, String, Option<String>, String, String)> = stmt
        .query_map([table], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    let mut out: Vec<(i64, ForeignKey)> = Vec::new();
    for (id, parent, from, to, on_update, on_delete) in rows {
        if out.last().map(|(i, _)| *i) != Some(id) {
            out.push((
                id,
                ForeignKey {
                    parent,
                    on_update,
                    on_delete,
                    ..ForeignKey::default()
                },
            ));
        }
        let fk = &mut out.last_mut().unwrap().1;
        fk.from.push(from);
        if let Some(to) = to {
            fk.to.push(to);
        }
    }
    Ok(out.into_iter().map(|(_, fk)| fk).collect())
}

fn indexes(conn: &Connection, table: &str) -> rusqlite::Result<Vec<IndexInfo>> {
    let mut stmt = conn.prepare(
        "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?1) ORDER BY name",
    )?;
    let heads: Vec<(String, bool, String, bool)> = stmt
        .query_map([table], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<Result<_, _>>()?;
    let mut cols =
        conn.prepare("SELECT coalesce(name, '<expr>') FROM pragma_index_info(?1) ORDER BY seqno")?;
    let mut out = Vec::new();
    for (name, unique, origin, partial) in heads {
        let columns = cols
            .query_map([&name], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        out.push(IndexInfo {
            name,
            unique,
            origin,
            partial,
            columns,
        });
    }
    Ok(out)
}
