//! `sqldojo dataset build NAME [--scale small|full]`: builds a generated
//! dataset once into the data directory, with a progress bar.

use std::io::{IsTerminal, Write};
use std::time::Instant;

use super::args::Scale as CliScale;
use super::context::Context;
use super::exit::{Exit, usage};
use crate::dataset::generate::{self, GENERATORS, Progress, Scale};
use crate::progress;

/// Runs `sqldojo dataset build`.
pub fn build(ctx: &Context, name: &str, scale: CliScale) -> Exit {
    let Some(generator) = generate::generator(name) else {
        let known: Vec<String> = GENERATORS
            .iter()
            .map(|g| format!("{} ({})", g.name, g.summary))
            .collect();
        return usage(format!(
            "no generated dataset `{name}`; known: {}",
            known.join("; ")
        ));
    };
    let scale = match scale {
        CliScale::Small => Scale::Small,
        CliScale::Full => Scale::Full,
    };
    let Some(dir) = progress::data_dir(ctx.data_dir.clone()) else {
        return usage("no data directory could be found; pass --data-dir DIR");
    };
    let dataset = generate::dataset_name(generator, scale);
    let mut bar = Bar::new(std::io::stderr().is_terminal());
    let built = generate::build_file(&dir, generator, scale, &mut |p| bar.update(p));
    bar.finish();
    match built {
        Ok(b) if b.reused => {
            println!(
                "{dataset} is already built (generator version {}): {}",
                generator.version,
                b.path.display()
            );
            Exit::Ok
        }
        Ok(b) => {
            let size = std::fs::metadata(&b.path).map_or(0, |m| m.len());
            println!(
                "built {dataset} in {:.1} s: {} ({:.0} MB)",
                b.elapsed.as_secs_f64(),
                b.path.display(),
                size as f64 / 1e6
            );
            for old in &b.removed {
                println!("removed the previous version {}", old.display());
            }
            if scale == Scale::Full {
                let data_dir = ctx
                    .data_dir
                    .as_ref()
                    .map(|d| format!("--data-dir {} ", d.display()))
                    .unwrap_or_default();
                println!(
                    "measure queries on it with: sqldojo {data_dir}explain --dataset {dataset} --query FILE.sql"
                );
            }
            Exit::Ok
        }
        Err(e) => usage(e),
    }
}

/// A one-line progress bar on standard error, redrawn in place on a
/// terminal; occasional plain lines otherwise (logs, CI).
struct Bar {
    terminal: bool,
    started: Instant,
    phase: String,
    last_percent: Option<u64>,
    drawn: bool,
}

impl Bar {
    fn new(terminal: bool) -> Self {
        Bar {
            terminal,
            started: Instant::now(),
            phase: String::new(),
            last_percent: None,
            drawn: false,
        }
    }

    fn update(&mut self, p: Progress<'_>) {
        let percent = (p.done * 100).checked_div(p.total).unwrap_or(100);
        let new_phase = p.phase != self.phase;
        if new_phase {
            self.phase = p.phase.to_string();
            self.last_percent = None;
        }
        if self.last_percent == Some(percent) {
            return;
        }
        self.last_percent = Some(percent);
        let elapsed = self.started.elapsed().as_secs_f64();
        let mut err = std::io::stderr().lock();
        if self.terminal && p.total <= 1 {
            // One long step (CREATE INDEX) with nothing to count.
            let what = if p.done == 0 { "building..." } else { "done" };
            let _ = write!(err, "\r\x1b[K{:<8} {what}  {elapsed:>5.1} s", p.phase);
            let _ = err.flush();
            self.drawn = true;
        } else if self.terminal {
            const WIDTH: usize = 30;
            let filled = (percent as usize * WIDTH) / 100;
            let _ = write!(
                err,
                "\r\x1b[K{:<8} [{}{}] {:>3}%  {} of {}  {:>5.1} s",
                p.phase,
                "#".repeat(filled),
                "-".repeat(WIDTH - filled),
                percent,
                p.done,
                p.total,
                elapsed
            );
            let _ = err.flush();
            self.drawn = true;
        } else if new_phase || percent % 25 == 0 {
            let _ = writeln!(err, "{}: {percent}% ({elapsed:.1} s)", p.phase);
        }
    }

    fn finish(&mut self) {
        if self.drawn {
            let _ = writeln!(std::io::stderr());
        }
    }
}
