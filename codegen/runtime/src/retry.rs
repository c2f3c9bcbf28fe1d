//! When and how long to wait before repeating a request.

use std::hash::{BuildHasher, Hasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use reqwest::Method;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// How the client retries requests the server did not process.
///
/// A 429 Too Many Requests is retried for every method (Twilio did not process the request).
/// A 503 Service Unavailable is retried only for GET, HEAD and DELETE, where a repeat cannot
/// duplicate work; a POST answered with 503 may have created something and is never repeated.
///
/// Transport errors are retried only when the server provably did not process the request: a
/// connection that could not be made (any method: nothing was sent), and, for GET, HEAD and
/// DELETE, a reused keep-alive connection that the server closed before answering (the race
/// between a server closing an idle connection and the client sending on it). No other status
/// and no other transport error is retried.
///
/// The wait before retry `n` (starting at 0) is chosen at random between zero and
/// `min(max_backoff, initial_backoff * 2^n)` ("full jitter"). A `Retry-After` header (seconds
/// or an HTTP date) takes precedence, capped at `max_backoff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// How many times a request may be repeated after the first attempt (0 disables retries).
    pub max_retries: u32,
    /// The backoff cap for the first retry; it doubles for each further retry.
    pub initial_backoff: Duration,
    /// The longest wait between two attempts, also the cap for `Retry-After`.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    /// Three retries, 500 ms initial backoff, 10 s cap.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    #[must_use]
    pub fn disabled() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// Returns `true` if retry number `retry` (starting at 0) of a `method` request answered
    /// with `status` is allowed.
    pub(crate) fn should_retry(&self, retry: u32, method: &Method, status: u16) -> bool {
        if retry >= self.max_retries {
            return false;
        }
        match status {
            429 => true,
            503 => idempotent(method),
            _ => false,
        }
    }

    /// Returns `true` if retry number `retry` of a `method` request that failed with `error`
    /// below HTTP is allowed.
    pub(crate) fn should_retry_transport(
        &self,
        retry: u32,
        method: &Method,
        error: &reqwest::Error,
    ) -> bool {
        if retry >= self.max_retries || error.is_timeout() {
            return false;
        }
        error.is_connect() || (idempotent(method) && closed_before_answer(error))
    }

    /// Returns how long to wait before retry number `retry` (starting at 0).
    pub(crate) fn delay(&self, retry: u32, headers: &HeaderMap) -> Duration {
        if let Some(wait) = retry_after(headers) {
            return wait.min(self.max_backoff);
        }
        let factor = 1u32.checked_shl(retry).unwrap_or(u32::MAX);
        let cap = self
            .initial_backoff
            .checked_mul(factor)
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff);
        jitter(cap)
    }
}

/// Methods whose repetition cannot duplicate work.
fn idempotent(method: &Method) -> bool {
    *method == Method::GET || *method == Method::HEAD || *method == Method::DELETE
}

/// Whether the connection was closed before any part of the answer arrived (hyper's
/// "connection closed before message completed").
fn closed_before_answer(error: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(err) = source {
        if let Some(hyper_error) = err.downcast_ref::<hyper::Error>() {
            return hyper_error.is_incomplete_message();
        }
        source = err.source();
    }
    false
}

/// Parses `Retry-After` as delay seconds or an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = date.signed_duration_since(chrono::DateTime::<chrono::Utc>::from(SystemTime::now()));
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

/// Returns a pseudo-random duration between zero and `cap` inclusive.
fn jitter(cap: Duration) -> Duration {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    if let Ok(now) = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH) {
        hasher.write_u128(now.as_nanos());
    }
    let nanos = u128::from(hasher.finish()) % (cap.as_nanos() + 1);
    Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
}
