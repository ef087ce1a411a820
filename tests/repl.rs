//! `sqldojo repl` end to end: in a real pseudo-terminal (rexpect) the way a
//! learner types, and with standard input piped the way scripts use it.

mod common;
use common::{Run, command, run};

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rexpect::session::{Options, PtySession, spawn_with_options};
use sqldojo::drill::{DrillConfig, candidates, select};
use sqldojo::grade::quiz::typed_answer;
use sqldojo::lesson::kinds::PredictAnswer;
use sqldojo::lesson::{Course, CourseSource, Exercise};
use sqldojo::progress::Store;

const TIMEOUT_MS: u64 = 20_000;

/// The binary in a pseudo-terminal, with its own data directory and HOME.
fn repl(args: &[&str], dir: &Path) -> PtySession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sqldojo"));
    cmd.arg("repl")
        .args(args)
        .env("SQLDOJO_DATA_DIR", dir.join("data"))
        .env("HOME", dir)
        .env_remove("INPUTRC")
        .env_remove("SQLDOJO_COURSE")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let options = Options::new()
        .timeout_ms(Some(TIMEOUT_MS))
        .strip_ansi_escape_codes(true);
    spawn_with_options(cmd, options).expect("the binary starts in a pty")
}

/// The binary's REPL with standard input piped from `input` (colour as a
/// pipe gets it: `NO_COLOR` unset).
fn piped(args: &[&str], input: &str, dir: &Path) -> Run {
    let mut cmd = command(&[&["repl"], args].concat(), &dir.join("data"));
    cmd.env("HOME", dir).env_remove("NO_COLOR");
    run(cmd, input)
}

#[test]
fn prompt_appears_and_a_multi_line_query_runs() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = repl(&["--dataset", "shop"], dir.path());
    p.exp_string("Tables: discounts, order_items, orders, products, users")
        .unwrap();
    p.exp_string("shop> ").unwrap();
    p.send_line("SELECT name, city").unwrap();
    p.send_line("FROM users").unwrap();
    p.send_line("WHERE id = 2;").unwrap();
    let shown = p.exp_string("(1 row)").unwrap();
    assert!(shown.contains("Bob") && shown.contains("Porto"), "{shown}");
    p.exp_string("shop> ").unwrap();
    // Ctrl-D at an empty prompt leaves with exit 0.
    p.send_control('d').unwrap();
    p.exp_eof().unwrap();
    let status = p.process().wait().unwrap();
    assert!(
        matches!(status, rexpect::process::WaitStatus::Exited(_, 0)),
        "{status:?}"
    );
    let history = std::fs::read_to_string(dir.path().join("data/repl_history.txt")).unwrap();
    assert!(history.contains("WHERE id = 2;"), "{history}");
}

#[test]
fn tab_completes_a_table_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = repl(&["--dataset", "shop"], dir.path());
    p.exp_string("shop> ").unwrap();
    p.send("SELECT count(*) AS n FROM produ").unwrap();
    p.send("\t").unwrap();
    p.flush().unwrap();
    p.exp_string("products").unwrap();
    p.send_line(";").unwrap();
    // Only the completed name runs: `produ` alone would be "no such table".
    // (rexpect reads bytes one by one, so box drawing arrives mangled.)
    let shown = p.exp_string("(1 row)").unwrap();
    assert!(shown.contains(" 7 "), "{shown}");
    // A table created in the session completes too.
    p.exp_string("shop> ").unwrap();
    p.send_line("CREATE TABLE wishlist (user_id INTEGER, product_id INTEGER);")
        .unwrap();
    p.exp_string("shop> ").unwrap();
    p.send("SELECT * FROM wish\t").unwrap();
    p.flush().unwrap();
    p.exp_string("wishlist").unwrap();
    p.send_line(";").unwrap();
    p.exp_string("(0 rows)").unwrap();
    p.send_line(".quit").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn ctrl_c_stops_an_endless_query_and_the_next_one_works() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = repl(&["--dataset", "shop"], dir.path());
    p.exp_string("shop> ").unwrap();
    p.send_line(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n;",
    )
    .unwrap();
    // After a second, one plain line says how to stop it.
    p.exp_string("(still running: Ctrl-C stops it)").unwrap();
    let pressed = Instant::now();
    p.send_control('c').unwrap();
    p.exp_string("cancelled (Ctrl-C)").unwrap();
    // Far sooner than the REPL's 10-second deadline: Ctrl-C did it.
    assert!(
        pressed.elapsed() < Duration::from_secs(5),
        "{:?}",
        pressed.elapsed()
    );
    p.exp_string("shop> ").unwrap();
    p.send_line("SELECT 40 + 2 AS answer;").unwrap();
    let shown = p.exp_string("(1 row)").unwrap();
    assert!(shown.contains("42"), "{shown}");
    // Ctrl-C at the prompt clears the line and the REPL stays.
    p.exp_string("shop> ").unwrap();
    p.send("SELECT 'never run'").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("shop> ").unwrap();
    p.send_line("SELECT 'still here';").unwrap();
    p.exp_string("still here").unwrap();
    p.send_line(".quit").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn ctrl_c_stops_a_grading_and_nothing_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = repl(&["--lesson", "joins-inner"], dir.path());
    p.exp_string("names-and-amounts> ").unwrap();
    p.send_line(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n;",
    )
    .unwrap();
    p.exp_string("(still running: Ctrl-C stops it)").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("cancelled (Ctrl-C)").unwrap();
    p.exp_string("names-and-amounts> ").unwrap();
    // Grading runs the endless answer again, in its own sandboxes (each
    // stopped after 2 s); Ctrl-C stops the grading as a whole.
    p.send_line(".submit").unwrap();
    p.exp_string("(still grading: Ctrl-C stops it)").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("Grading stopped (Ctrl-C); this attempt was not recorded.")
        .unwrap();
    p.exp_string("names-and-amounts> ").unwrap();
    p.send_line("SELECT u.name, o.amount FROM users u JOIN orders o ON o.user_id = u.id;")
        .unwrap();
    p.exp_string("(6 rows)").unwrap();
    p.send_line(".submit").unwrap();
    p.exp_string("Correct").unwrap();
    p.send_line(".quit").unwrap();
    p.exp_eof().unwrap();
    let db = rusqlite::Connection::open(dir.path().join("data/progress.db")).unwrap();
    let attempts: i64 = db
        .query_row("SELECT count(*) FROM attempts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(attempts, 1, "only the graded attempt is recorded");
}

#[test]
fn hint_and_submit_work_on_a_lesson_and_progress_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = repl(&["--lesson", "joins-inner"], dir.path());
    p.exp_string("Lesson: Inner joins").unwrap();
    p.exp_string("Exercise 1 of 3").unwrap();
    p.exp_string("names-and-amounts> ").unwrap();
    p.send_line(".hint").unwrap();
    p.exp_string("Hint 1 of 2").unwrap();
    p.exp_string("names-and-amounts> ").unwrap();
    p.send_line("SELECT u.name, o.amount FROM users AS u, orders AS o;")
        .unwrap();
    p.exp_string("(48 rows)").unwrap();
    p.exp_string("names-and-amounts> ").unwrap();
    p.send_line(".submit").unwrap();
    let verdict = p.exp_string("names-and-amounts> ").unwrap();
    assert!(verdict.contains("Not yet"), "{verdict}");
    assert!(
        verdict.contains("every user is paired with every order"),
        "the known mistake's feedback: {verdict}"
    );
    p.send_line("SELECT u.name, o.amount").unwrap();
    p.send_line("FROM users AS u JOIN orders AS o ON o.user_id = u.id;")
        .unwrap();
    p.exp_string("(6 rows)").unwrap();
    p.send_line(".submit").unwrap();
    p.exp_string("Correct").unwrap();
    p.exp_string("`.next` opens the next exercise.").unwrap();
    p.send_line(".next").unwrap();
    p.exp_string("paid-orders> ").unwrap();
    p.send_line(".quit").unwrap();
    p.exp_eof().unwrap();

    let db = rusqlite::Connection::open(dir.path().join("data/progress.db")).unwrap();
    let attempts: Vec<(String, bool)> = db
        .prepare("SELECT outcome, passed FROM attempts WHERE exercise = 'joins-inner/names-and-amounts' ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        attempts,
        vec![("wrong".to_string(), false), ("accepted".to_string(), true)]
    );
    let solved: i64 = db
        .query_row("SELECT count(*) FROM solved", [], |r| r.get(0))
        .unwrap();
    assert_eq!(solved, 1);
}

#[test]
fn piped_input_prints_tables_and_results_without_a_prompt() {
    let dir = tempfile::tempdir().unwrap();
    let run = piped(
        &["--dataset", "shop"],
        ".tables\nSELECT name FROM users\nWHERE id <= 2\nORDER BY id;\n",
        dir.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("discounts    order_items  orders       products     users\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("| Alice |\n| Bob   |\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("shop>"), "no prompt: {}", run.stdout);
    assert!(!run.stdout.contains('\x1b'), "no colour: {}", run.stdout);
    assert_eq!(run.stderr, "");
}

#[test]
fn a_failing_statement_makes_the_exit_code_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let run = piped(
        &["--dataset", "shop"],
        "SELECT 1 AS one;\n\nSELECT nme\n  FROM users;\nSELECT 'after' AS later;\n",
        dir.path(),
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "Error: no such column: nme (line 3, column 8)\n  3 | SELECT nme\n    |        ^^^\n"
        ),
        "{}",
        run.stderr
    );
    // Like the sqlite3 shell, the script goes on after an error.
    assert!(run.stdout.contains("after"), "{}", run.stdout);

    let refused = piped(&[], "ATTACH 'elsewhere.db' AS x;\n", dir.path());
    assert_eq!(refused.code, 1);
    assert!(
        refused.stderr.contains("refused: ATTACH"),
        "{}",
        refused.stderr
    );

    let ok = piped(&[], "SELECT 1;\n.quit\nSELECT nonsense;\n", dir.path());
    assert_eq!(
        ok.code, 0,
        ".quit stops before the bad statement: {}",
        ok.stderr
    );
}

#[test]
fn piped_submit_grades_and_sets_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let wrong = piped(
        &["--lesson", "joins-inner/names-and-amounts"],
        "SELECT name, NULL FROM users;\n.submit\n",
        dir.path(),
    );
    assert_eq!(wrong.code, 1, "{}", wrong.stdout);
    assert!(wrong.stdout.contains("FAIL"), "{}", wrong.stdout);
    let right = piped(
        &["--lesson", "joins-inner/names-and-amounts"],
        "SELECT u.name, o.amount FROM users u JOIN orders o ON o.user_id = u.id;\n.submit\n",
        dir.path(),
    );
    assert_eq!(right.code, 0, "{}{}", right.stdout, right.stderr);
    assert!(right.stdout.contains("PASS"), "{}", right.stdout);
}

#[test]
fn bad_arguments_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let run = piped(&["--lesson", "joins-iner"], "", dir.path());
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean joins-inner"),
        "{}",
        run.stderr
    );
    let run = piped(&["--dataset", "nosuch"], "", dir.path());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no dataset `nosuch`"), "{}", run.stderr);
}

#[test]
fn a_script_that_is_not_text_is_refused_not_run() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sqldojo"))
        .args(["repl", "--dataset", "shop"])
        .env("SQLDOJO_DATA_DIR", dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"DELETE FROM users WHERE name = 'caf\xe9';\nSELECT count(*) AS n FROM users;\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("line 1 is not UTF-8 text"), "{stderr}");
    assert!(
        stdout.contains("| 6 |"),
        "the next statement still runs: {stdout}"
    );
}

#[test]
fn the_draft_survives_a_restart_and_up_recalls_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = repl(&["--lesson", "joins-inner/paid-orders"], dir.path());
    p.exp_string("paid-orders> ").unwrap();
    p.send_line("SELECT name FROM users WHERE city = 'Porto';")
        .unwrap();
    p.exp_string("(2 rows)").unwrap();
    p.exp_string("paid-orders> ").unwrap();
    p.send_line(".quit").unwrap();
    p.exp_eof().unwrap();

    let db = rusqlite::Connection::open(dir.path().join("data/progress.db")).unwrap();
    let draft: String = db
        .query_row(
            "SELECT sql FROM drafts WHERE exercise = 'joins-inner/paid-orders'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(draft, "SELECT name FROM users WHERE city = 'Porto';");
    drop(db);

    let mut p = repl(&["--lesson", "joins-inner/paid-orders"], dir.path());
    p.exp_string("Your last draft is in the history").unwrap();
    p.exp_string("paid-orders> ").unwrap();
    p.send("\x1b[A").unwrap(); // Up
    p.flush().unwrap();
    p.exp_string("city = 'Porto'").unwrap();
    p.send_line("").unwrap();
    p.exp_string("(2 rows)").unwrap();
    p.send_line(".quit").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn a_schema_exercise_is_answered_with_ddl() {
    let dir = tempfile::tempdir().unwrap();
    let run = piped(
        &["--lesson", "keys-primary/country-codes"],
        "CREATE TABLE countries (\n  code TEXT NOT NULL PRIMARY KEY,\n  name TEXT NOT NULL\n);\n.submit\n",
        dir.path(),
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("PASS"), "{}", run.stdout);
}

#[test]
fn next_opens_questions_and_labs_at_the_prompt_too() {
    let dir = tempfile::tempdir().unwrap();
    // The course lists quiz and interview questions after the joins lessons.
    let course = course();
    let keys: Vec<(String, &str)> = course
        .exercises()
        .map(|e| (e.key(), e.exercise.kind()))
        .collect();
    let sql_kind = |k: &str| matches!(k, "query" | "plan" | "schema");
    let start = keys
        .windows(2)
        .find(|w| sql_kind(w[0].1) && matches!(w[1].1, "choice" | "predict" | "interview"))
        .map(|w| (w[0].0.clone(), w[1].0.clone()))
        .expect("a SQL exercise followed by a question");
    let run = piped(&["--lesson", &start.0], ".next\n", dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("passed over"), "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!("({})", start.1)),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("`.answer "), "{}", run.stdout);
    // And from the last exercise before the isolation labs, to a lab.
    let before_lab = keys
        .windows(2)
        .find(|w| w[0].1 != "isolation" && w[1].1 == "isolation")
        .map(|w| w[0].0.clone())
        .expect("an exercise before a lab");
    let run = piped(&["--lesson", &before_lab], ".next\n.sessions\n", dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Lab: sessions A and B"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("*A  autocommit"), "{}", run.stdout);
}

fn course() -> Course {
    let loaded = Course::load(CourseSource::Bundled).expect("bundled course loads");
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.course
}

/// Sends text and Enter to a pty session.
fn line(p: &mut PtySession, text: &str) {
    p.send_line(text).unwrap();
}

#[test]
fn sessions_switch_at_the_prompt_and_lose_an_update() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = repl(&["--dataset", "bank"], dir.path());
    p.exp_string("bank> ").unwrap();
    line(&mut p, ".lab");
    p.exp_string("a private copy of `bank`").unwrap();
    p.exp_string("bank[A:none]> ").unwrap();
    // Both sessions read the counter, in autocommit...
    line(&mut p, "SELECT n FROM counters WHERE name = 'visits';");
    p.exp_string("(1 row)").unwrap();
    p.exp_string("bank[A:none]> ").unwrap();
    line(&mut p, ".session B");
    p.exp_string("bank[B:none]> ").unwrap();
    line(&mut p, "SELECT n FROM counters WHERE name = 'visits';");
    p.exp_string("(1 row)").unwrap();
    // ... then each writes back what it read, plus one.
    line(&mut p, ".session A");
    p.exp_string("bank[A:none]> ").unwrap();
    line(
        &mut p,
        "UPDATE counters SET n = :n + 1 WHERE name = 'visits';",
    );
    p.exp_string("[:n = 0]").unwrap();
    p.exp_string("ok, 1 row changed").unwrap();
    line(&mut p, ".session B");
    p.exp_string("bank[B:none]> ").unwrap();
    line(
        &mut p,
        "UPDATE counters SET n = :n + 1 WHERE name = 'visits';",
    );
    p.exp_string("[:n = 0]").unwrap();
    p.exp_string("ok, 1 row changed").unwrap();
    p.exp_string("bank[B:none]> ").unwrap();
    line(
        &mut p,
        "SELECT n AS after_two_increments FROM counters WHERE name = 'visits';",
    );
    let shown = p.exp_string("(1 row)").unwrap();
    assert!(shown.contains(" 1 "), "one update is lost: {shown}");
    assert!(!shown.contains(" 2 "), "{shown}");
    // The prompt follows the transaction; the other session meets the lock.
    line(&mut p, "BEGIN;");
    p.exp_string("bank[B:begin]> ").unwrap();
    line(&mut p, "UPDATE counters SET n = 10 WHERE name = 'visits';");
    p.exp_string("bank[B:write]> ").unwrap();
    line(&mut p, ".session A");
    p.exp_string("bank[A:none]> ").unwrap();
    line(&mut p, "UPDATE counters SET n = 20 WHERE name = 'visits';");
    p.exp_string("SQLITE_BUSY (5)").unwrap();
    p.exp_string("B has a write transaction").unwrap();
    // Ctrl-C stops a session's statement through the lab's cancel handle.
    line(
        &mut p,
        "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r;",
    );
    p.exp_string("(still running: Ctrl-C stops it)").unwrap();
    let pressed = Instant::now();
    p.send_control('c').unwrap();
    p.exp_string("cancelled (Ctrl-C)").unwrap();
    assert!(pressed.elapsed() < Duration::from_secs(5));
    p.exp_string("bank[A:none]> ").unwrap();
    line(&mut p, ".sessions");
    p.exp_string("*A  autocommit").unwrap();
    p.exp_string(" B  write transaction").unwrap();
    line(&mut p, ".timeline");
    // (rexpect reads byte by byte, so the arrow between them arrives mangled.)
    p.exp_string("4.  B: UPDATE counters SET n = :n + 1 WHERE name = 'visits'  [:n = 0]")
        .unwrap();
    p.exp_string("ok, 1 row changed  (B now: autocommit)")
        .unwrap();
    line(&mut p, ".quit");
    p.exp_eof().unwrap();
}

#[test]
fn a_predict_lab_steps_and_asks_before_the_asked_steps() {
    let dir = tempfile::tempdir().unwrap();
    let script = ".step\n.step\n.step\n.step\nbusy\n.step\n1\n";
    let run = piped(
        &["--lesson", "isolation-lost-update/lost-update"],
        script,
        dir.path(),
    );
    assert_eq!(
        run.code, 1,
        "a wrong prediction fails the script: {}",
        run.stderr
    );
    let out = &run.stdout;
    assert!(
        out.contains(
            "4. B: UPDATE counters SET n = :n + 1 WHERE name = 'visits'   <- you predict this"
        ),
        "{out}"
    );
    let asked = out
        .find("Step 4 of 5, session B:")
        .expect("asks before step 4");
    let ran = out
        .find("4. B: UPDATE counters SET n = :n + 1 WHERE name = 'visits'  [:n = 0] -> ok, 1 row changed")
        .expect("step 4 ran");
    assert!(asked < ran, "{out}");
    assert!(out.contains("you said: busy (wrong)"), "{out}");
    assert!(out.contains("you said: 1 (right)"), "{out}");
    assert!(out.contains("A's update is lost"), "the step's note: {out}");
    assert!(out.contains("FAIL 1 of 2 prediction(s) differ"), "{out}");
    assert!(
        out.contains("Nothing holds a lock at step 4"),
        "known mistake: {out}"
    );

    // Right predictions, given with `.step`, pass and are recorded.
    let right = piped(
        &["--lesson", "isolation-lost-update/lost-update"],
        ".step\n.step\n.step\n.step ok, 1 row changed\n.step 5: 1\n",
        dir.path(),
    );
    assert_eq!(right.code, 0, "{}{}", right.stdout, right.stderr);
    assert!(
        right.stdout.contains("PASS All 2 prediction(s) match"),
        "{}",
        right.stdout
    );
    let (store, _) = Store::open(&dir.path().join("data"), "bundled").unwrap();
    let attempts = store
        .attempts(Some("isolation-lost-update/lost-update"))
        .unwrap();
    let passed: Vec<bool> = attempts.iter().map(|a| a.passed).collect();
    assert_eq!(passed, vec![false, true]);
}

#[test]
fn a_fix_lab_takes_the_learners_turns_and_grades_them() {
    let dir = tempfile::tempdir().unwrap();
    let script = "\
UPDATE counters SET n = n + 1 WHERE name = 'visits';
.step
.step
UPDATE counters SET n = n + 1 WHERE name = 'visits';
.submit
";
    let run = piped(
        &["--lesson", "isolation-lost-update/atomic-increment"],
        script,
        dir.path(),
    );
    // The first UPDATE came before B's turn: refused, so the exit code is 1.
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("It is not B's turn yet"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("B's turn 1 of 2"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("(kept in B's turn 2: 1 statement so far)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("PASS The invariant holds"),
        "{}",
        run.stdout
    );
}

/// The right answer to a drill item as typed at the REPL's prompt: one
/// entry per prompt, each the lines typed at it.
fn repl_answer(course: &Course, key: &str) -> Vec<Vec<String>> {
    let ex = course.find(key).unwrap();
    match ex.exercise {
        Exercise::Query(q) => {
            let mut lines: Vec<String> = q.solution.trim().lines().map(str::to_string).collect();
            if !q.solution.trim_end().ends_with(';') {
                lines.push(";".into());
            }
            vec![lines]
        }
        Exercise::Choice(q) => {
            let letters: Vec<String> = q.correct_letters().iter().map(char::to_string).collect();
            vec![vec![letters.join(",")]]
        }
        Exercise::Predict(q) => {
            let typed = typed_answer(&q.answer);
            vec![vec![match q.answer {
                PredictAnswer::Rows(_) | PredictAnswer::Error(_) => {
                    typed.lines().collect::<Vec<_>>().join("; ")
                }
                _ => typed,
            }]]
        }
        Exercise::Interview(q) => {
            let mut prompts = vec![vec![String::new()]];
            if !q.follow_up_answer.trim().is_empty() {
                prompts.push(vec![String::new()]);
            }
            prompts.push(vec!["good all".into()]);
            prompts
        }
        _ => panic!("not drillable: {key}"),
    }
}

#[test]
fn a_drill_runs_at_the_prompt_to_its_report() {
    let course = course();
    let picked = select(
        &candidates(&course),
        &DrillConfig {
            topic: Some("joins".into()),
            count: 3,
            seed: 4,
            time_limit: Some(Duration::from_secs(30 * 60)),
            ..DrillConfig::default()
        },
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut p = repl(&[], dir.path());
    p.exp_string("sqldojo> ").unwrap();
    line(
        &mut p,
        ".drill --topic joins --count 3 --seed 4 --minutes 30",
    );
    p.exp_string("3 item(s), 30:00 on the clock, seed 4")
        .unwrap();
    for (n, item) in picked.items.iter().enumerate() {
        let (_, header) = p
            .exp_regex(&format!(r"\[{}/3\] [^\r\n]*", n + 1))
            .expect("item header");
        assert!(header.contains(&item.key), "{header}");
        for lines in repl_answer(&course, &item.key) {
            // The prompt counts down. (Wait for it: a line editor drops
            // what is typed before it reads.)
            p.exp_regex(&format!(
                r"\[{}/3, \d\d:\d\d left\] (sql|answer|Enter|rating)> ",
                n + 1
            ))
            .expect("countdown in the prompt");
            for l in lines {
                line(&mut p, &l);
            }
        }
    }
    p.exp_string("Drill report").unwrap();
    p.exp_string("Score: 3.0 of 3 (100%)").unwrap();
    p.exp_string("Weakest topics: none").unwrap();
    p.exp_string("Same drill again: .drill --seed 4 --count 3 --topic joins --minutes 30")
        .unwrap();
    // Back at the plain prompt, on the learner's own (empty) database.
    p.exp_string("sqldojo> ").unwrap();
    line(&mut p, ".quit");
    p.exp_eof().unwrap();
    let (mut store, _) = Store::open(&dir.path().join("data"), "bundled").unwrap();
    let history = sqldojo::drill::record::history(&mut store, 5).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].answered, 3);
    assert_eq!(history[0].score, Some(3.0));
}

#[test]
fn a_piped_drill_ends_with_its_report_when_input_ends() {
    let dir = tempfile::tempdir().unwrap();
    let run = piped(
        &[],
        ".drill --topic nulls --count 3 --seed 17 --exam\n.hint\n.skip\n",
        dir.path(),
    );
    assert!(run.stdout.contains("exam mode"), "{}", run.stdout);
    assert!(
        run.stdout.contains("No hints in exam mode."),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Drill ended early."), "{}", run.stdout);
    assert!(
        run.stdout.contains("Score: 0.0 of 3 (0%)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("not reached"), "{}", run.stdout);
    let (mut store, _) = Store::open(&dir.path().join("data"), "bundled").unwrap();
    let history = sqldojo::drill::record::history(&mut store, 5).unwrap();
    assert_eq!(history.len(), 1);
    assert!(history[0].finished_at.is_some());
}

#[test]
fn answer_grades_a_choice_question() {
    let course = course();
    let key = "joins-quiz/never-ordered";
    let Exercise::Choice(q) = course.find(key).unwrap().exercise else {
        panic!("{key} is a choice question");
    };
    let right: String = q
        .correct_letters()
        .iter()
        .map(char::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let wrong = (0..q.options.len())
        .map(sqldojo::lesson::kinds::option_letter)
        .find(|l| !q.correct_letters().contains(l))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let run = piped(
        &["--lesson", key],
        &format!(".answer {wrong}\n.answer zz\n.answer {right}\n"),
        dir.path(),
    );
    assert_eq!(run.code, 1, "the wrong answer fails the script");
    assert!(run.stdout.contains(&format!("{wrong}) ")), "{}", run.stdout);
    assert!(
        run.stdout.contains("you picked it, but it is wrong"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("That answer cannot be read"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("PASS Right"), "{}", run.stdout);
    assert!(
        run.stdout.contains("`.next` opens the next exercise."),
        "{}",
        run.stdout
    );
    // Two graded attempts; the unreadable one is not an attempt.
    let (store, _) = Store::open(&dir.path().join("data"), "bundled").unwrap();
    let passed: Vec<bool> = store
        .attempts(Some(key))
        .unwrap()
        .iter()
        .map(|a| a.passed)
        .collect();
    assert_eq!(passed, vec![false, true]);
}
