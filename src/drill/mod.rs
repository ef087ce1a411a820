//! Interview drills, UI-free: pick a seeded mix of SQL tasks and questions
//! ([`select`]), run them against a countdown ([`Session`]), judge and
//! score each answer ([`judge`]), summarise ([`report::build`]) and keep it
//! in progress ([`record`]). Front ends own the clock and the screen.

mod item;
mod judge;
pub mod record;
pub mod report;
pub mod score;
mod select;
mod session;
mod timer;

pub use item::{DrillItem, ItemKind};
pub use judge::{Judged, judge, validate};
pub use report::{Report, ReviewEntry, TopicScore};
pub use select::{DEFAULT_COUNT, DrillConfig, SelectError, Selection, candidates, select};
pub use session::{Answer, Session, Status};
pub use timer::{Countdown, mmss};
