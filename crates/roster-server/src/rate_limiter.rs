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
    /// This process's requests a flush is adding to the database now: still counted here until
    /// the flush learns the total that includes them.
    in_flight: i64,
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
                ..Count::default()
            };
        }
        let used = c.known + c.in_flight + c.pending;
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
                        ..Count::default()
                    };
                }
                c.known = c.known.max(total);
            }
        }
    }

    /// Adds this process's counts to the database and learns the totals.
    pub async fn flush(&self, store: &dyn Store) {
        for (digest, window, n) in self.take_pending() {
            let total = store.count_requests(&digest, window, n).await;
            if let Err(e) = &total {
                tracing::warn!(error = %e, "rate limit counts not saved; kept for the next flush");
            }
            self.settle(&digest, window, n, total.ok());
        }
    }

    /// The counts to add to the database: moved from pending to in flight, so that requests
    /// checked while they are on their way still see them.
    fn take_pending(&self) -> Vec<(String, i64, i64)> {
        match self.counts.lock() {
            Ok(mut counts) => counts
                .iter_mut()
                .filter(|(_, c)| c.pending > 0)
                .map(|(d, c)| {
                    let n = std::mem::take(&mut c.pending);
                    c.in_flight += n;
                    (d.clone(), c.window, n)
                })
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    /// After a flush of `n`: the total it learned now holds them; a failed flush keeps them pending.
    fn settle(&self, digest: &str, window: i64, n: i64, total: Option<i64>) {
        let Ok(mut counts) = self.counts.lock() else { return };
        let Some(c) = counts.get_mut(digest).filter(|c| c.window == window) else {
            return;
        };
        c.in_flight -= n;
        match total {
            Some(total) => c.known = c.known.max(total),
            None => c.pending += n,
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

    #[test]
    fn requests_counted_while_a_flush_is_on_its_way_still_see_its_counts() {
        let l = RateLimiter::new(5);
        let t = 7200 + 10;
        for _ in 0..3 {
            assert!(l.check("a", t).allowed);
        }
        let batch = l.take_pending();
        assert_eq!(batch, [("a".to_owned(), 7200, 3)]);
        // The flush's write is on its way: the three are still used.
        assert!(l.check("a", t).allowed && l.check("a", t).allowed);
        assert!(!l.check("a", t).allowed, "5 used: 3 in flight and 2 pending");
        l.settle("a", 7200, 3, Some(3));
        assert!(!l.check("a", t).allowed, "the total learned holds the three");
        // A failed flush keeps its counts for the next one.
        let batch = l.take_pending();
        l.settle("a", 7200, batch[0].2, None);
        assert_eq!(l.take_pending(), [("a".to_owned(), 7200, 2)]);
    }
}
