//! The grader on real SQLite: equivalent formulations pass, wrong answers
//! fail with their rows, coincidental answers fail with a counterexample.

use sqldojo::grade::{Grader, Outcome, Verdict};
use sqldojo::lesson::CourseSource;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/every_parent_has_children.sql"
);

fn grade(dataset: &str, solution: &str, answer: &str) -> Verdict {
    Grader::new(CourseSource::Bundled)
        .grade_adhoc(dataset, solution, answer)
        .expect("reference runs")
}

#[track_caller]
fn passes(dataset: &str, solution: &str, answer: &str) {
    let v = grade(dataset, solution, answer);
    assert!(v.passed, "expected a pass for {answer}\n{v:#?}");
}

#[track_caller]
fn fails_with_counterexample(dataset: &str, solution: &str, answer: &str) -> Verdict {
    let v = grade(dataset, solution, answer);
    assert!(!v.passed, "expected a rejection for {answer}");
    assert_eq!(v.diff, None, "the visible data should agree: {v:#?}");
    assert!(
        v.counterexample.is_some(),
        "expected a counterexample: {v:#?}"
    );
    v
}

#[test]
fn equivalent_formulations_pass() {
    let solution = "SELECT DISTINCT u.id, u.name FROM users u JOIN orders o ON o.user_id = u.id WHERE o.amount >= 150";
    passes(
        "shop",
        solution,
        "SELECT id, name FROM users WHERE id IN (SELECT user_id FROM orders WHERE amount >= 150)",
    );
    passes(
        "shop",
        solution,
        "select x.id, x.name AS who from users x where exists (select 1 from orders y where x.id = y.user_id and y.amount > 149)",
    );
}

#[test]
fn a_join_is_not_a_semi_join() {
    // Right on the visible data (no user has two orders of 150 or more), but
    // the join repeats a user once per qualifying order.
    fails_with_counterexample(
        "shop",
        "SELECT u.name FROM users u WHERE u.id IN (SELECT user_id FROM orders WHERE amount >= 150)",
        "SELECT u.name FROM users u JOIN orders o ON o.user_id = u.id WHERE o.amount >= 150",
    );
}

#[test]
fn tie_order_is_free_but_key_order_is_not() {
    let solution = "SELECT id, amount FROM orders ORDER BY amount DESC";
    // Orders 4 and 8 tie on 150: either order passes.
    passes(
        "shop",
        solution,
        "SELECT id, amount FROM orders ORDER BY amount DESC, id DESC",
    );
    passes(
        "shop",
        solution,
        "SELECT id, amount FROM orders ORDER BY amount DESC, id ASC",
    );
    let v = grade(
        "shop",
        solution,
        "SELECT id, amount FROM orders ORDER BY amount",
    );
    assert!(!v.passed);
    assert!(v.headline.contains("wrong order"), "{}", v.headline);
}

#[test]
fn plainly_wrong_answer_shows_differing_rows() {
    let v = grade(
        "shop",
        "SELECT u.name, o.amount FROM users u LEFT JOIN orders o ON o.user_id = u.id",
        "SELECT u.name, o.amount FROM users u JOIN orders o ON o.user_id = u.id",
    );
    assert_eq!(v.outcome, Outcome::Wrong);
    match v.diff.expect("diff") {
        sqldojo::grade::compare::RowDiff::Rows {
            missing_count,
            extra_count,
            ..
        } => {
            assert!(missing_count >= 2, "Bob and Carol have no orders");
            assert_eq!(extra_count, 0);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        v.clause_hints.iter().any(|h| h.contains("LEFT JOIN")),
        "{:?}",
        v.clause_hints
    );
}

#[test]
fn inner_join_where_every_parent_has_children_fails_on_a_variant() {
    let v = fails_with_counterexample(
        FIXTURE,
        "SELECT u.name, count(o.id) FROM users u LEFT JOIN orders o ON o.user_id = u.id GROUP BY u.id",
        "SELECT u.name, count(o.id) FROM users u JOIN orders o ON o.user_id = u.id GROUP BY u.id",
    );
    let c = v.counterexample.unwrap();
    assert!(!c.setup.is_empty());
}

#[test]
fn not_in_where_no_null_exists_fails_on_a_variant() {
    let v = grade(
        FIXTURE,
        "SELECT name FROM users u WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.amount > 8)",
        "SELECT name FROM users WHERE id NOT IN (SELECT user_id FROM orders WHERE amount > 8)",
    );
    // No NULL user_id exists in the fixture: right by coincidence, caught by a NULL variant.
    assert!(!v.passed, "{v:#?}");
    assert!(v.counterexample.unwrap().change.contains("NULL"));
}

#[test]
fn row_number_where_no_tie_exists_fails_on_a_variant() {
    fails_with_counterexample(
        FIXTURE,
        "SELECT name, RANK() OVER (PARTITION BY dept ORDER BY salary DESC) FROM staff",
        "SELECT name, ROW_NUMBER() OVER (PARTITION BY dept ORDER BY salary DESC) FROM staff",
    );
}

#[test]
fn hard_coded_rows_fail_on_a_variant() {
    fails_with_counterexample(
        FIXTURE,
        "SELECT name FROM users ORDER BY name",
        "SELECT 'Ann' UNION ALL SELECT 'Ben' UNION ALL SELECT 'Cy'",
    );
}

#[test]
fn order_by_coincidence_fails_on_reverse_scan() {
    fails_with_counterexample(
        FIXTURE,
        "SELECT id, name FROM users ORDER BY id",
        "SELECT id, name FROM users",
    );
}

#[test]
fn hidden_sort_keys_allow_ties() {
    // Sorted by amount, which is not an output column; orders 4 and 8 tie.
    passes(
        "shop",
        "SELECT id FROM orders WHERE amount >= 150 ORDER BY amount",
        "SELECT id FROM orders WHERE amount >= 150 ORDER BY amount, id DESC",
    );
    let v = grade(
        "shop",
        "SELECT id FROM orders WHERE amount >= 150 ORDER BY amount",
        "SELECT id FROM orders WHERE amount >= 150 ORDER BY amount DESC",
    );
    assert!(!v.passed);
}

/// A hard-coded copy of the visible result is caught by a variant, and is
/// not told it made a known mistake that behaves differently on the visible data.
#[test]
fn hard_coded_answers_get_no_borrowed_feedback() {
    use sqldojo::lesson::Course;
    let course = Course::load(CourseSource::Bundled).unwrap().course;
    let grader = Grader::new(CourseSource::Bundled);
    for key in [
        "ctes-recursive-series/north-calendar",
        "joins-outer/every-user",
    ] {
        let ex = course.find(key).expect(key);
        let reference = grader.grade(ex, ex.exercise.solution().unwrap()).unwrap();
        let rows = reference.result.expect("rows").rows;
        let values: Vec<String> = rows
            .iter()
            .map(|r| {
                format!(
                    "({})",
                    r.iter()
                        .map(|v| v.to_sql_literal())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect();
        let hard_coded = format!("SELECT * FROM (VALUES {})", values.join(", "));
        let v = grader.grade(ex, &hard_coded).unwrap();
        assert!(!v.passed, "{key}: hard-coded rows passed");
        assert!(v.counterexample.is_some(), "{key}: {v:#?}");
        assert_eq!(v.known_mistake, None, "{key}: borrowed feedback");
    }
}

/// Rows alone cannot tell an INNER JOIN that returns nothing from a NOT IN
/// that returns nothing: the known mistake's feedback goes only to the slip
/// it describes, and the other learner gets a hint about their own query.
#[test]
fn feedback_goes_to_the_slip_it_describes() {
    use sqldojo::lesson::Course;
    let course = Course::load(CourseSource::Bundled).unwrap().course;
    let grader = Grader::new(CourseSource::Bundled);
    let ex = course.find("joins-anti-semi/never-ordered").unwrap();
    let not_in = grader
        .grade(
            ex,
            "SELECT name FROM users WHERE id NOT IN (SELECT user_id FROM orders)",
        )
        .unwrap();
    assert!(
        not_in
            .known_mistake
            .as_deref()
            .is_some_and(|m| m.contains("NOT IN")),
        "{not_in:#?}"
    );
    let inner = grader
        .grade(
            ex,
            "SELECT u.name FROM users u JOIN orders o ON o.user_id = u.id WHERE o.id IS NULL",
        )
        .unwrap();
    assert!(!inner.passed);
    assert_eq!(inner.known_mistake, None, "{inner:#?}");
    assert!(
        inner.messages.iter().any(|m| m.contains("LEFT JOIN")),
        "{:?}",
        inner.messages
    );
}

/// A grading inside a stopped token's scope stops its runs at once (a
/// cancelled grading frees the worker), and leaves nothing half-built: the
/// same answer graded afterwards passes.
#[test]
fn a_stopped_grading_runs_nothing_and_poisons_nothing() {
    use sqldojo::engine::StopToken;
    use sqldojo::lesson::Course;
    let course = Course::load(CourseSource::Bundled).unwrap().course;
    let ex = course.find("joins-inner/names-and-amounts").unwrap();
    let reference = ex.exercise.solution().unwrap().to_string();
    let grader = Grader::new(CourseSource::Bundled);
    let stop = StopToken::default();
    stop.stop();
    // Counting to a billion would run until the deadline; stopped, it ends at once.
    let endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) SELECT count(*) FROM n";
    let started = std::time::Instant::now();
    let v = grader
        .within(ex, &stop, || grader.grade(ex, endless))
        .unwrap();
    assert!(!v.passed);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(1),
        "the stop was not seen: {v:#?}"
    );
    let v = grader
        .within(ex, &stop, || grader.grade(ex, &reference))
        .unwrap();
    assert!(!v.passed, "a stopped grading cannot pass: {v:#?}");
    let v = grader
        .within(ex, &StopToken::default(), || grader.grade(ex, &reference))
        .unwrap();
    assert!(v.passed, "{v:#?}");
    assert!(v.variants_checked > 0);
}
