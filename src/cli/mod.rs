//! The command line: parse, dispatch, map results to exit codes.

pub mod args;
mod batch;
mod check;
pub mod context;
mod drill;
pub mod exit;
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
        Some(other) => usage(format!(
            "`{}` is not available in this build yet",
            format!("{other:?}")
                .split([' ', '{', '('])
                .next()
                .unwrap_or("")
                .to_lowercase()
        )),
    }
}

/// `sqldojo` without a command. Until the terminal UI lands, it lists the course.
fn default_front_end(ctx: &Context, exercise: Option<&str>) -> Exit {
    if exercise.is_some() {
        return usage("--exercise needs the terminal UI, which is not available in this build yet");
    }
    list::run(ctx, args::Format::Text)
}
