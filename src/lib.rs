//! sqldojo: an interactive SQL tutor for the terminal.
//!
//! The core (`lesson`, `dataset`, `engine`, `grade`, `progress`) imports no
//! UI crate; the front ends (`tui`, `repl`, `cli`) render what it returns.

pub mod dataset;
pub mod engine;
pub mod lesson;
