//! The keymap: one table of bindings is the single source of what each key
//! does, the help overlay and the status bar (the idea of gitui's
//! `key_list.rs`), so they never drift apart. [`action_for`] is a pure
//! function of the mode and the key.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What the interface is doing, as far as keys are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// The course map.
    Map,
    /// An exercise, reading or scrolling (the editor is not focused).
    Browse,
    /// An exercise, typing in the SQL editor.
    Editor,
    /// A drill or review item, outside the editor.
    DrillBrowse,
    /// A drill or review item, typing the answer.
    DrillEditor,
    /// The report at the end of a drill or review.
    Report,
    /// An isolation lab whose steps the learner predicts.
    PredictLab,
    /// Typing the prediction of the next step.
    PredictInput,
    /// An isolation lab where the learner rewrites one session.
    FixLab,
    /// Typing the rewrite of the session.
    FixEditor,
    /// A free-play isolation lab: sessions, no schedule.
    PlayLab,
    /// Typing SQL for the active session.
    PlayEditor,
    /// The form that starts a drill.
    Form,
    /// The help overlay.
    Help,
    /// A yes/no question (reset, show the solution, skip, end a drill).
    Confirm,
}

impl Mode {
    /// True when unbound keys are text for an editor.
    pub fn typing(self) -> bool {
        matches!(
            self,
            Mode::Editor
                | Mode::DrillEditor
                | Mode::PredictInput
                | Mode::FixEditor
                | Mode::PlayEditor
        )
    }

    /// True outside an editor on a screen with one: letters are commands.
    pub fn reading(self) -> bool {
        matches!(
            self,
            Mode::Browse | Mode::DrillBrowse | Mode::PredictLab | Mode::FixLab | Mode::PlayLab
        )
    }
}

/// Modes that share bindings, with the heading they have in the help.
#[derive(Debug, PartialEq, Eq)]
pub struct Group {
    /// The modes.
    pub modes: &'static [Mode],
    /// The help overlay's heading.
    pub title: &'static str,
    /// Place in the status bar: lower comes first.
    pub rank: u8,
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere, overlays included.
    Global,
    /// Only while something runs.
    Running,
    /// In a group of modes.
    In(&'static Group),
}

impl Scope {
    fn covers(self, mode: Mode, running: bool) -> bool {
        match self {
            Scope::Global => true,
            Scope::Running => running,
            Scope::In(group) => group.modes.contains(&mode),
        }
    }

    /// Heading of the scope in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Scope::Global => "Anywhere",
            Scope::Running => "While something runs",
            Scope::In(group) => group.title,
        }
    }

    fn rank(self) -> u8 {
        match self {
            Scope::Running => 0,
            Scope::In(group) => group.rank,
            Scope::Global => 9,
        }
    }
}

/// Something a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Leave sqldojo (progress is saved).
    Quit,
    /// Open or close the help overlay.
    Help,
    /// Stop the running query.
    Cancel,
    /// Run the editor's SQL and grade it (or check the answer, or run it in
    /// the lab's active session).
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
    /// Start the exercise (or the lab) again.
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
    /// Scroll left, or change a setting.
    Left,
    /// Scroll right, or change a setting.
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
    /// Open the form that starts a drill.
    Drill,
    /// Start the drill the form describes.
    Start,
    /// Start a review of the items due today.
    Review,
    /// The next drill item (skipping this one when it has no answer).
    NextItem,
    /// End the drill now, with its report.
    EndDrill,
    /// Run the lab's next scheduled step.
    Step,
    /// Make the next session the active one.
    Session,
    /// Submit what was typed: a prediction, or a free-play transcript.
    Submit,
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
use Mode::{
    Browse, Confirm, DrillBrowse, DrillEditor, Editor, FixEditor, FixLab, Form, Help, Map,
    PlayEditor, PlayLab, PredictInput, PredictLab, Report,
};
use Scope::{Global, In, Running};

const fn group(modes: &'static [Mode], title: &'static str, rank: u8) -> Group {
    Group { modes, title, rank }
}

static CONFIRM: Group = group(&[Confirm], "Questions", 1);
static HELP: Group = group(&[Help], "Help", 1);
static FORM: Group = group(&[Form], "Starting a drill", 1);
static MAP: Group = group(&[Map], "Course map", 1);
static ANSWERING: Group = group(
    &[Browse, Editor, DrillBrowse, DrillEditor],
    "On an exercise or a drill item",
    2,
);
static EXERCISE: Group = group(&[Browse, Editor], "On an exercise", 2);
static TYPING: Group = group(
    &[Editor, DrillEditor, FixEditor, PlayEditor],
    "In an editor",
    3,
);
static READING: Group = group(
    &[Browse, DrillBrowse],
    "Exercise or drill item, outside the editor",
    1,
);
static BROWSE: Group = group(&[Browse], "Exercise, outside the editor", 1);
static DRILL: Group = group(&[DrillBrowse, DrillEditor], "Drill or review item", 2);
static DRILL_READING: Group = group(&[DrillBrowse], "Drill item, outside the editor", 1);
static REPORT: Group = group(&[Report], "Drill report", 1);
static LAB: Group = group(
    &[
        PredictLab,
        PredictInput,
        FixLab,
        FixEditor,
        PlayLab,
        PlayEditor,
    ],
    "Isolation lab",
    2,
);
static LAB_READING: Group = group(
    &[PredictLab, FixLab, PlayLab],
    "Isolation lab, outside the editor",
    1,
);
static SCHEDULED: Group = group(
    &[PredictLab, FixLab, FixEditor],
    "Isolation lab with a schedule",
    1,
);
static SCHEDULED_READING: Group = group(
    &[PredictLab, FixLab],
    "Isolation lab with a schedule, outside the editor",
    1,
);
static PREDICTING: Group = group(&[PredictInput], "Typing a prediction", 0);
static FIX: Group = group(&[FixLab, FixEditor], "Isolation lab: fix a session", 1);
static PLAY: Group = group(&[PlayLab, PlayEditor], "Isolation lab: free play", 1);
static PLAY_READING: Group = group(&[PlayLab], "Free play, outside the editor", 1);
static EDITING_LAB: Group = group(&[FixLab, PlayLab], "Lab with an editor", 1);

/// The keymap. Order matters: the first binding that covers the mode and
/// matches the key wins, and the status bar lists entries in this order
/// (most specific group first).
#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    bind!(In(&CONFIRM), [ch('y'), key(Enter)], Yes, "yes", "Answer yes"),
    bind!(In(&CONFIRM), [ch('n'), key(Esc)], No, "no", "Answer no"),
    bind!(Global, [ctrl('q')], Quit, "quit", "Quit (your work is saved)"),
    bind!(Global, [key(F(1))], Help, "help", "Open or close this help"),
    bind!(In(&HELP), [key(Esc), ch('?'), ch('q')], No, "close", "Close the help"),
    bind!(In(&HELP), [key(Up), ch('k')], Up, "", "Scroll the help"),
    bind!(In(&HELP), [key(Down), ch('j')], Down, "", "Scroll the help"),
    bind!(In(&FORM), [key(Enter)], Start, "start", "Start the drill with these settings"),
    bind!(In(&FORM), [key(Esc)], No, "cancel", "Close the form"),
    bind!(In(&FORM), [key(Up), ch('k')], Up, "", "The setting above"),
    bind!(In(&FORM), [key(Down), ch('j'), key(Tab)], Down, "", "The setting below"),
    bind!(In(&FORM), [key(Left), ch('h')], Left, "", "Change the setting"),
    bind!(In(&FORM), [key(Right), ch('l'), ch(' ')], Right, "", "Change the setting"),
    bind!(Running, [key(Esc), ctrl('c')], Cancel, "cancel", "Stop what is running"),
    bind!(In(&PREDICTING), [key(Enter), ctrl('r'), key(F(5))], Submit, "predict", "Submit your prediction and run the step"),
    bind!(In(&PREDICTING), [key(Esc)], LeaveEditor, "cancel", "Put off the prediction"),
    bind!(In(&ANSWERING), [ctrl('r'), key(F(5))], Run, "run", "Run and grade the SQL in the editor (or check the answer)"),
    bind!(In(&FIX), [ctrl('r'), key(F(5))], Run, "grade", "Grade your rewrite of the session, then step through it"),
    bind!(In(&PLAY), [ctrl('r'), key(F(5))], Run, "run", "Run the editor's SQL in the active session"),
    bind!(In(&TYPING), [key(Esc)], LeaveEditor, "leave", "Leave the editor: keys then scroll and navigate"),
    bind!(In(&SCHEDULED_READING), [ch(' ')], Step, "step", "Run the next step of the schedule"),
    bind!(In(&SCHEDULED), [ctrl('n')], Step, "step", "Run the next step of the schedule"),
    bind!(In(&PLAY_READING), [key(Tab)], Session, "session", "Switch the active session (A, B, C)"),
    bind!(In(&PLAY), [key(F(6))], Session, "session", "Switch the active session (A, B, C)"),
    bind!(In(&PLAY), [ctrl('g')], Submit, "grade", "Grade what you ran (free play passes when every statement ran)"),
    bind!(In(&DRILL), [ctrl('n')], NextItem, "next", "Next item (skips this one when it has no answer yet)"),
    bind!(In(&ANSWERING), [key(F(2))], Hint, "hint", "Show the next hint"),
    bind!(In(&LAB), [key(F(2))], Hint, "hint", "Show the next hint"),
    bind!(In(&ANSWERING), [key(F(3))], ToggleSchema, "schema", "Show or hide the schema (tables, columns, keys, indexes)"),
    bind!(In(&ANSWERING), [key(F(4))], TogglePlan, "plan", "Show or hide the query plan of the editor's SQL"),
    bind!(In(&EXERCISE), [key(F(7))], Previous, "", "Previous exercise"),
    bind!(In(&EXERCISE), [key(F(8))], Next, "", "Next exercise"),
    bind!(In(&LAB), [key(F(7))], Previous, "", "Previous exercise"),
    bind!(In(&LAB), [key(F(8))], Next, "", "Next exercise"),
    bind!(In(&TYPING), [ctrl('z')], Undo, "", "Undo"),
    bind!(In(&TYPING), [ctrl('y')], Redo, "", "Redo"),
    bind!(In(&ANSWERING), [key(BackTab)], FocusNext, "", "Focus the next pane"),
    bind!(In(&ANSWERING), [key(PageUp)], PageUp, "", "Scroll the lesson (or the focused pane) up"),
    bind!(In(&ANSWERING), [key(PageDown)], PageDown, "", "Scroll the lesson (or the focused pane) down"),
    bind!(In(&LAB), [key(PageUp)], PageUp, "", "Scroll the task up"),
    bind!(In(&LAB), [key(PageDown)], PageDown, "", "Scroll the task down"),
    bind!(In(&READING), [ch('i'), key(Enter)], Edit, "edit", "Edit the SQL (or the answer)"),
    bind!(In(&EDITING_LAB), [ch('i'), key(Enter)], Edit, "edit", "Edit the SQL"),
    bind!(In(&READING), [ch('r')], Run, "run", "Run and grade"),
    bind!(In(&READING), [ch('h')], Hint, "hint", "Show the next hint"),
    bind!(In(&LAB_READING), [ch('h')], Hint, "hint", "Show the next hint"),
    bind!(In(&READING), [ch('s')], ToggleSchema, "schema", "Show or hide the schema"),
    bind!(In(&READING), [ch('e')], TogglePlan, "", "Show or hide the query plan (EXPLAIN)"),
    bind!(In(&BROWSE), [ch('n')], Next, "next", "Next exercise"),
    bind!(In(&BROWSE), [ch('p')], Previous, "", "Previous exercise"),
    bind!(In(&LAB_READING), [ch('n')], Next, "next", "Next exercise"),
    bind!(In(&LAB_READING), [ch('p')], Previous, "", "Previous exercise"),
    bind!(In(&DRILL_READING), [ch('n')], NextItem, "next", "Next item (skips this one when it has no answer yet)"),
    bind!(In(&BROWSE), [ch('S')], Solution, "solution", "Show the reference solution (after you solve it, or after a few attempts)"),
    bind!(In(&LAB_READING), [ch('S')], Solution, "", "Show the reference solution (after you solve it, or after a few attempts)"),
    bind!(In(&DRILL_READING), [ch('S')], Solution, "model answer", "Show an interview question's model answer"),
    bind!(In(&BROWSE), [ch('R')], Reset, "reset", "Reset the exercise: the starting SQL and fresh data"),
    bind!(In(&LAB_READING), [ch('R')], Reset, "restart", "Start the lab again from its first step"),
    bind!(In(&READING), [key(Tab)], FocusNext, "", "Focus the next pane"),
    bind!(In(&BROWSE), [key(Esc), ch('m')], ToMap, "map", "Back to the course map"),
    bind!(In(&LAB_READING), [key(Esc), ch('m')], ToMap, "map", "Back to the course map"),
    bind!(In(&DRILL_READING), [key(Esc), ch('m')], EndDrill, "end", "End the drill now (with its report)"),
    bind!(In(&READING), [ch('?')], Help, "help", "Open the help"),
    bind!(In(&LAB_READING), [ch('?')], Help, "help", "Open the help"),
    bind!(In(&READING), [ch('q')], Quit, "quit", "Quit"),
    bind!(In(&LAB_READING), [ch('q')], Quit, "quit", "Quit"),
    bind!(In(&READING), [key(Up), ch('k')], Up, "", "Scroll the focused pane up"),
    bind!(In(&READING), [key(Down), ch('j')], Down, "", "Scroll the focused pane down"),
    bind!(In(&READING), [key(Left)], Left, "", "Scroll the result left"),
    bind!(In(&READING), [key(Right)], Right, "", "Scroll the result right"),
    bind!(In(&READING), [key(Home), ch('g')], Top, "", "To the top"),
    bind!(In(&READING), [key(End), ch('G')], Bottom, "", "To the bottom"),
    bind!(In(&LAB_READING), [key(Up), ch('k')], Up, "", "Scroll the timeline up"),
    bind!(In(&LAB_READING), [key(Down), ch('j')], Down, "", "Scroll the timeline down"),
    bind!(In(&LAB_READING), [key(Home), ch('g')], Top, "", "The timeline's first step"),
    bind!(In(&LAB_READING), [key(End), ch('G')], Bottom, "", "The timeline's latest step"),
    bind!(In(&REPORT), [key(Enter), key(Esc), ch('m')], ToMap, "map", "Back to the course map"),
    bind!(In(&REPORT), [ch('d')], Drill, "new drill", "Start another drill"),
    bind!(In(&REPORT), [key(Up), ch('k')], Up, "", "Scroll the report up"),
    bind!(In(&REPORT), [key(Down), ch('j')], Down, "", "Scroll the report down"),
    bind!(In(&REPORT), [key(PageUp)], PageUp, "", "A page up"),
    bind!(In(&REPORT), [key(PageDown)], PageDown, "", "A page down"),
    bind!(In(&REPORT), [ch('?')], Help, "help", "Open the help"),
    bind!(In(&REPORT), [ch('q')], Quit, "quit", "Quit"),
    bind!(In(&MAP), [key(Enter), key(Right)], Open, "open", "Open the selected lesson or exercise"),
    bind!(In(&MAP), [ch('d')], Drill, "drill", "Start a drill: a timed mix of SQL tasks and questions"),
    bind!(In(&MAP), [ch('r')], Review, "review", "Review the items due today (spaced repetition)"),
    bind!(In(&MAP), [key(Up), ch('k')], Up, "", "Move up"),
    bind!(In(&MAP), [key(Down), ch('j')], Down, "", "Move down"),
    bind!(In(&MAP), [key(PageUp)], PageUp, "", "A page up"),
    bind!(In(&MAP), [key(PageDown)], PageDown, "", "A page down"),
    bind!(In(&MAP), [key(Home), ch('g')], Top, "", "To the top"),
    bind!(In(&MAP), [key(End), ch('G')], Bottom, "", "To the bottom"),
    bind!(In(&MAP), [ch('?')], Help, "help", "Open the help"),
    bind!(In(&MAP), [ch('q'), key(Esc)], Quit, "quit", "Quit"),
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
    // an editor, running comes before leaving), then quit and help.
    let mut ordered: Vec<&Binding> = BINDINGS.iter().collect();
    ordered.sort_by_key(|b| b.scope.rank());
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

/// The key shown for an action in a mode (the first live binding's first
/// key), so prose on screen names the key the keymap really binds.
pub fn key_for(mode: Mode, action: Action) -> Option<String> {
    live_keys(mode, action).into_iter().next()
}

/// The key for an action in a mode, for a message or a placeholder (see
/// [`key_for`]). A message naming an action the mode does not bind is a
/// bug: debug builds (the tests) stop on it.
pub fn key_name(mode: Mode, action: Action) -> String {
    let name = key_for(mode, action);
    debug_assert!(name.is_some(), "no key for {action:?} in {mode:?}");
    name.unwrap_or_default()
}

/// Every key bound to an action in a mode, joined with " or " (e.g.
/// "Ctrl-R or F5"), for prose that names the keys: messages built with it
/// cannot drift from the keymap.
pub fn spoken(mode: Mode, action: Action) -> String {
    let names = live_keys(mode, action);
    debug_assert!(!names.is_empty(), "no key for {action:?} in {mode:?}");
    names.join(" or ")
}

/// The keys that do `action` in `mode`, most specific binding first. Cancel
/// is asked about as while something runs, the only time it is bound. The
/// keymap never changes, so each answer is worked out once (views ask on
/// every frame).
fn live_keys(mode: Mode, action: Action) -> Vec<String> {
    thread_local! {
        static KNOWN: RefCell<HashMap<(Mode, Action), Vec<String>>> = RefCell::default();
    }
    KNOWN.with(|known| {
        known
            .borrow_mut()
            .entry((mode, action))
            .or_insert_with(|| keys_doing(mode, action))
            .clone()
    })
}

fn keys_doing(mode: Mode, action: Action) -> Vec<String> {
    let running = action == Action::Cancel;
    let mut ordered: Vec<&Binding> = BINDINGS.iter().collect();
    // As in the status bar: the most specific group first.
    ordered.sort_by_key(|b| b.scope.rank());
    let mut names: Vec<String> = Vec::new();
    for k in ordered
        .into_iter()
        .filter(|b| b.action == action && b.scope.covers(mode, running))
        .flat_map(|b| b.keys.iter())
        .filter(|k| first_action(mode, running, k) == Some(action))
    {
        let name = k.to_string();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

fn first_action(mode: Mode, running: bool, k: &Key) -> Option<Action> {
    let event = KeyEvent::new(k.code, k.mods);
    action_for(mode, running, &event)
}

/// The order of the help overlay's sections: most used first.
static HELP_ORDER: &[Scope] = &[
    In(&ANSWERING),
    In(&TYPING),
    In(&READING),
    In(&EXERCISE),
    In(&BROWSE),
    In(&MAP),
    In(&DRILL),
    In(&DRILL_READING),
    In(&FORM),
    In(&REPORT),
    In(&LAB),
    In(&LAB_READING),
    In(&SCHEDULED),
    In(&SCHEDULED_READING),
    In(&PREDICTING),
    In(&FIX),
    In(&EDITING_LAB),
    In(&PLAY),
    In(&PLAY_READING),
    Global,
    Running,
    In(&CONFIRM),
    In(&HELP),
];

/// The help overlay's content: each scope with its bindings (keys joined
/// with " / ", then the sentence), in keymap order.
pub fn help_sections() -> Vec<(&'static str, Vec<(String, &'static str)>)> {
    let mut sections: Vec<(&'static str, Vec<(String, &'static str)>)> = Vec::new();
    let mut bindings: Vec<&Binding> = BINDINGS.iter().collect();
    bindings.sort_by_key(|b| HELP_ORDER.iter().position(|s| *s == b.scope));
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
