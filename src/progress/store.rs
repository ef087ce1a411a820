use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::now_ms;

/// File name of the progress database inside the data directory.
pub const FILE_NAME: &str = "progress.db";

/// Schema migrations, applied in order; `PRAGMA user_version` counts them.
const MIGRATIONS: &[&str] = &[
    // 1: attempts, solved exercises, drafts, hints, key-value state.
    "CREATE TABLE attempts (
         id          INTEGER PRIMARY KEY,
         course      TEXT NOT NULL,
         exercise    TEXT NOT NULL,
         sql         TEXT NOT NULL,
         outcome     TEXT NOT NULL,
         passed      INTEGER NOT NULL,
         headline    TEXT NOT NULL,
         at          INTEGER NOT NULL,
         elapsed_ms  INTEGER NOT NULL
     );
     CREATE INDEX attempts_by_exercise ON attempts (course, exercise, at);
     CREATE TABLE solved (
         course    TEXT NOT NULL,
         exercise  TEXT NOT NULL,
         at        INTEGER NOT NULL,
         attempts  INTEGER NOT NULL,
         PRIMARY KEY (course, exercise)
     );
     CREATE TABLE drafts (
         course    TEXT NOT NULL,
         exercise  TEXT NOT NULL,
         sql       TEXT NOT NULL,
         at        INTEGER NOT NULL,
         PRIMARY KEY (course, exercise)
     );
     CREATE TABLE hints (
         course    TEXT NOT NULL,
         exercise  TEXT NOT NULL,
         shown     INTEGER NOT NULL,
         PRIMARY KEY (course, exercise)
     );
     CREATE TABLE state (
         course  TEXT NOT NULL,
         key     TEXT NOT NULL,
         value   TEXT NOT NULL,
         PRIMARY KEY (course, key)
     );",
    // 2: drill sessions and their answers; the spaced-repetition schedule.
    "CREATE TABLE drill_sessions (
         id             INTEGER PRIMARY KEY,
         course         TEXT NOT NULL,
         started_at     INTEGER NOT NULL,
         finished_at    INTEGER,
         level          TEXT,
         topic          TEXT,
         seed           INTEGER NOT NULL,
         exam           INTEGER NOT NULL,
         time_limit_ms  INTEGER NOT NULL,
         planned        INTEGER NOT NULL,
         score          REAL
     );
     CREATE INDEX drill_sessions_by_course ON drill_sessions (course, started_at);
     CREATE TABLE drill_answers (
         session     INTEGER NOT NULL REFERENCES drill_sessions (id),
         position    INTEGER NOT NULL,
         exercise    TEXT NOT NULL,
         kind        TEXT NOT NULL,
         topic       TEXT NOT NULL,
         answer      TEXT NOT NULL,
         outcome     TEXT NOT NULL,
         passed      INTEGER NOT NULL,
         score       REAL NOT NULL,
         hints       INTEGER NOT NULL,
         elapsed_ms  INTEGER NOT NULL,
         at          INTEGER NOT NULL,
         PRIMARY KEY (session, position)
     );
     CREATE TABLE review_cards (
         course          TEXT NOT NULL,
         item            TEXT NOT NULL,
         due             INTEGER NOT NULL,
         stability       REAL NOT NULL,
         difficulty      REAL NOT NULL,
         scheduled_days  INTEGER NOT NULL,
         reps            INTEGER NOT NULL,
         lapses          INTEGER NOT NULL,
         last_review     INTEGER NOT NULL,
         PRIMARY KEY (course, item)
     );
     CREATE INDEX review_cards_due ON review_cards (course, due);
     CREATE TABLE review_log (
         id              INTEGER PRIMARY KEY,
         course          TEXT NOT NULL,
         item            TEXT NOT NULL,
         rating          INTEGER NOT NULL,
         at              INTEGER NOT NULL,
         scheduled_days  INTEGER NOT NULL
     );",
];

/// Why progress could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum ProgressError {
    /// The data directory cannot be created or written.
    #[error(
        "cannot use the data directory {path}: {message}; pass --data-dir DIR or set SQLDOJO_DATA_DIR"
    )]
    Dir {
        /// The directory.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// The file was written by a newer sqldojo.
    #[error(
        "{path} was written by a newer sqldojo (schema {found}, this one knows {known}); it was left untouched and progress will not be saved — upgrade sqldojo"
    )]
    Newer {
        /// The file.
        path: String,
        /// Its schema version.
        found: i64,
        /// Ours.
        known: i64,
    },
    /// SQLite failed.
    #[error("progress database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// Something the learner must be told about opening progress.
#[derive(Debug, Clone, Default)]
pub struct OpenReport {
    /// Messages to show (e.g. an unreadable file was moved aside).
    pub warnings: Vec<String>,
}

/// Where an exercise stands for the learner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExerciseStatus {
    /// Never attempted.
    New,
    /// Attempted, not solved.
    Attempted,
    /// Solved at least once.
    Solved,
}

/// One recorded attempt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attempt {
    /// `LESSON/EXERCISE`.
    pub exercise: String,
    /// The SQL submitted.
    pub sql: String,
    /// The verdict name (`accepted`, `wrong`, ...).
    pub outcome: String,
    /// Whether it passed.
    pub passed: bool,
    /// The verdict's headline.
    pub headline: String,
    /// When, in ms since the epoch.
    pub at: i64,
    /// Grading time in ms.
    pub elapsed_ms: i64,
}

/// The progress store for one course.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    course: String,
    path: Option<PathBuf>,
}

impl Store {
    /// Opens (creating if needed) `DIR/progress.db` for a course. An
    /// unreadable file is renamed aside and reported in the returned report.
    pub fn open(dir: &Path, course: &str) -> Result<(Store, OpenReport), ProgressError> {
        std::fs::create_dir_all(dir).map_err(|e| ProgressError::Dir {
            path: dir.display().to_string(),
            message: e.to_string(),
        })?;
        let path = dir.join(FILE_NAME);
        let mut report = OpenReport::default();
        let conn = match Self::open_file(&path) {
            Ok(conn) => conn,
            Err(OpenFailure::Newer(found)) => {
                return Err(ProgressError::Newer {
                    path: path.display().to_string(),
                    found,
                    known: MIGRATIONS.len() as i64,
                });
            }
            Err(OpenFailure::Unreadable(reason)) => {
                let aside = keep_aside(&path).map_err(|e| ProgressError::Dir {
                    path: path.display().to_string(),
                    message: format!(
                        "it is unreadable ({reason}) and could not be moved aside: {e}"
                    ),
                })?;
                report.warnings.push(format!(
                    "{} could not be read ({reason}); it was kept as {} and a new progress file was started",
                    path.display(),
                    aside.display()
                ));
                Self::open_file(&path).map_err(|f| match f {
                    OpenFailure::Sqlite(e) => ProgressError::Sqlite(e),
                    other => ProgressError::Dir {
                        path: path.display().to_string(),
                        message: other.to_string(),
                    },
                })?
            }
            Err(OpenFailure::Sqlite(e)) => return Err(ProgressError::Sqlite(e)),
        };
        Ok((
            Store {
                conn,
                course: course.to_string(),
                path: Some(path),
            },
            report,
        ))
    }

    /// A store that lives in memory only (nothing is saved).
    pub fn in_memory(course: &str) -> Store {
        let conn = Connection::open_in_memory().expect("in-memory database");
        migrate(&conn).expect("fresh schema");
        Store {
            conn,
            course: course.to_string(),
            path: None,
        }
    }

    /// The file behind the store, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The course this store records.
    pub fn course(&self) -> &str {
        &self.course
    }

    fn open_file(path: &Path) -> Result<Connection, OpenFailure> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(OpenFailure::classify)?;
        conn.busy_timeout(std::time::Duration::from_secs(3))
            .map_err(OpenFailure::Sqlite)?;
        // Reading the schema is what fails on a file that is not a database.
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(OpenFailure::classify)?;
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(OpenFailure::classify)?;
        if version > MIGRATIONS.len() as i64 {
            return Err(OpenFailure::Newer(version));
        }
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
            .map_err(OpenFailure::classify)?;
        if version > 0 {
            let ok: String = conn
                .query_row("PRAGMA quick_check", [], |r| r.get(0))
                .map_err(OpenFailure::classify)?;
            if ok != "ok" {
                return Err(OpenFailure::Unreadable(format!("integrity check: {ok}")));
            }
        }
        migrate(&conn).map_err(OpenFailure::classify)?;
        Ok(conn)
    }

    /// Records an attempt, and marks the exercise solved when it passed.
    pub fn record_attempt(
        &mut self,
        exercise: &str,
        sql: &str,
        outcome: &str,
        passed: bool,
        headline: &str,
        elapsed_ms: u64,
    ) -> rusqlite::Result<()> {
        let at = now_ms();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO attempts (course, exercise, sql, outcome, passed, headline, at, elapsed_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![self.course, exercise, sql, outcome, passed, headline, at, elapsed_ms as i64],
        )?;
        if passed {
            tx.execute(
                "INSERT INTO solved (course, exercise, at, attempts)
                 SELECT ?1, ?2, ?3, count(*) FROM attempts WHERE course = ?1 AND exercise = ?2
                 ON CONFLICT (course, exercise) DO NOTHING",
                params![self.course, exercise, at],
            )?;
        }
        tx.commit()
    }

    /// Adds an attempt made elsewhere (an imported export), keeping its time;
    /// false when the same attempt is already recorded, so importing twice
    /// changes nothing.
    pub fn import_attempt(&mut self, attempt: &Attempt) -> rusqlite::Result<bool> {
        let tx = self.conn.transaction()?;
        let known: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM attempts
              WHERE course = ?1 AND exercise = ?2 AND at = ?3 AND sql = ?4)",
            params![self.course, attempt.exercise, attempt.at, attempt.sql],
            |r| r.get(0),
        )?;
        if known {
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO attempts (course, exercise, sql, outcome, passed, headline, at, elapsed_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                self.course,
                attempt.exercise,
                attempt.sql,
                attempt.outcome,
                attempt.passed,
                attempt.headline,
                attempt.at,
                attempt.elapsed_ms
            ],
        )?;
        if attempt.passed {
            tx.execute(
                "INSERT INTO solved (course, exercise, at, attempts)
                 SELECT ?1, ?2, ?3, count(*) FROM attempts
                 WHERE course = ?1 AND exercise = ?2 AND at <= ?3
                 ON CONFLICT (course, exercise) DO UPDATE
                 SET at = excluded.at, attempts = excluded.attempts WHERE excluded.at < solved.at",
                params![self.course, attempt.exercise, attempt.at],
            )?;
        }
        tx.commit()?;
        Ok(true)
    }

    /// Saves the editor's text for an exercise.
    pub fn save_draft(&mut self, exercise: &str, sql: &str) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO drafts (course, exercise, sql, at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (course, exercise) DO UPDATE SET sql = excluded.sql, at = excluded.at",
            params![self.course, exercise, sql, now_ms()],
        )?;
        Ok(())
    }

    /// The saved draft of an exercise, else its last attempt's SQL.
    pub fn draft(&self, exercise: &str) -> Option<String> {
        self.conn
            .query_row(
                "SELECT sql FROM drafts WHERE course = ?1 AND exercise = ?2
                 UNION ALL
                 SELECT sql FROM (SELECT sql FROM attempts WHERE course = ?1 AND exercise = ?2 ORDER BY at DESC, id DESC LIMIT 1)
                 LIMIT 1",
                params![self.course, exercise],
                |r| r.get(0),
            )
            .optional()
            .ok()
            .flatten()
    }

    /// Forgets the draft (the exercise was reset).
    pub fn clear_draft(&mut self, exercise: &str) -> rusqlite::Result<()> {
        self.conn.execute(
            "DELETE FROM drafts WHERE course = ?1 AND exercise = ?2",
            params![self.course, exercise],
        )?;
        Ok(())
    }

    /// Status of every exercise that has attempts.
    pub fn statuses(&self) -> HashMap<String, ExerciseStatus> {
        let mut out = HashMap::new();
        let Ok(mut stmt) = self.conn.prepare(
            "SELECT exercise, max(passed) FROM attempts WHERE course = ?1 GROUP BY exercise
             UNION SELECT exercise, 1 FROM solved WHERE course = ?1",
        ) else {
            return out;
        };
        let rows = stmt.query_map([&self.course], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?))
        });
        for (exercise, solved) in rows.into_iter().flatten().flatten() {
            let status = if solved {
                ExerciseStatus::Solved
            } else {
                ExerciseStatus::Attempted
            };
            let entry = out.entry(exercise).or_insert(status);
            if status == ExerciseStatus::Solved {
                *entry = status;
            }
        }
        out
    }

    /// Status of one exercise.
    pub fn status(&self, exercise: &str) -> ExerciseStatus {
        self.statuses()
            .get(exercise)
            .copied()
            .unwrap_or(ExerciseStatus::New)
    }

    /// Number of attempts at an exercise.
    pub fn attempt_count(&self, exercise: &str) -> u64 {
        self.conn
            .query_row(
                "SELECT count(*) FROM attempts WHERE course = ?1 AND exercise = ?2",
                params![self.course, exercise],
                |r| r.get::<_, i64>(0),
            )
            .unwrap_or(0) as u64
    }

    /// Attempts at an exercise (all exercises when `None`), oldest first.
    pub fn attempts(&self, exercise: Option<&str>) -> rusqlite::Result<Vec<Attempt>> {
        let mut stmt = self.conn.prepare(
            "SELECT exercise, sql, outcome, passed, headline, at, elapsed_ms FROM attempts
             WHERE course = ?1 AND (?2 IS NULL OR exercise = ?2) ORDER BY at, id",
        )?;
        stmt.query_map(params![self.course, exercise], |r| {
            Ok(Attempt {
                exercise: r.get(0)?,
                sql: r.get(1)?,
                outcome: r.get(2)?,
                passed: r.get(3)?,
                headline: r.get(4)?,
                at: r.get(5)?,
                elapsed_ms: r.get(6)?,
            })
        })?
        .collect()
    }

    /// How many hints of an exercise the learner has seen.
    pub fn hints_shown(&self, exercise: &str) -> usize {
        self.conn
            .query_row(
                "SELECT shown FROM hints WHERE course = ?1 AND exercise = ?2",
                params![self.course, exercise],
                |r| r.get::<_, i64>(0),
            )
            .unwrap_or(0) as usize
    }

    /// Records that `shown` hints have been seen.
    pub fn set_hints_shown(&mut self, exercise: &str, shown: usize) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO hints (course, exercise, shown) VALUES (?1, ?2, ?3)
             ON CONFLICT (course, exercise) DO UPDATE SET shown = max(shown, excluded.shown)",
            params![self.course, exercise, shown as i64],
        )?;
        Ok(())
    }

    /// Reads a state value (e.g. `last_exercise`).
    pub fn get(&self, key: &str) -> Option<String> {
        self.conn
            .query_row(
                "SELECT value FROM state WHERE course = ?1 AND key = ?2",
                params![self.course, key],
                |r| r.get(0),
            )
            .optional()
            .ok()
            .flatten()
    }

    /// Writes a state value.
    pub fn set(&mut self, key: &str, value: &str) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO state (course, key, value) VALUES (?1, ?2, ?3)
             ON CONFLICT (course, key) DO UPDATE SET value = excluded.value",
            params![self.course, key, value],
        )?;
        Ok(())
    }

    /// The underlying connection, for modules that keep their own tables
    /// (drills, reviews) in the same file.
    pub fn connection(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
        conn.execute_batch(&format!(
            "BEGIN IMMEDIATE; {sql}; PRAGMA user_version = {}; COMMIT;",
            i + 1
        ))
        .inspect_err(|_| {
            let _ = conn.execute_batch("ROLLBACK");
        })?;
    }
    Ok(())
}

#[derive(Debug, thiserror::Error)]
enum OpenFailure {
    #[error("written by a newer version (schema {0})")]
    Newer(i64),
    #[error("{0}")]
    Unreadable(String),
    #[error("{0}")]
    Sqlite(rusqlite::Error),
}

impl OpenFailure {
    fn classify(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
        match e.sqlite_error_code() {
            Some(NotADatabase) | Some(DatabaseCorrupt) => OpenFailure::Unreadable(e.to_string()),
            _ => OpenFailure::Sqlite(e),
        }
    }
}

/// Renames an unreadable file (and its WAL companions) to `NAME.unreadable-<ms>`.
fn keep_aside(path: &Path) -> std::io::Result<PathBuf> {
    let stamp = now_ms();
    let aside = path.with_file_name(format!(
        "{}.unreadable-{stamp}",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(FILE_NAME)
    ));
    std::fs::rename(path, &aside)?;
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", path.display()));
        if side.exists() {
            let _ = std::fs::rename(&side, format!("{}{suffix}", aside.display()));
        }
    }
    Ok(aside)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_attempts_and_solved() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, report) = Store::open(dir.path(), "bundled").unwrap();
        assert!(report.warnings.is_empty());
        store
            .record_attempt("a/b", "SELECT 1", "wrong", false, "no", 3)
            .unwrap();
        assert_eq!(store.status("a/b"), ExerciseStatus::Attempted);
        store
            .record_attempt("a/b", "SELECT 2", "accepted", true, "yes", 3)
            .unwrap();
        assert_eq!(store.status("a/b"), ExerciseStatus::Solved);
        assert_eq!(store.draft("a/b").as_deref(), Some("SELECT 2"));
        store.save_draft("a/b", "SELECT 3").unwrap();
        drop(store);
        let (store, _) = Store::open(dir.path(), "bundled").unwrap();
        assert_eq!(store.draft("a/b").as_deref(), Some("SELECT 3"));
        assert_eq!(store.attempt_count("a/b"), 2);
        // Courses do not see each other's progress.
        let (other, _) = Store::open(dir.path(), "pack").unwrap();
        assert_eq!(other.status("a/b"), ExerciseStatus::New);
    }

    #[test]
    fn unreadable_file_is_kept_aside_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(
            &path,
            b"this is not a database, it is someone's notes\n".repeat(100),
        )
        .unwrap();
        let (store, report) = Store::open(dir.path(), "bundled").unwrap();
        assert_eq!(report.warnings.len(), 1, "{report:?}");
        assert!(report.warnings[0].contains("kept as"));
        drop(store);
        let kept: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains("unreadable"))
            .collect();
        assert_eq!(kept.len(), 1);
        let bytes = std::fs::read(kept[0].path()).unwrap();
        assert!(bytes.starts_with(b"this is not a database"));
    }

    #[test]
    fn newer_schema_is_refused_and_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;")
            .unwrap();
        drop(conn);
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(dir.path(), "bundled").unwrap_err();
        assert!(
            matches!(err, ProgressError::Newer { found: 99, .. }),
            "{err}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }
}
