//! Drills, quizzes and reviews: selection, timing and scoring, the
//! scheduler's intervals, the question kinds through `grade` and `check`,
//! and whole drills through the real binary (piped and in a pty).

mod common;
use common::sqldojo;

use std::collections::BTreeSet;
use std::process::Command;
use std::time::Duration;

use sqldojo::drill::{
    self, DrillConfig, DrillItem, ItemKind, Judged, Session, Status, candidates, select,
};
use sqldojo::grade::quiz::{SelfRating, typed_answer};
use sqldojo::grade::{Grader, Outcome, Verdict};
use sqldojo::lesson::{Course, CourseSource, Difficulty, Exercise};
use sqldojo::progress::Store;
use sqldojo::review::{self, Scheduler};

fn course() -> Course {
    let loaded = Course::load(CourseSource::Bundled).expect("bundled course loads");
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.course
}

fn config(seed: u64) -> DrillConfig {
    DrillConfig {
        seed,
        ..DrillConfig::default()
    }
}

fn keys(items: &[DrillItem]) -> Vec<String> {
    items.iter().map(|i| i.key.clone()).collect()
}

// ------------------------------------------------------------- selection

#[test]
fn the_same_seed_gives_the_same_drill() {
    let all = candidates(&course());
    let a = select(&all, &config(42)).unwrap();
    let b = select(&all, &config(42)).unwrap();
    assert_eq!(keys(&a.items), keys(&b.items));
    let others: BTreeSet<Vec<String>> = (1..6)
        .map(|s| keys(&select(&all, &config(s)).unwrap().items))
        .collect();
    assert!(
        others.len() > 1,
        "different seeds should give different drills"
    );
}

#[test]
fn count_is_respected_and_capped_by_what_exists() {
    let all = candidates(&course());
    for count in [1, 3, 10, 25] {
        let s = select(&all, &DrillConfig { count, ..config(7) }).unwrap();
        assert_eq!(s.items.len(), count);
        let unique: BTreeSet<_> = keys(&s.items).into_iter().collect();
        assert_eq!(unique.len(), count, "no item twice");
    }
    let topic = DrillConfig {
        topic: Some("aggregation".into()),
        count: 500,
        ..config(7)
    };
    let s = select(&all, &topic).unwrap();
    let available = all.iter().filter(|c| c.topic == "aggregation").count();
    assert_eq!(s.items.len(), available);
    assert!(s.notes[0].contains("only"), "{:?}", s.notes);
    let zero = DrillConfig {
        count: 0,
        ..config(7)
    };
    assert_eq!(select(&all, &zero), Err(drill::SelectError::ZeroCount));
}

#[test]
fn level_selects_that_difficulty_first() {
    let all = candidates(&course());
    for level in [Difficulty::Junior, Difficulty::Mid, Difficulty::Senior] {
        let s = select(
            &all,
            &DrillConfig {
                level: Some(level),
                count: 8,
                ..config(3)
            },
        )
        .unwrap();
        assert!(
            s.items.iter().all(|i| i.difficulty == level),
            "{level:?}: {:?}",
            s.items
        );
    }
    // Too few senior items in one topic: neighbours fill in, and it says so.
    let senior_joins = all
        .iter()
        .filter(|c| c.topic == "joins" && c.difficulty == Difficulty::Senior)
        .count();
    let s = select(
        &all,
        &DrillConfig {
            level: Some(Difficulty::Senior),
            topic: Some("joins".into()),
            count: senior_joins + 2,
            ..config(3)
        },
    )
    .unwrap();
    assert_eq!(s.items.len(), senior_joins + 2);
    assert!(
        s.notes.iter().any(|n| n.contains("neighbouring level")),
        "{:?}",
        s.notes
    );
    assert!(s.items.iter().any(|i| i.difficulty == Difficulty::Mid));
}

#[test]
fn topic_filters_and_unknown_topics_are_refused() {
    let all = candidates(&course());
    let s = select(
        &all,
        &DrillConfig {
            topic: Some("window-functions".into()),
            count: 4,
            ..config(9)
        },
    )
    .unwrap();
    assert!(s.items.iter().all(|i| i.topic == "window-functions"));
    let err = select(
        &all,
        &DrillConfig {
            topic: Some("astrology".into()),
            ..config(9)
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("joins"), "{err}");
}

#[test]
fn a_drill_mixes_sql_tasks_quizzes_and_interview_questions() {
    let all = candidates(&course());
    let s = select(&all, &config(11)).unwrap();
    let count = |kinds: &[ItemKind]| s.items.iter().filter(|i| kinds.contains(&i.kind)).count();
    assert_eq!(count(&[ItemKind::Sql]), 3);
    assert_eq!(count(&[ItemKind::Interview]), 3);
    assert_eq!(count(&[ItemKind::Choice, ItemKind::Predict]), 4);
}

// ------------------------------------------------------------- timing and scoring

fn judged(passed: bool, score: f64, rating: SelfRating) -> Judged {
    Judged {
        verdict: Verdict::new(
            if passed {
                Outcome::Accepted
            } else {
                Outcome::Wrong
            },
            "x",
        ),
        score,
        rating,
    }
}

fn item(key: &str, kind: ItemKind, topic: &str) -> DrillItem {
    DrillItem {
        key: key.into(),
        kind,
        topic: topic.into(),
        difficulty: Difficulty::Mid,
        title: key.into(),
    }
}

#[test]
fn time_per_item_and_the_limit() {
    let items = vec![
        item("joins-quiz/a", ItemKind::Choice, "joins"),
        item("joins-quiz/b", ItemKind::Predict, "joins"),
        item("ctes-quiz/c", ItemKind::Sql, "ctes"),
    ];
    let mut session = Session::new(config(1), items);
    // Without --minutes the limit is the sum of the budgets.
    assert_eq!(
        session.countdown().limit(),
        Duration::from_secs(60 + 120 + 300)
    );
    let s = |secs| Duration::from_secs(secs);
    session.show(s(0));
    let a = session
        .answer(&judged(true, 1.0, SelfRating::Good), "b", 0, 1, s(40))
        .unwrap();
    assert_eq!((a.status, a.elapsed), (Status::Answered, s(40)));
    session.show(s(45));
    session.skip("", 0, 0, s(100));
    assert_eq!(session.answers()[1].elapsed, s(55));
    // The third answer arrives after the limit: not scored, the drill ends.
    session.show(s(100));
    let late = session
        .answer(
            &judged(true, 1.0, SelfRating::Good),
            "SELECT 1;",
            0,
            1,
            s(481),
        )
        .unwrap();
    assert_eq!((late.status, late.score), (Status::TimeUp, 0.0));
    assert!(session.is_over());
    assert_eq!(session.score(), 1.0);
}

#[test]
fn ending_early_marks_the_rest_not_reached_and_the_report_sums_up() {
    let course = course();
    let items = vec![
        item("joins-quiz/never-ordered", ItemKind::Choice, "joins"),
        item("joins-interview/join-types", ItemKind::Interview, "joins"),
        item("ctes-quiz/series", ItemKind::Predict, "ctes"),
        item("nulls-quiz/three-valued", ItemKind::Predict, "nulls"),
    ];
    let mut session = Session::new(
        DrillConfig {
            time_limit: Some(Duration::from_secs(600)),
            ..config(5)
        },
        items,
    );
    let s = |secs| Duration::from_secs(secs);
    session.answer(&judged(true, 1.0, SelfRating::Good), "a,c", 0, 1, s(30));
    session.answer(
        &judged(false, 0.5, SelfRating::Hard),
        "hard 1,2,3",
        0,
        1,
        s(200),
    );
    session.answer(&judged(false, 0.0, SelfRating::Again), "54", 0, 1, s(230));
    session.end(s(240));
    assert_eq!(session.answers()[3].status, Status::NotReached);
    let report = drill::report::build(&session, &course, s(240));
    assert_eq!(report.out_of, 4);
    assert_eq!(report.score, 1.5);
    assert_eq!(report.percent, 37.5);
    assert_eq!(report.answered, 3);
    assert!(!report.time_up);
    // Weakest first: CTEs 0/1 before joins 1.5/2; NULL logic was never asked.
    let topics: Vec<&str> = report
        .weakest_topics
        .iter()
        .map(|t| t.topic.as_str())
        .collect();
    assert_eq!(topics, ["ctes", "joins"]);
    let review: Vec<&str> = report.to_review.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(
        review,
        ["joins-interview/join-types", "ctes-quiz/series"],
        "wrong or rated low, not the item never reached"
    );
}

#[test]
fn judging_scores_each_kind() {
    let course = course();
    let grader = Grader::new(CourseSource::Bundled);
    let find = |k: &str| course.find(k).unwrap();
    // Choice: exact answer 1, partial credit for a multiple-answer question.
    let choice = find("joins-quiz/never-ordered");
    assert_eq!(
        drill::judge(&grader, choice, "a,c", 0, 0).unwrap().score,
        1.0
    );
    let partial = drill::judge(&grader, choice, "a", 0, 0).unwrap();
    assert_eq!((partial.score, partial.verdict.passed), (0.5, false));
    assert_eq!(partial.rating, SelfRating::Again);
    // Predict: graded by running the query.
    let predict = find("ctes-quiz/series");
    assert!(
        drill::judge(&grader, predict, "55", 0, 0)
            .unwrap()
            .verdict
            .passed
    );
    assert_eq!(
        drill::judge(&grader, predict, "54", 0, 0).unwrap().score,
        0.0
    );
    assert!(drill::validate(find("joins-quiz/left-join-rows"), "eight").is_err());
    // SQL: hints cost a quarter each; a right answer after help rates hard.
    let sql = find("joins-inner/names-and-amounts");
    let Exercise::Query(q) = sql.exercise else {
        panic!("a query exercise")
    };
    let helped = drill::judge(&grader, sql, &q.solution, 1, 0).unwrap();
    assert_eq!((helped.score, helped.rating), (0.75, SelfRating::Hard));
    // Interview: the share of key points, and the learner's own rating.
    let interview = find("joins-interview/join-types");
    let Exercise::Interview(iq) = interview.exercise else {
        panic!("an interview question")
    };
    let j = drill::judge(&grader, interview, "good 1,2,3", 0, 0).unwrap();
    assert_eq!(j.score, 3.0 / iq.key_points.len() as f64);
    assert_eq!(j.rating, SelfRating::Good);
}

// ------------------------------------------------------------- the scheduler

const DAY: i64 = 86_400_000;

#[test]
fn scheduler_intervals_match_the_readme() {
    let s = Scheduler::new();
    let t0 = 1_760_000_000_000;
    // First review: again 1 day, hard 2, good 3, easy 15.
    assert_eq!(s.preview(None, t0), [1, 2, 3, 15]);
    // Wrong once, then right each time it comes back.
    let mut card = s.review("x/y", None, SelfRating::Again, t0);
    let mut intervals = vec![card.scheduled_days];
    for _ in 0..5 {
        card = s.review("x/y", Some(&card), SelfRating::Good, card.due_ms);
        intervals.push(card.scheduled_days);
    }
    assert_eq!(
        intervals,
        [1, 3, 8, 22, 53, 122],
        "update the README table too"
    );
    // A lapse after 122 days brings it back within a week.
    let lapsed = s.review("x/y", Some(&card), SelfRating::Again, card.due_ms);
    assert_eq!(lapsed.scheduled_days, 7, "{lapsed:?}");
    assert_eq!(lapsed.due_ms, card.due_ms + lapsed.scheduled_days * DAY);
}

#[test]
fn the_review_queue_takes_wrong_and_low_rated_items() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(dir.path(), "bundled").unwrap();
    let s = Scheduler::new();
    let t0 = 1_760_000_000_000;
    review::record(&mut store, &s, "a/right", SelfRating::Good, t0).unwrap();
    review::record(&mut store, &s, "a/wrong", SelfRating::Again, t0).unwrap();
    review::record(&mut store, &s, "a/hard", SelfRating::Hard, t0).unwrap();
    let due = |store: &mut Store, at| -> Vec<String> {
        review::due(store, at)
            .unwrap()
            .into_iter()
            .map(|c| c.item)
            .collect()
    };
    assert!(due(&mut store, t0).is_empty());
    assert_eq!(due(&mut store, t0 + DAY), ["a/wrong"]);
    assert_eq!(due(&mut store, t0 + 2 * DAY), ["a/wrong", "a/hard"]);
    drop(store);
    // It is kept in the progress file.
    let (mut store, _) = Store::open(dir.path(), "bundled").unwrap();
    assert_eq!(due(&mut store, t0 + 2 * DAY).len(), 2);
}

// ------------------------------------------------------------- the binary

#[test]
fn list_shows_the_question_bank() {
    let dir = tempfile::tempdir().unwrap();
    let run = sqldojo(&["list", "--format", "json"], "", dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lessons: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let kinds: Vec<String> = lessons
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l| l["exercises"].as_array().unwrap().iter())
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect();
    let n = |k: &[&str]| kinds.iter().filter(|x| k.contains(&x.as_str())).count();
    assert!(
        n(&["interview"]) >= 37,
        "{} interview items",
        n(&["interview"])
    );
    assert!(
        n(&["choice", "predict"]) >= 40,
        "{} choice/predict items",
        n(&["choice", "predict"])
    );
}

#[test]
fn grade_answers_questions_of_every_kind() {
    let dir = tempfile::tempdir().unwrap();
    let grade = |key: &str, answer: &str| {
        sqldojo(
            &[
                "grade",
                "--exercise",
                key,
                "--answer",
                "-",
                "--format",
                "json",
            ],
            answer,
            dir.path(),
        )
    };
    let ok = grade("joins-quiz/never-ordered", "a, c\n");
    assert_eq!(ok.code, 0, "{}", ok.stdout);
    let wrong = grade("joins-quiz/never-ordered", "b");
    assert_eq!(wrong.code, 1);
    let json: serde_json::Value = serde_json::from_str(&wrong.stdout).unwrap();
    assert_eq!(json["passed"], false);
    assert!(json["messages"].to_string().contains("NOT IN"), "{json}");
    let typo = grade("joins-quiz/never-ordered", "z");
    assert_eq!(typo.code, 1);
    assert!(typo.stdout.contains("no option"), "{}", typo.stdout);
    assert_eq!(grade("joins-quiz/left-join-rows", "8 rows").code, 0);
    assert_eq!(grade("joins-quiz/left-join-rows", "6").code, 1);
    assert_eq!(grade("nulls-quiz/three-valued", "1 | 0 | NULL").code, 0);
    assert_eq!(
        grade("aggregation-quiz/aggregate-in-where", "error").code,
        0
    );
    assert_eq!(grade("aggregation-quiz/aggregate-in-where", "3").code, 1);
    assert_eq!(grade("joins-interview/join-types", "good 1,2,4").code, 0);
    let low = grade("joins-interview/join-types", "hard 1");
    assert_eq!(low.code, 1);
    assert!(
        low.stdout.contains("Key points to work on"),
        "{}",
        low.stdout
    );
}

#[test]
fn check_catches_wrong_questions_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    std::fs::create_dir_all(pack.join("lessons/01-t")).unwrap();
    std::fs::create_dir_all(pack.join("datasets")).unwrap();
    std::fs::write(
        pack.join("datasets/tiny.sql"),
        "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (NULL);",
    )
    .unwrap();
    std::fs::write(
        pack.join("lessons/course.yaml"),
        "format_version: 1\ntitle: Tiny\ntopics:\n  - {slug: t, title: T, dir: 01-t}\n",
    )
    .unwrap();
    std::fs::write(
        pack.join("lessons/01-t/80-quiz.yaml"),
        r#"id: quiz
title: Quiz
topic: t
difficulty: junior
dataset: tiny
intro: Tiny.
exercises:
  - kind: predict
    id: count
    title: Count
    question: How many?
    sql: SELECT COUNT(x) FROM t
    answer:
      value: 3
    explanation: COUNT skips NULL.
  - kind: choice
    id: pick
    title: Pick
    question: Which?
    options:
      - text: One
        correct: true
        explanation: Yes.
      - text: Two
        correct: true
        explanation: Also yes.
    explanation: Both.
  - kind: interview
    id: talk
    title: Talk
    question: Tell me.
    model_answer: This.
    key_points: [one, two]
    follow_up: And?
    follow_up_answer: That.
    practice: quiz/nowhere
"#,
    )
    .unwrap();
    let run = sqldojo(&["check", pack.to_str().unwrap()], "", dir.path());
    assert_eq!(run.code, 1, "{}", run.stdout);
    let out = run.stdout;
    assert!(
        out.contains("80-quiz.yaml:13:5: error: the stated value is not what SQLite returns"),
        "{out}"
    );
    assert!(out.contains("SQLite returns: 2"), "{out}");
    assert!(out.contains("single-answer"), "{out}");
    assert!(
        out.contains("practice task `quiz/nowhere` does not exist"),
        "{out}"
    );
}

/// The right answer to an item, as a learner would type it.
fn right_answer(course: &Course, key: &str) -> Vec<String> {
    let ex = course.find(key).unwrap();
    match ex.exercise {
        Exercise::Query(q) => q
            .solution
            .trim()
            .lines()
            .map(str::to_string)
            .chain([";".to_string()])
            .collect(),
        Exercise::Choice(q) => {
            let letters: Vec<String> = q.correct_letters().iter().map(char::to_string).collect();
            vec![letters.join(",")]
        }
        Exercise::Predict(q) => {
            let typed = typed_answer(&q.answer);
            let mut lines: Vec<String> = typed.lines().map(str::to_string).collect();
            if matches!(
                q.answer,
                sqldojo::lesson::kinds::PredictAnswer::Rows(_)
                    | sqldojo::lesson::kinds::PredictAnswer::Error(_)
            ) {
                lines.push(String::new());
            }
            lines
        }
        Exercise::Interview(q) => {
            let mut lines = vec![String::new(), "all".to_string()];
            if !q.follow_up_answer.trim().is_empty() {
                lines.push(String::new());
            }
            lines.push("good".into());
            lines
        }
        _ => panic!("not drillable: {key}"),
    }
}

#[test]
fn a_piped_drill_runs_to_its_report_and_is_saved() {
    let course = course();
    let args = ["drill", "--topic", "nulls", "--count", "3", "--seed", "17"];
    let picked = select(
        &candidates(&course),
        &DrillConfig {
            topic: Some("nulls".into()),
            count: 3,
            ..config(17)
        },
    )
    .unwrap();
    let input: String = picked
        .items
        .iter()
        .flat_map(|i| right_answer(&course, &i.key))
        .map(|l| l + "\n")
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let run = sqldojo(&args, &input, dir.path());
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("Drill report"), "{}", run.stdout);
    assert!(
        run.stdout.contains("Score: 3.0 of 3 (100%)"),
        "{}",
        run.stdout
    );
    for key in keys(&picked.items) {
        assert!(run.stdout.contains(&key), "{key} missing:\n{}", run.stdout);
    }
    // Saved: the session, its answers, and the attempts.
    let (mut store, _) = Store::open(dir.path(), "bundled").unwrap();
    let history = drill::record::history(&mut store, 5).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].answered, 3);
    assert_eq!(history[0].score, Some(3.0));
    assert!(history[0].finished_at.is_some());
    assert_eq!(store.attempts(None).unwrap().len(), 3);

    // The same seed in exam mode asks the same items; wrong answers are
    // scored 0, and end up in the review queue.
    let exam = sqldojo(
        &[&args[..], &["--exam"]].concat(),
        "\\skip\n\\skip\n\\skip\n",
        dir.path(),
    );
    assert_eq!(exam.code, 0, "{}", exam.stderr);
    assert!(
        exam.stdout.contains("Score: 0.0 of 3 (0%)"),
        "{}",
        exam.stdout
    );
    assert!(exam.stdout.contains("To review:"), "{}", exam.stdout);
    let (mut store, _) = Store::open(dir.path(), "bundled").unwrap();
    let tomorrow = sqldojo::progress::now_ms() + 2 * DAY;
    assert_eq!(review::due(&mut store, tomorrow).unwrap().len(), 3);
}

#[test]
fn review_runs_what_is_due() {
    let dir = tempfile::tempdir().unwrap();
    let nothing = sqldojo(&["review"], "", dir.path());
    assert_eq!(nothing.code, 0);
    assert!(
        nothing.stdout.contains("Nothing is due today"),
        "{}",
        nothing.stdout
    );
    // A wrong answer anywhere enrols the item, due tomorrow.
    let wrong = sqldojo(
        &["grade", "--exercise", "ctes-quiz/series", "--answer", "-"],
        "54",
        dir.path(),
    );
    assert_eq!(wrong.code, 1);
    let later = sqldojo(&["review"], "", dir.path());
    assert!(later.stdout.contains("Next review:"), "{}", later.stdout);
    assert!(
        later.stdout.contains("ctes-quiz/series"),
        "{}",
        later.stdout
    );
    // Move it to today, as if a day had passed.
    let conn = rusqlite::Connection::open(dir.path().join("progress.db")).unwrap();
    conn.execute("UPDATE review_cards SET due = 0", []).unwrap();
    drop(conn);
    let run = sqldojo(&["review"], "55\n", dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("1 item(s) due today"), "{}", run.stdout);
    assert!(
        run.stdout.contains("Rated good: next review"),
        "{}",
        run.stdout
    );
    let (mut store, _) = Store::open(dir.path(), "bundled").unwrap();
    let card = review::card(&mut store, "ctes-quiz/series")
        .unwrap()
        .unwrap();
    assert!(card.due_ms > sqldojo::progress::now_ms() + DAY, "{card:?}");
}

#[test]
fn bad_drill_options_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let run = sqldojo(&["drill", "--topic", "astrology"], "", dir.path());
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no topic `astrology`"),
        "{}",
        run.stderr
    );
    let run = sqldojo(&["drill", "--count", "0"], "", dir.path());
    assert_eq!(run.code, 2);
    let run = sqldojo(&["drill", "--minutes", "0"], "", dir.path());
    assert_eq!(run.code, 2);
}

#[test]
fn a_drill_in_a_real_terminal() {
    let course = course();
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sqldojo"));
    cmd.args([
        "drill",
        "--topic",
        "joins",
        "--count",
        "3",
        "--seed",
        "4",
        "--minutes",
        "30",
    ])
    .env("SQLDOJO_DATA_DIR", dir.path())
    .env_remove("SQLDOJO_COURSE")
    .env("NO_COLOR", "1");
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).expect("pty");
    p.exp_string("3 item(s), 30:00 on the clock, seed 4")
        .unwrap();
    for n in 1..=3 {
        let (_, header) = p
            .exp_regex(&format!(r"\[{n}/3\] [^\r\n]*"))
            .expect("item header");
        assert!(header.contains(" left]"), "countdown in {header}");
        let key = header
            .split_whitespace()
            .find(|w| w.contains('/') && !w.starts_with('['))
            .unwrap_or_else(|| panic!("no key in {header}"))
            .to_string();
        for line in right_answer(&course, &key) {
            p.send_line(&line).unwrap();
        }
    }
    p.exp_string("Drill report").unwrap();
    p.exp_string("Score: 3.0 of 3 (100%)").unwrap();
    p.exp_string("Weakest topics: none").unwrap();
    p.exp_eof().unwrap();
}
