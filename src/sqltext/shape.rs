//! The structure of a query, as far as feedback needs it: join kinds, WHERE
//! filters on the optional side of an outer join, grouping, DISTINCT, set
//! operators, NOT IN subqueries, comparisons with NULL, window functions.

use std::collections::BTreeSet;
use std::ops::ControlFlow;

use serde::{Deserialize, Serialize};
use sqlparser::ast::{
    BinaryOperator, Distinct, Expr, GroupByExpr, JoinConstraint, JoinOperator, Query, Select,
    SetExpr, SetOperator, SetQuantifier, TableFactor, Value, Visit, Visitor,
};

use super::parse_one;

/// A join as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinInfo {
    /// `inner`, `left`, `right`, `full`, `cross` or `comma` (FROM a, b).
    pub kind: String,
    /// Whether it has an ON or USING condition.
    pub has_condition: bool,
    /// The joined table's name.
    pub table: String,
}

/// Structural facts about a query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shape {
    /// Joins, in the order met.
    pub joins: Vec<JoinInfo>,
    /// Some SELECT uses DISTINCT.
    pub distinct: bool,
    /// GROUP BY expressions of the outermost grouped SELECT, as text.
    pub group_by: Vec<String>,
    /// Some SELECT has HAVING.
    pub having: bool,
    /// The top level has ORDER BY.
    pub order_by: bool,
    /// The top level has LIMIT.
    pub limit: bool,
    /// Set operators (`UNION`, `UNION ALL`, `INTERSECT`, `EXCEPT`).
    pub set_ops: Vec<String>,
    /// `x NOT IN (SELECT ...)` appears.
    pub not_in_subquery: bool,
    /// `EXISTS`/`NOT EXISTS` appears.
    pub exists: bool,
    /// `= NULL` or `<> NULL` appears.
    pub null_comparison: bool,
    /// Window function names, lowercase.
    pub window_functions: BTreeSet<String>,
    /// Aggregate uses: `count(*)`, `count(col)`, `count(distinct)`, `sum`, ...
    pub aggregates: BTreeSet<String>,
    /// Tables on the optional side of a LEFT JOIN that WHERE filters on
    /// (other than with IS NULL), which turns it back into an inner join.
    pub outer_filtered_in_where: Vec<String>,
    /// `WITH RECURSIVE` is used.
    pub recursive: bool,
}

impl Shape {
    /// The query's structural features as comparable labels (`join:left`,
    /// `not_in`, `window:rank`, `setop:UNION ALL`, ...): what a slip changes.
    pub fn features(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for j in &self.joins {
            out.insert(format!("join:{}", j.kind));
            if !j.has_condition && j.kind != "comma" && j.kind != "cross" {
                out.insert("join-without-condition".into());
            }
        }
        let flags = [
            (self.distinct, "distinct"),
            (self.having, "having"),
            (self.order_by, "order_by"),
            (self.limit, "limit"),
            (self.not_in_subquery, "not_in"),
            (self.exists, "exists"),
            (self.null_comparison, "null_comparison"),
            (self.recursive, "recursive"),
            (
                !self.outer_filtered_in_where.is_empty(),
                "outer_filtered_in_where",
            ),
        ];
        out.extend(
            flags
                .iter()
                .filter(|(on, _)| *on)
                .map(|(_, name)| name.to_string()),
        );
        out.extend(self.set_ops.iter().map(|o| format!("setop:{o}")));
        out.extend(self.window_functions.iter().map(|w| format!("window:{w}")));
        out.extend(self.aggregates.iter().map(|a| format!("agg:{a}")));
        if !self.group_by.is_empty() {
            let mut cols = self.group_by.clone();
            cols.sort();
            out.insert(format!("group_by:{}", cols.join(",")));
        }
        out
    }

    /// True when some join is an outer join of the given kind.
    pub fn has_join(&self, kind: &str) -> bool {
        self.joins.iter().any(|j| j.kind == kind)
    }
}

/// The shape of a query, or `None` when sqlparser cannot parse it.
pub fn shape(sql: &str) -> Option<Shape> {
    let statement = parse_one(sql)?;
    let mut collector = Collector {
        shape: Shape::default(),
        depth: 0,
    };
    if let sqlparser::ast::Statement::Query(q) = &statement {
        collector.shape.order_by = q.order_by.is_some();
        collector.shape.limit = q.limit_clause.is_some();
        collector.shape.recursive = q.with.as_ref().is_some_and(|w| w.recursive);
    }
    let _ = statement.visit(&mut collector);
    Some(collector.shape)
}

struct Collector {
    shape: Shape,
    depth: usize,
}

impl Visitor for Collector {
    type Break = ();

    fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
        self.depth += 1;
        collect_set_ops(&query.body, &mut self.shape.set_ops);
        ControlFlow::Continue(())
    }

    fn post_visit_query(&mut self, _query: &Query) -> ControlFlow<()> {
        self.depth -= 1;
        ControlFlow::Continue(())
    }

    fn pre_visit_select(&mut self, select: &Select) -> ControlFlow<()> {
        let shape = &mut self.shape;
        if matches!(
            select.distinct,
            Some(Distinct::Distinct) | Some(Distinct::On(_))
        ) {
            shape.distinct = true;
        }
        if select.having.is_some() {
            shape.having = true;
        }
        if let GroupByExpr::Expressions(exprs, _) = &select.group_by
            && !exprs.is_empty()
            && shape.group_by.is_empty()
        {
            shape.group_by = exprs.iter().map(|e| e.to_string().to_lowercase()).collect();
        }
        let mut optional_side = Vec::new();
        for (i, twj) in select.from.iter().enumerate() {
            if i > 0 {
                shape.joins.push(JoinInfo {
                    kind: "comma".into(),
                    has_condition: false,
                    table: table_name(&twj.relation),
                });
            }
            for join in &twj.joins {
                let (kind, constraint) = join_kind(&join.join_operator);
                if kind == "left" {
                    optional_side.push(alias_or_name(&join.relation));
                }
                shape.joins.push(JoinInfo {
                    kind: kind.into(),
                    has_condition: constraint.is_some_and(|c| !matches!(c, JoinConstraint::None)),
                    table: table_name(&join.relation),
                });
            }
        }
        if let Some(selection) = &select.selection {
            for name in optional_side {
                if filters_on(selection, &name) {
                    shape.outer_filtered_in_where.push(name);
                }
            }
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
        let shape = &mut self.shape;
        match expr {
            Expr::InSubquery { negated: true, .. } => shape.not_in_subquery = true,
            Expr::Exists { .. } => shape.exists = true,
            Expr::BinaryOp {
                left,
                op: BinaryOperator::Eq | BinaryOperator::NotEq,
                right,
            } if is_null(left) || is_null(right) => shape.null_comparison = true,
            Expr::Function(f) => {
                let name = f.name.to_string().to_lowercase();
                if f.over.is_some() {
                    shape.window_functions.insert(name);
                } else if matches!(
                    name.as_str(),
                    "count"
                        | "sum"
                        | "avg"
                        | "min"
                        | "max"
                        | "total"
                        | "group_concat"
                        | "string_agg"
                ) {
                    let args = f.args.to_string().to_lowercase();
                    let label = if name == "count" && args.contains('*') {
                        "count(*)".to_string()
                    } else if args.contains("distinct") {
                        format!("{name}(distinct)")
                    } else if name == "count" {
                        "count(col)".to_string()
                    } else {
                        name
                    };
                    shape.aggregates.insert(label);
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }
}

fn collect_set_ops(body: &SetExpr, out: &mut Vec<String>) {
    if let SetExpr::SetOperation {
        left,
        op,
        set_quantifier,
        right,
    } = body
    {
        collect_set_ops(left, out);
        let name = match op {
            SetOperator::Union => "UNION",
            SetOperator::Intersect => "INTERSECT",
            SetOperator::Except | SetOperator::Minus => "EXCEPT",
        };
        let all = matches!(set_quantifier, SetQuantifier::All);
        out.push(if all {
            format!("{name} ALL")
        } else {
            name.to_string()
        });
        collect_set_ops(right, out);
    }
}

fn join_kind(op: &JoinOperator) -> (&'static str, Option<&JoinConstraint>) {
    match op {
        JoinOperator::Join(c) | JoinOperator::Inner(c) | JoinOperator::StraightJoin(c) => {
            ("inner", Some(c))
        }
        JoinOperator::Left(c) | JoinOperator::LeftOuter(c) => ("left", Some(c)),
        JoinOperator::Right(c) | JoinOperator::RightOuter(c) => ("right", Some(c)),
        JoinOperator::FullOuter(c) => ("full", Some(c)),
        JoinOperator::CrossJoin(c) => ("cross", Some(c)),
        _ => ("other", None),
    }
}

fn table_name(factor: &TableFactor) -> String {
    match factor {
        TableFactor::Table { name, .. } => name.to_string().to_lowercase(),
        _ => "(subquery)".into(),
    }
}

fn alias_or_name(factor: &TableFactor) -> String {
    match factor {
        TableFactor::Table { name, alias, .. } => alias
            .as_ref()
            .map(|a| a.name.value.to_lowercase())
            .unwrap_or_else(|| name.to_string().to_lowercase()),
        TableFactor::Derived { alias: Some(a), .. } => a.name.value.to_lowercase(),
        _ => String::new(),
    }
}

fn is_null(e: &Expr) -> bool {
    matches!(e, Expr::Value(v) if matches!(v.value, Value::Null))
}

/// True when `expr` references `table.column` outside an IS [NOT] NULL test.
fn filters_on(expr: &Expr, table: &str) -> bool {
    struct Finder<'a> {
        table: &'a str,
        found: bool,
        skip: usize,
    }
    impl Visitor for Finder<'_> {
        type Break = ();
        fn pre_visit_expr(&mut self, e: &Expr) -> ControlFlow<()> {
            match e {
                Expr::IsNull(_) | Expr::IsNotNull(_) => self.skip += 1,
                Expr::CompoundIdentifier(parts)
                    if self.skip == 0
                        && parts.len() == 2
                        && parts[0].value.eq_ignore_ascii_case(self.table) =>
                {
                    self.found = true
                }
                _ => {}
            }
            ControlFlow::Continue(())
        }
        fn post_visit_expr(&mut self, e: &Expr) -> ControlFlow<()> {
            if matches!(e, Expr::IsNull(_) | Expr::IsNotNull(_)) {
                self.skip -= 1;
            }
            ControlFlow::Continue(())
        }
    }
    let mut finder = Finder {
        table,
        found: false,
        skip: 0,
    };
    let _ = expr.visit(&mut finder);
    finder.found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn left_join_filtered_in_where() {
        let s = shape(
            "SELECT u.name FROM users u LEFT JOIN orders o ON o.user_id = u.id WHERE o.status = 'paid'",
        )
        .unwrap();
        assert!(s.has_join("left"));
        assert_eq!(s.outer_filtered_in_where, vec!["o".to_string()]);
        let anti = shape(
            "SELECT u.name FROM users u LEFT JOIN orders o ON o.user_id = u.id WHERE o.id IS NULL",
        )
        .unwrap();
        assert!(anti.outer_filtered_in_where.is_empty());
    }

    #[test]
    fn joins_and_missing_conditions() {
        let s = shape("SELECT * FROM users, orders").unwrap();
        assert_eq!(s.joins[0].kind, "comma");
        let s = shape("SELECT * FROM users u JOIN orders o ON o.user_id = u.id").unwrap();
        assert_eq!(s.joins[0].kind, "inner");
        assert!(s.joins[0].has_condition);
    }

    #[test]
    fn aggregates_windows_and_traps() {
        let s = shape(
            "SELECT d, count(*), count(x), rank() OVER (ORDER BY y) FROM t \
             WHERE z NOT IN (SELECT z FROM u) AND w = NULL GROUP BY d HAVING count(*) > 1 \
             UNION ALL SELECT 1, 2, 3, 4",
        )
        .unwrap();
        assert!(s.aggregates.contains("count(*)") && s.aggregates.contains("count(col)"));
        assert!(s.window_functions.contains("rank"));
        assert!(s.not_in_subquery && s.null_comparison && s.having);
        assert_eq!(s.set_ops, vec!["UNION ALL".to_string()]);
        assert_eq!(s.group_by, vec!["d".to_string()]);
    }
}
