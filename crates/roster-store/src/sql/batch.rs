//! Group commit: concurrent creates share one transaction and one commit. SQLite has a single
//! writer, so a create otherwise waits for every earlier commit's fsync; PostgreSQL spends most of
//! a lone create on its round trips and commit. Batching the creates that queued up meanwhile turns
//! N commits into one and N × 2 row statements into 2. When one create of a batch fails (a taken
//! email, a bad reference), the batch is redone with a savepoint per create, so that one fails
//! alone. A create is answered only after its batch committed: every 200 is durable.
// Expanded once per backend (sqlite/, postgres/), where `Db` names its database type.
macro_rules! batch {
    () => {
use super::{db_err, new_people};
use roster_core::model::NewPerson;
use roster_core::StoreError;
use sqlx::{Executor, Pool};
use tokio::sync::{mpsc, oneshot};

type DbPool = Pool<Db>;

type Job = (NewPerson, oneshot::Sender<Result<(), StoreError>>);

/// At most this many creates share a commit (bounds a batch's latency).
const MAX_BATCH: usize = 64;

#[derive(Clone)]
pub struct Batcher {
    jobs: mpsc::Sender<Job>,
}

impl Batcher {
    pub fn start(pool: DbPool) -> Self {
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

async fn run(pool: DbPool, mut rx: mpsc::Receiver<Job>) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let people: Vec<&NewPerson> = batch.iter().map(|(p, _)| p).collect();
        let results = write(&pool, &people).await;
        for ((_, reply), result) in batch.into_iter().zip(results) {
            let _ = reply.send(result);
        }
    }
}

/// One transaction for the batch; a result per person, all errors if the commit fails.
async fn write(pool: &DbPool, people: &[&NewPerson]) -> Vec<Result<(), StoreError>> {
    let all_failed = |e: sqlx::Error| {
        let message = e.to_string();
        let unavailable = matches!(db_err(e), StoreError::Unavailable(_));
        people
            .iter()
            .map(|_| {
                Err(if unavailable {
                    StoreError::Unavailable(message.clone())
                } else {
                    StoreError::Other(message.clone())
                })
            })
            .collect()
    };
    // Fast path: the whole batch in one go. Failures are rare (a taken email, a bad reference);
    // when one happens, the batch is redone with a savepoint per person.
    if people.iter().all(|p| new_people::is_plain(p)) {
        match new_people::insert_plain(pool, people).await {
            Ok(()) => return people.iter().map(|_| Ok(())).collect(),
            Err(StoreError::Unavailable(m)) => {
                return people.iter().map(|_| Err(StoreError::Unavailable(m.clone()))).collect()
            }
            Err(e) => tracing::debug!(error = %e, size = people.len(), "batch redone create by create"),
        }
    } else if people.len() > 1 {
        if let Ok(mut tx) = pool.begin_with(Backend::BEGIN_WRITE).await {
            match new_people::insert_people(&mut tx, people).await {
                Ok(()) => {
                    return match tx.commit().await {
                        Ok(()) => people.iter().map(|_| Ok(())).collect(),
                        Err(e) => all_failed(e),
                    }
                }
                Err(e) => tracing::debug!(error = %e, size = people.len(), "batch redone create by create"),
            }
        }
    }
    let mut tx = match pool.begin_with(Backend::BEGIN_WRITE).await {
        Ok(tx) => tx,
        Err(e) => return all_failed(e),
    };
    let mut results = Vec::with_capacity(people.len());
    for p in people {
        if people.len() == 1 {
            results.push(new_people::insert_person(&mut tx, p).await);
            continue;
        }
        if let Err(e) = tx.execute("SAVEPOINT person").await {
            results.push(Err(db_err(e)));
            continue;
        }
        let result = new_people::insert_person(&mut tx, p).await;
        let undo = if result.is_err() {
            tx.execute("ROLLBACK TO person").await.map(drop)
        } else {
            Ok(())
        };
        let released = tx.execute("RELEASE person").await.map(drop);
        results.push(match (result, undo.and(released)) {
            (Err(e), _) => Err(e),
            (Ok(()), Err(e)) => Err(db_err(e)),
            (Ok(()), Ok(())) => Ok(()),
        });
    }
    if results.iter().all(Result::is_err) {
        // Nothing to keep: leave the transaction unfinished, it rolls back on drop.
        return results;
    }
    match tx.commit().await {
        Ok(()) => results,
        Err(e) => all_failed(e),
    }
}
    };
}
pub(crate) use batch;
