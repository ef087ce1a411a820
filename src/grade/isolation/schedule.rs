//! From an exercise (and an answer) to a lab schedule: the lesson's steps,
//! a fix answer's turns in place of its session's steps, or a free-play
//! transcript.

use crate::engine::sessions::{LabSpec, PlannedStep, SessionId, split_statements};
use crate::lesson::kinds::IsolationExercise;

/// Where a scheduled statement comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum Origin {
    /// The lesson's step with this index.
    Lesson {
        /// Index in `steps`.
        step: usize,
    },
    /// The learner's statement in this turn (1-based).
    Turn {
        /// The turn number.
        turn: usize,
    },
    /// Typed in free play.
    Typed,
}

/// A lab spec and where each of its statements comes from.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The spec.
    pub spec: LabSpec,
    /// One origin per scheduled statement.
    pub origins: Vec<Origin>,
}

/// The spec of the exercise as written: every step, in order. Steps that do
/// not name exactly one session are left out (`sqldojo check` reports them).
pub fn as_written(x: &IsolationExercise, extra_setup: Option<&str>) -> Planned {
    let mut schedule = Vec::new();
    let mut origins = Vec::new();
    for (i, step) in x.steps.iter().enumerate() {
        if let Some((session, sql)) = step.statement() {
            schedule.push(PlannedStep {
                session,
                sql: sql.to_string(),
            });
            origins.push(Origin::Lesson { step: i });
        }
    }
    Planned {
        spec: spec(x, schedule, extra_setup),
        origins,
    }
}

/// The spec with the fix session's turns replaced by the learner's.
pub fn with_turns(x: &IsolationExercise, turns: &[String], extra_setup: Option<&str>) -> Planned {
    let fix_session = x.fix.as_ref().map(|f| f.session);
    let mut schedule = Vec::new();
    let mut origins = Vec::new();
    let mut turn = 0;
    let mut previous_was_fix = false;
    for (i, step) in x.steps.iter().enumerate() {
        let Some((session, sql)) = step.statement() else {
            continue;
        };
        if Some(session) == fix_session {
            if !previous_was_fix {
                let text = turns.get(turn).map(String::as_str).unwrap_or("");
                for range in split_statements(text) {
                    schedule.push(PlannedStep {
                        session,
                        sql: text[range].to_string(),
                    });
                    origins.push(Origin::Turn { turn: turn + 1 });
                }
                turn += 1;
            }
            previous_was_fix = true;
            continue;
        }
        previous_was_fix = false;
        schedule.push(PlannedStep {
            session,
            sql: sql.to_string(),
        });
        origins.push(Origin::Lesson { step: i });
    }
    Planned {
        spec: spec(x, schedule, extra_setup),
        origins,
    }
}

fn spec(x: &IsolationExercise, schedule: Vec<PlannedStep>, extra_setup: Option<&str>) -> LabSpec {
    let mut setup = x.setup.clone();
    if let Some(extra) = extra_setup {
        setup.push_str(";\n");
        setup.push_str(extra);
    }
    LabSpec {
        mode: x.mode,
        sessions: x.session_ids(),
        read_uncommitted: x.read_uncommitted.clone(),
        setup,
        schedule,
    }
}

/// Splits a fix answer into its turns, by lines `-- turn N`. A session
/// with one turn needs no marker.
pub fn split_turns(
    answer: &str,
    turn_count: usize,
    session: SessionId,
) -> Result<Vec<String>, String> {
    let mut turns = vec![String::new(); turn_count];
    let mut current: Option<usize> = None;
    let mut seen = vec![false; turn_count];
    for (n, line) in answer.lines().enumerate() {
        if let Some(number) = turn_marker(line) {
            let Some(k) = number.checked_sub(1).filter(|&k| k < turn_count) else {
                return Err(format!(
                    "line {}: session {session} has {turn_count} turn(s) in this schedule, so there is no turn {number}",
                    n + 1
                ));
            };
            if seen[k] {
                return Err(format!(
                    "line {}: turn {number} is marked twice; put all of its statements under one marker",
                    n + 1
                ));
            }
            seen[k] = true;
            current = Some(k);
            continue;
        }
        let target = match current {
            Some(k) => k,
            None if turn_count == 1 => 0,
            None => {
                if line.trim().is_empty() || line.trim_start().starts_with("--") {
                    continue;
                }
                return Err(format!(
                    "line {}: session {session} runs in {turn_count} turns here; start each turn's statements with a line `-- turn N` (the starter shows them)",
                    n + 1
                ));
            }
        };
        turns[target].push_str(line);
        turns[target].push('\n');
    }
    Ok(turns)
}

/// The turn number of a line `-- turn N ...`.
fn turn_marker(line: &str) -> Option<usize> {
    let rest = line.trim_start().strip_prefix("--")?.trim_start();
    let rest = rest
        .strip_prefix("turn")
        .or_else(|| rest.strip_prefix("TURN"))?;
    let digits: String = rest
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Reads a free-play transcript: `A: BEGIN;` lines, where a line with a
/// session tag starts that session's text and untagged lines continue it.
pub fn transcript(answer: &str) -> Result<Vec<(SessionId, String)>, String> {
    let mut chunks: Vec<(SessionId, String)> = Vec::new();
    for (n, line) in answer.lines().enumerate() {
        let tagged = line
            .trim_start()
            .split_once([':', '>'])
            .and_then(|(tag, rest)| SessionId::parse(tag).map(|id| (id, rest)));
        match tagged {
            Some((id, rest)) => chunks.push((id, format!("{rest}\n"))),
            None => match chunks.last_mut() {
                Some((_, text)) => {
                    text.push_str(line);
                    text.push('\n');
                }
                None if line.trim().is_empty() || line.trim_start().starts_with("--") => {}
                None => {
                    return Err(format!(
                        "line {}: say which session runs it, e.g. `A: {}`",
                        n + 1,
                        line.trim()
                    ));
                }
            },
        }
    }
    Ok(chunks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turns_follow_their_markers() {
        let answer = "-- turn 2 (after A commits)\nUPDATE t SET n = n + 1;\n-- turn 1\nSELECT 1;\n";
        let turns = split_turns(answer, 2, SessionId::B).unwrap();
        assert_eq!(turns, ["SELECT 1;\n", "UPDATE t SET n = n + 1;\n"]);
        assert!(split_turns("SELECT 1;", 2, SessionId::B).is_err());
        assert_eq!(
            split_turns("SELECT 1;", 1, SessionId::B).unwrap(),
            ["SELECT 1;\n"]
        );
        assert!(split_turns("-- turn 3\nSELECT 1;", 2, SessionId::B).is_err());
    }

    #[test]
    fn transcripts_tag_sessions() {
        let chunks = transcript("A: BEGIN;\nB: SELECT *\n  FROM test;\n").unwrap();
        assert_eq!(chunks[0], (SessionId::A, " BEGIN;\n".to_string()));
        assert_eq!(
            chunks[1],
            (SessionId::B, " SELECT *\n  FROM test;\n".to_string())
        );
        assert!(transcript("SELECT 1;").is_err());
    }
}
