//! Schema exercises graded by behaviour on real SQLite: probes that must
//! pass and fail, required indexes found by introspection, savepoints that
//! keep probes apart, deferred foreign keys, and known mistakes recognised.

use sqldojo::dataset::Datasets;
use sqldojo::grade::Outcome;
use sqldojo::grade::schema::{CheckRef, FailureKind, grade_schema, run_schema};
use sqldojo::lesson::CourseSource;
use sqldojo::lesson::kinds::{ConstraintKind, SchemaExercise};

/// A junction-table exercise on the `empty` dataset, written as an author would.
fn junction() -> SchemaExercise {
    serde_yaml::from_str(
        r#"
id: post-tags
title: Junction
prompt: Create posts, tags and post_tags.
solution: |
  CREATE TABLE posts (id INTEGER PRIMARY KEY);
  CREATE TABLE tags (id INTEGER PRIMARY KEY);
  CREATE TABLE post_tags (
      post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
      tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
      PRIMARY KEY (post_id, tag_id)
  );
  CREATE INDEX post_tags_by_tag ON post_tags (tag_id, post_id);
probes:
  - sql: |
      INSERT INTO posts VALUES (1), (2); INSERT INTO tags VALUES (1), (2);
      INSERT INTO post_tags VALUES (1, 1), (1, 2), (2, 1)
    expect: ok
    message: valid pairs were refused
  - sql: INSERT INTO post_tags VALUES (1, 1)
    expect: reject
    refused_by: [unique]
    message: "inserting the same (post_id, tag_id) twice succeeded: nothing makes the pair unique"
  - sql: INSERT INTO post_tags VALUES (1, 99)
    expect: reject
    refused_by: [foreign_key]
    message: an orphan tag was accepted
  - sql: |
      DELETE FROM posts WHERE id = 1;
      SELECT post_id, tag_id FROM post_tags
    expect: ok
    rows: [[2, 1]]
    message: deleting post 1 did not remove its links
required_indexes:
  - table: post_tags
    columns: [tag_id, post_id]
    message: the reverse index is missing
hints: [a, b]
explanation: x
wrong_answers:
  - sql: |
      CREATE TABLE posts (id INTEGER PRIMARY KEY);
      CREATE TABLE tags (id INTEGER PRIMARY KEY);
      CREATE TABLE post_tags (
          post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
          tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE
      );
      CREATE INDEX post_tags_by_tag ON post_tags (tag_id, post_id);
    feedback: NO-KEY feedback
  - sql: |
      CREATE TABLE posts (id INTEGER PRIMARY KEY);
      CREATE TABLE tags (id INTEGER PRIMARY KEY);
      CREATE TABLE post_tags (
          post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
          tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
          PRIMARY KEY (post_id, tag_id)
      );
    feedback: NO-REVERSE-INDEX feedback
"#,
    )
    .expect("exercise parses")
}

fn empty() -> std::sync::Arc<sqldojo::dataset::Pristine> {
    Datasets::new(CourseSource::Bundled)
        .get("empty")
        .expect("empty dataset")
}

#[test]
fn the_reference_passes_every_probe_and_index() {
    let ex = junction();
    let run = run_schema(&empty(), &ex, &ex.solution).unwrap();
    assert!(run.passed(), "{run:#?}");
    let v = grade_schema(&empty(), &ex, &ex.solution).unwrap();
    assert!(v.passed);
    assert_eq!(v.outcome, Outcome::Accepted);
    assert!(v.headline.contains("all 5 checks"), "{}", v.headline);
}

#[test]
fn a_missing_composite_key_fails_the_duplicate_probe_with_its_message() {
    let ex = junction();
    let v = grade_schema(&empty(), &ex, &ex.wrong_answers[0].sql).unwrap();
    assert!(!v.passed);
    assert_eq!(v.outcome, Outcome::Wrong);
    assert_eq!(
        v.headline,
        "Inserting the same (post_id, tag_id) twice succeeded: nothing makes the pair unique"
    );
    assert_eq!(v.known_mistake.as_deref(), Some("NO-KEY feedback"));
    // The duplicate was rolled back: the later cascade probe still sees
    // exactly one remaining pair, so only the duplicate probe failed.
    let run = run_schema(&empty(), &ex, &ex.wrong_answers[0].sql).unwrap();
    assert_eq!(run.failures.len(), 1, "{run:#?}");
    assert_eq!(run.failures[0].check, CheckRef::Probe(1));
    assert_eq!(run.failures[0].kind, FailureKind::Accepted);
}

#[test]
fn a_missing_reverse_index_is_found_by_introspection() {
    let ex = junction();
    let run = run_schema(&empty(), &ex, &ex.wrong_answers[1].sql).unwrap();
    assert_eq!(run.failures.len(), 1, "{run:#?}");
    assert_eq!(run.failures[0].check, CheckRef::Index(0));
    assert_eq!(run.failures[0].kind, FailureKind::MissingIndex);
    assert!(
        run.failures[0]
            .detail
            .contains("`sqlite_autoindex_post_tags_1` (post_id, tag_id, rowid)"),
        "{}",
        run.failures[0].detail
    );
    let v = grade_schema(&empty(), &ex, &ex.wrong_answers[1].sql).unwrap();
    assert_eq!(
        v.known_mistake.as_deref(),
        Some("NO-REVERSE-INDEX feedback")
    );
}

#[test]
fn an_index_on_the_leading_column_of_a_without_rowid_table_covers_the_key() {
    // In a WITHOUT ROWID table every index entry carries the primary key, so
    // an index on (tag_id) is really (tag_id, post_id).
    let ex = junction();
    let answer =
        "CREATE TABLE posts (id INTEGER PRIMARY KEY); CREATE TABLE tags (id INTEGER PRIMARY KEY);
        CREATE TABLE post_tags (post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            PRIMARY KEY (post_id, tag_id)) WITHOUT ROWID;
        CREATE INDEX by_tag ON post_tags (tag_id);";
    assert!(run_schema(&empty(), &ex, answer).unwrap().passed());
    // The same index on an ordinary table holds (tag_id, rowid): not enough.
    let rowid = answer.replace(" WITHOUT ROWID", "");
    let run = run_schema(&empty(), &ex, &rowid).unwrap();
    assert_eq!(run.failures[0].kind, FailureKind::MissingIndex);
}

#[test]
fn a_partial_index_does_not_count_as_the_required_index() {
    let ex = junction();
    let answer = ex.wrong_answers[1].sql.clone()
        + "CREATE INDEX by_tag ON post_tags (tag_id, post_id) WHERE tag_id > 0;";
    let run = run_schema(&empty(), &ex, &answer).unwrap();
    assert_eq!(run.failures.len(), 1);
    assert!(run.failures[0].detail.contains("partial"), "{run:#?}");
}

#[test]
fn a_missing_table_is_an_error_not_a_refusal() {
    let ex = junction();
    let run = run_schema(&empty(), &ex, "CREATE TABLE post_tag (x INTEGER);").unwrap();
    assert!(
        run.failures
            .iter()
            .filter(|f| matches!(f.check, CheckRef::Probe(_)))
            .all(|f| f.kind == FailureKind::Error),
        "{run:#?}"
    );
    assert!(
        run.failures
            .last()
            .unwrap()
            .detail
            .contains("There is no table `post_tags`")
    );
    let v = grade_schema(&empty(), &ex, "CREATE TABLE post_tag (x INTEGER);").unwrap();
    assert!(
        v.headline.starts_with("A check could not run"),
        "{}",
        v.headline
    );
    assert!(v.headline.contains("no such table"), "{}", v.headline);
    // No known mistake matches a schema that is not even there.
    assert_eq!(v.known_mistake, None);
}

#[test]
fn a_script_that_does_not_run_names_the_statement() {
    let ex = junction();
    let v = grade_schema(
        &empty(),
        &ex,
        "CREATE TABLE posts (id INTEGER PRIMARY KEY);\nCREATE TABLE tags (id INTEGER PRIMARY KEY title TEXT);",
    )
    .unwrap();
    assert!(!v.passed);
    assert_eq!(v.outcome, Outcome::Error);
    assert!(
        v.headline.starts_with("Your script stopped at statement 2"),
        "{}",
        v.headline
    );
    assert!(v.headline.contains("syntax error"), "{}", v.headline);
}

#[test]
fn an_ok_probe_refused_by_a_constraint_names_it() {
    let ex = junction();
    let answer = ex.solution.replace(
        "PRIMARY KEY (post_id, tag_id)",
        "PRIMARY KEY (post_id, tag_id), UNIQUE (tag_id)",
    );
    let run = run_schema(&empty(), &ex, &answer).unwrap();
    assert_eq!(run.failures[0].check, CheckRef::Probe(0));
    assert_eq!(
        run.failures[0].kind,
        FailureKind::Refused(ConstraintKind::Unique)
    );
}

#[test]
fn a_refusal_by_the_wrong_constraint_does_not_count() {
    let mut ex = junction();
    // The orphan probe must be refused by a foreign key; a CHECK that
    // happens to refuse tag 99 is not the rule the exercise asks for.
    let answer = ex.solution.replace(
        "REFERENCES tags(id) ON DELETE CASCADE,",
        "CHECK (tag_id < 50),",
    );
    let run = run_schema(&empty(), &ex, &answer).unwrap();
    assert_eq!(
        run.failures[0].kind,
        FailureKind::WrongConstraint(ConstraintKind::Check),
        "{run:#?}"
    );
    // With `refused_by` empty, any constraint will do.
    ex.probes[2].refused_by.clear();
    assert!(
        run_schema(&empty(), &ex, &answer)
            .unwrap()
            .failures
            .is_empty()
    );
}

#[test]
fn a_deferred_foreign_key_is_refused_at_commit_time() {
    let mut ex = junction();
    let deferred = ex.solution.replace(
        "REFERENCES tags(id) ON DELETE CASCADE",
        "REFERENCES tags(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED",
    );
    assert!(run_schema(&empty(), &ex, &deferred).unwrap().passed());
    // Switching enforcement off lets the orphan in, and says so.
    let off = format!("PRAGMA foreign_keys = OFF;\n{}", ex.solution);
    let run = run_schema(&empty(), &ex, &off).unwrap();
    assert!(run.foreign_keys_off);
    assert!(run.notes[0].contains("foreign_keys = OFF"));
    assert!(
        run.failures
            .iter()
            .any(|f| f.check == CheckRef::Probe(2) && f.kind == FailureKind::Accepted)
    );
    ex.wrong_answers.clear();
    let v = grade_schema(&empty(), &ex, &off).unwrap();
    assert!(v.messages.iter().any(|m| m.contains("foreign_keys = OFF")));
}

#[test]
fn stated_rows_are_compared_and_the_diff_is_shown() {
    let ex = junction();
    // SET NULL keeps the links of a deleted post, with a NULL post_id.
    let answer = ex.solution.replace(
        "post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE",
        "post_id INTEGER REFERENCES posts(id) ON DELETE SET NULL",
    );
    let v = grade_schema(&empty(), &ex, &answer).unwrap();
    assert!(!v.passed);
    assert_eq!(v.headline, "Deleting post 1 did not remove its links");
    assert!(v.diff.is_some(), "{v:#?}");
}

#[test]
fn the_bundled_schema_exercises_check_clean() {
    // Every schema exercise in the course: reference passes, wrong answers
    // fail with their own feedback, starters fail.
    let report = sqldojo::check::check(
        CourseSource::Dir(env!("CARGO_MANIFEST_DIR").into()),
        None,
        sqldojo::check::CheckOptions { strict: true },
    );
    let mine: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| {
            ["08-keys", "09-normalization", "10-many-to-many"]
                .iter()
                .any(|t| d.file.contains(t))
        })
        .collect();
    assert!(mine.is_empty(), "{mine:#?}");
}
