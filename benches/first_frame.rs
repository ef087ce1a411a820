//! Time to first frame of the terminal UI with the whole course loaded, in a
//! real pseudo-terminal, next to the floor set by `sqlite3`'s own prompt
//! (when sqlite3 is installed); then the peak memory of a session that runs
//! a 1,000,000-row query.
//!
//! Run with `cargo bench --bench first_frame`.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const RUNS: usize = 25;

struct Session {
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    parser: vt100::Parser,
}

fn spawn(program: &str, args: &[&str], data_dir: &Path) -> Session {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pty");
    let mut cmd = CommandBuilder::new(program);
    cmd.args(args);
    cmd.env("SQLDOJO_DATA_DIR", data_dir);
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("SQLDOJO_COURSE");
    let child = pair.slave.spawn_command(cmd).expect("spawns");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let writer = pair.master.take_writer().unwrap();
    let (tx, output) = channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 16384];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    Session {
        child,
        _master: pair.master,
        writer,
        output,
        parser: vt100::Parser::new(24.try_into().unwrap(), 80.try_into().unwrap(), 0),
    }
}

impl Session {
    /// Waits until the screen shows `needle`; returns when it did.
    fn wait_for(&mut self, needle: &str, limit: Duration) -> Instant {
        let deadline = Instant::now() + limit;
        loop {
            if let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(1)) {
                self.parser.process(&bytes);
                if self.parser.screen().contents().contains(needle) {
                    return Instant::now();
                }
            }
            assert!(
                Instant::now() < deadline,
                "`{needle}` never appeared:\n{}",
                self.parser.screen().contents()
            );
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    fn end(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn summary(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<42} median {:>6.1} ms   min {:>6.1} ms   max {:>6.1} ms   ({} runs)",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1]),
        times.len()
    );
}

fn first_frame(program: &str, args: &[&str], needle: &str, quit: &[u8]) -> Vec<Duration> {
    let dir = tempfile::tempdir().unwrap();
    (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            let mut s = spawn(program, args, dir.path());
            let shown = s.wait_for(needle, Duration::from_secs(10));
            s.send(quit);
            s.end();
            shown - started
        })
        .collect()
}

/// Peak resident memory of a process, from /proc (Linux).
fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

fn million_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = spawn(
        env!("CARGO_BIN_EXE_sqldojo"),
        &["--exercise", "joins-inner/names-and-amounts"],
        dir.path(),
    );
    s.wait_for("editing", Duration::from_secs(10));
    let pid = s.child.process_id();
    let before = pid.and_then(peak_rss_kb);
    s.send(b"WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1000000) SELECT x, 'row ' || x FROM n");
    let started = Instant::now();
    s.send(b"\x12");
    s.wait_for("kept the first 1,000", Duration::from_secs(20));
    let shown = started.elapsed();
    // Keys still answer while the grader checks it: the help opens at once.
    let asked = Instant::now();
    s.send(b"\x1bOP");
    s.wait_for("Keys (Esc closes", Duration::from_secs(5));
    let answered = asked.elapsed();
    s.send(b"\x1b");
    s.wait_for("Not yet", Duration::from_secs(30));
    let graded = started.elapsed();
    let peak = pid.and_then(peak_rss_kb);
    s.send(b"\x11");
    s.end();
    println!(
        "1,000,000-row query: rows on screen after {:.0} ms, verdict after {:.0} ms; \
         a key answered in {:.1} ms meanwhile",
        shown.as_secs_f64() * 1000.0,
        graded.as_secs_f64() * 1000.0,
        answered.as_secs_f64() * 1000.0
    );
    match (before, peak) {
        (Some(b), Some(p)) => println!(
            "peak RSS: {:.1} MB after the first frame, {:.1} MB after the 1,000,000-row run (goal < 100 MB)",
            b as f64 / 1024.0,
            p as f64 / 1024.0
        ),
        _ => println!("peak RSS: not available on this platform"),
    }
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` does not run us.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    summary(
        "sqldojo: course map (whole course loaded)",
        first_frame(env!("CARGO_BIN_EXE_sqldojo"), &[], "Inner joins", b"\x11"),
    );
    summary(
        "sqldojo --exercise joins-inner/names-and-amounts",
        first_frame(
            env!("CARGO_BIN_EXE_sqldojo"),
            &["--exercise", "joins-inner/names-and-amounts"],
            "editing",
            b"\x11",
        ),
    );
    if Path::new("/usr/bin/sqlite3").exists() {
        summary(
            "sqlite3 :memory: (prompt; the floor)",
            first_frame("/usr/bin/sqlite3", &[":memory:"], "sqlite>", b".quit\r"),
        );
    }
    million_rows();
}
