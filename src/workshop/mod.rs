//! Instructor tooling: batch grading of a room's submissions, class
//! reports (CSV, JSON, Markdown, JUnit), closed packs that grade without
//! reference solutions, progress export, import and merge, and lesson
//! scaffolding. No UI crate: the `cli` front end calls these.

pub mod batch;
pub mod closed;
pub mod progress;
pub mod report;
pub mod scaffold;
pub mod submissions;
