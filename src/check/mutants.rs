//! Mutation testing of a lesson's dataset: simple mutants of the reference
//! (ORDER BY dropped, DISTINCT dropped or added, INNER for LEFT, RANK for
//! DENSE_RANK, UNION ALL for UNION, `<` for `<=`, ...) are made by rewriting
//! its syntax tree, printed back and graded like a learner's answer. A mutant
//! the visible data cannot tell from the reference is a mistake learners can
//! make without seeing why it is wrong: the author hears which row to add.

use std::ops::ControlFlow;

use sqlparser::ast::{
    BinaryOperator, Distinct, Expr, GroupByExpr, Ident, JoinOperator, ObjectName, Query, Select,
    SelectItem, SetExpr, SetOperator, SetQuantifier, Statement, VisitMut, VisitorMut,
};

use crate::grade::Grader;
use crate::grade::query::grade_query_bounded;
use crate::lesson::{Diagnostic, Exercise, ExerciseRef};
use crate::sqltext::parse_one;

/// Most mutants tried per exercise (each is graded on every variant).
pub const MAX_MUTANTS: usize = 12;

/// The kinds of rewrite, each a classic learner's slip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MutantKind {
    /// The top-level ORDER BY removed.
    OrderByDropped,
    /// `SELECT DISTINCT` made plain `SELECT`.
    DistinctDropped,
    /// `DISTINCT` added to the outermost SELECT.
    DistinctAdded,
    /// `LEFT JOIN` made `INNER JOIN`.
    InnerForLeft,
    /// `RANK()` for `DENSE_RANK()`, and back.
    RankSwap,
    /// `ROW_NUMBER()` for `RANK()` or `DENSE_RANK()`.
    RowNumberForRank,
    /// `UNION ALL` for `UNION`, and back.
    UnionSwap,
    /// `<` for `<=`, `>` for `>=`, and back.
    Boundary,
}

impl MutantKind {
    /// The kind of row that tells this slip from the reference, for an
    /// author whose dataset has none.
    pub fn telling_rows(self) -> &'static str {
        match self {
            MutantKind::OrderByDropped => {
                "rows stored in an order other than the ORDER BY's (inserted out of order)"
            }
            MutantKind::DistinctDropped => "two rows that give the same output row",
            MutantKind::DistinctAdded => "two rows that rightly give the same output row twice",
            MutantKind::InnerForLeft => "a row of the preserved table with no match in the other",
            MutantKind::RankSwap => {
                "a tie followed by a lower value (RANK skips, DENSE_RANK does not)"
            }
            MutantKind::RowNumberForRank => "two rows tied on the window's ORDER BY",
            MutantKind::UnionSwap => "a row that both sides of the union return",
            MutantKind::Boundary => "a row whose value equals the comparison's bound",
        }
    }
}

const KINDS: [MutantKind; 8] = [
    MutantKind::InnerForLeft,
    MutantKind::OrderByDropped,
    MutantKind::DistinctDropped,
    MutantKind::DistinctAdded,
    MutantKind::RankSwap,
    MutantKind::RowNumberForRank,
    MutantKind::UnionSwap,
    MutantKind::Boundary,
];

/// One rewritten reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mutant {
    /// What was rewritten.
    pub kind: MutantKind,
    /// The rewrite in words, e.g. "INNER JOIN for LEFT JOIN".
    pub description: String,
    /// The mutant's SQL, as sqlparser prints it.
    pub sql: String,
}

/// The reference as sqlparser prints it back unchanged, and its mutants;
/// `None` when sqlparser cannot parse the reference.
pub fn mutants(reference: &str) -> Option<(String, Vec<Mutant>)> {
    let statement = parse_one(reference)?;
    if !matches!(statement, Statement::Query(_)) {
        return None;
    }
    let mut out = Vec::new();
    for kind in KINDS {
        let mut counter = Mutator::new(kind, None);
        let mut probe = statement.clone();
        let _ = probe.visit(&mut counter);
        for site in 0..counter.seen {
            let mut mutator = Mutator::new(kind, Some(site));
            let mut mutated = statement.clone();
            let _ = mutated.visit(&mut mutator);
            if let Some(description) = mutator.description {
                let sql = mutated.to_string();
                if !out.iter().any(|m: &Mutant| m.sql == sql) {
                    out.push(Mutant {
                        kind,
                        description,
                        sql,
                    });
                }
            }
        }
    }
    out.truncate(MAX_MUTANTS);
    Some((statement.to_string(), out))
}

/// Rewrites the `target`-th site of one kind (or only counts sites).
struct Mutator {
    kind: MutantKind,
    target: Option<usize>,
    seen: usize,
    description: Option<String>,
    query_depth: usize,
    /// Inside `IN (subquery)` or `EXISTS`, where duplicates do not matter.
    opaque_depth: usize,
    top_is_select: bool,
}

impl Mutator {
    fn new(kind: MutantKind, target: Option<usize>) -> Self {
        Mutator {
            kind,
            target,
            seen: 0,
            description: None,
            query_depth: 0,
            opaque_depth: 0,
            top_is_select: false,
        }
    }

    /// Counts a site; true when it is the one to rewrite.
    fn hit(&mut self) -> bool {
        let hit = self.target == Some(self.seen);
        self.seen += 1;
        hit
    }

    fn set_ops(&mut self, body: &mut SetExpr) {
        if let SetExpr::SetOperation {
            left,
            op,
            set_quantifier,
            right,
        } = body
        {
            self.set_ops(left);
            if *op == SetOperator::Union {
                let all = matches!(set_quantifier, SetQuantifier::All);
                if self.hit() {
                    let (to, text) = if all {
                        (SetQuantifier::None, "UNION for UNION ALL")
                    } else {
                        (SetQuantifier::All, "UNION ALL for UNION")
                    };
                    *set_quantifier = to;
                    self.description = Some(text.into());
                }
            }
            self.set_ops(right);
        }
    }
}

impl VisitorMut for Mutator {
    type Break = ();

    fn pre_visit_query(&mut self, query: &mut Query) -> ControlFlow<()> {
        self.query_depth += 1;
        let top = self.query_depth == 1;
        if top {
            self.top_is_select = matches!(*query.body, SetExpr::Select(_));
        }
        let kind = self.kind;
        match kind {
            MutantKind::OrderByDropped if top && query.order_by.is_some() && self.hit() => {
                query.order_by = None;
                self.description = Some("the ORDER BY left out".into());
            }
            MutantKind::UnionSwap => self.set_ops(&mut query.body),
            _ => {}
        }
        ControlFlow::Continue(())
    }

    fn post_visit_query(&mut self, _query: &mut Query) -> ControlFlow<()> {
        self.query_depth -= 1;
        ControlFlow::Continue(())
    }

    fn pre_visit_select(&mut self, select: &mut Select) -> ControlFlow<()> {
        let kind = self.kind;
        match kind {
            MutantKind::DistinctDropped
                if self.opaque_depth == 0
                    && matches!(select.distinct, Some(Distinct::Distinct))
                    && self.hit() =>
            {
                select.distinct = None;
                self.description = Some("SELECT for SELECT DISTINCT".into());
            }
            MutantKind::DistinctAdded
                if self.query_depth == 1
                    && self.top_is_select
                    && select.distinct.is_none()
                    && !rows_already_distinct(select)
                    && self.hit() =>
            {
                select.distinct = Some(Distinct::Distinct);
                self.description = Some("SELECT DISTINCT for SELECT".into());
            }
            MutantKind::InnerForLeft => {
                for from in &mut select.from {
                    for join in &mut from.joins {
                        let constraint = match &join.join_operator {
                            JoinOperator::Left(c) | JoinOperator::LeftOuter(c) => c.clone(),
                            _ => continue,
                        };
                        if self.hit() {
                            join.join_operator = JoinOperator::Inner(constraint);
                            self.description = Some("INNER JOIN for LEFT JOIN".into());
                        }
                    }
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        if matches!(expr, Expr::InSubquery { .. } | Expr::Exists { .. }) {
            self.opaque_depth += 1;
        }
        match (self.kind, expr) {
            (MutantKind::Boundary, Expr::BinaryOp { op, .. }) => {
                let (to, text) = match op {
                    BinaryOperator::LtEq => (BinaryOperator::Lt, "`<` for `<=`"),
                    BinaryOperator::Lt => (BinaryOperator::LtEq, "`<=` for `<`"),
                    BinaryOperator::GtEq => (BinaryOperator::Gt, "`>` for `>=`"),
                    BinaryOperator::Gt => (BinaryOperator::GtEq, "`>=` for `>`"),
                    _ => return ControlFlow::Continue(()),
                };
                if self.hit() {
                    *op = to;
                    self.description = Some(text.into());
                }
            }
            (MutantKind::RankSwap | MutantKind::RowNumberForRank, Expr::Function(f))
                if f.over.is_some() =>
            {
                let name = f.name.to_string().to_lowercase();
                let rewrite = match (self.kind, name.as_str()) {
                    (MutantKind::RankSwap, "dense_rank") => Some(("RANK", "RANK for DENSE_RANK")),
                    (MutantKind::RankSwap, "rank") => Some(("DENSE_RANK", "DENSE_RANK for RANK")),
                    (MutantKind::RowNumberForRank, "rank") => {
                        Some(("ROW_NUMBER", "ROW_NUMBER for RANK"))
                    }
                    (MutantKind::RowNumberForRank, "dense_rank") => {
                        Some(("ROW_NUMBER", "ROW_NUMBER for DENSE_RANK"))
                    }
                    _ => None,
                };
                if let Some((to, text)) = rewrite
                    && self.hit()
                {
                    f.name = ObjectName::from(vec![Ident::new(to)]);
                    self.description = Some(text.into());
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }

    fn post_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        if matches!(expr, Expr::InSubquery { .. } | Expr::Exists { .. }) {
            self.opaque_depth -= 1;
        }
        ControlFlow::Continue(())
    }
}

/// True when DISTINCT cannot change a SELECT's rows whatever the data: it
/// groups by nothing but output columns, or aggregates everything into one row.
fn rows_already_distinct(select: &Select) -> bool {
    let outputs: Vec<String> = select
        .projection
        .iter()
        .filter_map(|item| match item {
            SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => {
                Some(e.to_string().to_lowercase())
            }
            _ => None,
        })
        .collect();
    match &select.group_by {
        GroupByExpr::Expressions(exprs, _) if !exprs.is_empty() => exprs
            .iter()
            .all(|e| outputs.contains(&e.to_string().to_lowercase())),
        GroupByExpr::Expressions(..) => {
            select.having.is_none()
                && !outputs.is_empty()
                && select.projection.iter().all(|item| match item {
                    SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => {
                        is_aggregate(e)
                    }
                    _ => false,
                })
        }
        GroupByExpr::All(_) => true,
    }
}

fn is_aggregate(expr: &Expr) -> bool {
    match expr {
        Expr::Function(f) if f.over.is_none() => matches!(
            f.name.to_string().to_lowercase().as_str(),
            "count" | "sum" | "total" | "avg" | "min" | "max" | "group_concat" | "string_agg"
        ),
        Expr::Nested(e) | Expr::Cast { expr: e, .. } => is_aggregate(e),
        Expr::BinaryOp { left, right, .. } => is_aggregate(left) && is_aggregate(right),
        _ => false,
    }
}

/// Warnings for mutants of the reference that the visible data cannot tell
/// apart from it, each with the row change that would (or saying none does).
/// The DISTINCT and ORDER BY mutants that no variant tells apart are taken
/// as equivalent (the output carries a key; SQLite sorts that way anyway).
/// Advisory: `--strict` leaves these as warnings, since a mutant can be
/// equivalent to the reference, and then no data tells them apart.
pub fn check(ex: ExerciseRef<'_>, grader: &Grader) -> Vec<Diagnostic> {
    let Exercise::Query(q) = ex.exercise else {
        return Vec::new();
    };
    if q.expectation.is_some() {
        return Vec::new(); // A closed pack has no reference to mutate.
    }
    let (Ok(exp), Ok(pristine)) = (grader.expectation_for(ex), grader.pristine(ex.dataset()))
    else {
        return Vec::new(); // Reported by the query check.
    };
    let Some((printed, mutants)) = mutants(&q.solution) else {
        return Vec::new();
    };
    let (exp, pristine) = (&*exp, &*pristine);
    // sqlparser must print the reference back to something SQLite reads the
    // same way; otherwise its mutants would say nothing about the reference.
    if !grade_query_bounded(exp, pristine, &printed).passed {
        return Vec::new();
    }
    let file = &ex.lesson.path;
    let at = ex.at("solution");
    let mut out = Vec::new();
    for mutant in mutants {
        let verdict = grade_query_bounded(exp, pristine, &mutant.sql);
        if verdict.error.is_some() || verdict.diff.is_some() || verdict.known_mistake.is_some() {
            // It does not run, the visible data already shows the difference,
            // or a listed wrong answer covers it (checked on its own).
            continue;
        }
        let what = format!("{}: `{}`", mutant.description, one_line(&mutant.sql));
        let warning = match &verdict.counterexample {
            Some(c) => {
                let fix = if c.setup.is_empty() {
                    "store the rows in an order other than the ORDER BY's (insert them out of order), \
                     so that leaving ORDER BY out shows a wrong order"
                        .to_string()
                } else {
                    format!("add a row such as: {}", c.change)
                };
                Diagnostic::warning(
                    file,
                    at,
                    format!(
                        "your dataset cannot distinguish the reference from this mutant ({what}); \
                         only a hidden variant catches it, so a learner who writes it sees the right rows and is told they are wrong"
                    ),
                )
                .with_fix(fix)
            }
            // DISTINCT that changes nothing even on the variants that copy
            // rows under fresh keys: the output carries a key; equivalent.
            // ORDER BY that changes nothing even on the reversed scan: SQLite
            // produces that order anyway (GROUP BY, an index); no row fixes it.
            None if matches!(
                mutant.kind,
                MutantKind::DistinctAdded
                    | MutantKind::DistinctDropped
                    | MutantKind::OrderByDropped
            ) =>
            {
                continue;
            }
            None => Diagnostic::warning(
                file,
                at,
                format!(
                    "neither your dataset nor any variant sqldojo derives from it can distinguish the reference from this mutant ({what}): \
                     a learner who writes it is accepted"
                ),
            )
            .with_fix(format!(
                "if the mutant is wrong for this task, add {} to the dataset; \
                 if it is just as right, make the prompt or the reference say why",
                mutant.kind.telling_rows()
            )),
        };
        out.push(warning);
    }
    out
}

fn one_line(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(sql: &str) -> Vec<(String, String)> {
        mutants(sql)
            .unwrap()
            .1
            .into_iter()
            .map(|m| (m.description, m.sql))
            .collect()
    }

    #[test]
    fn rewrites_each_site_once() {
        let m = kinds(
            "SELECT DISTINCT u.name FROM users u LEFT JOIN orders o ON o.user_id = u.id \
             WHERE o.amount <= 100 ORDER BY u.name",
        );
        let text: Vec<String> = m.iter().map(|(d, s)| format!("{d}: {s}")).collect();
        assert!(
            text.iter()
                .any(|t| t.starts_with("INNER JOIN for LEFT JOIN") && t.contains("INNER JOIN")),
            "{text:#?}"
        );
        assert!(
            text.iter()
                .any(|t| t.starts_with("the ORDER BY left out") && !t.contains("ORDER BY u")),
            "{text:#?}"
        );
        assert!(
            text.iter()
                .any(|t| t.starts_with("SELECT for SELECT DISTINCT") && !t.contains("DISTINCT u")),
            "{text:#?}"
        );
        assert!(
            text.iter()
                .any(|t| t.starts_with("`<` for `<=`") && t.contains("o.amount < 100")),
            "{text:#?}"
        );
    }

    #[test]
    fn swaps_window_functions_and_union() {
        let m = kinds(
            "SELECT name, DENSE_RANK() OVER (ORDER BY salary) FROM staff \
             UNION SELECT name, 0 FROM users",
        );
        let text: Vec<&str> = m.iter().map(|(d, _)| d.as_str()).collect();
        assert!(text.contains(&"RANK for DENSE_RANK"), "{text:?}");
        assert!(text.contains(&"ROW_NUMBER for DENSE_RANK"), "{text:?}");
        assert!(text.contains(&"UNION ALL for UNION"), "{text:?}");
        assert!(!text.contains(&"SELECT DISTINCT for SELECT"), "{text:?}");
    }

    #[test]
    fn no_distinct_where_it_cannot_matter() {
        let none = |sql: &str| {
            !kinds(sql)
                .iter()
                .any(|(d, _)| d.contains("DISTINCT for SELECT"))
        };
        assert!(none("SELECT dept, count(*) FROM staff GROUP BY dept"));
        assert!(none("SELECT count(*), max(salary) FROM staff"));
        assert!(!none("SELECT count(*) FROM staff GROUP BY dept"));
        // DISTINCT inside IN or EXISTS changes nothing: not dropped there.
        assert!(
            !kinds("SELECT name FROM users WHERE id IN (SELECT DISTINCT user_id FROM orders)")
                .iter()
                .any(|(d, _)| d == "SELECT for SELECT DISTINCT")
        );
    }
}
