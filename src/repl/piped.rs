//! Standard input that is not a terminal: no prompt, no colour, units run
//! in order, and the exit code says whether any of them failed.

use std::io::BufRead;

use super::commands::Done;
use super::input::{Splitter, Unit};
use super::session::Session;
use crate::cli::exit::Exit;

/// Runs a script from standard input; exit 1 when any statement or command
/// failed (or Ctrl-C stopped it), else 0.
pub fn run(session: &mut Session) -> Exit {
    let stdin = std::io::stdin();
    run_reader(session, stdin.lock())
}

/// Runs a script from any reader (tests feed bytes).
pub fn run_reader(session: &mut Session, mut reader: impl BufRead) -> Exit {
    let mut splitter = Splitter::new();
    let mut failed = false;
    let mut line_no = 0;
    // First line of the unit being gathered that was not UTF-8 text.
    let mut bad_line: Option<usize> = None;
    let mut buf = Vec::new();
    let mut finished = false;
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                session
                    .out
                    .warn(format!("Error: cannot read standard input: {e}"));
                failed = true;
                break;
            }
        }
        line_no += 1;
        while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            buf.pop();
        }
        let line = match std::str::from_utf8(&buf) {
            Ok(text) => text.to_string(),
            Err(_) => {
                bad_line.get_or_insert(line_no);
                String::from_utf8_lossy(&buf).into_owned()
            }
        };
        let unit = if splitter.between_units() && session.expects_line() {
            Some(splitter.whole_line(&line))
        } else {
            splitter.push(&line)
        };
        if let Some(unit) = unit {
            if run_unit(session, &unit, bad_line.take()) != Done::Ok {
                failed = true;
            }
            if session.quit {
                finished = true;
                break;
            }
        }
        if session.interrupt.pressed() {
            session
                .out
                .warn("Interrupted: the rest of the input was not run.");
            session.finish();
            return Exit::Rejected;
        }
    }
    if !finished
        && let Some(unit) = splitter.finish()
        && run_unit(session, &unit, bad_line.take()) != Done::Ok
    {
        failed = true;
    }
    session.finish();
    if failed { Exit::Rejected } else { Exit::Ok }
}

fn run_unit(session: &mut Session, unit: &Unit, bad_line: Option<usize>) -> Done {
    if let Some(bad) = bad_line {
        session.out.warn(format!(
            "Error: line {bad} is not UTF-8 text, so the input starting at line {} was not run; save the file as UTF-8",
            unit.line
        ));
        return Done::Failed;
    }
    session.line = Some(unit.line);
    match session.handle(&unit.text) {
        Done::Quit => Done::Ok,
        other => other,
    }
}
