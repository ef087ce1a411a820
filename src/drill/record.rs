//! Drills in the progress file: a session row when a drill starts, one row
//! per answer as soon as it is given (so quitting or a crash loses nothing
//! already answered), the score when it ends. Each answer also counts as an
//! attempt at the exercise and moves it in the review schedule.

use rusqlite::params;
use serde::Serialize;

use super::select::DrillConfig;
use super::session::{Answer, Session, Status};
use crate::progress::{Store, now_ms};
use crate::review::{self, Scheduler};

/// Records the start of a drill; returns its id.
pub fn start(
    store: &mut Store,
    config: &DrillConfig,
    planned: usize,
    time_limit_ms: u64,
) -> rusqlite::Result<i64> {
    let course = store.course().to_string();
    let conn = store.connection();
    conn.execute(
        "INSERT INTO drill_sessions (course, started_at, level, topic, seed, exam, time_limit_ms, planned)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            course,
            now_ms(),
            config.level.map(|l| l.as_str()),
            config.topic,
            config.seed as i64,
            config.exam,
            time_limit_ms as i64,
            planned as i64
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Saves one result of drill `session` at `position`: the drill's own row,
/// an attempt at the exercise (when an answer was given), and the review
/// schedule. Items not reached are saved too, so a report can be rebuilt.
pub fn save_answer(
    store: &mut Store,
    scheduler: &Scheduler,
    session: i64,
    position: usize,
    a: &Answer,
) -> rusqlite::Result<()> {
    let at = now_ms();
    let outcome = match (a.status, a.outcome) {
        (Status::Answered, Some(o)) => o.as_str(),
        (Status::Skipped, _) => "skipped",
        (Status::TimeUp, _) => "time_up",
        (Status::NotReached, _) => "not_reached",
        (Status::Answered, None) => "unanswered",
    };
    store.connection().execute(
        "INSERT OR REPLACE INTO drill_answers
             (session, position, exercise, kind, topic, answer, outcome, passed, score, hints, elapsed_ms, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            session,
            position as i64,
            a.item.key,
            a.item.kind.label(),
            a.item.topic,
            a.answer,
            outcome,
            a.passed,
            a.score,
            a.hints as i64,
            a.elapsed.as_millis() as i64,
            at
        ],
    )?;
    if a.status == Status::NotReached {
        return Ok(());
    }
    if !a.answer.trim().is_empty() {
        store.record_attempt(
            &a.item.key,
            &a.answer,
            outcome,
            a.passed,
            &a.headline,
            a.elapsed.as_millis() as u64,
        )?;
    }
    review::record(store, scheduler, &a.item.key, a.rating, at)?;
    Ok(())
}

/// Records the end of a drill and its score.
pub fn finish(store: &mut Store, session: i64, score: f64) -> rusqlite::Result<()> {
    store.connection().execute(
        "UPDATE drill_sessions SET finished_at = ?2, score = ?3 WHERE id = ?1",
        params![session, now_ms(), score],
    )?;
    Ok(())
}

/// Saves a drill while it runs, for any front end: the session row when it
/// starts, each result as soon as the session has it, the score at the end.
/// When the progress file refuses, the drill goes on unsaved and the
/// messages say so.
#[derive(Debug)]
pub struct Recorder {
    id: Option<i64>,
    saved: usize,
    scheduler: Scheduler,
}

impl Recorder {
    /// Records the start of `session`. The message, if any, says why the
    /// drill will not be saved.
    pub fn start(store: &mut Store, session: &Session) -> (Recorder, Option<String>) {
        let limit = session.countdown().limit().as_millis() as u64;
        let (id, problem) = match start(store, session.config(), session.items().len(), limit) {
            Ok(id) => (Some(id), None),
            Err(e) => (None, Some(format!("the drill will not be saved: {e}"))),
        };
        let recorder = Recorder {
            id,
            saved: 0,
            scheduler: Scheduler::new(),
        };
        (recorder, problem)
    }

    /// Saves the results `session` has that are not saved yet; returns a
    /// message per result that could not be saved.
    pub fn save_new(&mut self, store: &mut Store, session: &Session) -> Vec<String> {
        let Some(id) = self.id else {
            return Vec::new();
        };
        let mut problems = Vec::new();
        for (i, a) in session.answers().iter().enumerate().skip(self.saved) {
            if let Err(e) = save_answer(store, &self.scheduler, id, i, a) {
                problems.push(format!("an answer could not be saved: {e}"));
            }
        }
        self.saved = session.answers().len();
        problems
    }

    /// Saves what is left and the score of an ended `session`.
    pub fn finish(&mut self, store: &mut Store, session: &Session) -> Vec<String> {
        let mut problems = self.save_new(store, session);
        if let Some(id) = self.id
            && let Err(e) = finish(store, id, session.score())
        {
            problems.push(format!("the drill's score could not be saved: {e}"));
        }
        problems
    }
}

/// A past drill, for history views.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PastDrill {
    /// Its id.
    pub id: i64,
    /// When it started (ms since the epoch).
    pub started_at: i64,
    /// When it ended, if it did.
    pub finished_at: Option<i64>,
    /// Items planned.
    pub planned: usize,
    /// Score, when finished.
    pub score: Option<f64>,
    /// Items answered (any outcome but skipped, time up or not reached).
    pub answered: usize,
    /// Exam mode.
    pub exam: bool,
    /// The seed.
    pub seed: u64,
}

/// The latest drills, newest first.
pub fn history(store: &mut Store, limit: usize) -> rusqlite::Result<Vec<PastDrill>> {
    let course = store.course().to_string();
    let conn = store.connection();
    let mut stmt = conn.prepare(
        "SELECT s.id, s.started_at, s.finished_at, s.planned, s.score, s.exam, s.seed,
                (SELECT count(*) FROM drill_answers a WHERE a.session = s.id
                   AND a.outcome NOT IN ('skipped', 'time_up', 'not_reached'))
         FROM drill_sessions s WHERE s.course = ?1 ORDER BY s.started_at DESC, s.id DESC LIMIT ?2",
    )?;
    stmt.query_map(params![course, limit as i64], |r| {
        Ok(PastDrill {
            id: r.get(0)?,
            started_at: r.get(1)?,
            finished_at: r.get(2)?,
            planned: r.get::<_, i64>(3)? as usize,
            score: r.get(4)?,
            exam: r.get(5)?,
            seed: r.get::<_, i64>(6)? as u64,
            answered: r.get::<_, i64>(7)? as usize,
        })
    })?
    .collect()
}
