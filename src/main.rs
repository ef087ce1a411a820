//! The `sqldojo` binary: everything is in the library; this maps it to a process.

fn main() -> std::process::ExitCode {
    restore_sigpipe();
    sqldojo::cli::main()
}

/// Rust ignores SIGPIPE, so `sqldojo list | head` would panic on the closed
/// pipe. Like other Unix tools, end quietly instead.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
