//! When to retry a failed backend request, as a pure function.
//!
//! Transient failures (network, timeout, 429, 5xx) are retried with
//! exponential backoff and jitter; other 4xx and unreadable answers are not.
//! A retry is only made if it can still end before [`ERROR_DEADLINE_MS`], so
//! the user sees the error state within that time, however the backend fails.

use crate::backend::ApiError;

/// Retries after the first attempt, at most.
pub(crate) const MAX_RETRIES: u32 = 2;
/// The first backoff; it doubles with each retry.
pub(crate) const BASE_DELAY_MS: u32 = 500;
/// A `Retry-After` longer than this is not waited for: the error shows.
pub(crate) const MAX_RETRY_AFTER_SECS: u32 = 10;
/// Every attempt and wait together end before this, counted from the first
/// attempt.
pub(crate) const ERROR_DEADLINE_MS: u64 = 30_000;

/// The delay before the next attempt, or `None` to give up.
///
/// - `retries_done`: retries already made (0 after the first attempt);
/// - `elapsed_ms`: time since the first attempt started;
/// - `timeout_ms`: the most one attempt may take;
/// - `jitter`: a random number in `[0, 1)`; anything else counts as 0.5.
pub(crate) fn retry_delay(
    retries_done: u32,
    elapsed_ms: u64,
    timeout_ms: u32,
    error: &ApiError,
    jitter: f64,
) -> Option<u32> {
    if retries_done >= MAX_RETRIES || !error.is_transient() {
        return None;
    }
    let delay = match error {
        ApiError::Http {
            retry_after: Some(secs),
            ..
        } if *secs > MAX_RETRY_AFTER_SECS => return None,
        ApiError::Http {
            retry_after: Some(secs),
            ..
        } => secs.saturating_mul(1_000),
        _ => backoff(retries_done, jitter),
    };
    let ends_at = elapsed_ms
        .saturating_add(u64::from(delay))
        .saturating_add(u64::from(timeout_ms));
    (ends_at <= ERROR_DEADLINE_MS).then_some(delay)
}

/// `BASE_DELAY_MS · 2^retries`, scaled by a factor between 0.5 and 1.5.
fn backoff(retries_done: u32, jitter: f64) -> u32 {
    let jitter = if (0.0..1.0).contains(&jitter) { jitter } else { 0.5 };
    let base = f64::from(BASE_DELAY_MS) * f64::from(1u32 << retries_done.min(8));
    // At most 500 · 256 · 1.5: far inside u32, and the cast saturates anyway.
    (base * (0.5 + jitter)).round() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn network() -> ApiError {
        ApiError::Network { detail: String::new() }
    }

    fn timeout() -> ApiError {
        ApiError::Timeout { timeout_ms: 1_000 }
    }

    fn http(status: u16, retry_after: Option<u32>) -> ApiError {
        ApiError::Http {
            status,
            code: None,
            retry_after,
        }
    }

    #[test]
    fn transient_failures_are_retried_twice_with_growing_backoff() {
        for error in [
            network(),
            timeout(),
            http(500, None),
            http(502, None),
            http(503, None),
            http(429, None),
        ] {
            let first = retry_delay(0, 0, 1_000, &error, 0.5);
            let second = retry_delay(1, 0, 1_000, &error, 0.5);
            assert_eq!((first, second), (Some(500), Some(1_000)), "{error:?}");
            assert_eq!(retry_delay(2, 0, 1_000, &error, 0.5), None, "{error:?}");
        }
    }

    #[test]
    fn other_failures_are_not_retried() {
        for error in [
            http(400, None),
            http(401, None),
            http(403, None),
            http(404, None),
            ApiError::Malformed,
            ApiError::NoToken,
        ] {
            assert_eq!(retry_delay(0, 0, 1_000, &error, 0.5), None, "{error:?}");
        }
    }

    #[test]
    fn jitter_spreads_the_delay_between_half_and_one_and_a_half() {
        assert_eq!(retry_delay(0, 0, 1_000, &network(), 0.0), Some(250));
        assert_eq!(retry_delay(0, 0, 1_000, &network(), 0.999_999), Some(750));
        for bad in [f64::NAN, -1.0, 1.0, f64::INFINITY] {
            assert_eq!(retry_delay(0, 0, 1_000, &network(), bad), Some(500));
        }
    }

    #[test]
    fn retry_after_is_honoured_up_to_ten_seconds() {
        assert_eq!(retry_delay(0, 0, 1_000, &http(429, Some(3)), 0.9), Some(3_000));
        assert_eq!(retry_delay(0, 0, 1_000, &http(503, Some(0)), 0.9), Some(0));
        assert_eq!(retry_delay(0, 0, 1_000, &http(429, Some(11)), 0.9), None);
        assert_eq!(retry_delay(0, 0, 1_000, &http(404, Some(1)), 0.9), None);
    }

    #[test]
    fn no_retry_may_end_after_the_deadline() {
        // 19.6 s + 0.5 s + 10 s would end after 30 s; 19.6 s + 0.25 s + 10 s would not.
        assert_eq!(retry_delay(0, 19_600, 10_000, &timeout(), 0.5), None);
        assert_eq!(retry_delay(0, 19_600, 10_000, &timeout(), 0.0), Some(250));
        assert_eq!(retry_delay(0, u64::MAX, 10_000, &network(), 0.5), None);
    }

    /// A backend that never answers, with the default 10 s timeout: the last
    /// attempt ends, and the error shows, within 30 s.
    #[test]
    fn a_backend_that_never_answers_fails_within_thirty_seconds() {
        for jitter in [0.0, 0.3, 0.999] {
            let limit = 10_000u32;
            let mut elapsed = u64::from(limit);
            let mut retries = 0;
            while let Some(delay) = retry_delay(retries, elapsed, limit, &timeout(), jitter) {
                elapsed += u64::from(delay) + u64::from(limit);
                retries += 1;
            }
            assert!(retries >= 1, "a timeout is retried at least once");
            assert!(elapsed <= ERROR_DEADLINE_MS, "{elapsed} ms");
        }
    }
}
