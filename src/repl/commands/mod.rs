//! Dot-commands: one table drives dispatch, `.help` and Tab completion, so
//! adding a command is adding one entry (and its function).

pub mod drill;
pub mod lab;
mod quiz;
mod shell;
mod tutor;

pub use tutor::open_lesson;

use super::session::{Activity, Session};
use super::show;

/// How a command (or a statement) ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    /// It worked.
    Ok,
    /// It failed or was rejected (a script's exit code becomes non-zero).
    Failed,
    /// Leave the REPL.
    Quit,
}

/// What a command's argument is, for Tab completion.
#[derive(Debug, Clone, Copy)]
pub enum ArgKind {
    /// No argument.
    None,
    /// A table name of the live schema.
    Table,
    /// A lesson id.
    Lesson,
    /// An exercise id of the current lesson.
    Exercise,
    /// A dataset name or a `.sql` file.
    Dataset,
    /// A file path.
    File,
    /// SQL text.
    Sql,
    /// One of fixed words.
    Choice(&'static [&'static str]),
}

/// Where `.help` lists a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Habits from the sqlite3 shell.
    Shell,
    /// The tutor: lessons, exercises, grading.
    Tutor,
    /// The isolation lab: sessions side by side.
    Lab,
    /// Drills and reviews.
    Drill,
}

impl Group {
    const ALL: [Group; 4] = [Group::Shell, Group::Tutor, Group::Lab, Group::Drill];

    fn title(self) -> &'static str {
        match self {
            Group::Shell => "Like the sqlite3 shell",
            Group::Tutor => "Lessons and exercises",
            Group::Lab => "Isolation lab (two or three sessions on one database)",
            Group::Drill => "Drills and reviews",
        }
    }
}

/// One dot-command.
pub struct Command {
    /// Its name without the dot.
    pub name: &'static str,
    /// Other names it answers to.
    pub aliases: &'static [&'static str],
    /// Its arguments as shown in help, e.g. `[TABLE]`.
    pub usage: &'static str,
    /// One line for `.help`.
    pub summary: &'static str,
    /// Help section.
    pub group: Group,
    /// What its argument completes to.
    pub arg: ArgKind,
    /// Runs it with the rest of the line (trimmed).
    pub run: fn(&mut Session, &str) -> Done,
}

const ON_OFF: &[&str] = &["on", "off"];

/// Every dot-command.
pub const COMMANDS: &[Command] = &[
    Command {
        name: "tables",
        aliases: &[],
        usage: "[PATTERN]",
        summary: "list tables and views (names containing PATTERN)",
        group: Group::Shell,
        arg: ArgKind::Table,
        run: shell::tables,
    },
    Command {
        name: "schema",
        aliases: &[],
        usage: "[TABLE]",
        summary: "show the CREATE statements (of one table and its indexes)",
        group: Group::Shell,
        arg: ArgKind::Table,
        run: shell::schema,
    },
    Command {
        name: "indexes",
        aliases: &["indices"],
        usage: "[TABLE]",
        summary: "list indexes and the columns they cover",
        group: Group::Shell,
        arg: ArgKind::Table,
        run: shell::indexes,
    },
    Command {
        name: "timer",
        aliases: &[],
        usage: "on|off",
        summary: "print how long each statement took",
        group: Group::Shell,
        arg: ArgKind::Choice(ON_OFF),
        run: shell::timer,
    },
    Command {
        name: "eqp",
        aliases: &[],
        usage: "on|off",
        summary: "print each statement's query plan before its results",
        group: Group::Shell,
        arg: ArgKind::Choice(ON_OFF),
        run: shell::eqp,
    },
    Command {
        name: "mode",
        aliases: &[],
        usage: "table|list|csv",
        summary: "how results print: boxed table, value|value lines, or CSV",
        group: Group::Shell,
        arg: ArgKind::Choice(super::show::Mode::NAMES),
        run: shell::mode,
    },
    Command {
        name: "headers",
        aliases: &["header"],
        usage: "on|off",
        summary: "column names above list and csv output",
        group: Group::Shell,
        arg: ArgKind::Choice(ON_OFF),
        run: shell::headers,
    },
    Command {
        name: "read",
        aliases: &[],
        usage: "FILE",
        summary: "run the SQL and dot-commands in a file",
        group: Group::Shell,
        arg: ArgKind::File,
        run: shell::read,
    },
    Command {
        name: "show",
        aliases: &[],
        usage: "",
        summary: "show the current settings",
        group: Group::Shell,
        arg: ArgKind::None,
        run: shell::show,
    },
    Command {
        name: "editmode",
        aliases: &[],
        usage: "emacs|vi",
        summary: "line-editing keys (~/.inputrc `set editing-mode vi` also works)",
        group: Group::Shell,
        arg: ArgKind::Choice(&["emacs", "vi"]),
        run: shell::editmode,
    },
    Command {
        name: "help",
        aliases: &[],
        usage: "[COMMAND]",
        summary: "list commands, or explain one",
        group: Group::Shell,
        arg: ArgKind::None,
        run: shell::help,
    },
    Command {
        name: "quit",
        aliases: &["exit"],
        usage: "",
        summary: "leave (Ctrl-D does too)",
        group: Group::Shell,
        arg: ArgKind::None,
        run: shell::quit,
    },
    Command {
        name: "lessons",
        aliases: &[],
        usage: "",
        summary: "list the lessons and how far you got",
        group: Group::Tutor,
        arg: ArgKind::None,
        run: tutor::lessons,
    },
    Command {
        name: "lesson",
        aliases: &[],
        usage: "[ID]",
        summary: "open a lesson (its introduction, then an exercise)",
        group: Group::Tutor,
        arg: ArgKind::Lesson,
        run: tutor::lesson,
    },
    Command {
        name: "exercise",
        aliases: &[],
        usage: "[ID]",
        summary: "show the task again, or open another exercise of the lesson",
        group: Group::Tutor,
        arg: ArgKind::Exercise,
        run: tutor::exercise,
    },
    Command {
        name: "next",
        aliases: &[],
        usage: "",
        summary: "go to the next exercise",
        group: Group::Tutor,
        arg: ArgKind::None,
        run: tutor::next,
    },
    Command {
        name: "prev",
        aliases: &[],
        usage: "",
        summary: "go to the previous exercise",
        group: Group::Tutor,
        arg: ArgKind::None,
        run: tutor::prev,
    },
    Command {
        name: "hint",
        aliases: &[],
        usage: "",
        summary: "show the next hint",
        group: Group::Tutor,
        arg: ArgKind::None,
        run: tutor::hint,
    },
    Command {
        name: "submit",
        aliases: &[],
        usage: "[FILE]",
        summary: "grade your last statement (or the SQL in FILE; in a lab, your predictions or turns)",
        group: Group::Tutor,
        arg: ArgKind::File,
        run: tutor::submit,
    },
    Command {
        name: "answer",
        aliases: &[],
        usage: "TEXT",
        summary: "answer a question: option letters (`b`), a prediction (`3`), a rating (`good 1,3`)",
        group: Group::Tutor,
        arg: ArgKind::None,
        run: quiz::answer,
    },
    Command {
        name: "solution",
        aliases: &[],
        usage: "[confirm]",
        summary: "show the reference solution (once solved, or after 3 attempts), or a model answer",
        group: Group::Tutor,
        arg: ArgKind::Choice(&["confirm"]),
        run: tutor::solution,
    },
    Command {
        name: "reset",
        aliases: &[],
        usage: "",
        summary: "a fresh copy of the dataset (your changes are dropped)",
        group: Group::Tutor,
        arg: ArgKind::None,
        run: tutor::reset,
    },
    Command {
        name: "progress",
        aliases: &[],
        usage: "",
        summary: "what you have solved, lesson by lesson",
        group: Group::Tutor,
        arg: ArgKind::None,
        run: tutor::progress,
    },
    Command {
        name: "dataset",
        aliases: &[],
        usage: "[NAME|FILE.sql]",
        summary: "switch to a fresh copy of a dataset (list them without NAME)",
        group: Group::Tutor,
        arg: ArgKind::Dataset,
        run: tutor::dataset,
    },
    Command {
        name: "explain",
        aliases: &[],
        usage: "[QUERY]",
        summary: "the plan and cost counters of a query (default: your last one)",
        group: Group::Tutor,
        arg: ArgKind::Sql,
        run: tutor::explain,
    },
    Command {
        name: "lab",
        aliases: &[],
        usage: "[DATASET] [MODE]",
        summary: "sessions A, B and C on one copy of a dataset; MODE: wal, rollback, shared_cache",
        group: Group::Lab,
        arg: ArgKind::Dataset,
        run: lab::lab,
    },
    Command {
        name: "session",
        aliases: &[],
        usage: "[A|B|C]",
        summary: "switch the session your SQL runs in (without one: list them)",
        group: Group::Lab,
        arg: ArgKind::Choice(&["A", "B", "C"]),
        run: lab::session,
    },
    Command {
        name: "step",
        aliases: &[],
        usage: "[PREDICTION]",
        summary: "run the schedule's next step (asking your prediction first where the lesson asks)",
        group: Group::Lab,
        arg: ArgKind::None,
        run: lab::step,
    },
    Command {
        name: "sessions",
        aliases: &[],
        usage: "",
        summary: "each session's transaction and the values it remembers",
        group: Group::Lab,
        arg: ArgKind::None,
        run: lab::sessions,
    },
    Command {
        name: "timeline",
        aliases: &[],
        usage: "",
        summary: "everything that ran in the lab, in order",
        group: Group::Lab,
        arg: ArgKind::None,
        run: lab::timeline,
    },
    Command {
        name: "drill",
        aliases: &[],
        usage: "[OPTIONS]",
        summary: "a timed drill, ending with a report (--level, --topic, --count, --minutes, --exam, --seed)",
        group: Group::Drill,
        arg: ArgKind::Choice(&[
            "--level",
            "--topic",
            "--count",
            "--minutes",
            "--exam",
            "--seed",
        ]),
        run: drill::drill,
    },
    Command {
        name: "review",
        aliases: &[],
        usage: "",
        summary: "the items due today in your review queue",
        group: Group::Drill,
        arg: ArgKind::None,
        run: drill::review,
    },
    Command {
        name: "skip",
        aliases: &[],
        usage: "",
        summary: "pass over the drill's or review's item",
        group: Group::Drill,
        arg: ArgKind::None,
        run: drill::skip,
    },
    Command {
        name: "stop",
        aliases: &[],
        usage: "",
        summary: "end the drill (with its report), the review, or the lab",
        group: Group::Drill,
        arg: ArgKind::None,
        run: drill::stop,
    },
];

/// sqlite3 shell commands sqldojo leaves out on purpose, and why.
const LEFT_OUT: &[(&str, &str)] = &[
    (
        "open",
        "sqldojo works on private copies of its datasets: `.dataset NAME` or `.dataset FILE.sql`",
    ),
    (
        "import",
        "the sandbox reads no files; load data with `.dataset FILE.sql` or INSERT statements",
    ),
    (
        "output",
        "redirect the shell instead: `sqldojo repl < in.sql > out.txt`",
    ),
    (
        "once",
        "redirect the shell instead: `sqldojo repl < in.sql > out.txt`",
    ),
    ("load", "extensions cannot be loaded into the sandbox"),
    (
        "shell",
        "the REPL does not run programs; use another terminal",
    ),
    (
        "system",
        "the REPL does not run programs; use another terminal",
    ),
    (
        "save",
        "the database is a private in-memory copy; keep your SQL in a file and `.read` it",
    ),
    (
        "backup",
        "the database is a private in-memory copy; keep your SQL in a file and `.read` it",
    ),
];

/// The command with this name or alias.
pub fn find(name: &str) -> Option<&'static Command> {
    let name = name.to_ascii_lowercase();
    COMMANDS
        .iter()
        .find(|c| c.name == name || c.aliases.contains(&name.as_str()))
}

/// Runs one dot-command line (`.name args`).
pub fn dispatch(session: &mut Session, line: &str) -> Done {
    let body = line.trim().trim_start_matches('.');
    let (name, rest) = match body.split_once(char::is_whitespace) {
        Some((n, r)) => (n, r.trim()),
        None => (body, ""),
    };
    if let Some(command) = find(name) {
        if let Some(why) = not_now(session, command.name) {
            session.out.warn(why);
            return Done::Failed;
        }
        return (command.run)(session, rest);
    }
    let lower = name.to_ascii_lowercase();
    if let Some((_, why)) = LEFT_OUT.iter().find(|(n, _)| *n == lower) {
        session
            .out
            .warn(format!(".{lower} is not available in sqldojo: {why}"));
        return Done::Failed;
    }
    let near: Vec<String> = COMMANDS
        .iter()
        .filter(|c| strsim::jaro_winkler(&lower, c.name) > 0.85)
        .map(|c| format!(".{}", c.name))
        .collect();
    let hint = if near.is_empty() {
        String::new()
    } else {
        format!(" Did you mean {}?", near.join(" or "))
    };
    session.out.warn(format!(
        "Unknown command: .{name}.{hint} `.help` lists the commands."
    ));
    Done::Failed
}

/// Why a command cannot run now: most tutor commands wait while a drill
/// runs, and a lab has its own copy of the data.
fn not_now(session: &Session, name: &str) -> Option<String> {
    match &session.activity {
        Activity::Drill(_) if drill::NOT_IN_A_DRILL.contains(&name) => Some(format!(
            "`.{name}` waits until the drill or review ends: `.stop` ends it now (what you answered is saved)."
        )),
        Activity::Lab(_) if name == "dataset" => Some(
            "The lab works on its own copy: `.lab DATASET` opens a lab on another dataset, `.stop` closes this one."
                .into(),
        ),
        _ => None,
    }
}

/// Widest command column in `.help`; a longer one puts its summary below.
const HELP_COLUMN: usize = 26;

/// The `.help` text: every command by group, or one command in full,
/// within `columns` (at most 100, for reading).
pub fn help(topic: &str, columns: usize) -> Result<String, String> {
    let topic = topic.trim().trim_start_matches('.');
    if !topic.is_empty() {
        let Some(c) = find(topic) else {
            return Err(format!("no command .{topic}; `.help` lists the commands"));
        };
        let aliases = if c.aliases.is_empty() {
            String::new()
        } else {
            format!(
                "\n(also: {})",
                c.aliases
                    .iter()
                    .map(|a| format!(".{a}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        return Ok(format!(
            ".{} {}\n  {}{aliases}\n",
            c.name, c.usage, c.summary
        ));
    }
    let columns = columns.min(100);
    let mut out = show::words_in_lines(
        "Type SQL and end it with ; (Enter before the ; continues the statement). \
         Tab completes keywords, tables and columns; Up recalls earlier input; \
         Ctrl-C stops a running query or clears the line; Ctrl-D leaves.",
        columns,
    )
    .join("\n");
    out.push('\n');
    let width = COMMANDS
        .iter()
        .map(|c| c.name.len() + c.usage.len() + 2)
        .max()
        .unwrap_or(10)
        .min(HELP_COLUMN);
    // Summaries wrap under their own column instead of at the terminal's edge.
    for group in Group::ALL {
        out.push_str(&format!("\n{}:\n", group.title()));
        for c in COMMANDS.iter().filter(|c| c.group == group) {
            let head = format!(".{} {}", c.name, c.usage);
            let lead = if head.len() > width {
                out.push_str(&format!("  {head}\n"));
                " ".repeat(width + 3)
            } else {
                format!("  {head:<width$} ")
            };
            out.push_str(&show::hanging(&lead, c.summary, columns));
            out.push('\n');
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for c in COMMANDS {
            for n in std::iter::once(c.name).chain(c.aliases.iter().copied()) {
                assert!(seen.insert(n), "duplicate command name .{n}");
            }
        }
    }

    #[test]
    fn help_lists_every_command() {
        let text = help("", 80).unwrap();
        for c in COMMANDS {
            assert!(
                text.contains(&format!(".{} ", c.name)),
                "{} missing",
                c.name
            );
        }
        assert!(help("indices", 80).unwrap().starts_with(".indexes"));
        assert!(help("nope", 80).is_err());
    }

    #[test]
    fn help_keeps_to_the_terminal_width() {
        for columns in [60, 80] {
            for line in help("", columns).unwrap().lines() {
                assert!(line.chars().count() <= columns, "{line}");
            }
        }
        assert_eq!(
            show::words_in_lines("a bb ccc dddd", 6),
            vec!["a bb", "ccc", "dddd"]
        );
        assert_eq!(
            show::hanging(
                "- ",
                "alpha beta gamma delta epsilon zeta eta theta iota",
                40
            ),
            "- alpha beta gamma delta epsilon zeta\n  eta theta iota"
        );
    }
}
