//! Hybrid logical clock: wall milliseconds plus a counter.
//!
//! The clock never moves backwards, even when the wall clock does, and it is
//! advanced past every stamp read from other devices, so an op written after
//! reading another device's op always sorts after it. A remote stamp more
//! than [`MAX_AHEAD_MS`] ahead of our wall clock is not followed: one laptop
//! with a wrong date must not drag every other clock into the future.

use std::time::{SystemTime, UNIX_EPOCH};

/// How far ahead of local wall time a remote stamp may be and still advance
/// our clock (24 hours).
pub const MAX_AHEAD_MS: u64 = 24 * 60 * 60 * 1000;

/// A clock stamp. Ordered by wall milliseconds, then counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hlc {
    pub ms: u64,
    pub c: u32,
}

impl Hlc {
    pub const fn new(ms: u64, c: u32) -> Hlc {
        Hlc { ms, c }
    }
}

impl std::fmt::Display for Hlc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.ms, self.c)
    }
}

/// Milliseconds since the Unix epoch by the wall clock (0 if it is before 1970).
pub fn wall_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

/// The clock state of one device.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Clock {
    last: Hlc,
}

/// What [`Clock::observe`] did with a remote stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Observed {
    /// The stamp was taken into account (it may or may not have moved the clock).
    Taken,
    /// The stamp is further ahead of our wall clock than allowed and was ignored.
    TooFarAhead { ahead_ms: u64 },
}

impl Clock {
    pub fn new(last: Hlc) -> Clock {
        Clock { last }
    }

    pub fn last(&self) -> Hlc {
        self.last
    }

    /// The stamp a new local op would get at wall time `wall`, without
    /// committing it (the op is not recorded until its line is on disk).
    pub fn peek(&self, wall: u64) -> Hlc {
        if wall > self.last.ms {
            Hlc::new(wall, 0)
        } else {
            // Same millisecond or the wall clock went backwards: keep the
            // old wall part and count up, so stamps stay strictly increasing.
            match self.last.c.checked_add(1) {
                Some(c) => Hlc::new(self.last.ms, c),
                // Counter exhausted: borrow the next millisecond rather than
                // repeat a stamp.
                None => Hlc::new(self.last.ms + 1, 0),
            }
        }
    }

    /// Commit a stamp produced by [`Clock::peek`].
    pub fn commit(&mut self, stamp: Hlc) {
        if stamp > self.last {
            self.last = stamp;
        }
    }

    /// Take a stamp read from another device into account.
    pub fn observe(&mut self, remote: Hlc, wall: u64) -> Observed {
        if remote.ms > wall.saturating_add(MAX_AHEAD_MS) {
            return Observed::TooFarAhead { ahead_ms: remote.ms - wall };
        }
        self.commit(remote);
        Observed::Taken
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wall_time_moving_forward_resets_counter() {
        let mut c = Clock::default();
        let a = c.peek(1000);
        c.commit(a);
        assert_eq!(a, Hlc::new(1000, 0));
        let b = c.peek(1001);
        assert_eq!(b, Hlc::new(1001, 0));
    }

    #[test]
    fn same_millisecond_counts_up() {
        let mut c = Clock::default();
        let a = c.peek(5000);
        c.commit(a);
        let b = c.peek(5000);
        c.commit(b);
        let d = c.peek(5000);
        assert!(a < b && b < d);
        assert_eq!(d, Hlc::new(5000, 2));
    }

    #[test]
    fn wall_clock_going_backwards_never_moves_stamp_back() {
        let mut c = Clock::default();
        let a = c.peek(10_000);
        c.commit(a);
        let b = c.peek(3_000);
        assert!(b > a, "{b} must be after {a}");
        assert_eq!(b.ms, 10_000);
        c.commit(b);
        assert!(c.peek(2_000) > b);
    }

    #[test]
    fn remote_stamp_within_skew_advances_clock() {
        let mut c = Clock::default();
        let wall = 1_000_000;
        // Another laptop is 10 minutes ahead: we follow it.
        let remote = Hlc::new(wall + 600_000, 4);
        assert_eq!(c.observe(remote, wall), Observed::Taken);
        let next = c.peek(wall);
        assert!(next > remote);
        assert_eq!(next, Hlc::new(wall + 600_000, 5));
    }

    #[test]
    fn remote_stamp_behind_does_not_move_clock_back() {
        let mut c = Clock::new(Hlc::new(9_000, 3));
        assert_eq!(c.observe(Hlc::new(1_000, 0), 9_000), Observed::Taken);
        assert_eq!(c.last(), Hlc::new(9_000, 3));
    }

    #[test]
    fn far_future_remote_stamp_is_refused() {
        let mut c = Clock::default();
        let wall = 1_763_850_000_000;
        let remote = Hlc::new(wall + MAX_AHEAD_MS + 1, 0);
        assert_eq!(c.observe(remote, wall), Observed::TooFarAhead { ahead_ms: MAX_AHEAD_MS + 1 });
        assert_eq!(c.peek(wall), Hlc::new(wall, 0));
        // Exactly at the limit is still followed.
        let edge = Hlc::new(wall + MAX_AHEAD_MS, 0);
        assert_eq!(c.observe(edge, wall), Observed::Taken);
        assert!(c.peek(wall) > edge);
    }

    #[test]
    fn exhausted_counter_moves_to_next_millisecond() {
        let c = Clock::new(Hlc::new(7, u32::MAX));
        assert_eq!(c.peek(7), Hlc::new(8, 0));
    }
}
