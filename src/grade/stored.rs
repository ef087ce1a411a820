//! Expectations stored in a file, for closed packs: what grading needs
//! (results on the dataset and its variants, the known wrong answers' results
//! and feedback) without the reference SQL.

use serde::{Deserialize, Serialize};

use super::expectation::Expectation;
use crate::lesson::CourseSource;

/// Version of the stored-expectation file format this binary reads and writes.
pub const STORED_FORMAT_VERSION: u32 = 1;

/// The contents of one expectation file of a closed pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredExpectation {
    /// Version of this file format.
    pub format_version: u32,
    /// The `LESSON/EXERCISE` key the expectation belongs to.
    pub exercise: String,
    /// The dataset it was computed on.
    pub dataset: String,
    /// Fingerprint of the dataset script it was computed on: grading refuses
    /// a file whose dataset has changed since, rather than grade wrongly.
    pub dataset_fingerprint: String,
    /// The sqldojo version that wrote it.
    pub written_by: String,
    /// What grading needs.
    pub expectation: Expectation,
}

/// A stored expectation that cannot be used.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{file}: {message}")]
pub struct StoredError {
    /// The expectation file.
    pub file: String,
    /// What is wrong, and what to do.
    pub message: String,
}

/// Fingerprint of a course's dataset script (FNV-1a over its text), or `None`
/// when the course has no such dataset file.
pub fn dataset_fingerprint(source: &CourseSource, dataset: &str) -> Option<String> {
    let file = source.read(&format!("datasets/{dataset}.sql")).ok()?;
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in file.text.as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    Some(format!("fnv1a64:{hash:016x}:{}", file.text.len()))
}

impl StoredExpectation {
    /// Wraps an expectation for writing.
    pub fn new(
        source: &CourseSource,
        exercise: &str,
        dataset: &str,
        expectation: Expectation,
    ) -> Self {
        StoredExpectation {
            format_version: STORED_FORMAT_VERSION,
            exercise: exercise.to_string(),
            dataset: dataset.to_string(),
            dataset_fingerprint: dataset_fingerprint(source, dataset).unwrap_or_default(),
            written_by: env!("CARGO_PKG_VERSION").to_string(),
            expectation,
        }
    }

    /// Reads `rel` (relative to the course root) for the exercise `key`,
    /// checking that it belongs to that exercise and its dataset is unchanged.
    pub fn load(
        source: &CourseSource,
        rel: &str,
        key: &str,
        dataset: &str,
    ) -> Result<Expectation, StoredError> {
        let fail = |message: String| StoredError {
            file: source.display_path(rel),
            message,
        };
        let file = source.read(rel).map_err(|e| fail(e.message))?;
        let stored: StoredExpectation = serde_json::from_str(&file.text).map_err(|e| {
            fail(format!(
                "not a stored expectation ({e}); rebuild the closed pack with `sqldojo pack --closed`"
            ))
        })?;
        if stored.format_version != STORED_FORMAT_VERSION {
            return Err(fail(format!(
                "written in expectation format {} (by sqldojo {}), but this sqldojo reads format {STORED_FORMAT_VERSION}; \
                 rebuild the closed pack from its open pack with this sqldojo",
                stored.format_version, stored.written_by
            )));
        }
        if stored.exercise != key {
            return Err(fail(format!(
                "holds the expectation of `{}`, not of `{key}`; fix the exercise's `expectation:` path",
                stored.exercise
            )));
        }
        let now = dataset_fingerprint(source, dataset).unwrap_or_default();
        if stored.dataset != dataset || stored.dataset_fingerprint != now {
            return Err(fail(format!(
                "was computed on another version of dataset `{}`; a closed pack's datasets cannot be edited — \
                 edit the open pack and run `sqldojo pack --closed` again",
                stored.dataset
            )));
        }
        if stored.expectation.cases.is_empty() {
            return Err(fail("holds no expected result".into()));
        }
        Ok(stored.expectation)
    }
}
