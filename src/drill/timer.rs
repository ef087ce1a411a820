//! The drill's countdown. Time is passed in as the elapsed time since the
//! drill began, so the core never reads a clock and tests control time.

use std::time::Duration;

/// A time limit counted down from the start of a drill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Countdown {
    limit: Duration,
}

impl Countdown {
    /// A countdown of `limit`.
    pub fn new(limit: Duration) -> Self {
        Countdown { limit }
    }

    /// The limit.
    pub fn limit(&self) -> Duration {
        self.limit
    }

    /// Time left after `elapsed` (zero once over).
    pub fn remaining(&self, elapsed: Duration) -> Duration {
        self.limit.saturating_sub(elapsed)
    }

    /// True once `elapsed` has reached the limit.
    pub fn is_over(&self, elapsed: Duration) -> bool {
        elapsed >= self.limit
    }
}

/// A duration as `mm:ss` (minutes may exceed 59: `75:00`), rounded down to
/// the second, so a countdown shows `00:00` only when time is really up.
pub fn mmss(d: Duration) -> String {
    let s = d.as_secs();
    format!("{:02}:{:02}", s / 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_down_and_formats_as_minutes_and_seconds() {
        let c = Countdown::new(Duration::from_secs(300));
        assert_eq!(mmss(c.remaining(Duration::ZERO)), "05:00");
        assert_eq!(mmss(c.remaining(Duration::from_millis(1_500))), "04:58");
        assert_eq!(mmss(c.remaining(Duration::from_secs(299))), "00:01");
        assert!(!c.is_over(Duration::from_millis(299_999)));
        assert!(c.is_over(Duration::from_secs(300)));
        assert_eq!(c.remaining(Duration::from_secs(400)), Duration::ZERO);
        assert_eq!(mmss(Duration::from_secs(75 * 60 + 9)), "75:09");
    }
}
