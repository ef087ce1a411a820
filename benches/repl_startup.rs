//! Startup to prompt of `sqldojo repl`, in a real pseudo-terminal: from
//! spawning the process to the prompt's bytes arriving. The goal is the
//! sqlite3 shell's own startup, within 2x; sqlite3 is measured the same way
//! when it is installed (otherwise only sqldojo's figures are reported).
//!
//! `cargo bench --bench repl_startup` (release build). `REPL_BENCH_RUNS=N`
//! changes the number of runs per case (default 40).

use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use rexpect::process::PtyProcess;

/// Spawns `cmd` in a pty and returns the time until `prompt` is printed.
fn time_to_prompt(mut cmd: Command, prompt: &str, home: &Path) -> Duration {
    cmd.env("HOME", home)
        .env("TERM", "xterm")
        .env_remove("NO_COLOR")
        .env_remove("INPUTRC");
    let started = Instant::now();
    let process = PtyProcess::new(cmd).expect("spawns in a pty");
    let mut pty = process.get_file_handle().expect("pty handle");
    let mut seen = Vec::new();
    let mut buf = [0u8; 8192];
    let elapsed = loop {
        let n = pty.read(&mut buf).expect("reads the pty");
        assert!(
            n > 0,
            "no prompt; output: {}",
            String::from_utf8_lossy(&seen)
        );
        seen.extend_from_slice(&buf[..n]);
        if seen.windows(prompt.len()).any(|w| w == prompt.as_bytes()) {
            break started.elapsed();
        }
    };
    pty.write_all(b".quit\n").expect("writes to the pty");
    process.wait().expect("exits");
    elapsed
}

struct Figures {
    median: Duration,
    min: Duration,
    p90: Duration,
}

fn measure(runs: usize, mut one: impl FnMut() -> Duration) -> Figures {
    for _ in 0..3 {
        one(); // warm the page cache
    }
    let mut times: Vec<Duration> = (0..runs).map(|_| one()).collect();
    times.sort();
    Figures {
        median: times[times.len() / 2],
        min: times[0],
        p90: times[(times.len() * 9 / 10).min(times.len() - 1)],
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn report(name: &str, f: &Figures) {
    println!(
        "{name:<44} median {:>9}   min {:>9}   p90 {:>9}",
        ms(f.median),
        ms(f.min),
        ms(f.p90)
    );
}

fn sqlite3_installed() -> bool {
    Command::new("sqlite3")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn main() {
    let runs: usize = std::env::var("REPL_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40)
        .max(1);
    let home = tempfile::tempdir().expect("temp dir");
    let data = home.path().join("data");
    let sqldojo = |args: &[&str]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_sqldojo"));
        cmd.arg("repl")
            .args(args)
            .env("SQLDOJO_DATA_DIR", &data)
            .env_remove("SQLDOJO_COURSE");
        cmd
    };
    println!("startup to prompt in a pty, {runs} runs each");
    let shop = measure(runs, || {
        time_to_prompt(sqldojo(&["--dataset", "shop"]), "shop> ", home.path())
    });
    report("sqldojo repl --dataset shop", &shop);
    let empty = measure(runs, || {
        time_to_prompt(sqldojo(&[]), "sqldojo> ", home.path())
    });
    report("sqldojo repl (empty database)", &empty);
    let lesson = measure(runs, || {
        time_to_prompt(
            sqldojo(&["--lesson", "joins-inner"]),
            "names-and-amounts> ",
            home.path(),
        )
    });
    report("sqldojo repl --lesson joins-inner", &lesson);

    if !sqlite3_installed() {
        println!("sqlite3 is not installed: no comparison (apt-get install sqlite3 adds it)");
        return;
    }
    let sqlite = measure(runs, || {
        time_to_prompt(Command::new("sqlite3"), "sqlite> ", home.path())
    });
    report("sqlite3 (its own CLI)", &sqlite);
    let ratio = shop.median.as_secs_f64() / sqlite.median.as_secs_f64();
    println!(
        "sqldojo repl --dataset shop / sqlite3: {ratio:.2}x (goal: within 2x) — {}",
        if ratio <= 2.0 { "met" } else { "missed" }
    );
}
