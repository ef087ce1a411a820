//! Running the `sqldojo` binary from the integration tests, the way a
//! script does: arguments, standard input, exit code and both streams.

// Each test crate uses a part of this module.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run of the binary did.
pub struct Run {
    /// The exit code (-1 when killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Wall-clock time from spawn to exit.
    pub elapsed: Duration,
}

/// The binary with `args`, progress in `data_dir`, colour off and no
/// course from the environment; add to it before [`run`].
pub fn command(args: &[&str], data_dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sqldojo"));
    cmd.args(args)
        .env("SQLDOJO_DATA_DIR", data_dir)
        .env_remove("SQLDOJO_COURSE")
        .env("NO_COLOR", "1");
    cmd
}

/// Runs a command to its end, feeding it `stdin`.
pub fn run(mut cmd: Command, stdin: impl AsRef<[u8]>) -> Run {
    let started = Instant::now();
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    {
        let mut input = child.stdin.take().unwrap();
        // The binary may stop reading early (gigantic input): ignore broken pipes.
        let _ = input.write_all(stdin.as_ref());
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed: started.elapsed(),
    }
}

/// `sqldojo ARGS` with `stdin`, progress in `data_dir`.
pub fn sqldojo(args: &[&str], stdin: impl AsRef<[u8]>, data_dir: &Path) -> Run {
    run(command(args, data_dir), stdin)
}
