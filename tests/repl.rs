//! `sqldojo repl` end to end: in a real pseudo-terminal (rexpect) the way a
//! learner types, and with standard input piped the way scripts use it.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rexpect::session::{Options, PtySession, spawn_with_options};

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

struct Piped {
    code: i32,
    stdout: String,
    stderr: String,
}

/// The binary with standard input piped from `input`.
fn piped(args: &[&str], input: &str, dir: &Path) -> Piped {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sqldojo"))
        .arg("repl")
        .args(args)
        .env("SQLDOJO_DATA_DIR", dir.join("data"))
        .env("HOME", dir)
        .env_remove("SQLDOJO_COURSE")
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    Piped {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
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
fn next_passes_over_questions_the_repl_cannot_take() {
    let dir = tempfile::tempdir().unwrap();
    // The course lists quiz and interview questions after the joins lessons.
    let list = Command::new(env!("CARGO_BIN_EXE_sqldojo"))
        .args(["list", "--format", "json"])
        .env_remove("SQLDOJO_COURSE")
        .output()
        .unwrap();
    let lessons: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let exercises: Vec<(String, String)> = lessons
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l| l["exercises"].as_array().unwrap().iter())
        .map(|e| {
            (
                e["key"].as_str().unwrap().to_string(),
                e["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let sql_kind = |k: &str| matches!(k, "query" | "plan" | "schema" | "isolation");
    let start = exercises
        .windows(2)
        .find(|w| sql_kind(&w[0].1) && !sql_kind(&w[1].1))
        .map(|w| w[0].0.clone())
        .expect("a SQL exercise followed by a question");
    let run = piped(&["--lesson", &start], ".next\n", dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("(passed over "), "{}", run.stdout);
    let landed = run
        .stdout
        .lines()
        .rfind(|l| l.starts_with("Exercise "))
        .and_then(|l| l.rsplit_once('(').map(|(_, k)| k.trim_end_matches(')')))
        .map(|k| k.split(',').next().unwrap().to_string())
        .expect("an exercise opened");
    let kind = &exercises.iter().find(|(k, _)| *k == landed).unwrap().1;
    assert!(sql_kind(kind), "{landed} is a {kind}");
}
