//! The JSON Schemas in assets/ are generated from the Rust types and must be
//! current. Regenerate with `SQLDOJO_UPDATE_ASSETS=1 cargo test --test schema`.

use sqldojo::lesson::schema::{
    LESSON_SCHEMA_PATH, MANIFEST_SCHEMA_PATH, lesson_schema, manifest_schema,
};

fn assert_current(rel: &str, generated: String) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    if std::env::var_os("SQLDOJO_UPDATE_ASSETS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "{rel} is out of date with the lesson types; run `SQLDOJO_UPDATE_ASSETS=1 cargo test --test schema` and commit it"
    );
}

#[test]
fn lesson_schema_is_current() {
    assert_current(LESSON_SCHEMA_PATH, lesson_schema());
}

#[test]
fn manifest_schema_is_current() {
    assert_current(MANIFEST_SCHEMA_PATH, manifest_schema());
}

#[test]
fn schema_describes_every_exercise_kind() {
    let schema = lesson_schema();
    for kind in [
        "query",
        "plan",
        "schema",
        "isolation",
        "choice",
        "predict",
        "interview",
    ] {
        assert!(
            schema.contains(&format!("\"{kind}\"")),
            "kind {kind} missing from the schema"
        );
    }
}
