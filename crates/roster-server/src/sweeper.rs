//! Sweeps, on a schedule, what the store would otherwise keep for ever: rate-limit windows of
//! past hours, failed-login counts idle for a day, expired sessions and authorization codes, and
//! outbox emails sent (or given up) longer ago than the retention period. Every process sweeps; the deletes are
//! idempotent, so several processes on one PostgreSQL database only repeat each other's work.
use crate::state::Settings;
use roster_core::dates::{now_millis, Millis};
use roster_core::{Store, SweepPolicy};
use std::sync::Arc;

/// Failed-login counts are forgotten a day after their last failure or lockout.
pub const LOGIN_FAILURES_KEPT_MS: Millis = 86_400_000;

/// What a sweep at `now` removes under these settings.
pub fn policy(settings: &Settings, now: Millis) -> SweepPolicy {
    let now_secs = now / 1000;
    SweepPolicy {
        // Every window but the current hour's (rate_limit.rs counts per clock hour).
        rate_windows_before: now_secs - now_secs.rem_euclid(3600),
        login_failures_before: now - LOGIN_FAILURES_KEPT_MS,
        sessions_before: now,
        outbox_before: now - settings.outbox_retention_ms,
        codes_before: now,
    }
}

/// Sweeps once now; logs what it removed.
pub async fn sweep_once(store: &dyn Store, settings: &Settings) {
    match store.sweep(&policy(settings, now_millis())).await {
        Ok(swept) if swept != roster_core::Swept::default() => tracing::info!(
            rate_windows = swept.rate_windows,
            login_failures = swept.login_failures,
            sessions = swept.sessions,
            outbox = swept.outbox,
            codes = swept.codes,
            "sweep: old rows removed"
        ),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "sweep: store unavailable; trying again at the next one"),
    }
}

/// Sweeps every `settings.sweep_every` until the process ends.
pub fn spawn(store: Arc<dyn Store>, settings: Arc<Settings>) {
    tokio::spawn(async move {
        // The first sweep after one period: a start is no moment to add writes.
        let first = tokio::time::Instant::now() + settings.sweep_every;
        let mut every = tokio::time::interval_at(first, settings.sweep_every);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            sweep_once(store.as_ref(), &settings).await;
        }
    });
}
