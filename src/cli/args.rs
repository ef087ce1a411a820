//! The command line, as a contract: tests and users script against it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// sqldojo — learn SQL by writing it, against real SQLite, with a grader that explains.
#[derive(Debug, Parser)]
#[command(name = "sqldojo", version, about, long_about = None)]
pub struct Cli {
    /// What to do; without one, the terminal UI opens on the course.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Open the terminal UI straight at LESSON/EXERCISE.
    #[arg(long, value_name = "LESSON/EXERCISE")]
    pub exercise: Option<String>,
    /// Options every command takes.
    #[command(flatten)]
    pub global: Global,
}

/// Options every command takes.
#[derive(Debug, Clone, Args)]
pub struct Global {
    /// A lesson pack folder (holding lessons/course.yaml and datasets/) instead of the bundled course.
    #[arg(long, global = true, env = "SQLDOJO_COURSE", value_name = "DIR")]
    pub course: Option<PathBuf>,
    /// Where progress is kept (default: the platform's data directory).
    #[arg(long, global = true, env = "SQLDOJO_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// No colours (the NO_COLOR variable does the same).
    #[arg(long, global = true)]
    pub no_color: bool,
}

/// Output format of machine-readable commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Format {
    /// For people.
    #[default]
    Text,
    /// One JSON document.
    Json,
}

/// A difficulty level on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Level {
    /// junior
    Junior,
    /// mid
    Mid,
    /// senior
    Senior,
}

/// Size of a generated dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Scale {
    /// Fast to build; what lessons use.
    #[default]
    Small,
    /// The seed's own figures.
    Full,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// A line REPL with sqlite3's habits plus the tutor's dot-commands.
    Repl {
        /// Dataset name or .sql file to start on.
        #[arg(long)]
        dataset: Option<String>,
        /// Lesson to open.
        #[arg(long)]
        lesson: Option<String>,
    },
    /// List lessons and exercises.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Validate lessons (the bundled course when no PATH is given).
    Check {
        /// Lesson pack folders or lesson files.
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
        /// Treat warnings as errors and require the course standard (2 hints, 2 wrong answers).
        #[arg(long)]
        strict: bool,
    },
    /// Grade an answer (or a folder of answers).
    Grade(GradeArgs),
    /// Show a query's plan and cost counters.
    Explain {
        /// Dataset name or .sql file.
        #[arg(long)]
        dataset: String,
        /// File with the query, or - for standard input.
        #[arg(long)]
        query: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// A timed interview drill.
    Drill {
        /// Difficulty.
        #[arg(long, value_enum)]
        level: Option<Level>,
        /// Topic slug.
        #[arg(long)]
        topic: Option<String>,
        /// Number of questions.
        #[arg(long)]
        count: Option<usize>,
        /// Time limit in minutes.
        #[arg(long)]
        minutes: Option<u64>,
        /// Exam mode: no hints.
        #[arg(long)]
        exam: bool,
        /// Seed for a reproducible selection.
        #[arg(long)]
        seed: Option<u64>,
    },
    /// Review what is due today (spaced repetition).
    Review,
    /// Build generated datasets.
    Dataset {
        /// What to do.
        #[command(subcommand)]
        action: DatasetAction,
    },
    /// Export or import progress.
    Progress {
        /// Write progress to this JSON file.
        #[arg(long, value_name = "FILE.json")]
        export: Option<PathBuf>,
        /// Read progress from these JSON files (into this machine's progress,
        /// or, with --report, into a class report).
        #[arg(long, value_name = "FILE.json", num_args = 1..)]
        import: Vec<PathBuf>,
        /// With --export: the learner's name to put in the file.
        #[arg(long, value_name = "NAME", requires = "export")]
        name: Option<String>,
        /// With --import: merge the files into a class report (.csv, .json, .md or .xml)
        /// instead of importing them.
        #[arg(long, value_name = "FILE", requires = "import")]
        report: Option<PathBuf>,
    },
    /// Scaffold new course files.
    New {
        /// What to create.
        #[command(subcommand)]
        what: NewWhat,
    },
    /// Write a lesson pack.
    Pack {
        /// Write a pack without reference solutions that still grades offline.
        #[arg(long, value_name = "OUT")]
        closed: PathBuf,
    },
}

/// `sqldojo grade` arguments.
#[derive(Debug, Args)]
pub struct GradeArgs {
    /// Exercise to grade against.
    #[arg(long, value_name = "LESSON/EXERCISE")]
    pub exercise: Option<String>,
    /// Ad-hoc form: dataset name or .sql file.
    #[arg(long, requires = "solution", conflicts_with = "exercise")]
    pub dataset: Option<String>,
    /// Ad-hoc form: the reference solution file.
    #[arg(long, requires = "dataset")]
    pub solution: Option<PathBuf>,
    /// The answer file, or - for standard input.
    #[arg(long, value_name = "FILE|-")]
    pub answer: Option<String>,
    /// Batch: a folder of .sql submissions (or ROOT/<learner>/<exercise>.sql with --pack).
    #[arg(long, value_name = "DIR")]
    pub submissions: Option<PathBuf>,
    /// Batch: the report to write (.csv, .json, .md or .xml).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Batch roster form: the lesson pack the submissions answer.
    #[arg(long, value_name = "DIR")]
    pub pack: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// `sqldojo dataset` actions.
#[derive(Debug, Subcommand)]
pub enum DatasetAction {
    /// Build a generated dataset into the data directory (reused afterwards).
    Build {
        /// Dataset name.
        name: String,
        /// Size.
        #[arg(long, value_enum, default_value_t)]
        scale: Scale,
    },
}

/// `sqldojo new` targets.
#[derive(Debug, Subcommand)]
pub enum NewWhat {
    /// A lesson file.
    Lesson {
        /// Lesson id (a slug such as `left-joins`).
        name: String,
        /// Topic slug from the pack's course.yaml (needed when it has several).
        #[arg(long)]
        topic: Option<String>,
        /// Dataset name (default: the one the topic's lessons use most).
        #[arg(long)]
        dataset: Option<String>,
    },
}
