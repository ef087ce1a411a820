//! EXPLAIN QUERY PLAN as data: a tree of steps. Node ids are bytecode
//! addresses and the `notused` column carries cost estimates in recent
//! SQLite, so only the detail text and the tree's shape mean anything: the
//! detail is parsed into a [`Step`] (what is read, how, with which index),
//! and the tree is drawn by [`Plan::tree_lines`], the one renderer the TUI,
//! the REPL and the command line share.
//!
//! The detail grammar follows SQLite 3.54's `sqlite3WhereAddExplainText`
//! and the `ExplainQueryPlan` calls of `select.c` and `expr.c`; text this
//! parser does not know stays available as [`Step::Other`].

use serde::Serialize;

use super::error::RunError;
use super::sandbox::Sandbox;
use super::value::Value;

/// One step of a query plan, as SQLite printed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanNode {
    /// SQLite's id for the step (a bytecode address: not stable, never graded).
    pub id: i64,
    /// The id of the parent step, 0 at the top.
    pub parent: i64,
    /// What the step does: `SCAN users`, `SEARCH o USING INDEX ...`.
    pub detail: String,
}

impl PlanNode {
    /// The step's meaning, parsed from its detail text.
    pub fn step(&self) -> Step {
        Step::parse(&self.detail)
    }
}

/// A query plan: steps in SQLite's order (parents before children).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Plan {
    /// The steps.
    pub nodes: Vec<PlanNode>,
}

/// How a SCAN or SEARCH step reaches its rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Using {
    /// The table itself (its rowid B-tree), no index.
    Table,
    /// A named index; `covering` when the index alone answers the query.
    Index {
        /// Index name.
        name: String,
        /// True for `COVERING INDEX`.
        covering: bool,
    },
    /// The rowid (`INTEGER PRIMARY KEY`) of a rowid table.
    IntegerPrimaryKey,
    /// The primary key of a WITHOUT ROWID table (its clustered B-tree).
    PrimaryKey,
    /// An index SQLite builds for this statement only, then throws away.
    AutomaticIndex {
        /// True for `AUTOMATIC PARTIAL COVERING INDEX`.
        partial: bool,
    },
    /// A virtual table or table-valued function (`json_each`).
    VirtualTable {
        /// SQLite's `idxNum:idxStr`.
        index: String,
    },
}

impl Using {
    /// True when the step goes through a real index or key (not the bare
    /// table, not an automatic index, not a virtual table).
    pub fn is_index(&self) -> bool {
        matches!(
            self,
            Using::Index { .. } | Using::IntegerPrimaryKey | Using::PrimaryKey
        )
    }

    /// True when the step reads no table row besides the index entries.
    pub fn is_covering(&self) -> bool {
        matches!(
            self,
            Using::Index { covering: true, .. } | Using::PrimaryKey | Using::AutomaticIndex { .. }
        )
    }
}

/// A SCAN or SEARCH of one table (or subquery, CTE, VALUES list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Access {
    /// What is read, as SQLite names it: the alias if the query gave one,
    /// else the table, CTE or `(subquery-N)` name.
    pub object: String,
    /// How.
    pub using: Using,
    /// The index constraint, e.g. `tag_id=?` or `rowid>? AND rowid<?`.
    pub constraint: Option<String>,
    /// `EXISTS`: the step stops at the first match (EXISTS-to-join).
    pub exists: bool,
    /// `LEFT-JOIN`: the right side of a LEFT JOIN.
    pub left_join: bool,
}

/// What a temporary B-tree is built for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "for", rename_all = "snake_case")]
pub enum TempPurpose {
    /// Sorting for ORDER BY; `last_terms` when only the last terms are sorted.
    OrderBy {
        /// `Some(n)` for `LAST n TERMS OF ORDER BY` (`LAST TERM` is 1).
        last_terms: Option<u32>,
    },
    /// Grouping for GROUP BY.
    GroupBy,
    /// Removing duplicates for DISTINCT.
    Distinct,
    /// An aggregate's own `DISTINCT` or `ORDER BY`, e.g. `count(DISTINCT)`.
    Aggregate {
        /// As printed: `count(DISTINCT)`.
        what: String,
    },
}

/// The meaning of one plan line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Step {
    /// `SCAN x ...`: reads every row (or every index entry) in order,
    /// unless a LIMIT stops it early.
    Scan(Access),
    /// `SEARCH x USING ...`: seeks with an index or key.
    Search(Access),
    /// `USE TEMP B-TREE FOR ...`: a sort or dedup structure built at run time.
    TempBtree(TempPurpose),
    /// `[CORRELATED] SCALAR SUBQUERY n` or `LIST SUBQUERY n` (IN).
    Subquery {
        /// `scalar` or `list`.
        kind: String,
        /// Re-run for every outer row.
        correlated: bool,
    },
    /// `REUSE [LIST] SUBQUERY n`: an earlier subquery's result reused.
    ReuseSubquery,
    /// `MATERIALIZE x`: a subquery or CTE computed once into a temp table.
    Materialize {
        /// The CTE name or `(subquery-N)`.
        name: String,
    },
    /// `CO-ROUTINE x`: a subquery or CTE run row by row alongside.
    CoRoutine {
        /// The CTE name or `(subquery-N)`.
        name: String,
    },
    /// `BLOOM FILTER ON x (...)`: a quick "surely not there" test before a search.
    BloomFilter {
        /// The table or alias filtered.
        object: String,
        /// The key tested.
        constraint: String,
    },
    /// `CREATE BLOOM FILTER`: built for an IN list.
    CreateBloomFilter,
    /// `USING INDEX x FOR IN-OPERATOR` or `USING ROWID SEARCH ON TABLE x FOR IN-OPERATOR`.
    InOperator {
        /// The index or table used.
        name: String,
    },
    /// Parts of compound SELECTs: `COMPOUND QUERY`, `LEFT-MOST SUBQUERY`,
    /// `UNION ALL`, `MERGE (UNION)`, `LEFT`, `RIGHT`.
    Compound {
        /// As printed.
        part: String,
    },
    /// `MULTI-INDEX OR` and its `INDEX n` branches: an OR answered by several indexes.
    MultiIndexOr,
    /// One branch of a MULTI-INDEX OR.
    OrBranch,
    /// `SCAN CONSTANT ROW`, `SCAN n CONSTANT ROWS`: no table at all.
    ConstantRows,
    /// `SETUP` and `RECURSIVE STEP` of a recursive CTE.
    Recursive {
        /// `setup` or `recursive step`.
        part: String,
    },
    /// `RIGHT-JOIN x`: the unmatched rows of a RIGHT or FULL join.
    RightJoin {
        /// The table.
        table: String,
    },
    /// Anything else, kept as text.
    Other,
}

impl Step {
    /// Parses one detail text.
    pub fn parse(detail: &str) -> Step {
        let d = detail.trim();
        if let Some(rest) = d.strip_prefix("SEARCH ") {
            return Step::Search(parse_access(rest));
        }
        if let Some(rest) = d.strip_prefix("SCAN ") {
            if rest == "CONSTANT ROW" || rest.ends_with(" CONSTANT ROWS") {
                return Step::ConstantRows;
            }
            return Step::Scan(parse_access(rest));
        }
        if let Some(what) = d.strip_prefix("USE TEMP B-TREE FOR ") {
            return Step::TempBtree(match what {
                "ORDER BY" => TempPurpose::OrderBy { last_terms: None },
                "LAST TERM OF ORDER BY" => TempPurpose::OrderBy {
                    last_terms: Some(1),
                },
                "GROUP BY" => TempPurpose::GroupBy,
                "DISTINCT" => TempPurpose::Distinct,
                other => match other
                    .strip_prefix("LAST ")
                    .and_then(|r| r.strip_suffix(" TERMS OF ORDER BY"))
                    .and_then(|n| n.parse().ok())
                {
                    Some(n) => TempPurpose::OrderBy {
                        last_terms: Some(n),
                    },
                    None => TempPurpose::Aggregate {
                        what: other.to_string(),
                    },
                },
            });
        }
        for (prefix, kind, correlated) in [
            ("CORRELATED SCALAR SUBQUERY ", "scalar", true),
            ("SCALAR SUBQUERY ", "scalar", false),
            ("CORRELATED LIST SUBQUERY ", "list", true),
            ("LIST SUBQUERY ", "list", false),
        ] {
            if d.starts_with(prefix) {
                return Step::Subquery {
                    kind: kind.into(),
                    correlated,
                };
            }
        }
        if d.starts_with("REUSE ") {
            return Step::ReuseSubquery;
        }
        if let Some(name) = d.strip_prefix("MATERIALIZE ") {
            return Step::Materialize { name: name.into() };
        }
        if let Some(name) = d.strip_prefix("CO-ROUTINE ") {
            return Step::CoRoutine { name: name.into() };
        }
        if let Some(rest) = d.strip_prefix("BLOOM FILTER ON ") {
            let (object, constraint) = match rest.find(" (") {
                Some(i) => (&rest[..i], strip_parens(&rest[i + 1..])),
                None => (rest, ""),
            };
            return Step::BloomFilter {
                object: object.into(),
                constraint: constraint.into(),
            };
        }
        if d == "CREATE BLOOM FILTER" {
            return Step::CreateBloomFilter;
        }
        if let Some(rest) = d.strip_suffix(" FOR IN-OPERATOR") {
            let name = rest
                .strip_prefix("USING INDEX ")
                .or_else(|| rest.strip_prefix("USING ROWID SEARCH ON TABLE "))
                .unwrap_or(rest);
            return Step::InOperator { name: name.into() };
        }
        if matches!(
            d,
            "COMPOUND QUERY" | "LEFT-MOST SUBQUERY" | "LEFT" | "RIGHT"
        ) || d.starts_with("MERGE (")
            || ["UNION ALL", "UNION", "INTERSECT", "EXCEPT"].contains(&d)
        {
            return Step::Compound { part: d.into() };
        }
        if d == "MULTI-INDEX OR" {
            return Step::MultiIndexOr;
        }
        if d.strip_prefix("INDEX ")
            .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
        {
            return Step::OrBranch;
        }
        if d == "SETUP" || d == "RECURSIVE STEP" {
            return Step::Recursive {
                part: d.to_lowercase(),
            };
        }
        if let Some(table) = d.strip_prefix("RIGHT-JOIN ") {
            return Step::RightJoin {
                table: table.into(),
            };
        }
        Step::Other
    }

    /// The access of a SCAN or SEARCH step.
    pub fn access(&self) -> Option<&Access> {
        match self {
            Step::Scan(a) | Step::Search(a) => Some(a),
            _ => None,
        }
    }
}

/// `(a=? AND b>?)` -> `a=? AND b>?`.
fn strip_parens(s: &str) -> &str {
    s.trim()
        .strip_prefix('(')
        .and_then(|s| s.strip_suffix(')'))
        .unwrap_or(s)
}

/// Parses what follows `SCAN ` or `SEARCH `.
fn parse_access(rest: &str) -> Access {
    let (rest, left_join) = match rest.strip_suffix(" LEFT-JOIN") {
        Some(r) => (r, true),
        None => (rest, false),
    };
    let markers = [" EXISTS", " USING ", " VIRTUAL TABLE INDEX "];
    let cut = markers
        .iter()
        .filter_map(|m| rest.find(m))
        .min()
        .unwrap_or(rest.len());
    let object = rest[..cut].to_string();
    let mut tail = &rest[cut..];
    let exists = match tail.strip_prefix(" EXISTS") {
        Some(t) => {
            tail = t;
            true
        }
        None => false,
    };
    let mut constraint = None;
    let using = if let Some(index) = tail.strip_prefix(" VIRTUAL TABLE INDEX ") {
        Using::VirtualTable {
            index: index.into(),
        }
    } else if let Some(how) = tail.strip_prefix(" USING ") {
        // The constraint, if any, is the parenthesised tail: `NAME (a=?)`.
        let (head, cons) = match how.find(" (") {
            Some(i) => (&how[..i], Some(strip_parens(&how[i + 1..]).to_string())),
            None => match how.strip_suffix(')').and_then(|h| h.rsplit_once('(')) {
                Some((h, c)) => (h.trim_end(), Some(c.to_string())),
                None => (how, None),
            },
        };
        constraint = cons;
        if head == "INTEGER PRIMARY KEY" {
            Using::IntegerPrimaryKey
        } else if head == "PRIMARY KEY" {
            Using::PrimaryKey
        } else if head == "AUTOMATIC COVERING INDEX" {
            Using::AutomaticIndex { partial: false }
        } else if head == "AUTOMATIC PARTIAL COVERING INDEX" {
            Using::AutomaticIndex { partial: true }
        } else if let Some(name) = head.strip_prefix("COVERING INDEX ") {
            Using::Index {
                name: name.into(),
                covering: true,
            }
        } else if let Some(name) = head.strip_prefix("INDEX ") {
            Using::Index {
                name: name.into(),
                covering: false,
            }
        } else {
            Using::Table
        }
    } else {
        Using::Table
    };
    Access {
        object,
        using,
        constraint,
        exists,
        left_join,
    }
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

    /// Every step with its parsed meaning, in order.
    pub fn steps(&self) -> impl Iterator<Item = (&PlanNode, Step)> {
        self.nodes.iter().map(|n| (n, n.step()))
    }

    /// The plan's shape without SQLite's ids: `(depth, detail)` in order.
    /// Two plans with the same shape do the same work.
    pub fn shape(&self) -> Vec<(usize, String)> {
        self.depths()
            .into_iter()
            .zip(&self.nodes)
            .map(|(d, n)| (d, n.detail.clone()))
            .collect()
    }

    /// The plan as an indented tree, one line per step, the way the sqlite3
    /// shell draws it (`|--` and `` `-- `` in ASCII, box drawing in Unicode).
    pub fn tree_lines(&self, unicode: bool) -> Vec<String> {
        let glyphs = if unicode {
            Glyphs {
                branch: "├─ ",
                last: "└─ ",
                pipe: "│  ",
                blank: "   ",
            }
        } else {
            Glyphs {
                branch: "|--",
                last: "`--",
                pipe: "|  ",
                blank: "   ",
            }
        };
        let mut out = Vec::new();
        let mut seen = vec![false; self.nodes.len()];
        self.draw(0, String::new(), &glyphs, &mut seen, &mut out);
        // Steps whose parent never appears (malformed input) still show.
        for (node, _) in self.nodes.iter().zip(&seen).filter(|(_, s)| !**s) {
            out.push(format!("{}{}", glyphs.last, node.detail));
        }
        out
    }

    fn draw(
        &self,
        parent: i64,
        prefix: String,
        g: &Glyphs,
        seen: &mut [bool],
        out: &mut Vec<String>,
    ) {
        let kids: Vec<usize> = (0..self.nodes.len())
            .filter(|&i| !seen[i] && self.nodes[i].parent == parent)
            .collect();
        for &i in &kids {
            seen[i] = true;
        }
        for (k, &i) in kids.iter().enumerate() {
            let node = &self.nodes[i];
            let is_last = k + 1 == kids.len();
            out.push(format!(
                "{prefix}{}{}",
                if is_last { g.last } else { g.branch },
                node.detail
            ));
            let next = format!("{prefix}{}", if is_last { g.blank } else { g.pipe });
            self.draw(node.id, next, g, seen, out);
        }
    }
}

struct Glyphs {
    branch: &'static str,
    last: &'static str,
    pipe: &'static str,
    blank: &'static str,
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

    #[test]
    fn malformed_parents_never_loop_or_vanish() {
        let plan = Plan {
            nodes: vec![
                PlanNode {
                    id: 5,
                    parent: 5,
                    detail: "SCAN a".into(),
                },
                PlanNode {
                    id: 7,
                    parent: 99,
                    detail: "SCAN b".into(),
                },
            ],
        };
        let lines = plan.tree_lines(false);
        assert_eq!(lines.len(), 2, "{lines:?}");
    }

    #[test]
    fn parses_access_details() {
        let s = Step::parse("SEARCH o EXISTS USING INDEX o_user (user_id=?) LEFT-JOIN");
        assert_eq!(
            s,
            Step::Search(Access {
                object: "o".into(),
                using: Using::Index {
                    name: "o_user".into(),
                    covering: false
                },
                constraint: Some("user_id=?".into()),
                exists: true,
                left_join: true,
            })
        );
        let s = Step::parse("SEARCH u USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)");
        assert_eq!(s.access().unwrap().using, Using::IntegerPrimaryKey);
        assert_eq!(
            s.access().unwrap().constraint.as_deref(),
            Some("rowid>? AND rowid<?")
        );
        let s = Step::parse("SCAN u USING COVERING INDEX u_name");
        assert!(matches!(&s, Step::Scan(a) if a.using.is_covering() && a.constraint.is_none()));
        let s = Step::parse("SEARCH d USING AUTOMATIC PARTIAL COVERING INDEX (amount=?)");
        assert!(
            matches!(&s, Step::Search(a) if a.using == Using::AutomaticIndex { partial: true })
        );
        let s = Step::parse("SEARCH pt USING PRIMARY KEY (p=?)");
        assert!(matches!(&s, Step::Search(a) if a.using == Using::PrimaryKey));
        let s = Step::parse("SCAN json_each VIRTUAL TABLE INDEX 1:");
        assert!(matches!(&s, Step::Scan(a) if a.object == "json_each"
            && matches!(a.using, Using::VirtualTable { .. })));
        assert_eq!(
            Step::parse("SEARCH o"),
            Step::Search(Access {
                object: "o".into(),
                using: Using::Table,
                constraint: None,
                exists: false,
                left_join: false
            })
        );
    }

    #[test]
    fn parses_other_details() {
        assert_eq!(
            Step::parse("USE TEMP B-TREE FOR LAST 2 TERMS OF ORDER BY"),
            Step::TempBtree(TempPurpose::OrderBy {
                last_terms: Some(2)
            })
        );
        assert_eq!(
            Step::parse("USE TEMP B-TREE FOR count(DISTINCT)"),
            Step::TempBtree(TempPurpose::Aggregate {
                what: "count(DISTINCT)".into()
            })
        );
        assert_eq!(
            Step::parse("CORRELATED SCALAR SUBQUERY 3"),
            Step::Subquery {
                kind: "scalar".into(),
                correlated: true
            }
        );
        assert_eq!(
            Step::parse("BLOOM FILTER ON d (amount=?)"),
            Step::BloomFilter {
                object: "d".into(),
                constraint: "amount=?".into()
            }
        );
        assert_eq!(Step::parse("SCAN 3 CONSTANT ROWS"), Step::ConstantRows);
        assert_eq!(
            Step::parse("USING INDEX o_user FOR IN-OPERATOR"),
            Step::InOperator {
                name: "o_user".into()
            }
        );
        assert!(matches!(
            Step::parse("MERGE (UNION ALL)"),
            Step::Compound { .. }
        ));
        assert_eq!(Step::parse("INDEX 2"), Step::OrBranch);
        assert_eq!(Step::parse("something new"), Step::Other);
    }
}
