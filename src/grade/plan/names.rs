//! Which table a plan step reads. SQLite prints the alias a query gives a
//! table (`SCAN p`), the table name otherwise, and the index it uses; rules
//! name tables, and learners pick their own aliases and index names.

use std::collections::{BTreeSet, HashMap};
use std::ops::ControlFlow;

use rusqlite::Connection;
use sqlparser::ast::{ObjectNamePart, TableFactor, Visit, Visitor};

use crate::engine::introspect;
use crate::engine::plan::{Access, Plan, Step, Using};
use crate::sqltext::parse_one;

/// Names known after the learner's setup: tables, indexes, the query's aliases.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// Indexes the submission created, as normalized definitions.
    pub created: BTreeSet<String>,
    tables: BTreeSet<String>,
    index_table: HashMap<String, String>,
    index_columns: HashMap<String, Vec<String>>,
    partial: BTreeSet<String>,
    aliases: HashMap<String, BTreeSet<String>>,
}

impl Names {
    /// Reads the schema of `conn` and the aliases of `query`.
    pub fn new(conn: &Connection, query: &str) -> Self {
        let mut names = Names::default();
        if let Ok(schema) = introspect::schema(conn) {
            for table in &schema.tables {
                let t = table.name.to_lowercase();
                for index in &table.indexes {
                    let i = index.name.to_lowercase();
                    if index.partial {
                        names.partial.insert(i.clone());
                    }
                    names.index_table.insert(i.clone(), t.clone());
                    names
                        .index_columns
                        .insert(i, index.columns.iter().map(|c| c.to_lowercase()).collect());
                }
                names.tables.insert(t);
            }
        }
        if let Some(statement) = parse_one(query) {
            let mut collector = AliasCollector::default();
            let _ = statement.visit(&mut collector);
            names.aliases = collector.aliases;
        }
        names
    }

    /// The table a step reads, lower-cased; `None` for subqueries, CTEs and
    /// table-valued functions.
    pub fn table_of(&self, access: &Access) -> Option<String> {
        if let Using::Index { name, .. } = &access.using
            && let Some(t) = self.index_table.get(&name.to_lowercase())
        {
            return Some(t.clone());
        }
        let object = access.object.to_lowercase();
        if let Some(targets) = self.aliases.get(&object)
            && targets.len() == 1
        {
            return targets.iter().next().cloned();
        }
        self.tables.contains(&object).then_some(object)
    }

    /// True for a partial index (`CREATE INDEX ... WHERE ...`): scanning it
    /// reads only the rows its WHERE admits, not the whole table.
    pub fn is_partial(&self, index: &str) -> bool {
        self.partial.contains(&index.to_lowercase())
    }

    /// The table an index belongs to.
    pub fn table_of_index(&self, index: &str) -> Option<String> {
        self.index_table.get(&index.to_lowercase()).cloned()
    }

    /// An index's columns, for describing it without its name.
    pub fn index_columns(&self, index: &str) -> Option<&[String]> {
        self.index_columns
            .get(&index.to_lowercase())
            .map(Vec::as_slice)
    }

    /// One step described without aliases or index names:
    /// `SEARCH products USING INDEX (category, price) (category=? AND price<?)`.
    pub fn normalize(&self, step: &Step, detail: &str) -> String {
        let Some(access) = step.access() else {
            return detail.to_string();
        };
        let verb = if matches!(step, Step::Scan(_)) {
            "SCAN"
        } else {
            "SEARCH"
        };
        let object = self
            .table_of(access)
            .unwrap_or_else(|| access.object.clone());
        let using = match &access.using {
            Using::Table => String::new(),
            Using::Index { name, covering } => {
                let cols = self
                    .index_columns(name)
                    .map(|c| c.join(", "))
                    .unwrap_or_else(|| name.clone());
                format!(
                    " USING {}INDEX ({cols})",
                    if *covering { "COVERING " } else { "" }
                )
            }
            Using::IntegerPrimaryKey => " USING INTEGER PRIMARY KEY".into(),
            Using::PrimaryKey => " USING PRIMARY KEY".into(),
            Using::AutomaticIndex { partial } => format!(
                " USING AUTOMATIC {}COVERING INDEX",
                if *partial { "PARTIAL " } else { "" }
            ),
            Using::VirtualTable { index } => format!(" VIRTUAL TABLE INDEX {index}"),
        };
        let constraint = access
            .constraint
            .as_ref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        format!("{verb} {object}{using}{constraint}")
    }

    /// The plan's shape with every step normalized, and the indexes the
    /// submission created: two submissions with the same signature made the
    /// same indexes and read the same tables the same way, whatever they
    /// call things.
    pub fn signature(&self, plan: &Plan) -> Signature {
        Signature {
            steps: plan
                .depths()
                .into_iter()
                .zip(plan.steps())
                .map(|(depth, (node, step))| (depth, self.normalize(&step, &node.detail)))
                .collect(),
            created: self.created.clone(),
        }
    }
}

/// What identifies a known mistake by its plan (see [`Names::signature`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// `(depth, normalized step)` in plan order.
    pub steps: Vec<(usize, String)>,
    /// Indexes created, e.g. `products(name collate nocase)`.
    pub created: BTreeSet<String>,
}

/// Every index definition in a database, without its name:
/// `CREATE INDEX i ON products (name COLLATE NOCASE)` -> `products(namecollatenocase)`.
pub fn index_definitions(conn: &Connection) -> BTreeSet<String> {
    let Ok(mut stmt) =
        conn.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL")
    else {
        return BTreeSet::new();
    };
    let Ok(rows) = stmt.query_map([], |r| r.get::<_, String>(0)) else {
        return BTreeSet::new();
    };
    rows.flatten()
        .map(|sql| {
            let lower = sql.to_lowercase();
            let body = match lower.find(" on ") {
                Some(i) => &lower[i + 4..],
                None => lower.as_str(),
            };
            let unique = if lower.starts_with("create unique") {
                "unique "
            } else {
                ""
            };
            let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
            format!("{unique}{compact}")
        })
        .collect()
}

#[derive(Default)]
struct AliasCollector {
    aliases: HashMap<String, BTreeSet<String>>,
}

impl Visitor for AliasCollector {
    type Break = ();

    fn pre_visit_table_factor(&mut self, factor: &TableFactor) -> ControlFlow<()> {
        if let TableFactor::Table {
            name,
            alias: Some(alias),
            ..
        } = factor
            && let Some(ObjectNamePart::Identifier(table)) = name.0.last()
        {
            self.aliases
                .entry(alias.name.value.to_lowercase())
                .or_default()
                .insert(table.value.to_lowercase());
        }
        ControlFlow::Continue(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_aliases_and_indexes() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE products (id INTEGER PRIMARY KEY, price INT, category TEXT);
             CREATE INDEX whatever ON products (category, price);",
        )
        .unwrap();
        let names = Names::new(
            &conn,
            "SELECT * FROM products AS p WHERE p.category = 'a' AND p.price < 5",
        );
        let search = Step::parse("SEARCH p USING INDEX whatever (category=? AND price<?)");
        assert_eq!(
            names.table_of(search.access().unwrap()).as_deref(),
            Some("products")
        );
        assert_eq!(
            names.normalize(&search, ""),
            "SEARCH products USING INDEX (category, price) (category=? AND price<?)"
        );
        let scan = Step::parse("SCAN p");
        assert_eq!(
            names.table_of(scan.access().unwrap()).as_deref(),
            Some("products")
        );
        let cte = Step::parse("SCAN big");
        assert_eq!(names.table_of(cte.access().unwrap()), None);
    }
}
