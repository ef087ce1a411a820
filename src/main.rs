//! The `sqldojo` binary: everything is in the library; this maps it to a process.

fn main() -> std::process::ExitCode {
    sqldojo::cli::main()
}
