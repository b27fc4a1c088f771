//! How often sign-in may be tried. Per email address the limit is progressive rather than a
//! hard lock-out (OWASP ASVS 2.2.1): a few free failures, then a wait that doubles with each
//! further failure, so an attacker guessing one person's password slows to a crawl while that
//! person, who knows it, loses seconds rather than a quarter of an hour. Per client address the
//! limit is hard, so one client cannot spray guesses over many accounts.

use chrono::{DateTime, TimeDelta, Utc};

/// Failures older than this no longer count.
pub const WINDOW: TimeDelta = TimeDelta::minutes(15);

/// Failures for one email within the window that cost no wait.
pub const FREE_FAILURES: usize = 5;

/// The wait after the first failure past the free ones; it doubles with each further one, up
/// to [`WINDOW`].
pub const FIRST_WAIT: TimeDelta = TimeDelta::seconds(30);

/// Failures from one client address within the window, over all emails, after which it must
/// wait until the oldest of them leaves the window.
pub const CLIENT_FAILURES: usize = 30;

/// The failed attempts that may still count, in any order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecentFailures {
    pub for_email: Vec<DateTime<Utc>>,
    pub from_client: Vec<DateTime<Utc>>,
}

/// How long an attempt made `now` must still wait; None when it may go ahead.
pub fn wait_before_attempt(recent: &RecentFailures, now: DateTime<Utc>) -> Option<TimeDelta> {
    let counting = |times: &[DateTime<Utc>]| -> Vec<DateTime<Utc>> {
        times
            .iter()
            .copied()
            .filter(|at| now - *at < WINDOW)
            .collect()
    };
    let (email, client) = (counting(&recent.for_email), counting(&recent.from_client));
    let email_wait = email
        .iter()
        .max()
        .filter(|_| email.len() >= FREE_FAILURES)
        .map(|last| {
            let doublings = u32::try_from(email.len() - FREE_FAILURES).unwrap_or(u32::MAX);
            let wait = 2i32
                .checked_pow(doublings)
                .and_then(|factor| FIRST_WAIT.checked_mul(factor))
                .map_or(WINDOW, |wait| wait.min(WINDOW));
            *last + wait - now
        });
    let client_wait = client
        .iter()
        .min()
        .filter(|_| client.len() >= CLIENT_FAILURES)
        .map(|oldest| *oldest + WINDOW - now);
    email_wait
        .into_iter()
        .chain(client_wait)
        .filter(|wait| *wait > TimeDelta::zero())
        .max()
}

/// "30 seconds", "4 minutes": how long to wait, rounded up, in words.
pub fn in_words(wait: TimeDelta) -> String {
    let seconds = wait.num_seconds().max(1);
    if seconds < 60 {
        let unit = if seconds == 1 { "second" } else { "seconds" };
        return format!("{seconds} {unit}");
    }
    let minutes = (seconds + 59) / 60;
    let unit = if minutes == 1 { "minute" } else { "minutes" };
    format!("{minutes} {unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + seconds, 0).unwrap()
    }

    fn email_failures(times: &[i64]) -> RecentFailures {
        RecentFailures {
            for_email: times.iter().map(|s| at(*s)).collect(),
            from_client: Vec::new(),
        }
    }

    #[test]
    fn the_first_failures_cost_nothing() {
        let recent = email_failures(&[0, 1, 2, 3]);
        assert_eq!(wait_before_attempt(&recent, at(4)), None);
    }

    #[test]
    fn past_the_free_failures_the_wait_doubles() {
        let five = email_failures(&[0, 1, 2, 3, 4]);
        assert_eq!(
            wait_before_attempt(&five, at(4)),
            Some(TimeDelta::seconds(30))
        );
        assert_eq!(
            wait_before_attempt(&five, at(20)),
            Some(TimeDelta::seconds(14))
        );
        assert_eq!(wait_before_attempt(&five, at(34)), None);
        let six = email_failures(&[0, 1, 2, 3, 4, 40]);
        assert_eq!(
            wait_before_attempt(&six, at(40)),
            Some(TimeDelta::seconds(60))
        );
        let seven = email_failures(&[0, 1, 2, 3, 4, 40, 100]);
        assert_eq!(
            wait_before_attempt(&seven, at(100)),
            Some(TimeDelta::seconds(120))
        );
    }

    #[test]
    fn the_wait_never_exceeds_the_window_and_old_failures_drop_out() {
        let many: Vec<i64> = (0..40).collect();
        let recent = email_failures(&many);
        assert_eq!(wait_before_attempt(&recent, at(39)), Some(WINDOW));
        // Fifteen minutes after the last failure, none of them counts any more.
        assert_eq!(wait_before_attempt(&recent, at(39 + 15 * 60)), None);
    }

    #[test]
    fn one_client_is_stopped_after_many_failures_over_any_emails() {
        let recent = RecentFailures {
            for_email: Vec::new(),
            from_client: (0..30).map(at).collect(),
        };
        assert_eq!(
            wait_before_attempt(&recent, at(30)),
            Some(WINDOW - TimeDelta::seconds(30))
        );
        assert_eq!(wait_before_attempt(&recent, at(15 * 60)), None);
        let fewer = RecentFailures {
            from_client: (0..29).map(at).collect(),
            ..recent
        };
        assert_eq!(wait_before_attempt(&fewer, at(30)), None);
    }

    #[test]
    fn waits_read_as_people_say_them() {
        assert_eq!(in_words(TimeDelta::seconds(30)), "30 seconds");
        assert_eq!(in_words(TimeDelta::milliseconds(200)), "1 second");
        assert_eq!(in_words(TimeDelta::seconds(61)), "2 minutes");
        assert_eq!(in_words(TimeDelta::minutes(15)), "15 minutes");
    }
}
