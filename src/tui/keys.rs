//! The keymap: one table of bindings is the single source of what each key
//! does, the help overlay and the status bar (the idea of gitui's
//! `key_list.rs`), so they never drift apart. [`action_for`] is a pure
//! function of the mode and the key.

use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What the interface is doing, as far as keys are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The course map.
    Map,
    /// An exercise, reading or scrolling (the editor is not focused).
    Browse,
    /// An exercise, typing in the SQL editor.
    Editor,
    /// The help overlay.
    Help,
    /// A yes/no question (reset, show the solution).
    Confirm,
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere, overlays included.
    Global,
    /// Only while something runs.
    Running,
    /// On an exercise, typing or not.
    Exercise,
    /// One mode.
    Only(Mode),
}

impl Scope {
    fn covers(self, mode: Mode, running: bool) -> bool {
        match self {
            Scope::Global => true,
            Scope::Running => running,
            Scope::Exercise => matches!(mode, Mode::Browse | Mode::Editor),
            Scope::Only(m) => m == mode,
        }
    }

    /// Heading of the scope in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Scope::Global => "Anywhere",
            Scope::Running => "While a query runs",
            Scope::Exercise => "On an exercise",
            Scope::Only(Mode::Map) => "Course map",
            Scope::Only(Mode::Browse) => "Exercise, outside the editor",
            Scope::Only(Mode::Editor) => "In the SQL editor",
            Scope::Only(Mode::Help) => "Help",
            Scope::Only(Mode::Confirm) => "Questions",
        }
    }
}

/// Something a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Leave sqldojo (progress is saved).
    Quit,
    /// Open or close the help overlay.
    Help,
    /// Stop the running query.
    Cancel,
    /// Run the editor's SQL and grade it.
    Run,
    /// Show the next hint.
    Hint,
    /// Show or hide the schema browser.
    ToggleSchema,
    /// Show or hide the query plan.
    TogglePlan,
    /// Go to the next exercise.
    Next,
    /// Go to the previous exercise.
    Previous,
    /// Show the reference solution.
    Solution,
    /// Start the exercise again.
    Reset,
    /// Undo the last edit.
    Undo,
    /// Redo what was undone.
    Redo,
    /// Move focus to the next pane.
    FocusNext,
    /// Leave the editor (keys then scroll and navigate).
    LeaveEditor,
    /// Focus the editor.
    Edit,
    /// Back to the course map.
    ToMap,
    /// Move up (list) or scroll up.
    Up,
    /// Move down or scroll down.
    Down,
    /// Scroll left.
    Left,
    /// Scroll right.
    Right,
    /// A page up.
    PageUp,
    /// A page down.
    PageDown,
    /// To the top.
    Top,
    /// To the bottom.
    Bottom,
    /// Open the selected item.
    Open,
    /// Answer yes.
    Yes,
    /// Answer no, or close an overlay.
    No,
}

/// A key with modifiers, printable for help texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl, Alt, Shift.
    pub mods: KeyModifiers,
}

const fn key(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

impl Key {
    fn matches(&self, event: &KeyEvent) -> bool {
        let mods = event.modifiers - KeyModifiers::SHIFT;
        let wanted = self.mods - KeyModifiers::SHIFT;
        match (self.code, event.code) {
            // Letters: case carries the shift; terminals differ on reporting it.
            (KeyCode::Char(a), KeyCode::Char(b)) if wanted.contains(KeyModifiers::CONTROL) => {
                a.eq_ignore_ascii_case(&b) && mods == wanted
            }
            (KeyCode::Char(a), KeyCode::Char(b)) => a == b && mods == wanted,
            (a, b) => a == b && event.modifiers == self.mods,
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) if self.mods.contains(KeyModifiers::CONTROL) => {
                write!(f, "{}", c.to_ascii_uppercase())
            }
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// One entry of the keymap.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Where it applies.
    pub scope: Scope,
    /// The keys, the first being the one shown in the status bar.
    pub keys: &'static [Key],
    /// What they do.
    pub action: Action,
    /// A word or two for the status bar; empty keeps it out of the bar.
    pub short: &'static str,
    /// A sentence for the help overlay.
    pub help: &'static str,
}

macro_rules! bind {
    ($scope:expr, [$($k:expr),+], $action:ident, $short:literal, $help:literal) => {
        Binding { scope: $scope, keys: &[$($k),+], action: Action::$action, short: $short, help: $help }
    };
}

use KeyCode::{BackTab, Down, End, Enter, Esc, F, Home, Left, PageDown, PageUp, Right, Tab, Up};
use Mode::{Browse, Confirm, Editor, Help, Map};
use Scope::{Exercise, Global, Only, Running};

/// The keymap. Order matters: the first binding that covers the mode and
/// matches the key wins, and the status bar lists entries in this order.
#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    bind!(Only(Confirm), [ch('y'), key(Enter)], Yes, "yes", "Answer yes"),
    bind!(Only(Confirm), [ch('n'), key(Esc)], No, "no", "Answer no"),
    bind!(Global, [ctrl('q')], Quit, "quit", "Quit (your work is saved)"),
    bind!(Global, [key(F(1))], Help, "help", "Open or close this help"),
    bind!(Only(Help), [key(Esc), ch('?'), ch('q')], No, "close", "Close the help"),
    bind!(Only(Help), [key(Up), ch('k')], Up, "", "Scroll the help"),
    bind!(Only(Help), [key(Down), ch('j')], Down, "", "Scroll the help"),
    bind!(Running, [key(Esc), ctrl('c')], Cancel, "cancel", "Stop the running query"),
    bind!(Exercise, [ctrl('r'), key(F(5))], Run, "run", "Run and grade the SQL in the editor"),
    bind!(Only(Editor), [key(Esc)], LeaveEditor, "leave", "Leave the editor: keys then scroll and navigate"),
    bind!(Exercise, [key(F(2))], Hint, "hint", "Show the next hint"),
    bind!(Exercise, [key(F(3))], ToggleSchema, "schema", "Show or hide the schema (tables, columns, keys, indexes)"),
    bind!(Exercise, [key(F(4))], TogglePlan, "plan", "Show or hide the query plan of the editor's SQL"),
    bind!(Exercise, [key(F(7))], Previous, "", "Previous exercise"),
    bind!(Exercise, [key(F(8))], Next, "", "Next exercise"),
    bind!(Only(Editor), [ctrl('z')], Undo, "", "Undo"),
    bind!(Only(Editor), [ctrl('y')], Redo, "", "Redo"),
    bind!(Exercise, [key(BackTab)], FocusNext, "", "Focus the next pane"),
    bind!(Exercise, [key(PageUp)], PageUp, "", "Scroll the lesson (or the focused pane) up"),
    bind!(Exercise, [key(PageDown)], PageDown, "", "Scroll the lesson (or the focused pane) down"),
    bind!(Only(Browse), [ch('i'), key(Enter)], Edit, "edit", "Edit the SQL"),
    bind!(Only(Browse), [ch('r')], Run, "run", "Run and grade"),
    bind!(Only(Browse), [ch('h')], Hint, "hint", "Show the next hint"),
    bind!(Only(Browse), [ch('s')], ToggleSchema, "schema", "Show or hide the schema"),
    bind!(Only(Browse), [ch('e')], TogglePlan, "", "Show or hide the query plan (EXPLAIN)"),
    bind!(Only(Browse), [ch('n')], Next, "next", "Next exercise"),
    bind!(Only(Browse), [ch('p')], Previous, "", "Previous exercise"),
    bind!(Only(Browse), [ch('S')], Solution, "solution", "Show the reference solution (after you solve it, or after a few attempts)"),
    bind!(Only(Browse), [ch('R')], Reset, "reset", "Reset the exercise: the starting SQL and fresh data"),
    bind!(Only(Browse), [key(Tab)], FocusNext, "", "Focus the next pane"),
    bind!(Only(Browse), [key(Esc), ch('m')], ToMap, "map", "Back to the course map"),
    bind!(Only(Browse), [ch('?')], Help, "help", "Open the help"),
    bind!(Only(Browse), [ch('q')], Quit, "quit", "Quit"),
    bind!(Only(Browse), [key(Up), ch('k')], Up, "", "Scroll the focused pane up"),
    bind!(Only(Browse), [key(Down), ch('j')], Down, "", "Scroll the focused pane down"),
    bind!(Only(Browse), [key(Left)], Left, "", "Scroll the result left"),
    bind!(Only(Browse), [key(Right)], Right, "", "Scroll the result right"),
    bind!(Only(Browse), [key(Home), ch('g')], Top, "", "To the top"),
    bind!(Only(Browse), [key(End), ch('G')], Bottom, "", "To the bottom"),
    bind!(Only(Map), [key(Enter), key(Right)], Open, "open", "Open the selected lesson or exercise"),
    bind!(Only(Map), [key(Up), ch('k')], Up, "", "Move up"),
    bind!(Only(Map), [key(Down), ch('j')], Down, "", "Move down"),
    bind!(Only(Map), [key(PageUp)], PageUp, "", "A page up"),
    bind!(Only(Map), [key(PageDown)], PageDown, "", "A page down"),
    bind!(Only(Map), [key(Home), ch('g')], Top, "", "To the top"),
    bind!(Only(Map), [key(End), ch('G')], Bottom, "", "To the bottom"),
    bind!(Only(Map), [ch('?')], Help, "help", "Open the help"),
    bind!(Only(Map), [ch('q'), key(Esc)], Quit, "quit", "Quit"),
];

/// The action a key asks for in a mode, if any. In the editor, keys without
/// a binding are text to insert (the caller hands them to the editor).
pub fn action_for(mode: Mode, running: bool, event: &KeyEvent) -> Option<Action> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    BINDINGS
        .iter()
        .filter(|b| b.scope.covers(mode, running))
        .find(|b| b.keys.iter().any(|k| k.matches(event)))
        .map(|b| b.action)
}

/// The bindings shown in the status bar in a mode: (keys, word).
pub fn status_entries(mode: Mode, running: bool) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    // The most specific first: a run in progress, the mode's own keys (in
    // the editor, running comes before leaving), then quit and help.
    let rank = |b: &Binding| match b.scope {
        Scope::Running => 0,
        Scope::Only(Mode::Editor) => 3,
        Scope::Only(_) => 1,
        Scope::Exercise => 2,
        Scope::Global => 4,
    };
    let mut ordered: Vec<&Binding> = BINDINGS.iter().collect();
    ordered.sort_by_key(|b| rank(b));
    for b in ordered
        .into_iter()
        .filter(|b| b.scope.covers(mode, running))
    {
        if b.short.is_empty() || out.iter().any(|(_, s)| *s == b.short) {
            continue;
        }
        // A binding shadowed by an earlier one for the same key is not live.
        let live = b
            .keys
            .iter()
            .any(|k| first_action(mode, running, k) == Some(b.action));
        if live {
            out.push((b.keys[0].to_string(), b.short));
        }
    }
    out
}

fn first_action(mode: Mode, running: bool, k: &Key) -> Option<Action> {
    let event = KeyEvent::new(k.code, k.mods);
    action_for(mode, running, &event)
}

/// The help overlay's content: each scope with its bindings (keys joined
/// with " / ", then the sentence), in keymap order.
pub fn help_sections() -> Vec<(&'static str, Vec<(String, &'static str)>)> {
    let mut sections: Vec<(&'static str, Vec<(String, &'static str)>)> = Vec::new();
    // Most used first: the exercise, then navigation, then the rest.
    let order = [
        Scope::Exercise,
        Scope::Only(Mode::Editor),
        Scope::Only(Mode::Browse),
        Scope::Only(Mode::Map),
        Scope::Global,
        Scope::Running,
        Scope::Only(Mode::Confirm),
        Scope::Only(Mode::Help),
    ];
    let mut bindings: Vec<&Binding> = BINDINGS.iter().collect();
    bindings.sort_by_key(|b| order.iter().position(|s| *s == b.scope));
    for b in bindings {
        let keys = b
            .keys
            .iter()
            .map(Key::to_string)
            .collect::<Vec<_>>()
            .join(" / ");
        let title = b.scope.title();
        match sections.iter_mut().find(|(t, _)| *t == title) {
            Some((_, entries)) => {
                if let Some(entry) = entries.iter_mut().find(|(_, h)| *h == b.help) {
                    entry.0 = format!("{} / {keys}", entry.0);
                } else {
                    entries.push((keys, b.help));
                }
            }
            None => sections.push((title, vec![(keys, b.help)])),
        }
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn run_keys_work_in_the_editor_and_outside() {
        for mode in [Mode::Editor, Mode::Browse] {
            assert_eq!(
                action_for(
                    mode,
                    false,
                    &press(KeyCode::Char('r'), KeyModifiers::CONTROL)
                ),
                Some(Action::Run)
            );
            assert_eq!(
                action_for(mode, false, &press(KeyCode::F(5), KeyModifiers::NONE)),
                Some(Action::Run)
            );
        }
    }

    #[test]
    fn letters_are_text_in_the_editor_and_commands_outside() {
        let h = press(KeyCode::Char('h'), KeyModifiers::NONE);
        assert_eq!(action_for(Mode::Editor, false, &h), None);
        assert_eq!(action_for(Mode::Browse, false, &h), Some(Action::Hint));
        let q = press(KeyCode::Char('?'), KeyModifiers::NONE);
        assert_eq!(action_for(Mode::Editor, false, &q), None);
        assert_eq!(action_for(Mode::Browse, false, &q), Some(Action::Help));
    }

    #[test]
    fn ctrl_q_quits_from_everywhere() {
        let q = press(KeyCode::Char('q'), KeyModifiers::CONTROL);
        for mode in [
            Mode::Map,
            Mode::Browse,
            Mode::Editor,
            Mode::Help,
            Mode::Confirm,
        ] {
            for running in [false, true] {
                assert_eq!(
                    action_for(mode, running, &q),
                    Some(Action::Quit),
                    "{mode:?}"
                );
            }
        }
    }

    #[test]
    fn escape_cancels_a_run_before_anything_else() {
        let esc = press(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(action_for(Mode::Editor, true, &esc), Some(Action::Cancel));
        assert_eq!(
            action_for(Mode::Editor, false, &esc),
            Some(Action::LeaveEditor)
        );
        assert_eq!(action_for(Mode::Browse, false, &esc), Some(Action::ToMap));
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(
            action_for(Mode::Editor, true, &ctrl_c),
            Some(Action::Cancel)
        );
    }

    #[test]
    fn shifted_letters_are_distinct_commands() {
        let shift_s = press(KeyCode::Char('S'), KeyModifiers::SHIFT);
        assert_eq!(
            action_for(Mode::Browse, false, &shift_s),
            Some(Action::Solution)
        );
        let s = press(KeyCode::Char('s'), KeyModifiers::NONE);
        assert_eq!(
            action_for(Mode::Browse, false, &s),
            Some(Action::ToggleSchema)
        );
    }

    #[test]
    fn status_bar_and_help_come_from_the_same_table() {
        let browse = status_entries(Mode::Browse, false);
        assert_eq!(browse[0], ("i".to_string(), "edit"), "{browse:?}");
        assert!(browse.contains(&("h".to_string(), "hint")), "{browse:?}");
        let editor = status_entries(Mode::Editor, false);
        assert!(
            editor.contains(&("Ctrl-R".to_string(), "run")),
            "{editor:?}"
        );
        assert!(editor.iter().all(|(_, s)| *s != "edit"));
        let running = status_entries(Mode::Editor, true);
        assert_eq!(running[0], ("Esc".to_string(), "cancel"));
        assert!(editor.contains(&("Ctrl-Q".to_string(), "quit")));
        let help = help_sections();
        let all: Vec<&str> = help
            .iter()
            .flat_map(|(_, e)| e.iter().map(|(_, h)| *h))
            .collect();
        for b in BINDINGS {
            assert!(all.contains(&b.help), "{} missing from help", b.help);
        }
    }
}
