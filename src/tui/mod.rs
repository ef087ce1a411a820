//! The terminal UI, in The Elm Architecture: a model ([`app::App`]),
//! messages ([`msg::Msg`]), a pure [`update::update`] that returns effects,
//! pure views ([`view`]), and a keymap that is a pure function of mode and
//! key ([`keys`]). The event loop ([`runtime`]) is the only impure part;
//! the engine worker ([`worker`]) runs and grades off the UI thread.
//!
//! Screens: the course map, an exercise, the isolation lab ([`lab`]:
//! session panes side by side and a shared timeline), and drills and
//! reviews ([`drill`]: one item at a time against a countdown, then the
//! report).

pub mod app;
pub mod drill;
pub mod editor;
pub mod keys;
pub mod lab;
pub mod map;
pub mod markdown;
pub mod msg;
pub mod runtime;
pub mod text;
pub mod theme;
pub mod update;
pub mod view;
pub mod worker;

pub use runtime::{Options, run};
