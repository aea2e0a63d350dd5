//! Password hashing (argon2id) on a few dedicated low-priority threads: as many as there are
//! cores, so an idle server hashes at full speed, but under contention the request-serving threads
//! win the CPU and reads stay fast while logins are being enabled.
//!
//! The queue is bounded: past `capacity` jobs waiting or running, a new job is refused at once
//! (the route answers 503 with `Retry-After`) instead of piling up memory and latency; and a job
//! whose request has gone away (timed out, client disconnected) is skipped, not hashed.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::sync::oneshot;

/// A hashing thread idle this long gives its argon2 memory back.
const IDLE: std::time::Duration = std::time::Duration::from_secs(5);

/// A job: runs only if its request still waits for the answer.
type Job = Box<dyn FnOnce() + Send>;

#[derive(Clone)]
pub struct HashPool {
    jobs: flume::Sender<Job>,
    /// Jobs queued or running.
    pending: Arc<AtomicUsize>,
    capacity: usize,
}

/// Why a job did not run.
#[derive(Debug, PartialEq, Eq)]
pub enum HashRefused {
    /// `capacity` jobs are already waiting or running.
    Busy,
    /// The pool's threads are gone.
    Gone,
}

/// Gives back its slot when the job ends, ran or skipped.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl HashPool {
    /// `threads` hashing threads; at most `capacity` jobs waiting or running (0: every job is
    /// refused, which only tests want).
    pub fn new(threads: usize, capacity: usize) -> Self {
        let (jobs, rx) = flume::unbounded::<Job>();
        for i in 0..threads.max(1) {
            let rx = rx.clone();
            let spawned = std::thread::Builder::new().name(format!("argon2-{i}")).spawn(move || {
                // Best effort: without the right to lower it, the thread keeps normal priority.
                let _ = thread_priority::set_current_thread_priority(thread_priority::ThreadPriority::Min);
                loop {
                    match rx.recv_timeout(IDLE) {
                        Ok(job) => job(),
                        // Idle: the 19 MiB of argon2 memory kept for the next hash go back.
                        Err(flume::RecvTimeoutError::Timeout) => roster_core::password::release_memory(),
                        Err(flume::RecvTimeoutError::Disconnected) => return,
                    }
                }
            });
            if spawned.is_err() {
                tracing::warn!("could not start a password hashing thread");
            }
        }
        Self {
            jobs,
            pending: Arc::default(),
            capacity,
        }
    }

    /// Jobs waiting or running now.
    pub fn depth(&self) -> usize {
        self.pending.load(Ordering::Acquire)
    }

    /// Runs `job` on a hashing thread, unless the queue is full (`Busy`, at once). If the caller
    /// stops waiting (its future is dropped) before a thread takes the job, the job is skipped.
    pub async fn run<T: Send + 'static>(&self, job: impl FnOnce() -> T + Send + 'static) -> Result<T, HashRefused> {
        let taken = self.pending.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
            (n < self.capacity).then_some(n + 1)
        });
        if taken.is_err() {
            return Err(HashRefused::Busy);
        }
        let slot = Slot(self.pending.clone());
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Box::new(move || {
                if reply.is_closed() {
                    return drop(slot);
                }
                let result = job();
                // The slot is free before the answer goes out: a client that sends its next
                // request as soon as it has the answer finds it free.
                drop(slot);
                let _ = reply.send(result);
            }))
            .map_err(|_| HashRefused::Gone)?;
        answer.await.map_err(|_| HashRefused::Gone)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;
    use std::sync::Mutex;
    use std::time::Duration;

    #[tokio::test]
    async fn refuses_past_capacity_and_skips_abandoned_jobs() {
        let pool = HashPool::new(1, 2);
        let (release, gate) = std::sync::mpsc::channel::<()>();
        let gate = Arc::new(Mutex::new(gate));
        // One job holds the only thread; a second waits in the queue; a third is refused.
        let holding = {
            let (pool, gate) = (pool.clone(), gate.clone());
            tokio::spawn(async move { pool.run(move || gate.lock().unwrap().recv().is_ok()).await })
        };
        while pool.depth() < 1 {
            tokio::task::yield_now().await;
        }
        let ran = Arc::new(AtomicBool::new(false));
        let waiting = {
            let (pool, ran) = (pool.clone(), ran.clone());
            tokio::spawn(async move { pool.run(move || ran.store(true, Ordering::SeqCst)).await })
        };
        while pool.depth() < 2 {
            tokio::task::yield_now().await;
        }
        assert_eq!(pool.run(|| ()).await, Err(HashRefused::Busy));
        // The waiting job's request goes away: it is skipped when its turn comes.
        waiting.abort();
        let _ = waiting.await;
        release.send(()).unwrap();
        assert_eq!(holding.await.unwrap(), Ok(true));
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while pool.depth() > 0 {
            assert!(tokio::time::Instant::now() < deadline, "the queue drains");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert!(!ran.load(Ordering::SeqCst), "an abandoned job is not run");
        assert_eq!(pool.run(|| 7).await, Ok(7));
    }
}
