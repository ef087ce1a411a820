//! The command line: parse, dispatch, map results to exit codes.

pub mod args;
mod batch;
mod check;
pub mod context;
mod dataset;
pub(crate) mod drill;
pub mod exit;
mod explain;
mod grade;
mod list;
mod new;
mod pack;
mod progress;
mod review;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};
use context::Context;
use exit::{Exit, usage};

/// Parses the process arguments and runs the command.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let ctx = Context::new(&cli.global);
    run(&ctx, cli).into()
}

fn run(ctx: &Context, cli: Cli) -> Exit {
    match cli.command {
        None => default_front_end(ctx, cli.exercise.as_deref()),
        Some(Command::List { format }) => list::run(ctx, format),
        Some(Command::Check {
            paths,
            format,
            strict,
        }) => check::run(ctx, &paths, format, strict),
        Some(Command::Grade(args)) => grade::run(ctx, &args),
        Some(Command::Drill {
            level,
            topic,
            count,
            minutes,
            exam,
            seed,
        }) => drill::run(
            ctx,
            &drill::DrillArgs {
                level,
                topic,
                count,
                minutes,
                exam,
                seed,
            },
        ),
        Some(Command::Review) => review::run(ctx),
        Some(Command::Pack { closed }) => pack::run(ctx, &closed),
        Some(Command::New {
            what:
                args::NewWhat::Lesson {
                    name,
                    topic,
                    dataset,
                },
        }) => new::run(ctx, &name, topic.as_deref(), dataset.as_deref()),
        Some(Command::Progress {
            export,
            import,
            name,
            report,
        }) => progress::run(ctx, export.as_deref(), &import, name, report.as_deref()),
        #[cfg(feature = "repl")]
        Some(Command::Repl { dataset, lesson }) => {
            crate::repl::run(ctx, dataset.as_deref(), lesson.as_deref())
        }
        Some(Command::Explain {
            dataset,
            query,
            format,
        }) => explain::run(ctx, &dataset, &query, format),
        Some(Command::Dataset {
            action: args::DatasetAction::Build { name, scale },
        }) => dataset::build(ctx, &name, scale),
        #[cfg(not(feature = "repl"))]
        Some(Command::Repl { .. }) => usage(
            "`repl` is not available in this build (it was compiled without the `repl` feature)",
        ),
    }
}

/// `sqldojo` without a command: the terminal UI, optionally opened at an exercise.
#[cfg(feature = "tui")]
fn default_front_end(ctx: &Context, exercise: Option<&str>) -> Exit {
    use std::io::IsTerminal;
    let course = match ctx.course() {
        Ok(c) => c,
        Err(exit) => return exit,
    };
    if let Some(key) = exercise
        && course.find(key).is_none()
    {
        let near = course.suggest(key);
        let hint = if near.is_empty() {
            "`sqldojo list` shows every exercise".to_string()
        } else {
            format!("did you mean: {}", near.join(", "))
        };
        return usage(format!("no exercise `{key}`; {hint}"));
    }
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return usage(
            "the terminal UI needs a terminal; in scripts use `sqldojo list`, `sqldojo grade` or `sqldojo repl`",
        );
    }
    let store = ctx.store(&course);
    let options = crate::tui::Options {
        course,
        store,
        exercise: exercise.map(str::to_string),
        color: crate::render::color_wanted(ctx.no_color, true),
    };
    match crate::tui::run(options) {
        Ok(()) => Exit::Ok,
        Err(e) => usage(format!("the terminal failed: {e}")),
    }
}

/// `sqldojo` without a command, in a build without the terminal UI: the course list.
#[cfg(not(feature = "tui"))]
fn default_front_end(ctx: &Context, exercise: Option<&str>) -> Exit {
    if exercise.is_some() {
        return usage(
            "--exercise needs the terminal UI, which is not in this build (feature `tui`)",
        );
    }
    list::run(ctx, args::Format::Text)
}
