//! The line editor's helper: Enter submits only complete input (SQLite's
//! own test), SQL is coloured with the TUI's tokenizer and colours, Tab
//! completes from the live schema, and an unfinished statement says so.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::Hinter;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper};

use super::commands::{ArgKind, find};
use super::complete::{Completion, Names, complete};
use super::input::{is_dot_command, ready_to_submit};
use super::show::paint_sql;
use crate::render::Style;

/// Ghost text on an empty continuation line (disappears when typing).
pub const CONTINUATION_HINT: &str = "-- the statement goes on until ;";

/// The REPL's rustyline helper.
pub struct ReplHelper {
    names: Rc<RefCell<Names>>,
    line_input: Rc<Cell<bool>>,
    style: Style,
    files: FilenameCompleter,
}

impl ReplHelper {
    /// A helper reading names from `names` (the session refreshes them);
    /// while `line_input` is set, Enter submits the line as typed (an
    /// answer or a prediction, not SQL).
    pub fn new(names: Rc<RefCell<Names>>, line_input: Rc<Cell<bool>>, style: Style) -> Self {
        ReplHelper {
            names,
            line_input,
            style,
            files: FilenameCompleter::new(),
        }
    }
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        match complete(line, pos, &self.names.borrow()) {
            Completion::Words(start, words) => Ok((
                start,
                words
                    .into_iter()
                    .map(|w| Pair {
                        display: w.clone(),
                        replacement: w,
                    })
                    .collect(),
            )),
            Completion::Path => self.files.complete(line, pos, ctx),
        }
    }
}

impl Hinter for ReplHelper {
    type Hint = String;

    fn hint(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> Option<String> {
        let on_empty_continuation = pos == line.len() && line.ends_with('\n');
        (on_empty_continuation && !self.line_input.get() && !ready_to_submit(line))
            .then(|| CONTINUATION_HINT.to_string())
    }
}

impl Highlighter for ReplHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        if !self.style.color {
            return Cow::Borrowed(line);
        }
        if !is_dot_command(line) {
            return Cow::Owned(paint_sql(line, self.style));
        }
        let lead = line.len() - line.trim_start().len();
        let end = line[lead..]
            .find(char::is_whitespace)
            .map_or(line.len(), |i| lead + i);
        let name = line[lead..end].trim_start_matches('.');
        let rest = &line[end..];
        let rest = match find(name).map(|c| c.arg) {
            Some(ArgKind::Sql) => paint_sql(rest, self.style),
            _ => rest.to_string(),
        };
        Cow::Owned(format!(
            "{}{}{rest}",
            &line[..lead],
            self.style.paint("1", &line[lead..end])
        ))
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        if self.style.color {
            Cow::Owned(self.style.paint("2", hint))
        } else {
            Cow::Borrowed(hint)
        }
    }

    fn highlight_char(&self, _line: &str, _pos: usize, _kind: CmdKind) -> bool {
        self.style.color
    }
}

impl Validator for ReplHelper {
    fn validate(&self, ctx: &mut ValidationContext<'_>) -> rustyline::Result<ValidationResult> {
        Ok(if self.line_input.get() || ready_to_submit(ctx.input()) {
            ValidationResult::Valid(None)
        } else {
            ValidationResult::Incomplete
        })
    }
}

impl Helper for ReplHelper {}
