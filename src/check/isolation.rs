//! Checks of an isolation exercise: the schedule is well formed, every step
//! does on real SQLite exactly what the lesson states, known wrong
//! predictions are wrong, and for `fix` the schedule as written breaks the
//! invariant, the solution keeps it on every variant, and each known wrong
//! rewrite fails in a way of its own.

use crate::dataset::Pristine;
use crate::engine::sessions::{LabMode, StepOutcome};
use crate::grade::isolation::prediction::{Prediction, of_outcome};
use crate::grade::isolation::schedule::{self, Origin};
use crate::grade::isolation::{FixRun, run_fix};
use crate::grade::{Grader, isolation};
use crate::lesson::kinds::{IsolationExercise, IsolationForm};
use crate::lesson::{Diagnostic, ExerciseRef};

/// Checks one isolation exercise: structure, then every step on real SQLite.
pub fn check(ex: ExerciseRef<'_>, x: &IsolationExercise, grader: &Grader) -> Vec<Diagnostic> {
    let file = &ex.lesson.path;
    let mut out = structure(ex, x);
    if out.iter().any(Diagnostic::is_error) {
        return out;
    }
    let pristine = match grader.pristine(ex.dataset()) {
        Ok(p) => p,
        Err(e) => return vec![Diagnostic::error(file, ex.at(""), e.to_string())],
    };
    if x.steps.is_empty() {
        // Free play: the lab must at least open.
        let planned = schedule::as_written(x, None);
        if let Err(e) = isolation::run_planned(&pristine, x, &planned) {
            out.push(Diagnostic::error(file, ex.at("setup"), e.to_string()));
        }
        return out;
    }
    let outcomes = match schedule_outcomes(ex, x, &pristine) {
        Ok(outcomes) => outcomes,
        Err(mut problems) => {
            out.append(&mut problems);
            return out;
        }
    };
    match x.form {
        IsolationForm::Predict => out.extend(predictions(ex, x, &outcomes, grader)),
        IsolationForm::Fix => out.extend(fix(ex, x, &pristine)),
        IsolationForm::FreePlay => {}
    }
    out
}

/// Problems that need no database.
fn structure(ex: ExerciseRef<'_>, x: &IsolationExercise) -> Vec<Diagnostic> {
    let file = &ex.lesson.path;
    let mut out = Vec::new();
    if x.form == IsolationForm::Predict {
        let asked: Vec<usize> = crate::grade::isolation::predict_asked(x)
            .iter()
            .map(|i| i + 1)
            .collect();
        let named = steps_named(&x.prompt);
        if !named.is_empty() && named != asked {
            out.push(
                Diagnostic::warning(
                    file,
                    ex.at("prompt"),
                    format!(
                        "the prompt names step(s) {named:?}, but the asked steps are {asked:?}"
                    ),
                )
                .with_fix("name the steps marked `ask: true`, or mark the ones the prompt names"),
            );
        }
    }
    let mut error = |field: &str, message: String, fix: &str| {
        out.push(Diagnostic::error(file, ex.at(field), message).with_fix(fix.to_string()));
    };
    for (i, step) in x.steps.iter().enumerate() {
        let field = format!("steps[{i}]");
        if step.statement().is_none() {
            error(
                &field,
                format!("step {} must name exactly one session", i + 1),
                "write the statement under its session: `- A: SELECT ...`",
            );
        }
        if step.error.as_ref().is_some_and(|e| e.code().is_none()) {
            error(
                &format!("{field}.error"),
                format!("step {}: SQLite has no error code by this name", i + 1),
                &format!(
                    "write the extended code's number, or one of: {}",
                    crate::engine::sessions::known_names().join(", ")
                ),
            );
        } else if let Err(e) = Prediction::of_step(step) {
            error(
                &field,
                format!("step {}: {e}", i + 1),
                "state one outcome per step",
            );
        }
        if step.ask && x.form != IsolationForm::Predict {
            error(
                &format!("{field}.ask"),
                format!("step {} is asked, but only `predict` exercises ask", i + 1),
                "remove `ask: true`, or make the exercise `form: predict`",
            );
        }
    }
    if !x.read_uncommitted.is_empty() && x.mode != LabMode::SharedCache {
        error(
            "read_uncommitted",
            "`read_uncommitted` changes nothing outside `mode: shared_cache`".into(),
            "use `mode: shared_cache` to show dirty reads, or remove the list",
        );
    }
    match x.form {
        IsolationForm::Predict => {
            if !x.steps.iter().any(|s| s.ask) {
                error(
                    "steps",
                    "a predict exercise asks at least one step".into(),
                    "mark the steps the learner predicts with `ask: true`",
                );
            }
        }
        IsolationForm::Fix => match &x.fix {
            None => error(
                "form",
                "a fix exercise needs `fix:` (session, check, result)".into(),
                "add `fix:` with the session the learner rewrites and the invariant query",
            ),
            Some(f) => {
                if x.turns().is_empty() {
                    error(
                        "fix.session",
                        format!("session {} has no steps to rewrite", f.session),
                        "name a session that runs in the schedule",
                    );
                }
                if x.solution.is_none() {
                    error(
                        "fix",
                        "a fix exercise needs a `solution`".into(),
                        "write the reference rewrite of the session, with `-- turn N` markers",
                    );
                }
            }
        },
        IsolationForm::FreePlay => {
            if !x.steps.is_empty() || x.fix.is_some() {
                error(
                    "form",
                    "free play has no schedule and no fix".into(),
                    "remove `steps` and `fix`, or choose `form: predict` or `fix`",
                );
            }
        }
    }
    if x.form != IsolationForm::Fix && x.fix.is_some() {
        error(
            "fix",
            "`fix:` belongs to fix exercises".into(),
            "remove it, or make the exercise `form: fix`",
        );
    }
    if matches!(x.form, IsolationForm::Predict | IsolationForm::Fix) && x.steps.is_empty() {
        error(
            "steps",
            "the exercise has no steps".into(),
            "write the schedule under `steps:`",
        );
    }
    out
}

/// Step numbers a prompt names: "step 4", "steps 3, 6 and 8".
fn steps_named(prompt: &str) -> Vec<usize> {
    let lower = prompt.to_ascii_lowercase();
    let mut named = Vec::new();
    for (at, _) in lower.match_indices("step") {
        let rest = lower[at + 4..].trim_start_matches('s');
        for word in rest.split_whitespace() {
            let word = word.trim_end_matches(['.', ',', ':', ')']);
            match word.parse::<usize>() {
                Ok(n) => named.push(n),
                Err(_) if word == "and" || word.is_empty() => {}
                Err(_) => break,
            }
        }
    }
    named.sort_unstable();
    named.dedup();
    named
}

/// Runs the schedule as written; each step must do what the lesson states.
/// Returns every step's outcome by step index.
fn schedule_outcomes(
    ex: ExerciseRef<'_>,
    x: &IsolationExercise,
    pristine: &Pristine,
) -> Result<Vec<StepOutcome>, Vec<Diagnostic>> {
    let file = &ex.lesson.path;
    let planned = schedule::as_written(x, None);
    let (steps, _lab) = isolation::run_planned(pristine, x, &planned).map_err(|e| {
        vec![
            Diagnostic::error(file, ex.at("setup"), e.to_string())
                .with_fix("the setup runs once on the lesson's dataset before the sessions open"),
        ]
    })?;
    let mut problems = Vec::new();
    let mut outcomes = Vec::new();
    for report in &steps {
        let Origin::Lesson { step } = report.origin else {
            continue;
        };
        let at = ex.at(&format!("steps[{step}]"));
        let outcome = &report.executed.outcome;
        outcomes.push(outcome.clone());
        let stated = Prediction::of_step(&x.steps[step]).expect("checked in structure");
        let label = format!("step {} ({})", step + 1, report.executed.session);
        if let StepOutcome::Rejected { message, .. } = outcome {
            problems.push(
                Diagnostic::error(file, at, format!("{label} does not run: {message}"))
                    .with_fix("each step is one statement that SQLite can run in the sandbox"),
            );
            continue;
        }
        if stated.matches(outcome) {
            continue;
        }
        let truth = of_outcome(outcome).expect("not rejected");
        let how = match &truth {
            Prediction::Rows(rows) => format!("rows: {}", json_rows(rows)),
            Prediction::Done { changes: Some(n) } => {
                format!("no `rows`/`error`, or `changes: {n}`")
            }
            Prediction::Done { changes: None } => "no `rows`/`error`".into(),
            Prediction::Error { code: Some(c) } => match crate::engine::sessions::code_name(*c) {
                Some(name) => format!("error: {name}"),
                None => format!("error: {c}"),
            },
            Prediction::Error { code: None } => "error".into(),
        };
        problems.push(
            Diagnostic::error(
                file,
                at,
                format!(
                    "{label}: the lesson states {}, but SQLite returns {}",
                    stated.describe(),
                    outcome.summary()
                ),
            )
            .with_fix(format!(
                "state what SQLite does ({how}), or change the schedule so that it does what the lesson says"
            )),
        );
    }
    if problems.is_empty() {
        Ok(outcomes)
    } else {
        Err(problems)
    }
}

/// Known wrong predictions are readable, about asked steps, and wrong; and
/// the right predictions pass the grader.
fn predictions(
    ex: ExerciseRef<'_>,
    x: &IsolationExercise,
    outcomes: &[StepOutcome],
    grader: &Grader,
) -> Vec<Diagnostic> {
    let file = &ex.lesson.path;
    let mut out = Vec::new();
    let asked = crate::grade::isolation::predict_asked(x);
    for (i, wrong) in x.wrong_answers.iter().enumerate() {
        let at = ex.at(&format!("wrong_answers[{i}].sql"));
        match crate::grade::isolation::parse_predictions(&wrong.sql, &asked, true) {
            Err(e) => out.push(
                Diagnostic::error(file, at, format!("wrong answer #{}: {e}", i + 1))
                    .with_fix("write `STEP: prediction` lines, e.g. `4: 11`, for asked steps"),
            ),
            Ok(lines) if lines.is_empty() => out.push(
                Diagnostic::error(file, at, format!("wrong answer #{} is empty", i + 1))
                    .with_fix("write `STEP: prediction` lines, e.g. `4: 11`"),
            ),
            Ok(lines) => {
                let all_right = lines.iter().all(|a| {
                    a.prediction
                        .as_ref()
                        .is_some_and(|p| p.matches(&outcomes[a.step]))
                });
                if all_right {
                    out.push(
                        Diagnostic::error(
                            file,
                            at,
                            format!(
                                "wrong answer #{} is right: SQLite does what it predicts",
                                i + 1
                            ),
                        )
                        .with_fix("a known wrong answer must be a mistake learners make; check the step numbers"),
                    );
                }
            }
        }
    }
    let right: String = asked
        .iter()
        .filter_map(|&s| of_outcome(&outcomes[s]).map(|p| format!("{}: {}\n", s + 1, p.describe())))
        .collect();
    match grader.grade(ex, &right) {
        Ok(v) if v.passed => {}
        Ok(v) => out.push(
            Diagnostic::error(
                file,
                ex.at("steps"),
                format!("the right predictions do not pass: {}", v.headline),
            )
            .with_fix("this is a grader bug; report it with the lesson file"),
        ),
        Err(e) => out.push(Diagnostic::error(file, ex.at(""), e.to_string())),
    }
    out
}

/// The schedule as written breaks the invariant; the solution keeps it on
/// every variant; each known wrong rewrite fails, in its own way.
fn fix(ex: ExerciseRef<'_>, x: &IsolationExercise, pristine: &Pristine) -> Vec<Diagnostic> {
    let file = &ex.lesson.path;
    let mut out = Vec::new();
    let f = x.fix.as_ref().expect("checked in structure");
    let count = x.turns().len();
    let run = |text: &str, variant: Option<usize>| -> Result<FixRun, String> {
        let turns = schedule::split_turns(text, count, f.session)?;
        run_fix(pristine, x, &turns, variant).map_err(|e| e.to_string())
    };
    let starter = x.starter_text().unwrap_or_default();
    let starter_field = match (&x.starter, x.turns().first()) {
        (None, Some(turn)) => format!("steps[{}]", turn[0]),
        _ => "starter".to_string(),
    };
    match run(&starter, None) {
        Err(e) => out.push(Diagnostic::error(file, ex.at(&starter_field), e)),
        Ok(r) if r.check.error.is_some() => out.push(
            Diagnostic::error(
                file,
                ex.at("fix.check"),
                format!(
                    "the check query fails: {}",
                    r.check.error.unwrap_or_default()
                ),
            )
            .with_fix("the check is one read-only query on the lesson's tables"),
        ),
        Ok(r) if r.check.held => out.push(
            Diagnostic::error(
                file,
                ex.at(&starter_field),
                "the schedule as written already keeps the invariant: there is nothing to fix",
            )
            .with_fix("make the session's original statements break the invariant"),
        ),
        Ok(_) => {}
    }
    let solution = x.solution.as_deref().unwrap_or_default();
    for variant in std::iter::once(None).chain((0..f.variants.len()).map(Some)) {
        let at_result = match variant {
            None => ex.at("fix.result"),
            Some(i) => ex.at(&format!("fix.variants[{i}]")),
        };
        match run(solution, variant) {
            Err(e) => {
                out.push(Diagnostic::error(file, ex.at("solution"), e));
                break;
            }
            Ok(r) => {
                if let Some(bad) = r.rejected().first() {
                    out.push(
                        Diagnostic::error(
                            file,
                            ex.at("solution"),
                            format!(
                                "the solution's statement `{}` does not run: {}",
                                bad.executed.sql,
                                bad.executed.outcome.summary()
                            ),
                        )
                        .with_fix("the solution must run in the sandbox"),
                    );
                    break;
                }
                if !r.check.held {
                    let got = match (&r.check.actual, &r.check.error) {
                        (Some(rows), _) => format!("returns {}", json_rows(rows)),
                        (None, e) => format!("fails: {}", e.as_deref().unwrap_or("")),
                    };
                    out.push(
                        Diagnostic::error(
                            file,
                            at_result,
                            format!(
                                "with the solution on {}, the check {got}, not {}",
                                r.check.data,
                                json_rows(&r.check.expected)
                            ),
                        )
                        .with_fix("state the rows the check returns after the solution, or fix the solution"),
                    );
                }
            }
        }
    }
    let mut signatures = Vec::new();
    for (i, wrong) in x.wrong_answers.iter().enumerate() {
        let at = ex.at(&format!("wrong_answers[{i}].sql"));
        let r = match run(&wrong.sql, None) {
            Ok(r) => r,
            Err(e) => {
                out.push(Diagnostic::error(
                    file,
                    at,
                    format!("wrong answer #{}: {e}", i + 1),
                ));
                continue;
            }
        };
        if let Some(bad) = r.rejected().first() {
            out.push(
                Diagnostic::error(
                    file,
                    at,
                    format!(
                        "wrong answer #{} does not run: {}",
                        i + 1,
                        bad.executed.outcome.summary()
                    ),
                )
                .with_fix(
                    "known wrong answers must run and break the invariant the way learners see it",
                ),
            );
            continue;
        }
        let mut fails = !r.check.held;
        for v in 0..f.variants.len() {
            if fails {
                break;
            }
            fails = run(&wrong.sql, Some(v)).is_ok_and(|r| !r.check.held);
        }
        if !fails {
            out.push(
                Diagnostic::error(
                    file,
                    at,
                    format!(
                        "wrong answer #{} keeps the invariant on the data and every variant",
                        i + 1
                    ),
                )
                .with_fix("add a variant that tells it apart, or remove this wrong answer"),
            );
            continue;
        }
        if r.check.held {
            out.push(
                Diagnostic::warning(
                    file,
                    at,
                    format!(
                        "wrong answer #{} keeps the invariant on the lesson's data; only a variant catches it, so its feedback is not shown",
                        i + 1
                    ),
                )
                .with_fix("feedback is matched on the run over the lesson's data; make the mistake visible there"),
            );
        }
        let sig = r.signature();
        if signatures.contains(&sig) {
            out.push(
                Diagnostic::error(
                    file,
                    at,
                    format!(
                        "wrong answer #{} behaves like an earlier one (same check result, same errors), so learners would see the other one's feedback",
                        i + 1
                    ),
                )
                .with_fix("merge the two, or make the schedule tell them apart"),
            );
        }
        signatures.push(sig);
    }
    if f.variants.is_empty() {
        out.push(
            Diagnostic::warning(
                file,
                ex.at("fix"),
                "no `variants`: an answer that writes the expected values directly would pass",
            )
            .with_fix("add a variant that changes the starting data, with the rows the check returns then"),
        );
    }
    out
}

fn json_rows(rows: &[Vec<crate::engine::Value>]) -> String {
    let cell = |v: &crate::engine::Value| match v {
        crate::engine::Value::Null => "null".to_string(),
        crate::engine::Value::Text(s) => serde_json::to_string(s).unwrap_or_default(),
        other => other.to_string(),
    };
    format!(
        "[{}]",
        rows.iter()
            .map(|r| format!("[{}]", r.iter().map(cell).collect::<Vec<_>>().join(", ")))
            .collect::<Vec<_>>()
            .join(", ")
    )
}
