//! Requests per access token per hour, like Procore (3,600 by default). Each process learns a
//! token's total from the database when it first sees the token in an hour, counts in memory, and
//! adds its counts to the database every half second, learning every process's total in return;
//! so the limit holds across processes, overshooting at most by what the other processes serve
//! in one half second. Every answer carries `X-Rate-Limit-Limit`,
//! `X-Rate-Limit-Remaining` and `X-Rate-Limit-Reset`; over the limit it is 429 with `Retry-After`
//! (the middleware in middleware.rs).
use roster_core::Store;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const WINDOW_SECS: i64 = 3600;
const FLUSH_EVERY: Duration = Duration::from_millis(500);
/// Bound on remembered tokens; beyond it, counts still reach the database at the next flush.
const MAX_TOKENS: usize = 100_000;

#[derive(Default)]
struct Count {
    window: i64,
    /// Every process's total, as of the last flush.
    known: i64,
    /// This process's requests since the last flush.
    pending: i64,
}

pub struct RateLimiter {
    per_hour: i64,
    counts: Mutex<HashMap<String, Count>>,
}

pub struct Decision {
    pub allowed: bool,
    pub limit: i64,
    pub remaining: i64,
    /// Unix seconds when the window ends.
    pub reset: i64,
}

impl RateLimiter {
    /// `per_hour` 0 turns limiting off.
    pub fn new(per_hour: u64) -> Self {
        Self {
            per_hour: per_hour as i64,
            counts: Mutex::default(),
        }
    }

    pub fn enabled(&self) -> bool {
        self.per_hour > 0
    }

    pub fn check(&self, digest: &str, now_secs: i64) -> Decision {
        let window = now_secs - now_secs.rem_euclid(WINDOW_SECS);
        let reset = window + WINDOW_SECS;
        let Ok(mut counts) = self.counts.lock() else {
            return Decision {
                allowed: true,
                limit: self.per_hour,
                remaining: self.per_hour,
                reset,
            };
        };
        if counts.len() >= MAX_TOKENS && !counts.contains_key(digest) {
            counts.retain(|_, c| c.pending > 0);
        }
        let c = counts.entry(digest.to_owned()).or_default();
        if c.window != window {
            *c = Count {
                window,
                known: 0,
                pending: 0,
            };
        }
        let used = c.known + c.pending;
        if used >= self.per_hour {
            return Decision {
                allowed: false,
                limit: self.per_hour,
                remaining: 0,
                reset,
            };
        }
        c.pending += 1;
        Decision {
            allowed: true,
            limit: self.per_hour,
            remaining: self.per_hour - used - 1,
            reset,
        }
    }

    /// Whether this process has yet to learn the token's total for the current window.
    pub fn unknown(&self, digest: &str, now_secs: i64) -> bool {
        let window = now_secs - now_secs.rem_euclid(WINDOW_SECS);
        self.counts
            .lock()
            .map(|c| c.get(digest).is_none_or(|c| c.window != window))
            .unwrap_or(false)
    }

    /// Learns the token's total from the database (the first time this process sees it in a window),
    /// so a process that just started or a token new to it cannot grant a whole fresh hour.
    pub async fn learn(&self, store: &dyn Store, digest: &str, now_secs: i64) {
        let window = now_secs - now_secs.rem_euclid(WINDOW_SECS);
        if let Ok(total) = store.count_requests(digest, window, 0).await {
            if let Ok(mut counts) = self.counts.lock() {
                let c = counts.entry(digest.to_owned()).or_default();
                if c.window != window {
                    *c = Count {
                        window,
                        known: 0,
                        pending: 0,
                    };
                }
                c.known = c.known.max(total);
            }
        }
    }

    /// Adds this process's counts to the database and learns the totals.
    pub async fn flush(&self, store: &dyn Store) {
        let batch: Vec<(String, i64, i64)> = match self.counts.lock() {
            Ok(mut counts) => counts
                .iter_mut()
                .filter(|(_, c)| c.pending > 0)
                .map(|(d, c)| (d.clone(), c.window, std::mem::take(&mut c.pending)))
                .collect(),
            Err(_) => return,
        };
        for (digest, window, n) in batch {
            match store.count_requests(&digest, window, n).await {
                Ok(total) => {
                    if let Ok(mut counts) = self.counts.lock() {
                        if let Some(c) = counts.get_mut(&digest).filter(|c| c.window == window) {
                            c.known = c.known.max(total);
                        }
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "rate limit counts not saved; kept for the next flush");
                    if let Ok(mut counts) = self.counts.lock() {
                        if let Some(c) = counts.get_mut(&digest).filter(|c| c.window == window) {
                            c.pending += n;
                        }
                    }
                }
            }
        }
    }

    pub fn spawn_flusher(self: &Arc<Self>, store: Arc<dyn Store>) {
        if !self.enabled() {
            return;
        }
        let limiter = Arc::downgrade(self);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(FLUSH_EVERY).await;
                let Some(limiter) = limiter.upgrade() else { return };
                limiter.flush(store.as_ref()).await;
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_token_per_hour() {
        let l = RateLimiter::new(2);
        let t = 7200 + 10;
        assert!(l.check("a", t).allowed && l.check("a", t).allowed);
        let third = l.check("a", t);
        assert!(!third.allowed);
        assert_eq!((third.remaining, third.reset), (0, 10_800));
        assert!(l.check("b", t).allowed, "per token");
        assert!(l.check("a", 10_800).allowed, "a new hour");
        assert!(!RateLimiter::new(0).enabled());
    }
}
