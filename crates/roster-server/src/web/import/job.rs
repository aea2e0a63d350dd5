//! An import running: its rows written a chunk at a time, in file order; in a chunk the new
//! people are created at once (the store's group commit batches them) and the updates are written
//! with one commit (`update_people`), each row still its own Create Person or Update Person that a
//! refusal leaves unwritten. A chunk ends before a row that shares an employee number or email
//! with a row of it, so rows about one person go in file order. Each row's outcome is kept for the
//! progress bar and the report. Imports are kept in the process that runs them, for an hour after
//! they end.
use super::plan::{Action, Index, Plan};
use crate::routes::people::change::{update_people_if, Still};
use crate::routes::people::create_person;
use crate::state::AppState;
use roster_core::model::{Company, Status};
use roster_core::{CompanyId, IdRef, PersonId};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Rows written at once: creates batched by the store's group commit, updates with one commit.
const CHUNK: usize = 256;
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
    let (state, running) = (state.clone(), job.clone());
    tokio::spawn(async move {
        let index = Mutex::new(index);
        let mut from = 0;
        while from < plan.sheet.rows.len() {
            let to = chunk_end(&plan, from);
            import_chunk(&state, &company, &plan, &index, from..to, &running).await;
            from = to;
        }
        if let Ok(mut ended) = running.ended.lock() {
            *ended = Some(Instant::now());
        }
        let [(_, created), (_, updated), (_, refused)] = running.counts();
        tracing::info!(import = %running.id, created, updated, refused, "import ended");
    });
    Ok(job)
}

/// Where the chunk that begins at row `from` ends: after `CHUNK` rows, or before a row with an
/// employee number or email a row of the chunk has.
fn chunk_end(plan: &Plan, from: usize) -> usize {
    let mut seen = HashSet::new();
    let rows = &plan.sheet.rows;
    let mut to = from;
    while to < rows.len() && to - from < CHUNK {
        let (number, email) = plan.keys(&rows[to]);
        let keys = [
            number.map(|n| format!("n:{n}")),
            email.map(|e| format!("e:{}", e.normalized())),
        ];
        if keys.iter().flatten().any(|k| seen.contains(k)) {
            break;
        }
        seen.extend(keys.into_iter().flatten());
        to += 1;
    }
    to.max(from + 1)
}

/// The rows `range` of the plan: each refused, created or updated, and its outcome recorded.
async fn import_chunk(
    state: &AppState,
    company: &Company,
    plan: &Plan,
    index: &Mutex<Index>,
    range: std::ops::Range<usize>,
    job: &Job,
) {
    let outcome = |i: usize, kind, person, reason: String| Outcome {
        line: plan.sheet.rows[i].line,
        kind,
        person,
        reason,
    };
    let (mut creates, mut updates) = (Vec::new(), Vec::new());
    for i in range {
        let prepared = match index.lock() {
            Ok(index) => plan.prepare(&plan.sheet.rows[i], &index),
            Err(_) => Err("The import stopped".into()),
        };
        match prepared {
            Err(reason) => job.record(i, outcome(i, Kind::Refused, None, reason)),
            Ok((Action::Create, body)) => creates.push((i, body)),
            Ok((Action::Update(id, key), body)) => updates.push((i, id, key, body)),
        }
    }
    let created = futures::future::join_all(
        creates
            .iter()
            .map(|(_, body)| create_person(state, company, body.clone())),
    );
    let stills: Vec<_> = updates
        .iter()
        .map(|(_, _, key, _)| move |d: &roster_core::model::PersonData| key.check(d))
        .collect();
    let items: Vec<(IdRef, &crate::bodies::people::PersonBody, Still<'_>)> = updates
        .iter()
        .zip(&stills)
        .map(|((_, id, _, body), still)| (IdRef::Uuid(id.0), body, still as Still<'_>))
        .collect();
    let (created, updated) = tokio::join!(created, update_people_if(state, company, &items));
    // `join_all` answers in the order of `creates`.
    for ((i, body), written) in creates.iter().zip(created) {
        let i = *i;
        match written {
            Ok(id) => {
                let (number, email) = plan.keys(&plan.sheet.rows[i]);
                let active = body
                    .status
                    .clone()
                    .given()
                    .is_none_or(|s| Status::from(s) == Status::Active);
                if let Ok(mut index) = index.lock() {
                    index.add(id, number.as_deref(), email.as_ref(), active);
                }
                job.record(i, outcome(i, Kind::Created, Some(id), String::new()));
            }
            Err(e) => job.record(i, outcome(i, Kind::Refused, None, e.details.into_owned())),
        }
    }
    match updated {
        Ok(answers) => {
            for ((i, ..), answer) in updates.iter().zip(answers) {
                job.record(
                    *i,
                    match answer {
                        Ok(p) => outcome(*i, Kind::Updated, Some(p.id), String::new()),
                        Err(e) => outcome(*i, Kind::Refused, None, e.details.into_owned()),
                    },
                );
            }
        }
        Err(e) => {
            for (i, ..) in &updates {
                job.record(*i, outcome(*i, Kind::Refused, None, e.details.to_string()));
            }
        }
    }
}
