//! Ctrl-C while a statement runs. The line editor reads Ctrl-C as a key at
//! the prompt; while SQL runs the terminal is in its normal mode and Ctrl-C
//! is a SIGINT. signal-hook's handler only writes to a pipe (async-signal
//! safe); a watcher thread reads it and cancels the sandbox's statement
//! through its cancel handle, or stops a grading through its token.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use signal_hook::consts::SIGINT;
use signal_hook::iterator::Signals;

use crate::engine::{CancelHandle, StopToken};

/// Routes SIGINT to the sandbox in use.
#[derive(Clone, Default)]
pub struct Interrupt {
    target: Arc<Mutex<Option<CancelHandle>>>,
    grading: Arc<Mutex<Option<StopToken>>>,
    hits: Arc<AtomicUsize>,
}

impl Interrupt {
    /// Installs the SIGINT handler and its watcher thread. With
    /// `exit_on_second`, a second Ctrl-C before [`Interrupt::clear`] ends
    /// the process (a script that does not stop).
    pub fn install(exit_on_second: bool) -> std::io::Result<Interrupt> {
        let me = Interrupt::default();
        let mut signals = Signals::new([SIGINT])?;
        let watcher = me.clone();
        std::thread::Builder::new()
            .name("sigint".into())
            .spawn(move || {
                for _ in signals.forever() {
                    let hits = watcher.hits.fetch_add(1, Ordering::SeqCst) + 1;
                    if let Some(handle) = watcher.target.lock().unwrap().as_ref() {
                        handle.cancel();
                    }
                    if let Some(token) = watcher.grading.lock().unwrap().as_ref() {
                        token.stop();
                    }
                    if exit_on_second && hits >= 2 {
                        std::process::exit(130);
                    }
                }
            })?;
        Ok(me)
    }

    /// A router with no handler (tests; Ctrl-C keeps its default effect).
    pub fn inert() -> Interrupt {
        Interrupt::default()
    }

    /// Makes Ctrl-C cancel statements of this sandbox from now on.
    pub fn watch(&self, handle: CancelHandle) {
        *self.target.lock().unwrap() = Some(handle);
    }

    /// Makes Ctrl-C stop the grading that obeys `token` (`None` once it ended).
    pub fn watch_grading(&self, token: Option<StopToken>) {
        *self.grading.lock().unwrap() = token;
    }

    /// True when Ctrl-C was pressed since the last [`Interrupt::clear`].
    pub fn pressed(&self) -> bool {
        self.hits.load(Ordering::SeqCst) > 0
    }

    /// Forgets earlier presses.
    pub fn clear(&self) {
        self.hits.store(0, Ordering::SeqCst);
    }
}

/// Says once, after a delay, that a statement is still running and how to
/// stop it: one plain line on standard error, no redraw. Dropping it (the
/// statement ended) cancels the notice.
pub struct SlowNotice {
    stop: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl SlowNotice {
    /// Prints `message` if not dropped within `after`.
    pub fn arm(after: std::time::Duration, message: &'static str) -> SlowNotice {
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("slow-notice".into())
            .spawn(move || {
                if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(after)
                {
                    eprintln!("{message}");
                }
            })
            .ok();
        SlowNotice {
            stop: Some(stop),
            thread,
        }
    }
}

impl Drop for SlowNotice {
    fn drop(&mut self) {
        // Disconnecting wakes the thread at once; joining keeps its line
        // (if it printed) before whatever the statement prints next.
        drop(self.stop.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
