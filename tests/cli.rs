//! The `sqldojo` binary as scripts use it: exit codes, JSON, hostile input.

mod common;
use common::{Run, sqldojo};

use std::process::{Command, Stdio};
use std::time::Duration;

fn grade_json(answer: &[u8]) -> (Run, serde_json::Value, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let run = sqldojo(
        &[
            "grade",
            "--exercise",
            "joins-inner/names-and-amounts",
            "--answer",
            "-",
            "--format",
            "json",
        ],
        answer,
        dir.path(),
    );
    let json = serde_json::from_str(&run.stdout).unwrap_or(serde_json::Value::Null);
    (run, json, dir)
}

#[test]
fn bundled_course_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let run = sqldojo(&["check", "--strict"], b"", dir.path());
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("0 error(s)"), "{}", run.stdout);
}

#[test]
fn yaml_error_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    std::fs::create_dir_all(pack.join("lessons/01-joins")).unwrap();
    std::fs::create_dir_all(pack.join("datasets")).unwrap();
    std::fs::write(
        pack.join("datasets/tiny.sql"),
        "CREATE TABLE t (x INTEGER);",
    )
    .unwrap();
    std::fs::write(
        pack.join("lessons/course.yaml"),
        "format_version: 1\ntitle: Tiny\ntopics:\n  - slug: joins\n    title: Joins\n    dir: 01-joins\n",
    )
    .unwrap();
    let lesson = pack.join("lessons/01-joins/broken.yaml");
    std::fs::write(&lesson, "id: broken\ntitle: Broken\ntopic: joins\ndifficulty: junior\ndataset: tiny\nintro: |\n  hi\nexercises:\n  - kind: query\n    id: one\n    title: One\n    prompt: [unclosed\n").unwrap();
    let run = sqldojo(&["check", pack.to_str().unwrap()], b"", dir.path());
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let expected = format!("{}:13:", lesson.display());
    assert!(
        run.stdout.contains(&expected),
        "wanted {expected} in:\n{}",
        run.stdout
    );
}

#[test]
fn newer_pack_format_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    std::fs::create_dir_all(pack.join("lessons")).unwrap();
    std::fs::write(
        pack.join("lessons/course.yaml"),
        "format_version: 7\ntitle: Future\ntopics: []\n",
    )
    .unwrap();
    let run = sqldojo(
        &["--course", pack.to_str().unwrap(), "list"],
        b"",
        dir.path(),
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("lesson format 7"), "{}", run.stderr);
    assert!(run.stderr.contains("course.yaml:1:"), "{}", run.stderr);
}

#[test]
fn list_json_counts_wrong_answers() {
    let dir = tempfile::tempdir().unwrap();
    let run = sqldojo(&["list", "--format", "json"], b"", dir.path());
    assert_eq!(run.code, 0);
    let lessons: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let inner = lessons
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "joins-inner")
        .unwrap();
    assert_eq!(inner["topic"], "joins");
    let ex = &inner["exercises"][0];
    assert_eq!(ex["kind"], "query");
    assert!(ex["wrong_answers"].as_u64().unwrap() >= 2);
}

#[test]
fn right_answer_exits_0_and_is_recorded() {
    let (run, json, dir) =
        grade_json(b"SELECT name, amount FROM orders JOIN users ON users.id = orders.user_id;");
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(json["passed"], true);
    assert_eq!(json["verdict"], "accepted");
    assert!(json["explanation"].as_str().unwrap().contains("inner join"));
    assert!(dir.path().join("progress.db").exists());
}

#[test]
fn wrong_answer_exits_1_with_targeted_feedback() {
    let (run, json, _dir) = grade_json(b"SELECT u.name, o.amount FROM users u, orders o");
    assert_eq!(run.code, 1);
    assert_eq!(json["passed"], false);
    assert_eq!(json["verdict"], "wrong");
    let messages = json["messages"].to_string();
    assert!(messages.contains("48 rows"), "{messages}");
}

#[test]
fn adhoc_form_reads_a_dataset_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("d.sql");
    std::fs::write(
        &data,
        "CREATE TABLE t (x INTEGER NOT NULL); INSERT INTO t VALUES (1), (2), (3);",
    )
    .unwrap();
    let solution = dir.path().join("s.sql");
    std::fs::write(&solution, "SELECT sum(x) FROM t").unwrap();
    let args = [
        "grade",
        "--dataset",
        data.to_str().unwrap(),
        "--solution",
        solution.to_str().unwrap(),
        "--answer",
        "-",
    ];
    assert_eq!(
        sqldojo(&args, b"SELECT total(x) FROM t", dir.path()).code,
        0
    );
    assert_eq!(
        sqldojo(&args, b"SELECT 6", dir.path()).code,
        1,
        "hard-coded"
    );
}

/// Hostile input: each gets exit 1 or 2, a clear message, within the deadline.
fn hostile(answer: &[u8], expect_in_message: &str) {
    let (run, json, dir) = grade_json(answer);
    assert!(
        run.code == 1 || run.code == 2,
        "exit {} for {:?}",
        run.code,
        String::from_utf8_lossy(&answer[..answer.len().min(60)])
    );
    let text = format!("{}{}{}", json["messages"], run.stderr, json["headline"]);
    assert!(
        text.contains(expect_in_message),
        "wanted {expect_in_message:?} in {text}"
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.elapsed < Duration::from_secs(8),
        "took {:?}",
        run.elapsed
    );
    // Nothing but the progress database appears in the data directory.
    for entry in std::fs::read_dir(dir.path()).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(name.starts_with("progress.db"), "unexpected file {name}");
    }
}

#[test]
fn hostile_attach() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("stolen.db");
    hostile(
        format!("ATTACH '{}' AS x", target.display()).as_bytes(),
        "ATTACH",
    );
    assert!(!target.exists());
}

#[test]
fn hostile_vacuum_into() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("copy.db");
    hostile(
        format!("VACUUM INTO '{}'", target.display()).as_bytes(),
        "VACUUM INTO",
    );
    assert!(!target.exists(), "VACUUM INTO wrote a file");
}

#[test]
fn hostile_load_extension() {
    let (_, json, _dir) = grade_json(b"SELECT load_extension('/tmp/evil.so')");
    assert_eq!(json["verdict"], "refused", "{json}");
    hostile(b"SELECT load_extension('/tmp/evil.so')", "load_extension");
}

#[test]
fn hostile_endless_recursive_cte() {
    hostile(
        b"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c",
        "stopped after 2 s",
    );
}

#[test]
fn hostile_thirty_million_rows() {
    hostile(
        b"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 30000000) SELECT x FROM c",
        "stopped after 2 s",
    );
}

#[test]
fn hostile_gigabyte_zeroblob() {
    hostile(b"SELECT length(zeroblob(1000000000))", "MB limit");
}

#[test]
fn hostile_nested_parentheses() {
    let sql = format!("SELECT {}1{}", "(".repeat(5000), ")".repeat(5000));
    hostile(sql.as_bytes(), "nested too deeply");
}

#[test]
fn hostile_binary_garbage() {
    hostile(
        &[0xff, 0xfe, 0x00, 0x13, 0x37, 0xc3, 0x28, 0x80],
        "not text",
    );
}

#[test]
fn hostile_empty_file() {
    hostile(b"   -- nothing here\n", "no SQL to run");
}

#[test]
fn hostile_two_statements() {
    hostile(b"SELECT 1; SELECT 2;", "exactly one statement");
}

#[test]
fn hostile_gigantic_input() {
    let mut sql = b"SELECT 1 -- ".to_vec();
    sql.extend(std::iter::repeat_n(b'x', 3 * 1024 * 1024));
    hostile(&sql, "at most");
}

#[test]
fn hostile_writes_do_not_reach_the_pristine_copy() {
    let (run, _, dir) = grade_json(b"DELETE FROM orders");
    assert_eq!(run.code, 1);
    // The next attempt still sees every order.
    let run = sqldojo(
        &[
            "grade",
            "--exercise",
            "joins-inner/names-and-amounts",
            "--answer",
            "-",
        ],
        b"SELECT u.name, o.amount FROM users u JOIN orders o ON o.user_id = u.id",
        dir.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn unknown_exercise_is_a_usage_error_with_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    let run = sqldojo(
        &["grade", "--exercise", "joins-inner/nope", "--answer", "-"],
        b"SELECT 1",
        dir.path(),
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("did you mean"), "{}", run.stderr);
    // A misspelt lesson still finds the exercise, first.
    let run = sqldojo(
        &[
            "grade",
            "--exercise",
            "joins-iner/names-and-amounts",
            "--answer",
            "-",
        ],
        b"SELECT 1",
        dir.path(),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("did you mean: joins-inner/names-and-amounts,"),
        "{}",
        run.stderr
    );
}

#[test]
fn progress_survives_kills_mid_write() {
    use sqldojo::progress::Store;
    let dir = tempfile::tempdir().unwrap();
    let answer = dir.path().join("answer.sql");
    std::fs::write(
        &answer,
        "SELECT u.name, o.amount FROM users u JOIN orders o ON o.user_id = u.id",
    )
    .unwrap();
    let mut finished = 0;
    for i in 0..12u64 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sqldojo"))
            .args([
                "grade",
                "--exercise",
                "joins-inner/names-and-amounts",
                "--answer",
            ])
            .arg(&answer)
            .env("SQLDOJO_DATA_DIR", dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Kill at different moments: before, during and after the write.
        std::thread::sleep(Duration::from_millis(2 + i * 4));
        let _ = child.kill();
        if child.wait().unwrap().success() {
            finished += 1;
        }
    }
    let (store, report) = Store::open(dir.path(), "bundled").expect("progress opens after kills");
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let attempts = store.attempts(None).unwrap();
    assert!(
        attempts.len() >= finished,
        "{} attempts, {finished} runs finished",
        attempts.len()
    );
    assert!(attempts.iter().all(|a| a.passed && a.outcome == "accepted"));
}

#[test]
fn closed_pipe_is_not_a_panic() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sqldojo"))
        .args(["list"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // The reader goes away at once, like `| head -0`.
    let out = child.wait_with_output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

/// Issue 7's bar, read from `list --format json` as a script would: at least
/// 150 graded exercises over the 12 topics, none with fewer than 2 known
/// wrong answers.
#[test]
fn course_has_150_graded_exercises_over_12_topics() {
    let dir = tempfile::tempdir().unwrap();
    let run = sqldojo(&["list", "--format", "json"], b"", dir.path());
    let lessons: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    let graded: Vec<(&str, &serde_json::Value)> = lessons
        .iter()
        .flat_map(|l| {
            let topic = l["topic"].as_str().unwrap();
            l["exercises"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |e| (topic, e))
        })
        .filter(|(_, e)| e["graded"] == true)
        .collect();
    assert!(graded.len() >= 150, "{} graded exercises", graded.len());
    let topics: std::collections::BTreeSet<&str> = graded.iter().map(|(t, _)| *t).collect();
    for slug in [
        "joins",
        "aggregation",
        "subqueries",
        "window-functions",
        "ctes",
        "set-operations",
        "nulls",
        "keys",
        "normalization",
        "many-to-many",
        "indexes",
        "isolation",
    ] {
        assert!(topics.contains(slug), "no graded exercise in {slug}");
    }
    for (_, e) in &graded {
        assert!(
            e["wrong_answers"].as_u64().unwrap() >= 2,
            "{} has fewer than 2 wrong answers",
            e["key"]
        );
    }
}

/// A lesson may not state what a query returns in prose: the check can only
/// compare results stated as `examples`.
#[test]
fn prose_result_claims_are_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    std::fs::create_dir_all(pack.join("lessons/01-basics")).unwrap();
    std::fs::create_dir_all(pack.join("datasets")).unwrap();
    std::fs::write(
        pack.join("datasets/tiny.sql"),
        "CREATE TABLE t (x INTEGER NOT NULL); INSERT INTO t VALUES (1), (2);",
    )
    .unwrap();
    std::fs::write(
        pack.join("lessons/course.yaml"),
        "format_version: 1\ntitle: Tiny\ntopics:\n  - slug: basics\n    title: Basics\n    dir: 01-basics\n",
    )
    .unwrap();
    let lesson = "id: counting\ntitle: Counting\ntopic: basics\ndifficulty: junior\ndataset: tiny\nintro: |\n  ```sql\n  SELECT count(*) FROM t;\n  -- Result: 3\n  ```\nexercises:\n  - kind: query\n    id: count\n    title: Count\n    prompt: Count the rows of t, one column.\n    solution: SELECT count(*) FROM t\n    hints: [a, b]\n    explanation: COUNT(*) counts rows.\n    wrong_answers:\n      - sql: SELECT count(*) + 1 FROM t\n        feedback: One too many.\n      - sql: SELECT 0\n        feedback: Count the rows.\n";
    std::fs::write(pack.join("lessons/01-basics/10-count.yaml"), lesson).unwrap();
    let run = sqldojo(
        &["check", "--strict", pack.to_str().unwrap()],
        b"",
        dir.path(),
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("10-count.yaml:6:")
            && run.stdout.contains("states what a query returns"),
        "{}",
        run.stdout
    );
}
