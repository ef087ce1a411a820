//! The review queue in the progress file: which items are scheduled, when
//! they are due, and enrolling items the learner got wrong anywhere (the
//! attempts every front end records).

use chrono::{DateTime, Days, Local, TimeZone};
use rusqlite::{OptionalExtension, params};

use super::scheduler::{Card, Scheduler};
use crate::grade::quiz::SelfRating;
use crate::progress::Store;

/// State key of the last attempt time already looked at for enrolment.
const SYNCED_KEY: &str = "review.synced_at";

/// The card of an item, if it is in the schedule.
pub fn card(store: &mut Store, item: &str) -> rusqlite::Result<Option<Card>> {
    let course = store.course().to_string();
    store
        .connection()
        .query_row(
            "SELECT item, due, stability, difficulty, scheduled_days, reps, lapses, last_review
             FROM review_cards WHERE course = ?1 AND item = ?2",
            params![course, item],
            read_card,
        )
        .optional()
}

fn read_card(r: &rusqlite::Row<'_>) -> rusqlite::Result<Card> {
    Ok(Card {
        item: r.get(0)?,
        due_ms: r.get(1)?,
        stability: r.get(2)?,
        difficulty: r.get(3)?,
        scheduled_days: r.get(4)?,
        reps: r.get(5)?,
        lapses: r.get(6)?,
        last_review_ms: r.get(7)?,
    })
}

/// Records how an item went. An item enters the schedule when it is rated
/// `again` or `hard` (wrong, or right only with help); once in, every
/// answer moves it. Returns the new card, or `None` for an item that went
/// well and is not scheduled.
pub fn record(
    store: &mut Store,
    scheduler: &Scheduler,
    item: &str,
    rating: SelfRating,
    now_ms: i64,
) -> rusqlite::Result<Option<Card>> {
    let existing = card(store, item)?;
    if existing.is_none() && rating >= SelfRating::Good {
        return Ok(None);
    }
    let next = scheduler.review(item, existing.as_ref(), rating, now_ms);
    save(store, &next, rating, now_ms)?;
    Ok(Some(next))
}

fn save(store: &mut Store, c: &Card, rating: SelfRating, now_ms: i64) -> rusqlite::Result<()> {
    let course = store.course().to_string();
    let tx = store.connection().transaction()?;
    tx.execute(
        "INSERT INTO review_cards (course, item, due, stability, difficulty, scheduled_days, reps, lapses, last_review)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (course, item) DO UPDATE SET
             due = excluded.due, stability = excluded.stability, difficulty = excluded.difficulty,
             scheduled_days = excluded.scheduled_days, reps = excluded.reps, lapses = excluded.lapses,
             last_review = excluded.last_review",
        params![
            course,
            c.item,
            c.due_ms,
            c.stability,
            c.difficulty,
            c.scheduled_days,
            c.reps,
            c.lapses,
            c.last_review_ms
        ],
    )?;
    tx.execute(
        "INSERT INTO review_log (course, item, rating, at, scheduled_days) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![course, c.item, rating as i64, now_ms, c.scheduled_days],
    )?;
    tx.commit()
}

/// Enrols every item with a wrong attempt recorded since the last call (in
/// the terminal UI, the REPL, `grade` or a drill) that is not scheduled
/// yet, as if rated `again` at the time of that attempt. Returns how many
/// items were enrolled.
pub fn sync_from_attempts(store: &mut Store, scheduler: &Scheduler) -> rusqlite::Result<usize> {
    let since: i64 = store
        .get(SYNCED_KEY)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let course = store.course().to_string();
    let failed: Vec<(String, i64)> = {
        let conn = store.connection();
        let mut stmt = conn.prepare(
            "SELECT exercise, min(at) FROM attempts
             WHERE course = ?1 AND passed = 0 AND at > ?2
               AND exercise NOT IN (SELECT item FROM review_cards WHERE course = ?1)
             GROUP BY exercise ORDER BY min(at), exercise",
        )?;
        stmt.query_map(params![course, since], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    let latest: Option<i64> = store.connection().query_row(
        "SELECT max(at) FROM attempts WHERE course = ?1",
        params![course],
        |r| r.get(0),
    )?;
    for (item, at) in &failed {
        let next = scheduler.review(item, None, SelfRating::Again, *at);
        save(store, &next, SelfRating::Again, *at)?;
    }
    if let Some(latest) = latest.filter(|&l| l > since) {
        store.set(SYNCED_KEY, &latest.to_string())?;
    }
    Ok(failed.len())
}

/// Cards due by `until_ms`, earliest first.
pub fn due(store: &mut Store, until_ms: i64) -> rusqlite::Result<Vec<Card>> {
    let course = store.course().to_string();
    let conn = store.connection();
    let mut stmt = conn.prepare(
        "SELECT item, due, stability, difficulty, scheduled_days, reps, lapses, last_review
         FROM review_cards WHERE course = ?1 AND due <= ?2 ORDER BY due, item",
    )?;
    stmt.query_map(params![course, until_ms], read_card)?
        .collect()
}

/// How many items are due today: what the course map shows. Enrols items
/// answered wrongly since the last look first.
pub fn due_count(store: &mut Store, now: DateTime<Local>) -> rusqlite::Result<usize> {
    sync_from_attempts(store, &Scheduler::new())?;
    let course = store.course().to_string();
    let until = end_of_day_ms(now);
    store.connection().query_row(
        "SELECT count(*) FROM review_cards WHERE course = ?1 AND due <= ?2",
        params![course, until],
        |r| r.get::<_, i64>(0).map(|n| n as usize),
    )
}

/// The next card due after `after_ms`, if any.
pub fn next_due_after(store: &mut Store, after_ms: i64) -> rusqlite::Result<Option<Card>> {
    let course = store.course().to_string();
    store
        .connection()
        .query_row(
            "SELECT item, due, stability, difficulty, scheduled_days, reps, lapses, last_review
             FROM review_cards WHERE course = ?1 AND due > ?2 ORDER BY due, item LIMIT 1",
            params![course, after_ms],
            read_card,
        )
        .optional()
}

/// The last instant of the local day of `now`, in ms since the epoch:
/// "due today" means due before the day ends where the learner is.
pub fn end_of_day_ms<Tz: TimeZone>(now: DateTime<Tz>) -> i64 {
    let tomorrow = now
        .date_naive()
        .checked_add_days(Days::new(1))
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|midnight| now.timezone().from_local_datetime(&midnight).earliest());
    match tomorrow {
        Some(t) => t.timestamp_millis() - 1,
        None => now.timestamp_millis(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, Utc};

    const DAY: i64 = 86_400_000;

    #[test]
    fn wrong_items_enter_the_queue_good_ones_do_not() {
        let mut store = Store::in_memory("bundled");
        let s = Scheduler::new();
        let t0 = 1_750_000_000_000;
        assert!(
            record(&mut store, &s, "a/ok", SelfRating::Good, t0)
                .unwrap()
                .is_none()
        );
        let c = record(&mut store, &s, "a/wrong", SelfRating::Again, t0)
            .unwrap()
            .unwrap();
        assert_eq!(c.due_ms, t0 + DAY);
        let c = record(&mut store, &s, "a/low", SelfRating::Hard, t0)
            .unwrap()
            .unwrap();
        assert_eq!(c.due_ms, t0 + 2 * DAY);
        assert!(due(&mut store, t0 + DAY - 1).unwrap().is_empty());
        let due_now: Vec<String> = due(&mut store, t0 + DAY)
            .unwrap()
            .into_iter()
            .map(|c| c.item)
            .collect();
        assert_eq!(due_now, ["a/wrong"]);
        // Once scheduled, a good answer moves it further out.
        let c = record(&mut store, &s, "a/wrong", SelfRating::Good, t0 + DAY)
            .unwrap()
            .unwrap();
        assert!(c.due_ms > t0 + 2 * DAY, "{c:?}");
        assert_eq!(
            next_due_after(&mut store, t0).unwrap().unwrap().item,
            "a/low"
        );
    }

    #[test]
    fn wrong_attempts_anywhere_are_enrolled_once() {
        let mut store = Store::in_memory("bundled");
        let s = Scheduler::new();
        store
            .record_attempt("x/y", "SELECT 1", "wrong", false, "no", 1)
            .unwrap();
        store
            .record_attempt("x/z", "SELECT 1", "accepted", true, "yes", 1)
            .unwrap();
        assert_eq!(sync_from_attempts(&mut store, &s).unwrap(), 1);
        assert_eq!(sync_from_attempts(&mut store, &s).unwrap(), 0);
        assert!(card(&mut store, "x/y").unwrap().is_some());
        assert!(card(&mut store, "x/z").unwrap().is_none());
        // due_count counts what is due by the end of today: tomorrow's is not.
        assert_eq!(due_count(&mut store, Local::now()).unwrap(), 0);
        let c = card(&mut store, "x/y").unwrap().unwrap();
        assert_eq!(due(&mut store, c.due_ms).unwrap().len(), 1);
    }

    #[test]
    fn end_of_day_is_local_midnight() {
        let tz = FixedOffset::east_opt(2 * 3600).unwrap();
        let now = tz.with_ymd_and_hms(2025, 3, 10, 23, 30, 0).unwrap();
        let end = end_of_day_ms(now);
        let midnight = tz.with_ymd_and_hms(2025, 3, 11, 0, 0, 0).unwrap();
        assert_eq!(end, midnight.timestamp_millis() - 1);
        let utc = Utc.with_ymd_and_hms(2025, 3, 10, 0, 0, 0).unwrap();
        assert_eq!(end_of_day_ms(utc), utc.timestamp_millis() + DAY - 1);
    }
}
