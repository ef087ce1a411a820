//! Startup to prompt of `sqldojo repl`, in a real pseudo-terminal: from
//! spawning the process to the prompt's bytes arriving. The goal is the
//! sqlite3 shell's own startup, within 2x; sqlite3 is measured the same way
//! when it is installed (otherwise only sqldojo's figures are reported).
//!
//! `cargo bench --bench repl_startup` (release build). `REPL_BENCH_RUNS=N`
//! changes the number of rounds (default 40); each round runs every case once.

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

fn figures(mut times: Vec<Duration>) -> Figures {
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
        "{name:<36} median {:>9}   min {:>9}   p90 {:>9}",
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

/// One case: a label, how to start it, and its prompt.
struct Case {
    label: &'static str,
    command: Box<dyn Fn() -> Command>,
    prompt: &'static str,
}

fn main() {
    let runs: usize = std::env::var("REPL_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40)
        .max(1);
    let home = tempfile::tempdir().expect("temp dir");
    let data = home.path().join("data");
    let sqldojo = move |args: &'static [&'static str]| {
        let data = data.clone();
        Box::new(move || {
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_sqldojo"));
            cmd.arg("repl")
                .args(args)
                .env("SQLDOJO_DATA_DIR", &data)
                .env_remove("SQLDOJO_COURSE");
            cmd
        }) as Box<dyn Fn() -> Command>
    };
    let mut cases = vec![
        Case {
            label: "sqldojo repl --dataset shop",
            command: sqldojo(&["--dataset", "shop"]),
            prompt: "shop> ",
        },
        Case {
            label: "sqldojo repl (empty database)",
            command: sqldojo(&[]),
            prompt: "sqldojo> ",
        },
        Case {
            label: "sqldojo repl --lesson joins-inner",
            command: sqldojo(&["--lesson", "joins-inner"]),
            prompt: "names-and-amounts> ",
        },
    ];
    let compare = sqlite3_installed();
    if compare {
        cases.push(Case {
            label: "sqlite3 (its own CLI)",
            command: Box::new(|| Command::new("sqlite3")),
            prompt: "sqlite> ",
        });
    }
    println!(
        "startup to prompt in a pty, {runs} rounds (cases interleaved, so load drifts hit all alike)"
    );
    // Warm the page cache, then measure round by round.
    for case in &cases {
        time_to_prompt((case.command)(), case.prompt, home.path());
    }
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); cases.len()];
    for _ in 0..runs {
        for (i, case) in cases.iter().enumerate() {
            times[i].push(time_to_prompt((case.command)(), case.prompt, home.path()));
        }
    }
    let pairs: Vec<f64> = if compare {
        let last = cases.len() - 1;
        times[0]
            .iter()
            .zip(&times[last])
            .map(|(a, b)| a.as_secs_f64() / b.as_secs_f64())
            .collect()
    } else {
        Vec::new()
    };
    let all: Vec<Figures> = times.into_iter().map(figures).collect();
    for (case, f) in cases.iter().zip(&all) {
        report(case.label, f);
    }
    if !compare {
        println!("sqlite3 is not installed: no comparison (apt-get install sqlite3 adds it)");
        return;
    }
    let sqlite = &all[all.len() - 1];
    let ratio = all[0].median.as_secs_f64() / sqlite.median.as_secs_f64();
    let mut pairs = pairs;
    pairs.sort_by(f64::total_cmp);
    let paired = pairs[pairs.len() / 2];
    println!(
        "--dataset shop vs sqlite3: {ratio:.2}x by medians, {paired:.2}x median of paired runs (goal: within 2x) — {}",
        if ratio.max(paired) <= 2.0 {
            "met"
        } else {
            "missed"
        }
    );
}
