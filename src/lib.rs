//! sqldojo: an interactive SQL tutor for the terminal.
//!
//! The core (`lesson`, `dataset`, `engine`, `grade`, `progress`) imports no
//! UI crate; the front ends (`tui`, `repl`, `cli`) render what it returns.

pub mod check;
pub mod cli;
pub mod dataset;
pub mod drill;
pub mod engine;
pub mod grade;
pub mod lesson;
pub mod progress;
pub mod render;
#[cfg(feature = "repl")]
pub mod repl;
pub mod review;
pub mod sqltext;
#[cfg(feature = "tui")]
pub mod tui;
pub mod workshop;
