//! Checking a plan against an exercise's rules, and its cost against the
//! budget. Each miss quotes the plan line at fault (or the counter) and
//! says what to look at.

use serde::Serialize;

use super::names::Names;
use crate::engine::Counters;
use crate::engine::plan::{Plan, PlanNode, Step, TempPurpose, Using};
use crate::lesson::kinds::{CostBudget, PlanRule, TempBtreeFor};

/// The outcome of one rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleCheck {
    /// The rule in words: "no full scan of `products`".
    pub rule: String,
    /// True when the plan satisfies it.
    pub passed: bool,
    /// The plan line at fault, as SQLite printed it.
    pub line: Option<String>,
    /// What went wrong and what to look at (empty when passed).
    pub advice: String,
}

/// The outcome of one cost limit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BudgetCheck {
    /// `vm_steps` or `fullscan_steps`.
    pub counter: String,
    /// The learner's value.
    pub yours: u64,
    /// The reference's value.
    pub reference: u64,
    /// The allowed multiple of the reference.
    pub ratio: f64,
    /// The most allowed: the ratio times the reference, rounded up.
    pub allowed: u64,
    /// True when within the budget.
    pub passed: bool,
}

/// What the rules look at.
pub struct Facts<'a> {
    /// The final query's plan.
    pub plan: &'a Plan,
    /// Tables, aliases and indexes.
    pub names: &'a Names,
    /// Counters summed over the submission's queries.
    pub counters: Counters,
    /// Number of queries in the submission.
    pub queries: usize,
}

/// Describes a rule in words.
pub fn describe(rule: &PlanRule) -> String {
    match rule {
        PlanRule::UsesIndex(i) => format!("uses the index `{i}`"),
        PlanRule::UsesAnyIndexOn(t) => format!("reads `{t}` through an index"),
        PlanRule::NoFullScan(t) => format!("no full scan of `{t}`"),
        PlanRule::NoTempBtree(c) => format!("no temporary B-tree for {}", clause(*c)),
        PlanRule::CoveringIndex(t) => format!("`{t}` is read from a covering index"),
        PlanRule::NoAutomaticIndex => "no automatic index".into(),
        PlanRule::NoCorrelatedSubquery => "no correlated subquery".into(),
        PlanRule::MaxQueries(n) => format!("at most {n} quer{}", if *n == 1 { "y" } else { "ies" }),
    }
}

fn clause(c: TempBtreeFor) -> &'static str {
    match c {
        TempBtreeFor::OrderBy => "ORDER BY",
        TempBtreeFor::GroupBy => "GROUP BY",
        TempBtreeFor::Distinct => "DISTINCT",
    }
}

/// Checks one rule.
pub fn check(rule: &PlanRule, facts: &Facts<'_>) -> RuleCheck {
    let fail = |line: Option<&PlanNode>, advice: String| RuleCheck {
        rule: describe(rule),
        passed: false,
        line: line.map(|n| n.detail.clone()),
        advice,
    };
    let steps: Vec<(&PlanNode, Step)> = facts.plan.steps().collect();
    let on = |table: &str| {
        let table = table.to_lowercase();
        steps
            .iter()
            .filter(move |(_, s)| {
                s.access()
                    .is_some_and(|a| facts.names.table_of(a).as_deref() == Some(table.as_str()))
            })
            .collect::<Vec<_>>()
    };
    let outcome = match rule {
        PlanRule::UsesIndex(index) => {
            let used = steps.iter().any(|(_, s)| match s {
                Step::Scan(a) | Step::Search(a) => {
                    matches!(&a.using, Using::Index { name, .. } if name.eq_ignore_ascii_case(index))
                }
                Step::InOperator { name } => name.eq_ignore_ascii_case(index),
                _ => false,
            });
            if used {
                None
            } else {
                let table = facts.names.table_of_index(index);
                let line = table.as_deref().and_then(|t| on(t).first().map(|(n, _)| *n));
                Some(fail(
                    line,
                    format!(
                        "SQLite does not use `{index}` for this query. An index is only used when the query \
                         compares its leading column directly (`col = ?`, a range, a prefix): not inside a \
                         function, not after a leading `%` in LIKE, and with the same collation."
                    ),
                ))
            }
        }
        PlanRule::UsesAnyIndexOn(table) => {
            let steps_on = on(table);
            if steps_on.iter().any(|(_, s)| s.access().is_some_and(|a| a.using.is_index())) {
                None
            } else {
                Some(fail(
                    steps_on.first().map(|(n, _)| *n),
                    format!(
                        "`{table}` is read without an index. Look at what the query compares in `{table}`: \
                         an index helps when its leading column is compared directly with `=`, `IN` or a \
                         range — create one, or rewrite the condition so that an existing one fits."
                    ),
                ))
            }
        }
        PlanRule::NoFullScan(table) => {
            let scans: Vec<_> = on(table)
                .into_iter()
                .filter(|(_, s)| match s {
                    Step::Scan(a) => !matches!(&a.using,
                        Using::Index { name, .. } if facts.names.is_partial(name)),
                    _ => false,
                })
                .collect();
            match scans.first() {
                None => None,
                Some((node, step)) => {
                    let through_index = step.access().is_some_and(|a| a.using.is_index());
                    Some(fail(
                        Some(node),
                        if through_index {
                            format!(
                                "SCAN reads every entry of an index on `{table}` from one end to the other. \
                                 Nothing in the query lets SQLite seek to the rows it needs: compare the \
                                 index's leading column with `=` or a range."
                            )
                        } else {
                            format!(
                                "SCAN means SQLite reads every row of `{table}` and tests each one. Look at \
                                 the WHERE (or JOIN) condition on `{table}`: is there an index it can use, and \
                                 does the condition compare the indexed column itself (no function around it, \
                                 no leading `%` wildcard)?"
                            )
                        },
                    ))
                }
            }
        }
        PlanRule::NoTempBtree(c) => {
            let hit = steps.iter().find(|(_, s)| match (s, c) {
                (Step::TempBtree(TempPurpose::OrderBy { .. }), TempBtreeFor::OrderBy) => true,
                (Step::TempBtree(TempPurpose::GroupBy), TempBtreeFor::GroupBy) => true,
                (Step::TempBtree(TempPurpose::Distinct), TempBtreeFor::Distinct) => true,
                (Step::TempBtree(TempPurpose::Aggregate { what }), TempBtreeFor::Distinct) => {
                    what.contains("DISTINCT")
                }
                _ => false,
            });
            hit.map(|(node, _)| {
                fail(
                    Some(node),
                    match c {
                        TempBtreeFor::OrderBy => "SQLite collects the rows and sorts them before returning any. \
                             An index whose columns follow the ORDER BY (after the columns WHERE compares with \
                             `=`) hands them over already in order — and lets a LIMIT stop early."
                            .into(),
                        TempBtreeFor::GroupBy => "SQLite sorts the rows to put each group together. An index \
                             on the GROUP BY columns delivers the rows already grouped."
                            .into(),
                        TempBtreeFor::Distinct => "SQLite remembers every row it has returned to drop \
                             duplicates. If the duplicates come from a join that only asks \"is there one?\", \
                             say that with EXISTS (or IN) instead of joining and deduplicating."
                            .into(),
                    },
                )
            })
        }
        PlanRule::CoveringIndex(table) => {
            let steps_on = on(table);
            let not_covering = steps_on
                .iter()
                .find(|(_, s)| s.access().is_some_and(|a| !a.using.is_covering()));
            match (steps_on.is_empty(), not_covering) {
                (false, None) => None,
                (_, found) => Some(fail(
                    found.map(|(n, _)| *n),
                    format!(
                        "Each row found in the index still costs a lookup in `{table}` itself to fetch the \
                         other columns. Put every column the query reads from `{table}` into the index \
                         (searched columns first), and SQLite never touches the table."
                    ),
                )),
            }
        }
        PlanRule::NoAutomaticIndex => {
            let auto = steps.iter().find(|(_, s)| {
                s.access()
                    .is_some_and(|a| matches!(a.using, Using::AutomaticIndex { .. }))
            });
            if auto.is_none() && facts.counters.autoindex == 0 {
                None
            } else {
                Some(fail(
                    auto.map(|(n, _)| *n),
                    format!(
                        "SQLite found no index for this join, so it built a temporary one for this query \
                         alone ({} rows inserted into automatic indexes) and throws it away afterwards. \
                         Create the index on the joined column yourself.",
                        facts.counters.autoindex
                    ),
                ))
            }
        }
        PlanRule::NoCorrelatedSubquery => {
            let hit = steps
                .iter()
                .find(|(_, s)| matches!(s, Step::Subquery { correlated: true, .. }));
            hit.map(|(node, _)| {
                fail(
                    Some(node),
                    "This subquery refers to the outer row, so SQLite runs it again for every outer row. \
                     Compute it once for all rows: join to a grouped subquery, or use a window function."
                        .into(),
                )
            })
        }
        PlanRule::MaxQueries(n) => (facts.queries > *n as usize).then(|| {
            fail(
                None,
                format!(
                    "Your submission runs {} queries; an application would pay a round trip for each. \
                     Fetch the same rows in {}: a join, or `IN (...)` over the ids the first query found.",
                    facts.queries,
                    if *n == 1 { "one".to_string() } else { n.to_string() }
                ),
            )
        }),
    };
    outcome.unwrap_or_else(|| RuleCheck {
        rule: describe(rule),
        passed: true,
        line: None,
        advice: String::new(),
    })
}

/// Checks the budget: each limit against the reference's counters.
pub fn budget(budget: &CostBudget, yours: Counters, reference: Counters) -> Vec<BudgetCheck> {
    let mut out = Vec::new();
    let mut limit = |counter: &str, ratio: Option<f64>, yours: u64, reference: u64| {
        if let Some(ratio) = ratio {
            let allowed = (ratio * reference as f64).ceil() as u64;
            out.push(BudgetCheck {
                counter: counter.into(),
                yours,
                reference,
                ratio,
                allowed,
                passed: yours <= allowed,
            });
        }
    };
    limit(
        "vm_steps",
        budget.vm_steps_ratio,
        yours.vm_steps,
        reference.vm_steps,
    );
    limit(
        "fullscan_steps",
        budget.fullscan_steps_ratio,
        yours.fullscan_steps,
        reference.fullscan_steps,
    );
    out
}

/// A counter's short name for people: `VM steps`, `full-scan steps`.
pub fn counter_label(counter: &str) -> &str {
    match counter {
        "vm_steps" => "VM steps",
        "fullscan_steps" => "full-scan steps",
        other => other,
    }
}

/// A budget miss in words.
pub fn describe_budget(b: &BudgetCheck) -> String {
    let what = match b.counter.as_str() {
        "vm_steps" => "virtual machine steps",
        other => counter_label(other),
    };
    format!(
        "{what}: yours {}, the reference {}; the budget is {}× the reference ({})",
        thousands(b.yours),
        thousands(b.reference),
        trim_float(b.ratio),
        thousands(b.allowed)
    )
}

/// `12345` -> `12,345`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn trim_float(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
