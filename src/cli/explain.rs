//! `sqldojo explain`: a query's plan (as a tree) and cost counters.

use std::io::Write;

use serde_json::json;

use super::args::Format;
use super::context::Context;
use super::exit::{Exit, usage};
use super::grade::read_answer;
use crate::dataset::Datasets;
use crate::engine::{Profile, RunError, Sandbox, SandboxConfig, decode};
use crate::render::{self, Style};

/// Rows shown under the plan in text output.
const SHOWN_ROWS: usize = 10;
/// Deadline of one statement: explain exists to measure slow queries (a
/// full scan of the 2.8M-product catalog takes seconds), so it allows more
/// than the 2 s of exercises; Ctrl-C still stops it.
const EXPLAIN_DEADLINE: std::time::Duration = std::time::Duration::from_secs(60);

/// Runs `sqldojo explain --dataset NAME|FILE --query FILE|-`.
pub fn run(ctx: &Context, dataset: &str, query: &str, format: Format) -> Exit {
    let bytes = match read_answer(query) {
        Ok(b) => b,
        Err(e) => return usage(e),
    };
    let sql = match decode(&bytes) {
        Ok(s) => s,
        Err(e) => return usage(format!("{query}: {e}")),
    };
    let datasets = Datasets::new(ctx.source.clone()).with_data_dir(ctx.data_dir.clone());
    let pristine = match datasets.get(dataset) {
        Ok(p) => p,
        Err(e) => return usage(e),
    };
    let config = SandboxConfig {
        keep_rows: SHOWN_ROWS,
        deadline: EXPLAIN_DEADLINE,
    };
    let mut sandbox = match Sandbox::open(&pristine, config) {
        Ok(s) => s,
        Err(e) => return usage(format!("the dataset could not be opened: {e}")),
    };
    let profile = match sandbox.profile(sql) {
        Ok(p) => p,
        Err(e) => {
            let read_only_refusal = matches!(&e, RunError::Sqlite { code, .. } if code & 0xff == 8);
            eprintln!("sqldojo: {e}");
            if read_only_refusal && pristine.read_only_file().is_some() {
                eprintln!(
                    "sqldojo: `{dataset}` is opened read-only (it is never copied); it already has the lab's indexes, so only queries run on it"
                );
            }
            return Exit::Rejected;
        }
    };
    let text = match format {
        Format::Json => {
            serde_json::to_string_pretty(&to_json(&profile, sql)).expect("serializes") + "\n"
        }
        Format::Text => to_text(&profile, sql, ctx.stdout_style()),
    };
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Exit::Ok
}

/// The JSON document: the final query's `plan`, `rows` and wall time, the
/// counters summed over the script's queries, and every statement.
fn to_json(profile: &Profile, sql: &str) -> serde_json::Value {
    let last = profile.final_query();
    let statements: Vec<serde_json::Value> = profile
        .statements
        .iter()
        .map(|s| {
            json!({
                "sql": sql[s.range.clone()].trim(),
                "plan": s.plan,
                "counters": s.result.counters,
                "rows": if s.is_query() { s.result.total_rows } else { s.result.changes },
                "elapsed_ms": s.result.elapsed.as_secs_f64() * 1e3,
            })
        })
        .collect();
    json!({
        "plan": last.and_then(|q| q.plan.clone()).unwrap_or_default(),
        "tree": last.and_then(|q| q.plan.as_ref()).map(|p| p.tree_lines(false)).unwrap_or_default(),
        "counters": profile.query_counters(),
        "rows": last.map_or(0, |q| q.result.total_rows),
        "elapsed_ms": profile.query_elapsed().as_secs_f64() * 1e3,
        "queries": profile.queries().count(),
        "statements": statements,
    })
}

fn to_text(profile: &Profile, sql: &str, style: Style) -> String {
    let mut out = String::new();
    let queries: Vec<_> = profile.queries().collect();
    let setup = profile.statements.len() - queries.len();
    if setup > 0 {
        out.push_str(&format!(
            "{setup} setup statement{} ran first (not counted below).\n",
            if setup == 1 { "" } else { "s" }
        ));
    }
    for (i, q) in queries.iter().enumerate() {
        if queries.len() > 1 {
            out.push_str(&format!(
                "Query {} of {}: {}\n",
                i + 1,
                queries.len(),
                first_line(&sql[q.range.clone()])
            ));
        }
        if let Some(plan) = &q.plan {
            out.push_str("QUERY PLAN\n");
            out.push_str(&render::plan_tree(plan, style, ""));
        }
        out.push_str(&format!(
            "{}\n{} row{} in {:.2} ms\n",
            render::counters_line(&q.result.counters, style),
            q.result.total_rows,
            if q.result.total_rows == 1 { "" } else { "s" },
            q.result.elapsed.as_secs_f64() * 1e3
        ));
        if i + 1 == queries.len() && !q.result.rows.is_empty() {
            out.push_str(&render::result(&q.result, style));
            out.push('\n');
        }
        out.push('\n');
    }
    if queries.len() > 1 {
        out.push_str(&format!(
            "All {} queries together: {}, {:.2} ms\n",
            queries.len(),
            render::counters_line(&profile.query_counters(), style),
            profile.query_elapsed().as_secs_f64() * 1e3
        ));
    }
    if queries.is_empty() {
        out.push_str("No statement returned rows, so there is no query plan to show.\n");
    }
    out
}

fn first_line(sql: &str) -> String {
    let line = sql.trim().lines().next().unwrap_or("").trim();
    if line.chars().count() > 70 {
        format!("{}...", line.chars().take(67).collect::<String>())
    } else {
        line.to_string()
    }
}
