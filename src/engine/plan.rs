//! EXPLAIN QUERY PLAN as data: a tree of steps. Node ids are bytecode
//! addresses and the `notused` column carries cost estimates in recent
//! SQLite, so only the detail text and the tree's shape mean anything.

use serde::Serialize;

use super::error::RunError;
use super::sandbox::Sandbox;
use super::value::Value;

/// One step of a query plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanNode {
    /// SQLite's id for the step (a bytecode address).
    pub id: i64,
    /// The id of the parent step, 0 at the top.
    pub parent: i64,
    /// What the step does: `SCAN users`, `SEARCH o USING INDEX ...`.
    pub detail: String,
}

/// A query plan: steps in SQLite's order (parents before children).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// The steps.
    pub nodes: Vec<PlanNode>,
}

impl Plan {
    /// Builds a plan from the rows of `EXPLAIN QUERY PLAN` (id, parent, notused, detail).
    pub fn from_rows(rows: &[Vec<Value>]) -> Plan {
        let int = |v: Option<&Value>| match v {
            Some(Value::Integer(i)) => *i,
            _ => 0,
        };
        let nodes = rows
            .iter()
            .map(|r| PlanNode {
                id: int(r.first()),
                parent: int(r.get(1)),
                detail: match r.get(3) {
                    Some(Value::Text(s)) => s.clone(),
                    Some(other) => other.to_string(),
                    None => String::new(),
                },
            })
            .collect();
        Plan { nodes }
    }

    /// The children of a step (0 for the top level), in order.
    pub fn children(&self, parent: i64) -> impl Iterator<Item = &PlanNode> {
        self.nodes.iter().filter(move |n| n.parent == parent)
    }

    /// Depth of each node (0 at the top), in node order.
    pub fn depths(&self) -> Vec<usize> {
        self.nodes
            .iter()
            .map(|n| {
                let mut depth = 0;
                let mut parent = n.parent;
                while let Some(p) = self.nodes.iter().find(|m| m.id == parent) {
                    depth += 1;
                    parent = p.parent;
                    if depth > self.nodes.len() {
                        break; // Malformed input: never loop forever.
                    }
                }
                depth
            })
            .collect()
    }

    /// The plan as an indented tree, one line per step, the way the sqlite3
    /// shell draws it (`|--` and `` `-- `` in ASCII, box drawing in Unicode).
    pub fn tree_lines(&self, unicode: bool) -> Vec<String> {
        let (branch, last, pipe, blank) = if unicode {
            ("├─ ", "└─ ", "│  ", "   ")
        } else {
            ("|--", "`--", "|  ", "   ")
        };
        let mut out = Vec::new();
        self.draw(0, String::new(), branch, last, pipe, blank, &mut out);
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn draw(
        &self,
        parent: i64,
        prefix: String,
        branch: &str,
        last: &str,
        pipe: &str,
        blank: &str,
        out: &mut Vec<String>,
    ) {
        let kids: Vec<&PlanNode> = self.children(parent).collect();
        for (i, node) in kids.iter().enumerate() {
            let is_last = i + 1 == kids.len();
            out.push(format!(
                "{prefix}{}{}",
                if is_last { last } else { branch },
                node.detail
            ));
            if node.id != parent {
                let next = format!("{prefix}{}", if is_last { blank } else { pipe });
                self.draw(node.id, next, branch, last, pipe, blank, out);
            }
        }
    }
}

impl Sandbox {
    /// The plan of one statement, prepared (not run) under the sandbox's rules.
    pub fn explain(&mut self, sql: &str) -> Result<Plan, RunError> {
        let trimmed = sql.trim_start();
        let result = self.run_query(&format!("EXPLAIN QUERY PLAN {trimmed}"))?;
        Ok(Plan::from_rows(&result.rows))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::SandboxConfig;

    #[test]
    fn draws_joins_as_a_tree() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE u (id INTEGER PRIMARY KEY, name TEXT);
             CREATE TABLE o (id INTEGER PRIMARY KEY, user_id INTEGER, amount INTEGER);
             CREATE INDEX o_user ON o (user_id);",
        )
        .unwrap();
        let mut sandbox = Sandbox::new(conn, SandboxConfig::default()).unwrap();
        let plan = sandbox
            .explain("SELECT u.name FROM u JOIN o ON o.user_id = u.id WHERE o.amount > (SELECT avg(amount) FROM o)")
            .unwrap();
        let lines = plan.tree_lines(false);
        assert_eq!(
            lines,
            vec![
                "|--SCAN o",
                "|--SCALAR SUBQUERY 1",
                "|  `--SCAN o",
                "`--SEARCH u USING INTEGER PRIMARY KEY (rowid=?)",
            ],
        );
        assert_eq!(plan.depths(), vec![0, 0, 1, 0]);
    }

    #[test]
    fn explain_is_sandboxed() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let mut sandbox = Sandbox::new(conn, SandboxConfig::default()).unwrap();
        assert!(matches!(
            sandbox.explain("ATTACH 'x.db' AS x"),
            Err(RunError::Refused { .. })
        ));
    }
}
