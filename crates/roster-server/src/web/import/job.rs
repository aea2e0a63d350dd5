//! An import running: its rows written by several lanes at once (a row's employee number or email
//! picks its lane, so rows about one person go in file order), each row one Create Person or
//! Update Person, its outcome kept for the progress bar and the report. Imports are kept in the
//! process that runs them, for an hour after they end.
use super::plan::{Action, Index, Plan};
use crate::routes::people::change::update_person_if;
use crate::routes::people::create_person;
use crate::state::AppState;
use roster_core::model::{Company, Status};
use roster_core::{CompanyId, IdRef, PersonId};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Rows written at once: enough for the store's group commit to batch them.
const LANES: usize = 16;
/// How long an ended import's report stays.
const KEPT: Duration = Duration::from_secs(3600);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Created,
    Updated,
    Refused,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Created => "created",
            Kind::Updated => "updated",
            Kind::Refused => "refused",
        }
    }
}

/// What became of one row.
#[derive(Clone)]
pub struct Outcome {
    pub line: usize,
    pub kind: Kind,
    pub person: Option<PersonId>,
    pub reason: String,
}

pub struct Job {
    pub id: Uuid,
    pub company: CompanyId,
    pub total: usize,
    done: AtomicUsize,
    outcomes: Mutex<Vec<Option<Outcome>>>,
    ended: Mutex<Option<Instant>>,
}

impl Job {
    pub fn done(&self) -> usize {
        self.done.load(Ordering::Acquire)
    }

    pub fn ended(&self) -> bool {
        self.ended.lock().is_ok_and(|e| e.is_some())
    }

    /// Every row's outcome so far, in file order.
    pub fn outcomes(&self) -> Vec<Outcome> {
        self.outcomes
            .lock()
            .map(|o| o.iter().flatten().cloned().collect())
            .unwrap_or_default()
    }

    /// How many rows ended each way.
    pub fn counts(&self) -> [(Kind, usize); 3] {
        let all = self.outcomes();
        [Kind::Created, Kind::Updated, Kind::Refused].map(|k| (k, all.iter().filter(|o| o.kind == k).count()))
    }

    fn record(&self, row: usize, outcome: Outcome) {
        if let Ok(mut o) = self.outcomes.lock() {
            o[row] = Some(outcome);
        }
        self.done.fetch_add(1, Ordering::AcqRel);
    }
}

/// The imports of this process.
#[derive(Default)]
pub struct Imports {
    jobs: Mutex<HashMap<Uuid, Arc<Job>>>,
}

impl Imports {
    /// A company's import, if it is theirs.
    pub fn get(&self, id: Uuid, company: CompanyId) -> Option<Arc<Job>> {
        let jobs = self.jobs.lock().ok()?;
        jobs.get(&id).filter(|j| j.company == company).cloned()
    }

    /// A new import of `total` rows, unless the company has one running (two at once could
    /// both create a person one file names).
    fn begin(&self, company: CompanyId, total: usize) -> Result<Arc<Job>, &'static str> {
        let mut jobs = self.jobs.lock().map_err(|_| "imports unavailable")?;
        jobs.retain(|_, j| !j.ended.lock().is_ok_and(|e| e.is_some_and(|at| at.elapsed() > KEPT)));
        if jobs.values().any(|j| j.company == company && !j.ended()) {
            return Err("An import is running for this company: wait until it ends.");
        }
        let job = Arc::new(Job {
            id: Uuid::new_v4(),
            company,
            total,
            done: AtomicUsize::new(0),
            outcomes: Mutex::new(vec![None; total]),
            ended: Mutex::new(None),
        });
        jobs.insert(job.id, job.clone());
        Ok(job)
    }
}

/// Starts importing the plan's rows into the company; the job answers how far it is.
pub fn start(state: &AppState, company: Company, plan: Plan, index: Index) -> Result<Arc<Job>, &'static str> {
    let job = state.imports.begin(company.id, plan.sheet.rows.len())?;
    let mut lanes: Vec<Vec<usize>> = vec![Vec::new(); LANES];
    for (i, row) in plan.sheet.rows.iter().enumerate() {
        let (number, email) = plan.keys(row);
        let mut h = std::collections::hash_map::DefaultHasher::new();
        match (number, email) {
            (Some(n), _) => n.hash(&mut h),
            (None, Some(e)) => e.normalized().hash(&mut h),
            (None, None) => i.hash(&mut h),
        }
        lanes[(h.finish() as usize) % LANES].push(i);
    }
    let (state, plan, index, company) = (
        state.clone(),
        Arc::new(plan),
        Arc::new(Mutex::new(index)),
        Arc::new(company),
    );
    let running = job.clone();
    tokio::spawn(async move {
        let lanes = lanes.into_iter().map(|rows| {
            let (state, plan, index, company, job) = (
                state.clone(),
                plan.clone(),
                index.clone(),
                company.clone(),
                running.clone(),
            );
            async move {
                for i in rows {
                    let outcome = import_row(&state, &company, &plan, &index, i).await;
                    job.record(i, outcome);
                }
            }
        });
        futures::future::join_all(lanes).await;
        if let Ok(mut ended) = running.ended.lock() {
            *ended = Some(Instant::now());
        }
        let [(_, created), (_, updated), (_, refused)] = running.counts();
        tracing::info!(import = %running.id, created, updated, refused, "import ended");
    });
    Ok(job)
}

/// One row: its person created or updated in one store transaction, or the reason not.
async fn import_row(state: &AppState, company: &Company, plan: &Plan, index: &Mutex<Index>, i: usize) -> Outcome {
    let row = &plan.sheet.rows[i];
    let refused = |reason: String| Outcome {
        line: row.line,
        kind: Kind::Refused,
        person: None,
        reason,
    };
    let prepared = match index.lock() {
        Ok(index) => plan.prepare(row, &index),
        Err(_) => return refused("The import stopped".into()),
    };
    let (action, body) = match prepared {
        Ok(p) => p,
        Err(reason) => return refused(reason),
    };
    let (kind, written) = match action {
        Action::Create => (Kind::Created, create_person(state, company, body.clone()).await),
        Action::Update(id, key) => {
            let still = move |d: &roster_core::model::PersonData| key.check(d);
            let updated = update_person_if(state, company, IdRef::Uuid(id.0), &body, &still).await;
            (Kind::Updated, updated.map(|p| p.id))
        }
    };
    match written {
        Ok(id) => {
            if kind == Kind::Created {
                let (number, email) = plan.keys(row);
                let active = body
                    .status
                    .clone()
                    .given()
                    .is_none_or(|s| Status::from(s) == Status::Active);
                if let Ok(mut index) = index.lock() {
                    index.add(id, number.as_deref(), email.as_ref(), active);
                }
            }
            Outcome {
                line: row.line,
                kind,
                person: Some(id),
                reason: String::new(),
            }
        }
        Err(e) => refused(e.details.into_owned()),
    }
}
