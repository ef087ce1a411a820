//! The isolation lab on real SQLite: every bundled schedule does what its
//! lesson states, in each journal mode; the sessions engine shows locks as
//! errors, keeps learner SQL sandboxed and cleans up; the facts the lessons
//! state about busy timeouts hold; and predict and fix exercises grade end
//! to end through the binary.

mod common;
use common::{Run, sqldojo};

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::Connection;
use sqldojo::dataset::Datasets;
use sqldojo::engine::sessions::{
    Lab, LabMode, LabSpec, PlannedStep, SessionId, StepOutcome, TxnState,
};
use sqldojo::engine::{SandboxConfig, Value};
use sqldojo::grade::Grader;
use sqldojo::grade::isolation::prediction::Prediction;
use sqldojo::grade::isolation::{lab_config, open_fix_lab, open_lab};
use sqldojo::lesson::kinds::{IsolationExercise, IsolationForm};
use sqldojo::lesson::{Course, CourseSource, Exercise};

fn course() -> Course {
    Course::load(CourseSource::Bundled)
        .expect("bundled course loads")
        .course
}

fn isolation_exercises(course: &Course) -> Vec<(String, &IsolationExercise)> {
    course
        .exercises()
        .filter_map(|e| match e.exercise {
            Exercise::Isolation(x) => Some((e.key(), x)),
            _ => None,
        })
        .collect()
}

#[test]
fn every_bundled_schedule_does_what_its_lesson_states_in_each_mode() {
    let course = course();
    let grader = Grader::new(CourseSource::Bundled);
    let mut steps_per_mode: BTreeMap<&str, usize> = BTreeMap::new();
    let mut graded = 0;
    for ex in course.exercises() {
        let Exercise::Isolation(x) = ex.exercise else {
            continue;
        };
        if x.form != IsolationForm::FreePlay {
            graded += 1;
            assert!(x.hints.len() >= 2, "{}: fewer than 2 hints", ex.key());
        }
        let mut lab = open_lab(&grader, ex).expect("the lab opens");
        assert_eq!(lab.mode(), x.mode);
        lab.run_all();
        let ran = lab.timeline();
        assert_eq!(ran.len(), x.steps.len(), "{}", ex.key());
        for (i, (executed, step)) in ran.iter().zip(&x.steps).enumerate() {
            let stated = Prediction::of_step(step).expect("a valid step");
            assert!(
                stated.matches(&executed.outcome),
                "{} step {}: {}: the lesson states {}, SQLite did {}",
                ex.key(),
                i + 1,
                executed.sql,
                stated.describe(),
                executed.outcome.summary()
            );
            assert!(
                !matches!(executed.outcome, StepOutcome::Rejected { .. }),
                "{} step {} did not run",
                ex.key(),
                i + 1
            );
        }
        *steps_per_mode.entry(x.mode.as_str()).or_default() += x.steps.len();
    }
    assert!(graded >= 10, "only {graded} graded isolation exercises");
    for mode in ["wal", "rollback", "shared_cache"] {
        assert!(
            steps_per_mode.get(mode).is_some_and(|&n| n > 0),
            "no schedule runs in {mode} mode: {steps_per_mode:?}"
        );
    }
}

#[test]
fn the_check_runs_every_isolation_schedule_clean() {
    let report = sqldojo::check::check(
        CourseSource::Bundled,
        None,
        sqldojo::check::CheckOptions { strict: true },
    );
    let ours: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.file.contains("12-isolation"))
        .map(ToString::to_string)
        .collect();
    assert!(ours.is_empty(), "{}", ours.join("\n"));
}

#[test]
fn every_fix_exercise_rejects_its_starter_and_accepts_its_solution() {
    let course = course();
    let grader = Grader::new(CourseSource::Bundled);
    let mut fixes = 0;
    for (key, x) in isolation_exercises(&course) {
        if x.form != IsolationForm::Fix {
            continue;
        }
        fixes += 1;
        let ex = course.find(&key).unwrap();
        let starter = x.starter_text().unwrap();
        assert!(starter.contains("-- turn 1"), "{key}: {starter}");
        let v = grader.grade(ex, &starter).unwrap();
        assert!(!v.passed, "{key}: the starter passes");
        // The untouched session is not any known wrong rewrite, even one
        // that behaves the same: it is told it changed nothing.
        let told = v.known_mistake.as_deref().unwrap_or_default();
        assert!(
            told.starts_with("Your rewrite behaves exactly like session"),
            "{key}: the starter is told {told:?}"
        );
        for wrong in &x.wrong_answers {
            let v = grader.grade(ex, &wrong.sql).unwrap();
            assert_eq!(
                v.known_mistake.as_deref(),
                Some(wrong.feedback.trim()),
                "{key}: a known wrong rewrite loses its own feedback"
            );
        }
        let v = grader.grade(ex, x.solution.as_deref().unwrap()).unwrap();
        assert!(v.passed, "{key}: the solution fails: {:#?}", v.messages);
        assert_eq!(v.variants_checked, x.fix.as_ref().unwrap().variants.len());
    }
    assert!(fixes >= 3);
}

#[test]
fn a_learners_rewrite_can_be_stepped_through() {
    let course = course();
    let grader = Grader::new(CourseSource::Bundled);
    let ex = course
        .find("isolation-lost-update/atomic-increment")
        .unwrap();
    let answer = "-- turn 2\nUPDATE counters SET n = n + 1 WHERE name = 'visits';\n";
    let mut lab = open_fix_lab(&grader, ex, answer).unwrap().unwrap();
    let sql: Vec<String> = lab.schedule().iter().map(|s| s.sql.clone()).collect();
    assert_eq!(sql.len(), 3, "{sql:?}");
    assert_eq!(
        sql[2],
        "UPDATE counters SET n = n + 1 WHERE name = 'visits'"
    );
    lab.run_all();
    let rows = lab.finish().query("SELECT n FROM counters").unwrap().rows;
    assert_eq!(rows, vec![vec![Value::Integer(2)]]);
    let unreadable = open_fix_lab(&grader, ex, "UPDATE counters SET n = n + 1").unwrap();
    assert!(unreadable.unwrap_err().contains("-- turn N"));
}

// --- the sessions engine -------------------------------------------------

fn bank_lab(mode: LabMode, ru: &[SessionId], steps: &[(SessionId, &str)]) -> Lab {
    let datasets = Datasets::new(CourseSource::Bundled);
    let spec = LabSpec {
        mode,
        sessions: vec![SessionId::A, SessionId::B],
        read_uncommitted: ru.to_vec(),
        setup: String::new(),
        schedule: steps
            .iter()
            .map(|(s, sql)| PlannedStep {
                session: *s,
                sql: sql.to_string(),
            })
            .collect(),
    };
    Lab::open(&datasets.get("bank").unwrap(), &spec, lab_config()).unwrap()
}

fn code(outcome: &StepOutcome) -> Option<i32> {
    outcome.code()
}

#[test]
fn a_blocked_statement_fails_at_once_with_its_extended_code() {
    use SessionId::{A, B};
    // Rollback journal: a reader's shared lock keeps the writer from committing.
    let mut lab = bank_lab(
        LabMode::Rollback,
        &[],
        &[
            (A, "BEGIN"),
            (A, "SELECT value FROM test WHERE id = 1"),
            (B, "UPDATE test SET value = 11 WHERE id = 1"),
        ],
    );
    let started = Instant::now();
    lab.run_all();
    // rusqlite's default busy timeout is 5 s; the lab's is 0.
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(code(&lab.timeline()[2].outcome), Some(5));

    // WAL: a stale snapshot may not write.
    let mut lab = bank_lab(
        LabMode::Wal,
        &[],
        &[
            (A, "BEGIN"),
            (A, "SELECT value FROM test WHERE id = 1"),
            (B, "UPDATE test SET value = 11 WHERE id = 1"),
            (A, "UPDATE test SET value = 12 WHERE id = 1"),
        ],
    );
    lab.run_all();
    assert_eq!(code(&lab.timeline()[2].outcome), None);
    assert_eq!(code(&lab.timeline()[3].outcome), Some(517));

    // Shared cache: a table lock.
    let mut lab = bank_lab(
        LabMode::SharedCache,
        &[],
        &[
            (A, "BEGIN"),
            (A, "UPDATE test SET value = 11 WHERE id = 1"),
            (B, "SELECT value FROM test WHERE id = 1"),
        ],
    );
    lab.run_all();
    assert_eq!(code(&lab.timeline()[2].outcome), Some(262));
}

#[test]
fn read_uncommitted_shows_dirty_rows_only_in_a_shared_cache() {
    use SessionId::{A, B};
    let steps = [
        (A, "BEGIN"),
        (A, "UPDATE test SET value = 101 WHERE id = 1"),
        (B, "SELECT value FROM test WHERE id = 1"),
    ];
    let mut shared = bank_lab(LabMode::SharedCache, &[B], &steps);
    shared.run_all();
    let dirty = Prediction::Rows(vec![vec![Value::Integer(101)]]);
    assert!(dirty.matches(&shared.timeline()[2].outcome));
    // The same pragma on a WAL connection changes nothing: B reads the committed 10.
    let mut wal = bank_lab(LabMode::Wal, &[B], &steps);
    wal.run_all();
    let committed = Prediction::Rows(vec![vec![Value::Integer(10)]]);
    assert!(committed.matches(&wal.timeline()[2].outcome));
}

#[test]
fn transaction_states_follow_begin_reads_and_writes() {
    use SessionId::A;
    let mut lab = bank_lab(LabMode::Wal, &[], &[]);
    let mut state = |sql: &str| {
        let ran = lab.execute(A, sql).unwrap();
        let s = ran[0].states.iter().find(|s| s.session == A).unwrap();
        (s.txn, s.in_transaction)
    };
    assert_eq!(state("BEGIN"), (TxnState::None, true));
    assert_eq!(state("SELECT count(*) FROM test"), (TxnState::Read, true));
    assert_eq!(state("UPDATE test SET value = 1"), (TxnState::Write, true));
    assert_eq!(state("COMMIT"), (TxnState::None, false));
    // `changes` counts rows of the statement itself: COMMIT after an UPDATE changed none.
    let ran = lab
        .execute(A, "BEGIN; UPDATE test SET value = 1; COMMIT")
        .unwrap();
    let changes: Vec<StepOutcome> = ran.iter().map(|e| e.outcome.clone()).collect();
    assert_eq!(
        changes,
        [0, 2, 0].map(|changes| StepOutcome::Done { changes })
    );
}

#[test]
fn the_lab_steps_one_statement_at_a_time_and_remembers_reads() {
    use SessionId::{A, B};
    let mut lab = bank_lab(
        LabMode::Wal,
        &[],
        &[
            (A, "SELECT n, name FROM counters"),
            (B, "UPDATE counters SET n = 5"),
            (A, "UPDATE counters SET n = :n + 1"),
        ],
    );
    assert_eq!(lab.next_step().map(|(i, s)| (i, s.session)), Some((0, A)));
    let first = lab.run_next().unwrap().clone();
    assert_eq!(first.step, Some(0));
    let a = lab.session(A).unwrap();
    assert_eq!(
        a.variables,
        vec![
            ("n".to_string(), Value::Integer(0)),
            ("name".to_string(), Value::Text("visits".into()))
        ]
    );
    lab.run_next();
    let third = lab.run_next().unwrap().clone();
    assert_eq!(third.bound, vec![("n".to_string(), Value::Integer(0))]);
    assert!(lab.finished());
    assert!(lab.run_next().is_none());
    // Free play adds to the same timeline.
    let typed = lab.execute(B, "SELECT n FROM counters; SELECT 2").unwrap();
    assert_eq!(typed.len(), 2);
    assert_eq!(typed[0].step, None);
    assert_eq!(lab.timeline().len(), 5);
    let survivor = lab.finish();
    let rows = survivor.query("SELECT n FROM counters").unwrap().rows;
    assert_eq!(rows, vec![vec![Value::Integer(1)]]);
}

#[test]
fn an_unbound_parameter_is_explained() {
    let mut lab = bank_lab(LabMode::Wal, &[], &[]);
    let ran = lab
        .execute(SessionId::B, "UPDATE counters SET n = :n + 1")
        .unwrap();
    match &ran[0].outcome {
        StepOutcome::Rejected { message, .. } => {
            assert!(
                message.contains("`:n` has no value in session B"),
                "{message}"
            );
            assert!(message.contains("read nothing yet"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn uncommitted_work_is_rolled_back_when_the_lab_ends() {
    use SessionId::A;
    let mut lab = bank_lab(LabMode::Rollback, &[], &[]);
    lab.execute(A, "BEGIN; UPDATE test SET value = 0").unwrap();
    let survivor = lab.finish();
    let rows = survivor.query("SELECT sum(value) FROM test").unwrap().rows;
    assert_eq!(rows, vec![vec![Value::Integer(30)]]);
}

#[test]
fn the_temporary_directory_is_removed_with_the_lab() {
    let lab = bank_lab(LabMode::Wal, &[], &[]);
    let dir = lab.path().parent().unwrap().to_path_buf();
    assert!(dir.join("lab.db").is_file());
    let survivor = lab.finish();
    assert!(dir.is_dir(), "the survivor still needs the file");
    drop(survivor);
    assert!(!dir.exists(), "{} was left behind", dir.display());
}

#[test]
fn session_sql_is_sandboxed_like_any_learner_sql() {
    use SessionId::A;
    let mut lab = bank_lab(LabMode::Wal, &[], &[]);
    let escape = std::env::temp_dir().join("sqldojo-lab-escape.db");
    let attempts = [
        format!("ATTACH '{}' AS x", escape.display()),
        format!("VACUUM INTO '{}'", escape.display()),
        "PRAGMA journal_mode = DELETE".to_string(),
        "PRAGMA busy_timeout = 5000".to_string(),
        "SELECT load_extension('x')".to_string(),
    ];
    for sql in &attempts {
        let ran = lab.execute(A, sql).unwrap();
        assert!(
            matches!(&ran[0].outcome, StepOutcome::Rejected { .. }),
            "{sql}: {:?}",
            ran[0].outcome
        );
    }
    assert!(!escape.exists());
    // The lessons say SQLite has no SELECT ... FOR UPDATE: it does not parse.
    let ran = lab.execute(A, "SELECT n FROM counters FOR UPDATE").unwrap();
    assert!(
        matches!(&ran[0].outcome, StepOutcome::Rejected { message, .. } if message.contains("syntax error")),
        "{:?}",
        ran[0].outcome
    );
    // The deadline stops a runaway statement in a session.
    let config = SandboxConfig {
        deadline: Duration::from_millis(200),
        ..lab_config()
    };
    let datasets = Datasets::new(CourseSource::Bundled);
    let spec = LabSpec {
        mode: LabMode::Wal,
        sessions: vec![A],
        read_uncommitted: vec![],
        setup: String::new(),
        schedule: vec![],
    };
    let mut lab = Lab::open(&datasets.get("bank").unwrap(), &spec, config).unwrap();
    let started = Instant::now();
    let ran = lab
        .execute(
            A,
            "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r",
        )
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(
        matches!(&ran[0].outcome, StepOutcome::Rejected { error, .. } if error.kind() == "deadline"),
        "{:?}",
        ran[0].outcome
    );
}

#[test]
fn a_lab_can_move_to_a_worker_thread() {
    fn send<T: Send>(_: &T) {}
    let lab = bank_lab(LabMode::Wal, &[], &[]);
    send(&lab);
    let mut lab = std::thread::spawn(move || lab).join().unwrap();
    assert_eq!(lab.execute(SessionId::A, "SELECT 1").unwrap().len(), 1);
}

#[test]
fn a_running_session_statement_can_be_cancelled() {
    use SessionId::B;
    let mut lab = bank_lab(LabMode::Wal, &[], &[]);
    let cancel = lab.cancel_handle(B).unwrap();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        cancel.cancel();
    });
    let ran = lab
        .execute(
            B,
            "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r",
        )
        .unwrap();
    stopper.join().unwrap();
    assert!(
        matches!(&ran[0].outcome, StepOutcome::Rejected { error, .. } if error.kind() == "cancelled"),
        "{:?}",
        ran[0].outcome
    );
    // The session works on afterwards.
    let ran = lab.execute(B, "SELECT 1").unwrap();
    assert!(matches!(ran[0].outcome, StepOutcome::Rows { .. }));
}

// --- facts the lessons state about busy timeouts (the lab runs with 0) --

fn two_connections(dir: &Path, mode: &str) -> (Connection, Connection) {
    let path = dir.join(format!("{mode}.db"));
    let a = Connection::open(&path).unwrap();
    let _: String = a
        .query_row(&format!("PRAGMA journal_mode = {mode}"), [], |r| r.get(0))
        .unwrap();
    a.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let b = Connection::open(&path).unwrap();
    b.busy_timeout(Duration::from_secs(2)).unwrap();
    (a, b)
}

#[test]
fn a_reader_that_tries_to_write_is_refused_at_once_despite_a_busy_timeout() {
    let dir = tempfile::tempdir().unwrap();
    for mode in ["wal", "delete"] {
        let (a, b) = two_connections(dir.path(), mode);
        b.execute_batch("BEGIN; SELECT * FROM t;").unwrap();
        a.execute_batch("BEGIN IMMEDIATE; UPDATE t SET x = 2;")
            .unwrap();
        let started = Instant::now();
        let err = b.execute("UPDATE t SET x = 3", []).unwrap_err();
        assert_eq!(
            err.sqlite_error().map(|e| e.extended_code),
            Some(5),
            "{mode}"
        );
        assert!(
            started.elapsed() < Duration::from_millis(500),
            "{mode}: it waited"
        );
    }
}

#[test]
fn begin_immediate_waits_for_the_writer_when_a_busy_timeout_is_set() {
    let dir = tempfile::tempdir().unwrap();
    for mode in ["wal", "delete"] {
        let (a, b) = two_connections(dir.path(), mode);
        a.execute_batch("BEGIN IMMEDIATE; UPDATE t SET x = 5;")
            .unwrap();
        let writer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(150));
            a.execute_batch("COMMIT").unwrap();
        });
        b.execute_batch("BEGIN IMMEDIATE").unwrap();
        let x: i64 = b.query_row("SELECT x FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(x, 5, "{mode}: B reads A's commit under the lock");
        b.execute_batch("COMMIT").unwrap();
        writer.join().unwrap();
    }
}

// --- through the binary --------------------------------------------------

fn grade(exercise: &str, answer: &str, json: bool) -> (Run, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["grade", "--exercise", exercise, "--answer", "-"];
    if json {
        args.extend(["--format", "json"]);
    }
    let run = sqldojo(&args, answer, dir.path());
    let value = serde_json::from_str(&run.stdout).unwrap_or(serde_json::Value::Null);
    (run, value)
}

#[test]
fn a_predict_exercise_grades_through_the_cli() {
    let key = "isolation-snapshots/busy-snapshot";
    let (run, json) = grade(key, "busy_snapshot\nerror 517\nok\n", true);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(json["passed"], true);
    assert_eq!(json["verdict"], "accepted");
    let steps = json["isolation"]["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 11);
    assert_eq!(steps[4]["outcome"]["code"], 517);
    assert_eq!(steps[4]["prediction"]["right"], true);
    assert_eq!(steps[4]["bound"][0][0], "value");

    // Step 6 predicted as PostgreSQL would behave: rejected, step by step,
    // with the lesson's targeted feedback.
    let (run, _) = grade(key, "5: busy_snapshot\n6: ok\n9: ok\n", false);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("1 of 3 prediction(s) differ"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("6. A: UPDATE test SET value = 25 WHERE id = 2 → SQLITE_BUSY_SNAPSHOT (517)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("you said: ok (wrong)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("PostgreSQL would let this one through"),
        "{}",
        run.stdout
    );

    // No predictions: refused, and nothing about the outcomes is given away.
    let (run, json) = grade(key, "\n# my guesses\n", true);
    assert_eq!(run.code, 1);
    assert_eq!(json["verdict"], "refused");
    assert!(json["isolation"].is_null(), "{}", run.stdout);

    // A prediction that cannot be read is refused with the format.
    let (run, json) = grade(key, "error busy-snapshot\n", true);
    assert_eq!(run.code, 1);
    assert_eq!(json["verdict"], "refused");
    assert!(
        json["messages"][2]
            .as_str()
            .unwrap()
            .contains("one line per asked step")
    );
}

#[test]
fn a_fix_exercise_grades_through_the_cli() {
    let key = "isolation-lost-update/atomic-increment";
    let fixed = "-- turn 1\n-- turn 2\nUPDATE counters SET n = n + 1 WHERE name = 'visits';\n";
    let (run, json) = grade(key, fixed, true);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(json["passed"], true);
    assert_eq!(json["variants_checked"], 1);
    assert_eq!(json["isolation"]["checks"][0]["actual"][0][0], 2);

    // Writing the expected value passes on the lesson's data only.
    let hard_coded = "-- turn 2\nUPDATE counters SET n = 2 WHERE name = 'visits';\n";
    let (run, json) = grade(key, hard_coded, true);
    assert_eq!(run.code, 1);
    assert_eq!(json["counterexample"]["change"], "the counter starts at 40");
    assert_eq!(json["isolation"]["checks"][1]["actual"][0][0], 2);

    // A known mistake: the transaction turns the lost update into a refusal.
    let in_a_transaction = "-- turn 1\nBEGIN;\nSELECT n FROM counters WHERE name = 'visits';\n-- turn 2\nUPDATE counters SET n = :n + 1 WHERE name = 'visits';\nCOMMIT;\n";
    let (run, _) = grade(key, in_a_transaction, false);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("returns 1, not 2"), "{}", run.stdout);
    assert!(
        run.stdout.contains("SQLITE_BUSY_SNAPSHOT (517)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("A plain transaction needs a retry loop"),
        "{}",
        run.stdout
    );

    // Turns must be marked when the session has several.
    let (run, json) = grade(key, "UPDATE counters SET n = n + 1;", true);
    assert_eq!(run.code, 1);
    assert_eq!(json["verdict"], "refused");
    assert!(run.stdout.contains("-- turn N"), "{}", run.stdout);

    // Learner statements are sandboxed in the lab too.
    let (run, json) = grade(key, "-- turn 2\nATTACH 'x.db' AS x;\n", true);
    assert_eq!(run.code, 1);
    assert_eq!(json["verdict"], "refused", "{}", run.stdout);
}

#[test]
fn free_play_runs_a_transcript_through_the_cli() {
    let transcript = "A: BEGIN;\nA: SELECT value FROM test WHERE id = 1;\nB: UPDATE test SET value = 11 WHERE id = 1;\nA: SELECT value FROM test\n   WHERE id = 1;\n";
    let (run, json) = grade("isolation-autocommit/wal-play", transcript, true);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let steps = json["isolation"]["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 4);
    assert_eq!(steps[3]["outcome"]["rows"][0][0], 10);
    let (run, _) = grade("isolation-autocommit/wal-play", "C: SELECT 1;", false);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("no session C"), "{}", run.stdout);
}
