//! Sign-in lockout that a stranger at the keyboard cannot turn against the station: after five wrong
//! passphrases in a row an account waits, and each further failure doubles the wait up to four
//! hours. It is never locked for ever, so the last admin (or the last supervisor) always gets back in;
//! a second admin may end the wait at once (`user unlock`).

use chrono::Duration;

/// Failures in a row before the first wait.
pub const FREE_TRIES: u32 = 5;
/// The first wait; it doubles with each further failure.
pub const FIRST_WAIT_MINUTES: i64 = 15;
/// The longest wait.
pub const LONGEST_WAIT_MINUTES: i64 = 240;

/// How long sign-in waits after the `failed`-th wrong passphrase in a row (none before the fifth).
pub fn wait_after(failed: u32) -> Option<Duration> {
    if failed < FREE_TRIES {
        return None;
    }
    let doublings = (failed - FREE_TRIES).min(8);
    let minutes = (FIRST_WAIT_MINUTES << doublings).min(LONGEST_WAIT_MINUTES);
    Some(Duration::minutes(minutes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_starts_at_the_fifth_failure_doubles_and_is_bounded() {
        assert_eq!(wait_after(0), None);
        assert_eq!(wait_after(4), None);
        assert_eq!(wait_after(5), Some(Duration::minutes(15)));
        assert_eq!(wait_after(6), Some(Duration::minutes(30)));
        assert_eq!(wait_after(7), Some(Duration::minutes(60)));
        assert_eq!(wait_after(9), Some(Duration::minutes(240)));
        assert_eq!(wait_after(u32::MAX), Some(Duration::minutes(240)));
    }
}
