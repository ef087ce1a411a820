//! Running a script for its cost: each statement's plan (taken just before
//! it runs, so DDL earlier in the script counts), rows, cost counters and
//! wall time. `sqldojo explain` and plan exercises are built on this.

use std::ops::Range;
use std::time::{Duration, Instant};

use super::counters::Counters;
use super::error::RunError;
use super::plan::Plan;
use super::sandbox::Sandbox;
use super::split::{line_col, next_statement, skip_trivia};
use super::value::ResultSet;

/// One statement of a profiled script.
#[derive(Debug, Clone)]
pub struct ProfiledStatement {
    /// Byte range of the statement in the script.
    pub range: Range<usize>,
    /// Its plan, for statements that return rows (queries).
    pub plan: Option<Plan>,
    /// What it returned, with its counters and wall time.
    pub result: ResultSet,
}

impl ProfiledStatement {
    /// True for a statement that returns rows (SELECT, WITH, VALUES, ...).
    pub fn is_query(&self) -> bool {
        !self.result.columns.is_empty()
    }
}

/// A profiled script: every statement in order.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// The statements.
    pub statements: Vec<ProfiledStatement>,
    /// The last query was stopped at the query step limit: its plan is
    /// known, its rows are not, its counters say the limit.
    pub stopped_at_step_limit: bool,
}

impl Profile {
    /// The statements that returned rows.
    pub fn queries(&self) -> impl Iterator<Item = &ProfiledStatement> {
        self.statements.iter().filter(|s| s.is_query())
    }

    /// The last statement, when it is a query.
    pub fn final_query(&self) -> Option<&ProfiledStatement> {
        self.statements.last().filter(|s| s.is_query())
    }

    /// Counters summed over the queries (setup statements such as CREATE
    /// INDEX are one-time costs and not counted).
    pub fn query_counters(&self) -> Counters {
        self.queries()
            .map(|s| s.result.counters)
            .fold(Counters::default(), |a, b| a + b)
    }

    /// Wall time summed over the queries.
    pub fn query_elapsed(&self) -> Duration {
        self.queries().map(|s| s.result.elapsed).sum()
    }

    /// The text before the final query (setup and earlier queries).
    pub fn before_final<'a>(&self, script: &'a str) -> &'a str {
        match self.statements.last() {
            Some(last) => &script[..last.range.start],
            None => script,
        }
    }
}

impl Sandbox {
    /// Runs every statement of a script in order, taking each query's plan
    /// just before running it. Each statement runs under the sandbox's
    /// deadline, and the whole script under four times that. Errors name
    /// their line and column in the whole script.
    pub fn profile(&mut self, script: &str) -> Result<Profile, RunError> {
        self.profile_limited(script, None)
    }

    /// Like [`Sandbox::profile`], but each query (not setup statements) may
    /// take at most `query_steps` VM steps; a query stopped there ends the
    /// profile with `stopped_at_step_limit` set (its plan is kept).
    pub fn profile_limited(
        &mut self,
        script: &str,
        query_steps: Option<u64>,
    ) -> Result<Profile, RunError> {
        if script.len() > super::MAX_SQL_BYTES {
            return Err(RunError::TooLong {
                len: script.len(),
                max: super::MAX_SQL_BYTES,
            });
        }
        let started = Instant::now();
        let budget = self.config().deadline * 4;
        let mut profile = Profile::default();
        let mut pos = 0;
        loop {
            let range = match next_statement(self.connection(), script, pos) {
                Ok(Some(range)) => range,
                Ok(None) => break,
                Err(_) => {
                    // Let the sandbox produce its usual, located message.
                    let start = pos + skip_trivia(&script[pos..]);
                    let e = self.run_query(&script[start..]).err();
                    return Err(relocate(e.unwrap_or(RunError::Empty), script, start));
                }
            };
            if started.elapsed() > budget {
                return Err(RunError::Deadline { limit: budget });
            }
            let text = &script[range.clone()];
            // An EXPLAIN statement is its own plan; it has none to take.
            let plan = if is_explain(text) {
                None
            } else {
                Some(
                    self.explain(text)
                        .map_err(|e| relocate(e, script, range.start))?,
                )
            };
            let is_query = plan.is_some()
                && self
                    .connection()
                    .prepare(text)
                    .is_ok_and(|stmt| stmt.column_count() > 0);
            self.set_step_limit(query_steps.filter(|_| is_query));
            let run = self.run_query(text);
            self.set_step_limit(None);
            let result = match run {
                Ok(result) => result,
                Err(RunError::StepLimit { steps }) => {
                    profile.statements.push(ProfiledStatement {
                        range,
                        plan,
                        result: ResultSet {
                            columns: vec!["(stopped)".into()],
                            counters: Counters {
                                vm_steps: steps,
                                ..Counters::default()
                            },
                            ..ResultSet::default()
                        },
                    });
                    profile.stopped_at_step_limit = true;
                    return Ok(profile);
                }
                Err(e) => return Err(relocate(e, script, range.start)),
            };
            pos = range.end;
            profile.statements.push(ProfiledStatement {
                plan: plan.filter(|_| !result.columns.is_empty()),
                range,
                result,
            });
        }
        if profile.statements.is_empty() {
            return Err(RunError::Empty);
        }
        Ok(profile)
    }
}

/// True when a statement starts with the EXPLAIN keyword.
fn is_explain(text: &str) -> bool {
    let t = &text[skip_trivia(text)..];
    t.get(..7)
        .is_some_and(|w| w.eq_ignore_ascii_case("explain"))
        && !t[7..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
}

/// Moves an error's position from a statement's own text to the script.
fn relocate(e: RunError, script: &str, start: usize) -> RunError {
    match e {
        RunError::Prepare {
            message,
            line: Some(line),
            column,
        } => {
            let (l0, c0) = line_col(script, start);
            let column = column.map(|c| if line == 1 { c0 + c - 1 } else { c });
            RunError::Prepare {
                message,
                line: Some(l0 + line - 1),
                column,
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::SandboxConfig;

    fn sandbox() -> Sandbox {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, k INTEGER);
             WITH RECURSIVE c(x) AS (VALUES (1) UNION ALL SELECT x + 1 FROM c WHERE x < 500)
             INSERT INTO t SELECT x, x % 50 FROM c;",
        )
        .unwrap();
        Sandbox::new(conn, SandboxConfig::default()).unwrap()
    }

    #[test]
    fn plans_are_taken_before_each_query_runs() {
        let mut sb = sandbox();
        let script = "SELECT count(*) FROM t WHERE k = 7;\nCREATE INDEX t_k ON t (k);\nSELECT count(*) FROM t WHERE k = 7;";
        let p = sb.profile(script).unwrap();
        assert_eq!(p.statements.len(), 3);
        assert_eq!(p.queries().count(), 2);
        let first = p.statements[0].plan.as_ref().unwrap();
        let last = p.final_query().unwrap().plan.as_ref().unwrap();
        assert_eq!(first.nodes[0].detail, "SCAN t");
        assert!(
            last.nodes[0]
                .detail
                .starts_with("SEARCH t USING COVERING INDEX t_k")
        );
        assert!(p.statements[0].result.counters.fullscan_steps > 0);
        assert_eq!(p.final_query().unwrap().result.counters.fullscan_steps, 0);
        assert_eq!(
            p.query_counters().vm_steps,
            p.statements[0].result.counters.vm_steps + p.statements[2].result.counters.vm_steps
        );
        assert!(p.before_final(script).contains("CREATE INDEX"));
    }

    #[test]
    fn errors_name_their_place_in_the_script() {
        let mut sb = sandbox();
        let e = sb.profile("SELECT 1;\nSELECT nope FROM t;").unwrap_err();
        match e {
            RunError::Prepare { line, .. } => assert_eq!(line, Some(2)),
            other => panic!("{other:?}"),
        }
        assert!(matches!(sb.profile("  -- nothing\n"), Err(RunError::Empty)));
    }
}
