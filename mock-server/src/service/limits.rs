//! Counters over fixed windows, as Directus' rate limiters count: the IP rate
//! limiter (`RATE_LIMITER_*`, REQUESTS_EXCEEDED with `Retry-After`) and the
//! per-user count of login attempts behind `auth_login_attempts`.
//!
//! A window starts with the first point consumed for a key and lasts
//! `duration`; every request in it consumes one point, also after the limit.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::App;
use crate::error::{Error, ErrorCode, Result};

/// Points consumed per key in the current window of each key.
#[derive(Debug, Default)]
pub(crate) struct Windows {
    entries: Mutex<HashMap<String, (Instant, u64)>>,
}

/// What consuming a point found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Consumed {
    /// Points consumed in the window, this one included.
    pub(crate) consumed: u64,
    /// Time until the window ends (`None`: the window never ends).
    pub(crate) before_next: Option<Duration>,
}

impl Windows {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Instant, u64)>> {
        match self.entries.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Consumes one point for `key` in a window of `duration` (`None`: forever).
    pub(crate) fn consume(&self, key: &str, duration: Option<Duration>, now: Instant) -> Consumed {
        let mut entries = self.lock();
        if entries.len() > 100_000 {
            entries.retain(|_, (start, _)| duration.is_none_or(|d| now.duration_since(*start) < d));
        }
        let entry = entries.entry(key.to_owned()).or_insert((now, 0));
        if duration.is_some_and(|d| now.duration_since(entry.0) >= d) {
            *entry = (now, 0);
        }
        entry.1 += 1;
        Consumed {
            consumed: entry.1,
            before_next: duration.map(|d| d.saturating_sub(now.duration_since(entry.0))),
        }
    }

    /// Forgets the points of a key (a successful login).
    pub(crate) fn reset(&self, key: &str) {
        self.lock().remove(key);
    }
}

/// The IP rate limiter (`RATE_LIMITER_ENABLED`): one point per request from
/// `ip`; over the limit, REQUESTS_EXCEEDED with `Retry-After`.
pub(crate) fn check_rate(app: &App, ip: Option<IpAddr>) -> Result<()> {
    if !app.config.rate_limiter_enabled {
        return Ok(());
    }
    let Some(ip) = ip else { return Ok(()) };
    let window = Duration::from_secs(app.config.rate_limiter_duration);
    let used = app.rate_limits.consume(&ip.to_string(), Some(window), Instant::now());
    if used.consumed <= u64::from(app.config.rate_limiter_points) {
        return Ok(());
    }
    // The window has an end (it was given one), so `before_next` is set.
    let before_next = used.before_next.unwrap_or_default();
    let reset = app.now() + chrono::Duration::from_std(before_next).unwrap_or_default();
    Err(Error::new(
        ErrorCode::RequestsExceeded,
        format!("Too many requests, retry after {}.", short_duration(before_next)),
    )
    .with("limit", app.config.rate_limiter_points)
    .with("reset", reset.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
    .with_header("retry-after", (before_next.as_millis() as f64 / 1000.0).round().to_string()))
}

/// A duration the way the `ms` package prints one: `2s`, `400ms`, `1m`.
pub(crate) fn short_duration(d: Duration) -> String {
    let ms = d.as_millis() as f64;
    let units = [(86_400_000.0, "d"), (3_600_000.0, "h"), (60_000.0, "m"), (1000.0, "s")];
    for (size, unit) in units {
        if ms >= size {
            return format!("{}{unit}", (ms / size).round());
        }
    }
    format!("{ms}ms")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_windows() {
        let w = Windows::default();
        let t0 = Instant::now();
        let d = Some(Duration::from_secs(2));
        assert_eq!(w.consume("ip", d, t0).consumed, 1);
        assert_eq!(w.consume("ip", d, t0 + Duration::from_millis(500)).consumed, 2);
        let third = w.consume("ip", d, t0 + Duration::from_millis(1500));
        assert_eq!(third.consumed, 3);
        assert_eq!(third.before_next, Some(Duration::from_millis(500)));
        assert_eq!(w.consume("ip", d, t0 + Duration::from_secs(2)).consumed, 1);
        assert_eq!(w.consume("other", None, t0).consumed, 1);
    }

    #[test]
    fn durations_print_like_ms() {
        assert_eq!(short_duration(Duration::from_millis(1990)), "2s");
        assert_eq!(short_duration(Duration::from_millis(400)), "400ms");
        assert_eq!(short_duration(Duration::from_secs(60)), "1m");
    }
}
