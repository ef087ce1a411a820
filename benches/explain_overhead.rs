//! What `sqldojo explain` and plan grading add on top of running a query.
//!
//! For a slow query (the LIKE scan) and a fast one (the junction search) on
//! catalog-small: the raw query on a plain connection, the same in the
//! sandbox, `Sandbox::profile` (the plan taken first, then the run with its
//! counters), and grading a plan exercise (accepted: every variant;
//! rejected by its plan: the visible data only). With `SQLDOJO_DATA_DIR`
//! pointing at a built full-scale catalog, the full-scale figures too.
//!
//! `cargo bench --bench explain_overhead`

use std::time::{Duration, Instant};

use sqldojo::dataset::{Datasets, Pristine};
use sqldojo::engine::{Sandbox, SandboxConfig};
use sqldojo::grade::Grader;
use sqldojo::lesson::{Course, CourseSource};

const LIKE: &str = "SELECT id, name FROM products WHERE tags LIKE '%wireless%'";
const JUNCTION: &str = "SELECT p.id, p.name FROM tags t JOIN product_tags pt ON pt.tag_id = t.id \
                        JOIN products p ON p.id = pt.product_id WHERE t.name = 'wireless'";
const REVERSE_INDEX: &str =
    "CREATE INDEX product_tags_by_tag ON product_tags (tag_id, product_id);";

fn main() {
    let datasets = Datasets::new(CourseSource::Bundled);
    let small = datasets.get("catalog-small").expect("catalog-small");
    println!("catalog-small ({:.1} MB image)", small.size() as f64 / 1e6);
    for (label, setup, query) in [
        ("LIKE scan", "", LIKE),
        ("junction + reverse index", REVERSE_INDEX, JUNCTION),
    ] {
        measure(&small, label, setup, query, 41);
    }

    let course = Course::load(CourseSource::Bundled).expect("course").course;
    let grader = Grader::new(CourseSource::Bundled);
    let ex = course
        .find("m2m-lab-tag-search/wireless-fast")
        .expect("exercise");
    let started = Instant::now();
    let _ = grader.grade(ex, "SELECT 1").expect("expectation builds");
    println!(
        "plan exercise m2m-lab-tag-search/wireless-fast: expectation built once in {:.0} ms",
        ms(started.elapsed())
    );
    let accepted = format!("{REVERSE_INDEX}\n{JUNCTION}");
    let rejected = LIKE.to_string();
    for (label, answer) in [
        ("accepted (all variants)", &accepted),
        ("rejected by rows/plan", &rejected),
    ] {
        let mut times = Vec::new();
        let mut variants = 0;
        for _ in 0..11 {
            let t = Instant::now();
            let v = grader.grade(ex, answer).expect("grades");
            times.push(t.elapsed());
            variants = v.variants_checked;
        }
        println!(
            "  grade, {label}: median {:.2} ms ({variants} variants checked)",
            ms(median(&mut times))
        );
    }

    if let Some(dir) = std::env::var_os("SQLDOJO_DATA_DIR") {
        let full = Datasets::new(CourseSource::Bundled)
            .with_data_dir(Some(dir.into()))
            .get("catalog-full");
        match full {
            Ok(full) => {
                println!(
                    "catalog-full ({:.0} MB file, opened read-only)",
                    full.size() as f64 / 1e6
                );
                measure(&full, "LIKE scan", "", LIKE, 3);
                measure(&full, "junction + reverse index", "", JUNCTION, 21);
            }
            Err(e) => println!("catalog-full skipped: {e}"),
        }
    }
}

/// Raw, sandboxed and profiled runs of one query, medians of `n` runs, each
/// on a fresh copy (setup applied before timing).
fn measure(pristine: &Pristine, label: &str, setup: &str, query: &str, n: usize) {
    let mut raw = Vec::new();
    let mut sandboxed = Vec::new();
    let mut profiled = Vec::new();
    let mut steps = 0;
    for _ in 0..n {
        let conn = pristine.fresh().expect("copy");
        if !setup.is_empty() {
            conn.execute_batch(setup).expect("setup");
        }
        let t = Instant::now();
        let mut stmt = conn.prepare(query).expect("prepares");
        let mut rows = stmt.raw_query();
        while rows.next().expect("runs").is_some() {}
        drop(rows);
        drop(stmt);
        raw.push(t.elapsed());

        let mut sb = sandbox(pristine, setup);
        let t = Instant::now();
        sb.run_query(query).expect("runs");
        sandboxed.push(t.elapsed());

        let mut sb = sandbox(pristine, setup);
        let t = Instant::now();
        let p = sb.profile(query).expect("profiles");
        profiled.push(t.elapsed());
        steps = p.query_counters().vm_steps;
    }
    let raw = median(&mut raw);
    let sandboxed = median(&mut sandboxed);
    let profiled = median(&mut profiled);
    println!(
        "  {label}: {steps} VM steps; raw {:.3} ms, sandbox {:.3} ms (+{:.3}), explain+run {:.3} ms (+{:.3}, {:.0}%)",
        ms(raw),
        ms(sandboxed),
        ms(sandboxed.saturating_sub(raw)),
        ms(profiled),
        ms(profiled.saturating_sub(raw)),
        100.0 * (profiled.as_secs_f64() / raw.as_secs_f64() - 1.0)
    );
}

fn sandbox(pristine: &Pristine, setup: &str) -> Sandbox {
    let conn = pristine.fresh().expect("copy");
    if !setup.is_empty() {
        conn.execute_batch(setup).expect("setup");
    }
    let config = SandboxConfig {
        deadline: Duration::from_secs(120),
        ..SandboxConfig::default()
    };
    Sandbox::new(conn, config).expect("sandbox")
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
