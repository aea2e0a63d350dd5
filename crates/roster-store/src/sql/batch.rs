//! Group commit: concurrent creates share one transaction and one commit. SQLite has a single
//! writer, so a create otherwise waits for every earlier commit's fsync; PostgreSQL spends most of
//! a lone create on its round trips and commit. Batching the creates that queued up meanwhile turns
//! N commits into one.
//!
//! One write path, with one fallback: a batch of plain creates (`new_people::is_plain`) is written
//! by the backend's fast path, which skips the rows a unique index refuses (those are redone one by
//! one for their answer) and otherwise writes all or nothing; a batch that fails there, or that has anything
//! more to check or write (tags, custom values, an invitation, a job title), is written person by person in one
//! transaction, each under a savepoint so that one failure fails only its own create. A create is
//! answered only after its batch committed: every 200 is durable.
use super::backend::{begin, commit, Backend, Sql};
use super::new_people;
use roster_core::model::NewPerson;
use roster_core::StoreError;
use sqlx::Pool;
use std::collections::HashSet;
use tokio::sync::{mpsc, oneshot};

type Job = (NewPerson, oneshot::Sender<Result<(), StoreError>>);

/// At most this many creates share a commit (bounds a batch's latency).
const MAX_BATCH: usize = 64;

pub struct Batcher {
    jobs: mpsc::Sender<Job>,
}

impl Batcher {
    pub fn start<B: Backend>(pool: Pool<B>) -> Self {
        let (jobs, rx) = mpsc::channel(1024);
        tokio::spawn(run(pool, rx));
        Self { jobs }
    }

    pub async fn create(&self, person: &NewPerson) -> Result<(), StoreError> {
        let (reply, answer) = oneshot::channel();
        let gone = || StoreError::Unavailable("the create batcher stopped".into());
        self.jobs.send((person.clone(), reply)).await.map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }
}

async fn run<B: Backend>(pool: Pool<B>, mut rx: mpsc::Receiver<Job>) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let people: Vec<&NewPerson> = batch.iter().map(|(p, _)| p).collect();
        let started = std::time::Instant::now();
        let results = write(&pool, &people).await;
        metrics::histogram!("roster_create_batch_size").record(people.len() as f64);
        metrics::histogram!("roster_create_batch_commit_seconds").record(started.elapsed().as_secs_f64());
        for ((_, reply), result) in batch.into_iter().zip(results) {
            let _ = reply.send(result);
        }
    }
}

/// One commit for the batch; a result per person.
async fn write<B: Backend>(pool: &Pool<B>, people: &[&NewPerson]) -> Vec<Result<(), StoreError>> {
    if people.iter().all(|p| new_people::is_plain(p)) {
        match new_people::insert_plain(pool, people).await {
            Ok(written) if written.len() == people.len() => return people.iter().map(|_| Ok(())).collect(),
            // The rest collided with a unique index (a taken email or phone): one read names each
            // one's field, and only a create whose holder has gone since is redone. One collision
            // no longer sends its whole batch down the slow path.
            Ok(written) => return answer_skipped(pool, people, &written).await,
            Err(e @ StoreError::Unavailable(_)) => return all_failed(&e, people.len()),
            Err(e) => tracing::debug!(error = %e, size = people.len(), "batch redone create by create"),
        }
    }
    one_by_one(pool, people)
        .await
        .unwrap_or_else(|e| all_failed(&e, people.len()))
}

/// The answers of a batch the fast path wrote but for the people in `written`'s complement.
pub(super) async fn answer_skipped<B: Backend>(
    pool: &Pool<B>,
    people: &[&NewPerson],
    written: &HashSet<String>,
) -> Vec<Result<(), StoreError>> {
    let skipped: Vec<&NewPerson> = people
        .iter()
        .copied()
        .filter(|p| !written.contains(&p.id.to_string()))
        .collect();
    let taken = new_people::taken_fields(pool, &skipped).await.unwrap_or_else(|e| {
        // Not named: each is redone alone, which answers it either way.
        tracing::debug!(error = %e, "skipped creates redone alone");
        vec![None; skipped.len()]
    });
    let redo: Vec<&NewPerson> = skipped
        .iter()
        .zip(&taken)
        .filter(|(_, field)| field.is_none())
        .map(|(p, _)| *p)
        .collect();
    let mut redone = match redo.is_empty() {
        true => Vec::new(),
        false => one_by_one(pool, &redo)
            .await
            .unwrap_or_else(|e| all_failed(&e, redo.len())),
    }
    .into_iter();
    let mut taken = taken.into_iter();
    people
        .iter()
        .map(|p| {
            if written.contains(&p.id.to_string()) {
                return Ok(());
            }
            match taken.next().flatten() {
                Some(field) => Err(StoreError::Conflict { field }),
                None => redone
                    .next()
                    .unwrap_or_else(|| Err(StoreError::Other("a create lost its answer".into()))),
            }
        })
        .collect()
}

/// The same failure for everyone: the batch as a whole was not written.
fn all_failed(e: &StoreError, n: usize) -> Vec<Result<(), StoreError>> {
    (0..n)
        .map(|_| {
            Err(match e {
                StoreError::Unavailable(m) => StoreError::Unavailable(m.clone()),
                other => StoreError::Other(other.to_string()),
            })
        })
        .collect()
}

/// The fallback: the batch in one transaction, each person under a savepoint when there are several.
async fn one_by_one<B: Backend>(
    pool: &Pool<B>,
    people: &[&NewPerson],
) -> Result<Vec<Result<(), StoreError>>, StoreError> {
    let mut tx = begin(pool).await?;
    let mut results = Vec::with_capacity(people.len());
    for p in people {
        if people.len() == 1 {
            results.push(new_people::insert_person(&mut tx, p).await);
            continue;
        }
        if let Err(e) = Sql::new("SAVEPOINT person").execute(&mut tx).await {
            results.push(Err(e));
            continue;
        }
        let result = new_people::insert_person(&mut tx, p).await;
        let undo = match &result {
            Err(_) => Sql::new("ROLLBACK TO person").execute(&mut tx).await.map(drop),
            Ok(()) => Ok(()),
        };
        let released = Sql::new("RELEASE person").execute(&mut tx).await.map(drop);
        results.push(result.and(undo).and(released));
    }
    if results.iter().all(Result::is_err) {
        // Nothing to keep: leave the transaction unfinished, it rolls back on drop.
        return Ok(results);
    }
    commit(tx).await?;
    Ok(results)
}
