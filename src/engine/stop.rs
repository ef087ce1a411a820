//! Stopping all the runs of one piece of work. Grading an answer opens many
//! sandboxes (the answer on the lesson's data, then on each variant); a
//! front end that grades on a worker thread hands it a [`StopToken`] and
//! grades inside [`StopToken::scope`]. Every sandbox opened on that thread
//! while the scope lives stops at its next progress check once the token is
//! set, with [`RunError::Cancelled`](super::RunError::Cancelled), so a
//! cancelled grading frees the worker at once instead of running on.

use std::cell::RefCell;
use std::marker::PhantomData;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

thread_local! {
    static CURRENT: RefCell<Option<StopToken>> = const { RefCell::new(None) };
}

/// A flag shared by every sandbox opened within its scope.
#[derive(Debug, Clone, Default)]
pub struct StopToken(Arc<AtomicBool>);

impl StopToken {
    /// Stops every run of the scope, now and later.
    pub fn stop(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// True once [`StopToken::stop`] was called.
    pub fn is_stopped(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// Makes sandboxes opened on this thread obey the token until the
    /// returned guard is dropped.
    pub fn scope(&self) -> StopScope {
        let previous = CURRENT.with(|c| c.replace(Some(self.clone())));
        StopScope {
            previous,
            on_this_thread: PhantomData,
        }
    }
}

/// While it lives, sandboxes opened on this thread obey its token.
#[must_use = "the scope ends when this guard is dropped"]
pub struct StopScope {
    previous: Option<StopToken>,
    /// The scope belongs to the thread that opened it (not `Send`).
    on_this_thread: PhantomData<*const ()>,
}

impl Drop for StopScope {
    fn drop(&mut self) {
        CURRENT.with(|c| *c.borrow_mut() = self.previous.take());
    }
}

/// The token of the innermost scope on this thread, if any.
pub(super) fn current() -> Option<StopToken> {
    CURRENT.with(|c| c.borrow().clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_nest_and_end() {
        assert!(current().is_none());
        let outer = StopToken::default();
        let inner = StopToken::default();
        {
            let _a = outer.scope();
            {
                let _b = inner.scope();
                inner.stop();
                assert!(current().unwrap().is_stopped());
            }
            assert!(!current().unwrap().is_stopped(), "back to the outer token");
        }
        assert!(current().is_none());
    }
}
