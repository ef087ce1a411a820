//! Catalog generator build time: the small scale in memory (what lessons
//! use, built once per process), and the full scale into a file (what
//! `sqldojo dataset build catalog --scale full` does; goal: at most 90 s on
//! a 2-core machine). Prints the figures and the data's own statistics.
//!
//! `cargo bench --bench catalog_build` runs both; `-- --small` skips the
//! full build; `-- --keep DIR` builds the full file into DIR and keeps it.

use std::time::{Duration, Instant};

use rusqlite::Connection;
use sqldojo::dataset::generate::{self, Scale};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let small_only = args.iter().any(|a| a == "--small");
    let keep = args
        .iter()
        .position(|a| a == "--keep")
        .and_then(|i| args.get(i + 1))
        .map(std::path::PathBuf::from);
    let catalog = generate::generator("catalog").expect("catalog generator");

    let mut times = Vec::new();
    let mut conn = None;
    for _ in 0..7 {
        let started = Instant::now();
        conn = Some(generate::build_in_memory(catalog, Scale::Small).expect("small builds"));
        times.push(started.elapsed());
    }
    times.sort();
    println!(
        "catalog-small in memory: median {:.1} ms (min {:.1}, max {:.1}; 7 runs)",
        ms(times[3]),
        ms(times[0]),
        ms(times[6])
    );
    print_stats(&conn.expect("built"));
    if small_only {
        return;
    }

    let temp = tempfile::tempdir().expect("temp dir");
    let dir = keep.unwrap_or_else(|| temp.path().to_path_buf());
    let mut last_phase = String::new();
    let started = Instant::now();
    let built = generate::build_file(&dir, catalog, Scale::Full, &mut |p| {
        if p.phase != last_phase {
            println!(
                "  phase {} started at {:.1} s",
                p.phase,
                started.elapsed().as_secs_f64()
            );
            last_phase = p.phase.to_string();
        }
    })
    .expect("full builds");
    let size = std::fs::metadata(&built.path).map(|m| m.len()).unwrap_or(0);
    println!(
        "catalog-full into a file: {:.1} s, {:.0} MB{}",
        built.elapsed.as_secs_f64(),
        size as f64 / 1e6,
        if built.reused { " (reused)" } else { "" }
    );
    let again = Instant::now();
    let reused = generate::build_file(&dir, catalog, Scale::Full, &mut |_| {}).expect("reuse");
    println!(
        "second build reuses the file: {} in {:.1} ms",
        reused.reused,
        ms(again.elapsed())
    );
    print_stats(&generate::open_read_only(&built.path).expect("opens"));
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn print_stats(conn: &Connection) {
    let q = |sql: &str| -> String {
        conn.query_row(sql, [], |r| {
            r.get_ref(0)
                .map(|v| sqldojo::engine::Value::from_ref(v).to_string())
        })
        .unwrap_or_else(|e| e.to_string())
    };
    let started = Instant::now();
    println!(
        "  products {}, tag links {}, avg tags per tagged product {}, max tags {}, distinct tags used {}, \
         'wireless' products {}, LIKE '%wireless%' products {}, reviews {}  ({:.1} s to count)",
        q("SELECT count(*) FROM products"),
        q("SELECT count(*) FROM product_tags"),
        q(
            "SELECT round(avg(n), 2) FROM (SELECT count(*) AS n FROM product_tags GROUP BY product_id)"
        ),
        q("SELECT max(n) FROM (SELECT count(*) AS n FROM product_tags GROUP BY product_id)"),
        q("SELECT count(DISTINCT tag_id) FROM product_tags"),
        q(
            "SELECT count(*) FROM product_tags WHERE tag_id = (SELECT id FROM tags WHERE name = 'wireless')"
        ),
        q("SELECT count(*) FROM products WHERE tags LIKE '%wireless%'"),
        q("SELECT count(*) FROM reviews"),
        started.elapsed().as_secs_f64()
    );
}
