//! Grading plan exercises: the rows first, through every layer of a query
//! exercise (the learner's setup statements run on every copy of the data
//! before their query), then the plan of the final query against the
//! exercise's rules, then its cost counters against the reference's.

pub mod names;
pub mod rules;

use std::time::Instant;

use serde::Serialize;

use self::names::{Names, Signature};
use self::rules::{BudgetCheck, Facts, RuleCheck};
use super::compare::compare;
use super::expectation::{BuildError, Expectation, run_script_on, sandbox_for};
use super::query::{check_visible, grade_with};
use super::verdict::{Outcome, Verdict};
use crate::dataset::Pristine;
use crate::engine::plan::Plan;
use crate::engine::{Counters, Profile, ResultSet, RunError};
use crate::lesson::kinds::{CostBudget, PlanExercise, PlanRule, SetupPolicy};
use crate::sqltext::highlight::{Class, classify};

/// Cost of a submission on the visible data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cost {
    /// Counters summed over its queries.
    pub counters: Counters,
    /// Number of queries (statements returning rows).
    pub queries: usize,
    /// Wall time of the queries in milliseconds (varies run to run: shown, never graded).
    pub elapsed_ms: f64,
}

/// The plan and cost part of a verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanReport {
    /// The plan of the final query (nodes with `id`, `parent`, `detail`).
    pub plan: Plan,
    /// The plan drawn as a tree (ASCII), for plain front ends.
    pub tree: Vec<String>,
    /// The submission's cost.
    pub cost: Cost,
    /// The reference's cost on the same data.
    pub reference: Cost,
    /// Each rule and whether it held.
    pub rules: Vec<RuleCheck>,
    /// Each cost limit and whether it held.
    pub budget: Vec<BudgetCheck>,
}

impl PlanReport {
    /// True when every rule and limit held.
    pub fn passed(&self) -> bool {
        self.rules.iter().all(|r| r.passed) && self.budget.iter().all(|b| b.passed)
    }
}

/// A known wrong answer, as it behaves on the visible data.
#[derive(Debug, Clone)]
struct KnownMistake {
    /// True when it returns the reference's rows on the visible data (a
    /// plan mistake), false when its rows differ (a result mistake).
    rows_right: bool,
    /// How many queries it runs.
    queries: usize,
    /// Its statements before the final query, and the final query.
    script: Option<(String, String)>,
    result: Option<ResultSet>,
    signature: Option<Signature>,
    feedback: String,
}

/// Everything needed to grade answers to one plan exercise.
#[derive(Debug, Clone)]
pub struct PlanExpectation {
    /// The reference's rows on the data and its variants.
    pub rows: Expectation,
    /// The reference's cost on the visible data.
    pub reference: Cost,
    rules: Vec<PlanRule>,
    budget: Option<CostBudget>,
    allow_setup: SetupPolicy,
    mistakes: Vec<KnownMistake>,
    read_only: bool,
    /// Most VM steps a submitted query may take: past it, the budget is
    /// certainly missed, so it is stopped instead of run to the end.
    step_limit: Option<u64>,
}

/// Profiles a script on a fresh copy of the visible data; returns the
/// profile and the names known after it ran.
fn profile_visible(
    pristine: &Pristine,
    script: &str,
    query_steps: Option<u64>,
) -> Result<(Profile, Option<Names>), RunError> {
    let mut sandbox =
        sandbox_for(pristine, None).map_err(|message| RunError::Sqlite { message, code: -1 })?;
    let before = names::index_definitions(sandbox.connection());
    let profile = sandbox.profile_limited(script, query_steps)?;
    let names = profile.final_query().map(|q| {
        let mut names = Names::new(sandbox.connection(), &script[q.range.clone()]);
        names.created = names::index_definitions(sandbox.connection())
            .difference(&before)
            .cloned()
            .collect();
        names
    });
    Ok((profile, names))
}

/// The VM steps past which a query certainly misses a budget of
/// `vm_steps_ratio` times the reference's.
/// Variants a plan exercise checks rows on: fewer than a query exercise's,
/// since each one rebuilds the learner's indexes on a copy of the data.
const PLAN_VARIANTS: usize = 12;

fn step_limit(budget: Option<&CostBudget>, reference_steps: u64) -> Option<u64> {
    // Generous: a query a few times over budget still runs to the end, so
    // its rows are checked first (a slow query may be wrong too); only one
    // that is hopelessly over is stopped early.
    let ratio = budget?.vm_steps_ratio?.max(20.0);
    Some((ratio * reference_steps as f64) as u64 + 1_000_000)
}

fn cost_of(profile: &Profile) -> Cost {
    Cost {
        counters: profile.query_counters(),
        queries: profile.queries().count(),
        elapsed_ms: profile.query_elapsed().as_secs_f64() * 1e3,
    }
}

impl PlanExpectation {
    /// Runs the reference and each known wrong answer.
    pub fn build(pristine: &Pristine, exercise: &PlanExercise) -> Result<Self, BuildError> {
        let (profile, _) =
            profile_visible(pristine, &exercise.solution, None).map_err(BuildError::Reference)?;
        let limit = step_limit(exercise.budget.as_ref(), profile.query_counters().vm_steps);
        let Some(last) = profile.final_query() else {
            return Err(BuildError::Reference(RunError::Sqlite {
                message: "the reference must end with a query (a statement that returns rows)"
                    .into(),
                code: -1,
            }));
        };
        if let Some(problem) = setup_problem(exercise.allow_setup, &exercise.solution, &profile) {
            return Err(BuildError::Reference(RunError::Sqlite {
                message: format!("the reference breaks its own `allow_setup`: {problem}"),
                code: -1,
            }));
        }
        let setup = profile.before_final(&exercise.solution);
        let query = &exercise.solution[last.range.clone()];
        let rows = Expectation::build_with_setup(pristine, setup, query, &[], PLAN_VARIANTS)?;
        let mistakes = exercise
            .wrong_answers
            .iter()
            .map(|w| {
                let run = profile_visible(pristine, &w.sql, limit).ok();
                let stopped = run.as_ref().is_some_and(|(p, _)| p.stopped_at_step_limit);
                let script = run.as_ref().and_then(|(p, _)| {
                    p.final_query().map(|q| {
                        (
                            p.before_final(&w.sql).to_string(),
                            w.sql[q.range.clone()].to_string(),
                        )
                    })
                });
                let (result, signature) = match &run {
                    Some((p, names)) => (
                        p.final_query().map(|q| q.result.clone()),
                        p.final_query()
                            .and_then(|q| q.plan.as_ref())
                            .zip(names.as_ref())
                            .map(|(plan, names)| names.signature(plan)),
                    ),
                    None => (None, None),
                };
                KnownMistake {
                    queries: run.as_ref().map_or(0, |(p, _)| p.queries().count()),
                    // Stopped over the budget: a plan-level mistake; its
                    // plan, not its rows, identifies it.
                    rows_right: stopped
                        || result.as_ref().is_some_and(|r| {
                            let v = rows.visible();
                            compare(&v.expected, v.sort_keys.as_deref(), r).is_none()
                        }),
                    script,
                    result: result.filter(|_| !stopped),
                    signature,
                    feedback: w.feedback.trim().to_string(),
                }
            })
            .collect();
        Ok(PlanExpectation {
            rows,
            reference: cost_of(&profile),
            rules: exercise.rules.clone(),
            budget: exercise.budget.clone(),
            allow_setup: exercise.allow_setup,
            mistakes,
            read_only: pristine.read_only_file().is_some(),
            step_limit: limit,
        })
    }

    /// The known mistake with right rows whose plan (and created indexes)
    /// match a signature.
    fn plan_mistake(&self, signature: &Signature) -> Option<&KnownMistake> {
        self.mistakes
            .iter()
            .find(|m| m.rows_right && m.signature.as_ref() == Some(signature))
    }
}

/// Grades one submission.
pub fn grade_plan(exp: &PlanExpectation, pristine: &Pristine, answer: &str) -> Verdict {
    let started = Instant::now();
    let mut verdict = grade_inner(exp, pristine, answer);
    verdict.elapsed_ms = started.elapsed().as_millis() as u64;
    verdict
}

fn grade_inner(exp: &PlanExpectation, pristine: &Pristine, answer: &str) -> Verdict {
    let (profile, names) = match profile_visible(pristine, answer, exp.step_limit) {
        Ok(p) => p,
        Err(e) => return error_verdict(e, exp.read_only),
    };
    if let Some(problem) = setup_problem(exp.allow_setup, answer, &profile) {
        let mut v = Verdict::new(Outcome::Refused, problem);
        v.push(match exp.allow_setup {
            SetupPolicy::None => "This exercise is about rewriting the query: submit only queries.",
            _ => "Before the query, this exercise allows only index statements: CREATE [UNIQUE] INDEX, DROP INDEX, ANALYZE, REINDEX.",
        });
        return v;
    }
    let (Some(last), Some(names)) = (profile.final_query(), names) else {
        return Verdict::new(
            Outcome::Error,
            "Your submission must end with the query (a SELECT): setup statements first, the query last.",
        );
    };
    let plan = last.plan.clone().unwrap_or_default();
    let cost = cost_of(&profile);
    let facts = Facts {
        plan: &plan,
        names: &names,
        counters: cost.counters,
        queries: cost.queries,
    };
    let mut report = PlanReport {
        tree: plan.tree_lines(false),
        plan: plan.clone(),
        cost: cost.clone(),
        reference: exp.reference.clone(),
        rules: exp.rules.iter().map(|r| rules::check(r, &facts)).collect(),
        budget: exp
            .budget
            .as_ref()
            .map(|b| rules::budget(b, cost.counters, exp.reference.counters))
            .unwrap_or_default(),
    };
    let signature = names.signature(&plan);

    // N+1: the statement count decides before the rows (the last of many
    // queries cannot return the whole answer).
    if let Some(miss) = exp
        .rules
        .iter()
        .zip(&report.rules)
        .find(|(rule, check)| matches!(rule, PlanRule::MaxQueries(_)) && !check.passed)
        .map(|(_, check)| check.clone())
    {
        let mut v = Verdict::new(
            Outcome::Wrong,
            format!("{} queries where one would do.", cost.queries),
        );
        v.push(miss.advice);
        // A known mistake that also runs too many queries, ending the same way.
        if let Some(m) = exp
            .mistakes
            .iter()
            .find(|m| m.queries == cost.queries && m.signature.as_ref() == Some(&signature))
        {
            v.push(m.feedback.clone());
            v.known_mistake = Some(m.feedback.clone());
        }
        report.budget.clear();
        v.plan = Some(report);
        return v;
    }

    // Stopped at the step limit: far over the budget, rows unknown.
    if profile.stopped_at_step_limit {
        let mut v = plan_miss(exp, &report, &plan, &signature);
        v.push(format!(
            "It was stopped after {} VM steps, well past the budget, so its rows were not checked.",
            rules::thousands(cost.counters.vm_steps)
        ));
        v.plan = Some(report);
        return v;
    }

    // The rows on the visible data.
    let query = &answer[last.range.clone()];
    if let Some(mut v) = check_visible(&exp.rows, query, &last.result) {
        if v.known_mistake.is_none()
            && let Some(m) = exp.mistakes.iter().find(|m| {
                !m.rows_right
                    && m.result
                        .as_ref()
                        .is_some_and(|r| compare(r, None, &last.result).is_none())
            })
        {
            v.push(m.feedback.clone());
            v.known_mistake = Some(m.feedback.clone());
        }
        v.plan = Some(report);
        return v;
    }

    // The plan and the cost, before the (slower) variants.
    if !report.passed() {
        let mut v = plan_miss(exp, &report, &plan, &signature);
        v.result = Some(last.result.clone());
        v.plan = Some(report);
        return v;
    }

    // Every variant, with the learner's setup applied to each copy.
    let setup = profile.before_final(answer);
    let mut visible = Some(last.result.clone());
    let mut verdict = grade_with(&exp.rows, query, |variant| match variant {
        None => match visible.take() {
            Some(r) => Ok(r),
            None => run_script_on(pristine, None, setup, query),
        },
        Some(v) => run_script_on(pristine, Some(v), setup, query),
    });
    if !verdict.passed && verdict.known_mistake.is_none() {
        if let Some(feedback) = mistake_on_variant(exp, pristine, &verdict, setup, query) {
            verdict.push(feedback.clone());
            verdict.known_mistake = Some(feedback);
        }
    }
    if verdict.passed {
        let headline = format!(
            "Correct, and fast: {} VM steps (the reference: {}).",
            rules::thousands(cost.counters.vm_steps),
            rules::thousands(exp.reference.counters.vm_steps)
        );
        verdict.messages[0] = headline.clone();
        verdict.headline = headline;
    }
    verdict.plan = Some(report);
    verdict
}

/// The verdict for right rows with a plan that misses rules or the budget:
/// each offending plan line once with its advice, each counter over budget,
/// and the feedback of the known mistake with the same plan.
fn plan_miss(
    exp: &PlanExpectation,
    report: &PlanReport,
    plan: &Plan,
    signature: &Signature,
) -> Verdict {
    let missed_rules: Vec<&RuleCheck> = report.rules.iter().filter(|r| !r.passed).collect();
    let headline = if missed_rules.is_empty() {
        "Right rows, but the query costs too much.".to_string()
    } else {
        format!(
            "Right rows, but the plan misses {}: {}.",
            if missed_rules.len() == 1 {
                "a rule".to_string()
            } else {
                format!("{} rules", missed_rules.len())
            },
            missed_rules
                .iter()
                .map(|r| r.rule.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    let mut v = Verdict::new(Outcome::Wrong, headline);
    let mut quoted: Vec<&str> = Vec::new();
    for r in &missed_rules {
        match &r.line {
            // One explanation per offending line is enough.
            Some(line) if quoted.contains(&line.as_str()) => {}
            Some(line) => {
                quoted.push(line);
                v.push(format!("Your plan: `{line}` — {}", r.advice));
            }
            None => v.push(r.advice.clone()),
        }
    }
    for b in report.budget.iter().filter(|b| !b.passed) {
        v.push(format!("Over budget on {}.", rules::describe_budget(b)));
    }
    if missed_rules.is_empty() {
        v.push(look_at(plan));
    }
    if let Some(m) = exp.plan_mistake(signature) {
        v.push(m.feedback.clone());
        v.known_mistake = Some(m.feedback.clone());
    }
    v
}

/// The known mistake that returns the learner's rows on the variant that
/// caught them (right on the visible data, wrong when the data changes).
fn mistake_on_variant(
    exp: &PlanExpectation,
    pristine: &Pristine,
    verdict: &Verdict,
    setup: &str,
    query: &str,
) -> Option<String> {
    let c = verdict.counterexample.as_ref()?;
    let variant = exp
        .rows
        .cases
        .iter()
        .filter_map(|case| case.variant.as_ref())
        .find(|v| v.setup == c.setup && v.description == c.change)?;
    let theirs = run_script_on(pristine, Some(variant), setup, query).ok()?;
    exp.mistakes.iter().find_map(|m| {
        let (m_setup, m_query) = m.script.as_ref()?;
        let rows = run_script_on(pristine, Some(variant), m_setup, m_query).ok()?;
        compare(&rows, None, &theirs)
            .is_none()
            .then(|| m.feedback.clone())
    })
}

/// Where to look when only the budget missed: the steps that read the most.
fn look_at(plan: &Plan) -> String {
    let scans: Vec<String> = plan
        .steps()
        .filter(|(_, s)| {
            matches!(s, crate::engine::plan::Step::Scan(_))
                || matches!(
                    s,
                    crate::engine::plan::Step::Subquery {
                        correlated: true,
                        ..
                    }
                )
        })
        .map(|(n, _)| format!("`{}`", n.detail))
        .collect();
    if scans.is_empty() {
        "Look at each SEARCH in your plan: how much of the index does its constraint narrow down? \
         A range on the first index column reads far more than `=` on it followed by a range."
            .into()
    } else {
        format!(
            "Look at {}: steps like these visit rows in bulk (or once per outer row).",
            scans.join(", ")
        )
    }
}

/// The verdict for a submission that did not run, explaining a read-only dataset.
fn error_verdict(e: RunError, read_only: bool) -> Verdict {
    let readonly = matches!(&e, RunError::Sqlite { code, .. } if code & 0xff == 8);
    let mut v = Verdict::from_error(e);
    if read_only && readonly {
        v.push(
            "This dataset is the full-scale catalog, opened read-only so that it is never copied: \
             it already has the lab's indexes, and only queries (rewrites) can run on it.",
        );
    }
    v
}

/// Why a submission's statements before the final query are not allowed.
fn setup_problem(policy: SetupPolicy, script: &str, profile: &Profile) -> Option<String> {
    if policy == SetupPolicy::Any {
        return None;
    }
    profile
        .statements
        .iter()
        .filter(|s| !s.is_query())
        .find_map(|s| {
            let text = &script[s.range.clone()];
            let words = leading_words(text);
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            let index_ddl = matches!(
                words.as_slice(),
                ["CREATE", "INDEX", ..]
                    | ["CREATE", "UNIQUE", "INDEX", ..]
                    | ["DROP", "INDEX", ..]
                    | ["ANALYZE", ..]
                    | ["REINDEX", ..]
            );
            let allowed = policy == SetupPolicy::Indexes && index_ddl;
            (!allowed).then(|| {
                format!(
                    "`{}` is not allowed here.",
                    text.trim().lines().next().unwrap_or("").trim()
                )
            })
        })
}

/// The first three words of a statement, upper-cased, comments skipped.
fn leading_words(text: &str) -> Vec<String> {
    classify(text)
        .into_iter()
        .filter(|(_, class)| matches!(class, Class::Keyword | Class::Identifier))
        .take(3)
        .map(|(range, _)| text[range].to_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_words_skip_comments() {
        assert_eq!(
            leading_words("-- make it fast\nCREATE /* x TABLE */ UNIQUE INDEX i ON t (a)"),
            vec!["CREATE", "UNIQUE", "INDEX"]
        );
        assert_eq!(
            leading_words("create table t (x)"),
            vec!["CREATE", "TABLE", "T"]
        );
    }
}
