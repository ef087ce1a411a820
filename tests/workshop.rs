//! Instructor tooling through the real binary: batch grading into every
//! report format, closed packs, progress export and merge, lesson
//! scaffolding, and the mutant warnings of `sqldojo check`.

mod common;
use common::{Run, command, run};

use std::path::{Path, PathBuf};

use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/workshop");

fn sqldojo_env(args: &[&str], data_dir: &Path, env: &[(&str, &str)], cwd: &Path) -> Run {
    let mut cmd = command(args, data_dir);
    cmd.current_dir(cwd).envs(env.iter().copied());
    run(cmd, "")
}

fn sqldojo(args: &[&str], data_dir: &Path) -> Run {
    sqldojo_env(args, data_dir, &[], data_dir)
}

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The mixed folder: correct, wrong, syntax error, hostile (ATTACH, endless
/// CTE), binary, empty, a quote-and-markup error, plus a 2 MB file and a
/// symbolic link made here.
fn mixed_submissions(dir: &Path) -> PathBuf {
    let subs = dir.join("subs");
    copy_dir(&fixture("submissions"), &subs);
    let mut huge = b"SELECT 1 -- ".to_vec();
    huge.extend(std::iter::repeat_n(b'x', 2 * 1024 * 1024));
    std::fs::write(subs.join("ivan.sql"), huge).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", subs.join("judy.sql")).unwrap();
    subs
}

const LEARNERS: usize = 10;

/// Grades the mixed folder into `report.EXT`; checks the run itself.
fn batch(ext: &str) -> (tempfile::TempDir, PathBuf, Run) {
    let dir = tempfile::tempdir().unwrap();
    let subs = mixed_submissions(dir.path());
    let report = dir.path().join(format!("report.{ext}"));
    let pack = fixture("pack");
    let run = sqldojo(
        &[
            "--course",
            s(&pack),
            "grade",
            "--exercise",
            "joins-left/every-user",
            "--submissions",
            s(&subs),
            "--report",
            s(&report),
        ],
        dir.path(),
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("1 passed"),
        "{}\n{}",
        run.stdout,
        run.stderr
    );
    assert!(run.stderr.contains("README.txt"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        !Path::new("/tmp/sqldojo-stolen.db").exists(),
        "ATTACH wrote a file"
    );
    (dir, report, run)
}

#[test]
fn csv_report_has_a_row_per_submission_with_its_message() {
    let (_dir, report, _) = batch("csv");
    let mut reader = csv::Reader::from_path(&report).unwrap();
    let headers = reader.headers().unwrap().clone();
    for column in ["file", "learner", "passed", "verdict", "message"] {
        assert!(headers.iter().any(|h| h == column), "{headers:?}");
    }
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), LEARNERS);
    let by = |learner: &str| {
        rows.iter()
            .find(|r| &r[col("learner")] == learner)
            .unwrap_or_else(|| panic!("no row for {learner}"))
    };
    assert_eq!(&by("alice")[col("passed")], "true");
    assert_eq!(&by("alice")[col("verdict")], "accepted");
    assert_eq!(&by("alice")[col("file")], "alice.sql");
    let bob = by("bob");
    assert_eq!(
        (&bob[col("passed")], &bob[col("verdict")]),
        ("false", "wrong")
    );
    assert!(bob[col("details")].contains("use LEFT JOIN"), "{bob:?}");
    for (learner, verdict, words) in [
        ("carol", "error", "syntax error"),
        ("dave", "refused", "ATTACH"),
        ("erin", "refused", "not text"),
        ("frank", "refused", "no SQL"),
        ("heidi", "timeout", "stopped after"),
        ("ivan", "refused", "at most"),
        ("judy", "refused", "symbolic link"),
    ] {
        let row = by(learner);
        assert_eq!(&row[col("passed")], "false", "{row:?}");
        assert_eq!(&row[col("verdict")], verdict, "{row:?}");
        assert!(row[col("message")].contains(words), "{row:?}");
    }
    // Quotes, commas and markup in a message survive the CSV round trip.
    let grace = by("grace");
    assert!(
        grace[col("message")].contains("\"a, <b> & c FROM users"),
        "{grace:?}"
    );
}

#[test]
fn json_report_has_summary_and_results() {
    let (_dir, report, _) = batch("json");
    let json: Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(json["summary"]["rows"], LEARNERS);
    assert_eq!(json["summary"]["passed"], 1);
    assert_eq!(json["exercises"][0]["exercise"], "joins-left/every-user");
    let results = json["results"].as_array().unwrap();
    assert_eq!(results.len(), LEARNERS);
    let carol = results.iter().find(|r| r["learner"] == "carol").unwrap();
    assert_eq!(carol["passed"], false);
    assert_eq!(carol["verdict"], "error");
    assert!(carol["message"].as_str().unwrap().contains("syntax error"));
}

#[test]
fn markdown_report_shows_the_pass_rate_per_exercise() {
    let (_dir, report, _) = batch("md");
    let md = std::fs::read_to_string(&report).unwrap();
    assert!(
        md.starts_with("# Batch grading: joins-left/every-user"),
        "{md}"
    );
    assert!(md.contains("## Pass rate per exercise"), "{md}");
    assert!(
        md.contains("| joins-left/every-user | 10 | 1 | 10% |"),
        "{md}"
    );
    assert!(
        md.contains("| bob | joins-left/every-user | ✗ wrong |"),
        "{md}"
    );
    // Markup from an error message is escaped, not rendered.
    assert!(md.contains("&lt;b&gt; &amp; c"), "{md}");
    assert!(!md.contains("<b>"), "{md}");
}

#[test]
fn junit_report_is_well_formed_with_failures_and_errors() {
    let (_dir, report, _) = batch("xml");
    let xml = std::fs::read_to_string(&report).unwrap();
    let mut reader = Reader::from_str(&xml);
    let (mut cases, mut failures, mut errors) = (0, 0, 0);
    let mut texts = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e) | Event::Empty(e)) => match e.name().as_ref() {
                b"testcase" => cases += 1,
                b"failure" => failures += 1,
                b"error" => errors += 1,
                _ => {}
            },
            Ok(Event::Text(t)) => texts.push_str(&t.decode().unwrap()),
            Ok(_) => {}
            Err(e) => panic!(
                "not well-formed XML at {}: {e}\n{xml}",
                reader.buffer_position()
            ),
        }
    }
    assert_eq!(cases, LEARNERS);
    assert_eq!(failures, 1, "bob's wrong answer is the one failure");
    assert_eq!(errors, LEARNERS - 2, "every broken file is an error");
    assert!(
        xml.contains("tests=\"10\" failures=\"1\" errors=\"8\""),
        "{xml}"
    );
    assert!(xml.contains("&lt;b&gt; &amp; c"), "{xml}");
}

#[test]
fn adhoc_form_grades_a_folder_against_a_reference_file() {
    let dir = tempfile::tempdir().unwrap();
    let subs = dir.path().join("subs");
    copy_dir(&fixture("submissions"), &subs);
    let solution = dir.path().join("left.sql");
    std::fs::write(
        &solution,
        "SELECT u.name, o.amount FROM users u LEFT JOIN orders o ON o.user_id = u.id",
    )
    .unwrap();
    let report = dir.path().join("adhoc.json");
    let dataset = fixture("pack/datasets/shop.sql");
    let run = sqldojo(
        &[
            "grade",
            "--dataset",
            s(&dataset),
            "--solution",
            s(&solution),
            "--submissions",
            s(&subs),
            "--report",
            s(&report),
        ],
        dir.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let results = json["results"].as_array().unwrap();
    assert_eq!(results.len(), 8);
    let passed: Vec<&str> = results
        .iter()
        .filter(|r| r["passed"] == true)
        .map(|r| r["learner"].as_str().unwrap())
        .collect();
    assert_eq!(passed, ["alice"]);
    assert_eq!(results[0]["exercise"], "left.sql");
}

fn roster_report(pack: &Path, dir: &Path, name: &str) -> Value {
    let report = dir.join(name);
    let run = sqldojo(
        &[
            "grade",
            "--pack",
            s(pack),
            "--submissions",
            s(&fixture("roster")),
            "--report",
            s(&report),
        ],
        dir,
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap()
}

/// (learner, exercise, passed, verdict, message, details) of every row.
fn verdicts(report: &Value) -> Vec<(String, String, bool, String, String, String)> {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["learner"].as_str().unwrap().to_string(),
                r["exercise"].as_str().unwrap().to_string(),
                r["passed"].as_bool().unwrap(),
                r["verdict"].as_str().unwrap().to_string(),
                r["message"].as_str().unwrap().to_string(),
                r["details"].to_string(),
            )
        })
        .collect()
}

#[test]
fn roster_maps_file_names_to_exercises() {
    let dir = tempfile::tempdir().unwrap();
    let report = roster_report(&fixture("pack"), dir.path(), "class.json");
    let rows = verdicts(&report);
    let find = |learner: &str, exercise: &str| {
        rows.iter()
            .find(|r| r.0 == learner && r.1 == exercise)
            .unwrap_or_else(|| panic!("no {learner} {exercise} in {rows:#?}"))
    };
    // Bare exercise id, LESSON.EXERCISE, and a lesson folder.
    assert!(find("ann", "joins-left/every-user").2);
    assert!(find("ann", "joins-left/order-counts").2);
    let ben = find("ben", "joins-left/order-counts");
    assert!(!ben.2);
    assert!(ben.5.contains("count(*) counts the row"), "{ben:?}");
    // A misspelt name is a failed row that says what to rename it to.
    let typo = find("cy", "evry-user");
    assert_eq!(typo.3, "unknown_exercise");
    assert!(typo.4.contains("did you mean"), "{typo:?}");
    // A destructive statement fails on the private copy, and is a failed row.
    let drop = find("cy", "joins-left/order-counts");
    assert_eq!((drop.2, drop.3.as_str()), (false, "error"), "{drop:?}");
    assert_eq!(report["learners"].as_array().unwrap().len(), 3);
}

#[test]
fn closed_pack_grades_like_the_open_pack_without_its_solutions() {
    let dir = tempfile::tempdir().unwrap();
    let closed = dir.path().join("closed");
    let run = sqldojo(
        &[
            "--course",
            s(&fixture("pack")),
            "pack",
            "--closed",
            s(&closed),
        ],
        dir.path(),
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("joins-left/which-join (choice)"),
        "{}",
        run.stdout
    );

    // No reference or wrong-answer SQL anywhere in the closed pack.
    let mut text = String::new();
    for entry in walk(&closed) {
        text.push_str(&std::fs::read_to_string(entry).unwrap());
    }
    assert!(!text.contains("LEFT JOIN orders o ON"), "a solution leaked");
    assert!(
        !text.contains("count(*) FROM users"),
        "a wrong answer leaked"
    );
    assert!(text.contains("expectation: expectations/joins-left/every-user.json"));

    let open = roster_report(&fixture("pack"), dir.path(), "open.json");
    let shut = roster_report(&closed, dir.path(), "closed.json");
    assert_eq!(verdicts(&open), verdicts(&shut));
    assert!(verdicts(&open).iter().any(|r| r.2) && verdicts(&open).iter().any(|r| !r.2));

    // It checks clean, and refuses to grade once its dataset is edited.
    let check = sqldojo(&["check", s(&closed)], dir.path());
    assert_eq!(check.code, 0, "{}", check.stdout);
    let data = closed.join("datasets/shop.sql");
    let edited =
        std::fs::read_to_string(&data).unwrap() + "\nINSERT INTO users VALUES (9, 'Zed');\n";
    std::fs::write(&data, edited).unwrap();
    let report = dir.path().join("edited.csv");
    let run = sqldojo(
        &[
            "grade",
            "--pack",
            s(&closed),
            "--submissions",
            s(&fixture("roster")),
            "--report",
            s(&report),
        ],
        dir.path(),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("another version of dataset"),
        "{}",
        run.stderr
    );
    // An existing folder is never overwritten.
    let again = sqldojo(
        &[
            "--course",
            s(&fixture("pack")),
            "pack",
            "--closed",
            s(&closed),
        ],
        dir.path(),
    );
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("not empty"), "{}", again.stderr);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        if entry.path().is_dir() {
            out.extend(walk(&entry.path()));
        } else {
            out.push(entry.path());
        }
    }
    out
}

#[test]
fn check_warns_when_no_parent_is_childless() {
    let dir = tempfile::tempdir().unwrap();
    let run = sqldojo(&["check", s(&fixture("nochildless"))], dir.path());
    assert_eq!(
        run.code, 0,
        "warnings do not fail the check: {}",
        run.stdout
    );
    let warning = run
        .stdout
        .lines()
        .position(|l| l.contains("INNER JOIN for LEFT JOIN"))
        .unwrap_or_else(|| panic!("no INNER/LEFT warning:\n{}", run.stdout));
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[warning].contains("10-left.yaml:13:"),
        "{}",
        lines[warning]
    );
    assert!(
        lines[warning].contains("cannot distinguish"),
        "{}",
        lines[warning]
    );
    assert!(
        lines[warning + 1].contains("add a row such as: a new row in users"),
        "{}",
        lines[warning + 1]
    );

    // With childless parents in the data, the same exercise raises no such warning.
    let run = sqldojo(&["check", s(&fixture("pack"))], dir.path());
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        !run.stdout.contains("INNER JOIN for LEFT JOIN"),
        "{}",
        run.stdout
    );
}

#[test]
fn check_says_when_nothing_tells_a_mutant_apart() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    copy_dir(&fixture("nochildless"), &pack);
    let lesson = pack.join("lessons/01-joins/10-left.yaml");
    let text = std::fs::read_to_string(&lesson).unwrap().replace(
        "solution: SELECT u.name, o.amount FROM users u LEFT JOIN orders o ON o.user_id = u.id",
        "solution: SELECT u.name, o.amount FROM users u JOIN orders o ON o.user_id = u.id WHERE o.amount <= 60",
    );
    std::fs::write(&lesson, text).unwrap();
    let run = sqldojo(&["check", s(&pack)], dir.path());
    // No amount equals 60, and no variant makes one: `<` and `<=` agree everywhere.
    assert!(
        run.stdout.contains("neither your dataset nor any variant")
            && run.stdout.contains("`<` for `<=`"),
        "{}",
        run.stdout
    );
    // The fix says which row would tell them apart.
    assert!(
        run.stdout
            .contains("add a row whose value equals the comparison's bound"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_pack_loads_from_course_or_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let pack = fixture("pack");
    let by_flag = sqldojo(
        &["--course", s(&pack), "list", "--format", "json"],
        dir.path(),
    );
    let by_env = sqldojo_env(
        &["list", "--format", "json"],
        dir.path(),
        &[("SQLDOJO_COURSE", s(&pack))],
        dir.path(),
    );
    for run in [by_flag, by_env] {
        assert_eq!(run.code, 0, "{}", run.stderr);
        let lessons: Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(lessons.as_array().unwrap().len(), 1);
        assert_eq!(lessons[0]["id"], "joins-left");
    }
}

#[test]
fn a_pack_newer_than_the_binary_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    copy_dir(&fixture("pack"), &pack);
    let manifest = pack.join("lessons/course.yaml");
    let text = std::fs::read_to_string(&manifest)
        .unwrap()
        .replace("format_version: 1", "format_version: 2");
    std::fs::write(&manifest, text).unwrap();
    let report = dir.path().join("r.csv");
    let run = sqldojo(
        &[
            "grade",
            "--pack",
            s(&pack),
            "--submissions",
            s(&fixture("roster")),
            "--report",
            s(&report),
        ],
        dir.path(),
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("course.yaml:2:"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("lesson format 2, but this sqldojo reads format 1"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("upgrade sqldojo"), "{}", run.stderr);
    assert!(!report.exists());
}

#[test]
fn batch_usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let subs = fixture("submissions");
    let run = sqldojo(
        &[
            "grade",
            "--exercise",
            "joins-inner/names-and-amounts",
            "--submissions",
            s(&subs),
            "--report",
            "out.pdf",
        ],
        dir.path(),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(".csv, .json, .md or .xml"),
        "{}",
        run.stderr
    );
    let run = sqldojo(
        &[
            "grade",
            "--exercise",
            "joins-inner/names-and-amounts",
            "--submissions",
            s(&subs),
        ],
        dir.path(),
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--report"), "{}", run.stderr);
}

#[test]
fn progress_exports_import_and_merge_into_a_class_report() {
    let dir = tempfile::tempdir().unwrap();
    let pack = fixture("pack");
    let answer = |data: &Path, exercise: &str, sql: &str| {
        let file = data.join("answer.sql");
        std::fs::write(&file, sql).unwrap();
        sqldojo(
            &[
                "--course",
                s(&pack),
                "grade",
                "--exercise",
                exercise,
                "--answer",
                s(&file),
            ],
            data,
        )
    };
    let (ann, ben) = (dir.path().join("ann"), dir.path().join("ben"));
    std::fs::create_dir_all(&ann).unwrap();
    std::fs::create_dir_all(&ben).unwrap();
    let left = "SELECT u.name, o.amount FROM users u LEFT JOIN orders o ON o.user_id = u.id";
    let inner = "SELECT u.name, o.amount FROM users u JOIN orders o ON o.user_id = u.id";
    assert_eq!(answer(&ann, "joins-left/every-user", inner).code, 1);
    assert_eq!(answer(&ann, "joins-left/every-user", left).code, 0);
    assert_eq!(answer(&ben, "joins-left/every-user", inner).code, 1);

    let ann_file = dir.path().join("ann.json");
    let run = sqldojo(
        &[
            "--course",
            s(&pack),
            "progress",
            "--export",
            s(&ann_file),
            "--name",
            "Ann Lee",
        ],
        &ann,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let exported: Value = serde_json::from_slice(&std::fs::read(&ann_file).unwrap()).unwrap();
    assert_eq!(exported["learner"], "Ann Lee");
    assert_eq!(exported["attempts"].as_array().unwrap().len(), 2);
    let every = &exported["exercises"][0];
    assert_eq!(every["status"], "solved");
    assert_eq!(every["attempts_to_solve"], 2);
    assert!(every["time_to_solve_ms"].as_i64().unwrap() >= 0);
    let ben_file = dir.path().join("ben.json");
    let run = sqldojo(
        &["--course", s(&pack), "progress", "--export", s(&ben_file)],
        &ben,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);

    // The instructor merges the room's files, one of them broken.
    let broken = dir.path().join("cy.json");
    std::fs::write(&broken, "{ not json").unwrap();
    let class = dir.path().join("class.md");
    let run = sqldojo(
        &[
            "progress",
            "--import",
            s(&ann_file),
            s(&ben_file),
            s(&broken),
            "--report",
            s(&class),
        ],
        dir.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("cy.json: not JSON"), "{}", run.stderr);
    let md = std::fs::read_to_string(&class).unwrap();
    assert!(
        md.contains("| joins-left/every-user | 2 | 1 | 50% |"),
        "{md}"
    );
    assert!(
        md.contains("| Ann Lee | joins-left/every-user | ✓ solved |"),
        "{md}"
    );
    assert!(
        md.contains("| ben | joins-left/every-user | ✗ attempted |"),
        "{md}"
    );
    assert!(md.contains("unreadable"), "{md}");

    // Ann moves to a new machine: importing twice adds her attempts once.
    let new_machine = dir.path().join("new");
    std::fs::create_dir_all(&new_machine).unwrap();
    for expected in ["imported 2 new attempt(s)", "imported 0 new attempt(s)"] {
        let run = sqldojo(
            &["--course", s(&pack), "progress", "--import", s(&ann_file)],
            &new_machine,
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.contains(expected), "{}", run.stdout);
    }
    // Progress on another course is refused.
    let run = sqldojo(&["progress", "--import", s(&ann_file)], &new_machine);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not on the current course"),
        "{}",
        run.stderr
    );
}

#[test]
fn new_lesson_scaffolds_a_pack_that_check_walks_to_completion() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("workshop");
    std::fs::create_dir_all(&pack).unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let run = sqldojo_env(&["new", "lesson", "left-joins"], &data, &[], &pack);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("started a lesson pack"),
        "{}",
        run.stdout
    );
    let lesson = pack.join("lessons/01-basics/10-left-joins.yaml");
    let text = std::fs::read_to_string(&lesson).unwrap();

    // The modeline points at a schema that exists, relative to the file.
    let modeline = text.lines().next().unwrap();
    let schema = modeline
        .strip_prefix("# yaml-language-server: $schema=")
        .expect("a modeline");
    assert!(lesson.parent().unwrap().join(schema).is_file(), "{schema}");

    // check names every placeholder with its line and what to write.
    let run = sqldojo(&["check", s(&pack)], &data);
    assert_eq!(run.code, 1);
    for (field, advice) in [
        ("`exercises[0].prompt`", "output contract"),
        ("`exercises[0].solution`", "write the reference"),
        ("`exercises[0].wrong_answers[0].feedback`", "what to tell"),
    ] {
        let at = run
            .stdout
            .lines()
            .position(|l| l.contains(field))
            .unwrap_or_else(|| panic!("{field} not reported:\n{}", run.stdout));
        let lines: Vec<&str> = run.stdout.lines().collect();
        assert!(lines[at].contains("10-left-joins.yaml:"), "{}", lines[at]);
        assert!(lines[at + 1].contains(advice), "{}", lines[at + 1]);
    }

    // An author fills it in; check is then clean, and the lesson grades.
    let filled = text
        .replace(
            "TODO: introduce the idea in Markdown — what it is, when to use it, and the\n  pitfall this lesson is about.",
            "A LEFT JOIN keeps rows without a partner.",
        )
        .replace("\"TODO: a short title\"", "Every user")
        .replace(
            "TODO: the task. State the output contract: which columns, in which\n      order; one row per what; and whether the order of rows matters.",
            "Return every user's **name** and order **amount**; users without orders once, with NULL. Any order.",
        )
        .replace(
            "-- TODO: the reference query",
            "SELECT u.name, o.amount FROM users u LEFT JOIN orders o ON o.user_id = u.id",
        )
        .replace("\"TODO: a gentle nudge\"", "Cal has no orders.")
        .replace("\"TODO: a stronger hint\"", "LEFT JOIN keeps him.")
        .replace(
            "TODO: why the solution works; learners see this after they succeed.",
            "The LEFT JOIN keeps every user.",
        )
        .replace(
            "-- TODO: a mistaken query",
            "SELECT u.name, o.amount FROM users u JOIN orders o ON o.user_id = u.id",
        )
        .replace(
            "TODO: what to tell a learner whose answer behaves like this one.",
            "An inner join drops Cal.",
        );
    assert!(
        filled
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .all(|l| !l.contains("TODO")),
        "{filled}"
    );
    std::fs::write(&lesson, filled).unwrap();
    let run = sqldojo(&["check", s(&pack)], &data);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("0 error(s)"), "{}", run.stdout);

    // A second lesson goes next to it, numbered after it; ids stay unique.
    let run = sqldojo_env(&["new", "lesson", "self-joins"], &data, &[], &pack);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(pack.join("lessons/01-basics/20-self-joins.yaml").is_file());
    let run = sqldojo_env(
        &["--course", s(&pack), "new", "lesson", "left-joins"],
        &data,
        &[],
        dir.path(),
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    // Outside any pack, in a folder with other files, nothing is created.
    let run = sqldojo_env(&["new", "lesson", "x"], &data, &[], dir.path());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no lesson pack here"), "{}", run.stderr);
}
