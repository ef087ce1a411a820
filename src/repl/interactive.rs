//! The terminal prompt: rustyline with the REPL's helper, history in the
//! data directory, emacs or vi keys.

use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use rustyline::config::Configurer;
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::{ColorMode, CompletionType, Config, Editor};

use super::helper::ReplHelper;
use super::session::{EditMode, Session};
use crate::cli::exit::Exit;

/// Most history entries kept.
const HISTORY_SIZE: usize = 2000;

/// Reads and runs input until `.quit` or Ctrl-D (a drill still running
/// then ends with its report). At the prompt Ctrl-C clears the line; while
/// a statement runs it cancels the statement.
pub fn run(mut session: Session, history: Option<PathBuf>) -> Exit {
    let names = Rc::new(RefCell::new(session.names()));
    let line_input = Rc::new(Cell::new(false));
    session.settings.edit_mode = inputrc_edit_mode().unwrap_or(EditMode::Emacs);
    let mut config = Config::builder()
        .completion_type(CompletionType::List)
        .auto_add_history(false)
        .color_mode(if session.style.color {
            ColorMode::Enabled
        } else {
            ColorMode::Disabled
        })
        .max_history_size(HISTORY_SIZE)
        .map(|b| b.build())
        .unwrap_or_default();
    config.set_edit_mode(to_rustyline(session.settings.edit_mode));
    let mut editor: Editor<ReplHelper, DefaultHistory> = match Editor::with_config(config) {
        Ok(e) => e,
        Err(e) => return crate::cli::exit::usage(format!("cannot use the terminal: {e}")),
    };
    editor.set_helper(Some(ReplHelper::new(
        names.clone(),
        line_input.clone(),
        session.style,
    )));
    if let Some(path) = &history {
        // A missing file is the first run; anything else is worth a word.
        if path.exists()
            && let Err(e) = editor.load_history(path)
        {
            eprintln!(
                "sqldojo: the history in {} could not be read: {e}",
                path.display()
            );
        }
    }
    let mut applied = session.settings.edit_mode;
    loop {
        for entry in session.history.drain(..) {
            let _ = editor.add_history_entry(entry);
        }
        *names.borrow_mut() = session.names();
        line_input.set(session.expects_line());
        if session.settings.edit_mode != applied {
            applied = session.settings.edit_mode;
            editor.set_edit_mode(to_rustyline(applied));
        }
        let prompt = session.prompt();
        let styled = session.style.paint("1;32", &prompt);
        match editor.readline(&(prompt.as_str(), styled.as_str())) {
            Ok(input) => {
                if !input.trim().is_empty() {
                    let _ = editor.add_history_entry(input.trim_end());
                    if let Some(path) = &history {
                        save_history(&mut editor, path);
                    }
                }
                session.handle(&input);
                if session.quit {
                    break;
                }
            }
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                session.finish();
                return crate::cli::exit::usage(format!("cannot read input: {e}"));
            }
        }
    }
    session.finish();
    Exit::Ok
}

fn save_history(editor: &mut Editor<ReplHelper, DefaultHistory>, path: &Path) {
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Err(e) = editor.append_history(path) {
        eprintln!(
            "sqldojo: the history could not be saved to {}: {e}",
            path.display()
        );
    }
}

fn to_rustyline(mode: EditMode) -> rustyline::EditMode {
    match mode {
        EditMode::Emacs => rustyline::EditMode::Emacs,
        EditMode::Vi => rustyline::EditMode::Vi,
    }
}

/// `set editing-mode vi` in readline's init file (`$INPUTRC`, else
/// `~/.inputrc`), as the sqlite3 shell built with readline would honour it.
fn inputrc_edit_mode() -> Option<EditMode> {
    let path = std::env::var_os("INPUTRC")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".inputrc")))?;
    let text = std::fs::read_to_string(path).ok()?;
    edit_mode_in(&text)
}

/// The last `set editing-mode` line of an inputrc text.
fn edit_mode_in(text: &str) -> Option<EditMode> {
    text.lines().rev().find_map(|l| {
        let words: Vec<&str> = l.split_whitespace().collect();
        match words.as_slice() {
            ["set", "editing-mode", "vi", ..] => Some(EditMode::Vi),
            ["set", "editing-mode", "emacs", ..] => Some(EditMode::Emacs),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_editing_mode_from_inputrc() {
        assert_eq!(
            edit_mode_in("# mine\nset bell-style none\nset editing-mode vi\n"),
            Some(EditMode::Vi)
        );
        assert_eq!(edit_mode_in("set bell-style none\n"), None);
    }
}
