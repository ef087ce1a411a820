//! `sqldojo repl`: a line REPL with the sqlite3 shell's habits plus the
//! tutor's dot-commands, over the same core as the TUI.
//!
//! At a terminal it reads with rustyline (`interactive`); otherwise it runs
//! standard input as a script ([`piped`]). Both feed a [`session::Session`],
//! which runs SQL in the sandbox and dot-commands from one table
//! ([`commands::COMMANDS`]).
//!
//! Extending it: a dot-command is one entry in [`commands::COMMANDS`] (name,
//! usage, help line, group, what its argument completes to, function), so
//! `.help` and Tab completion pick it up; state it keeps goes on
//! [`session::Session`], and [`session::Session::prompt`] is the one place
//! the prompt is built. Something that takes the prompt's input for a while
//! is a [`session::Activity`]: an isolation lab ([`lab`], driven by
//! `commands::lab`) runs SQL in its active session, and a drill or review
//! ([`drill`], driven by `commands::drill`) grades each answer.
//! [`session::Session::handle`] is where SQL, answers and dot-commands part
//! ways, and [`session::Session::expects_line`] tells the line editor and
//! the script reader when a line is an answer rather than SQL ending at `;`.

pub mod commands;
pub mod complete;
pub mod drill;
mod helper;
pub mod input;
mod interactive;
pub mod interrupt;
pub mod lab;
pub mod piped;
pub mod session;
pub mod show;
pub mod tutor;

use std::io::IsTerminal;

use crate::cli::context::Context;
use crate::cli::exit::{Exit, usage};
use crate::render::Style;
use interrupt::Interrupt;
use session::{Options, Session};
use show::Out;

/// File name of the REPL's history in the data directory.
pub const HISTORY_FILE: &str = "repl_history.txt";

/// Runs `sqldojo repl [--dataset NAME|FILE.sql] [--lesson ID]`.
pub fn run(ctx: &Context, dataset: Option<&str>, lesson: Option<&str>) -> Exit {
    let interactive = std::io::stdin().is_terminal();
    // A dumb terminal (Emacs shell mode, some screen-reader setups) gets
    // plain ASCII, like a pipe.
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    let style = if interactive && !dumb {
        ctx.stdout_style()
    } else {
        Style::plain()
    };
    let interrupt = Interrupt::install(!interactive).unwrap_or_else(|e| {
        eprintln!("sqldojo: Ctrl-C will not be able to stop a query: {e}");
        Interrupt::inert()
    });
    let options = Options {
        source: ctx.source.clone(),
        data_dir: ctx.data_dir.clone(),
        dataset: dataset.map(str::to_string),
        style,
        interactive,
        interrupt,
        out: Out::terminal(),
    };
    let mut session = match Session::open(options) {
        Ok(s) => s,
        Err(e) => return usage(e),
    };
    if interactive {
        let text = banner(&mut session);
        session.out.say(text);
    }
    if let Some(id) = lesson
        && commands::open_lesson(&mut session, id) != commands::Done::Ok
    {
        return Exit::Usage;
    }
    if interactive {
        let history = crate::progress::data_dir(ctx.data_dir.clone()).map(|d| d.join(HISTORY_FILE));
        interactive::run(session, history)
    } else {
        piped::run(&mut session)
    }
}

/// The lines shown before the first prompt (short: terminals may be narrow).
fn banner(session: &mut Session) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let about = match session.dataset().map(str::to_string) {
        Some(name) => {
            let names = session.names();
            let tables: Vec<&str> = names.tables.iter().map(|(t, _)| t.as_str()).collect();
            let tables = tables.join(", ");
            format!("sqldojo {version}, on a private copy of `{name}`.\nTables: {tables}")
        }
        None => format!(
            "sqldojo {version}, on an empty in-memory database.\n`.dataset` lists the datasets you can load."
        ),
    };
    format!("{about}\nEnd SQL with ;  `.help` lists commands, `.lessons` the lessons.\n")
}
