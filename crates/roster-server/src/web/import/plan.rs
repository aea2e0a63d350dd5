//! What an import does with each row: the person it matches (by employee number, else by email),
//! and the API body it sends to create or update them.
use super::sheet::{self, Catalogs, Row, Sheet, Target};
use crate::bodies::people::PersonBody;
use crate::routes::people::list::batches;
use futures::StreamExt;
use roster_core::email::Email;
use roster_core::model::{PersonData, PersonFilter, Status};
use roster_core::{CompanyId, Invalid, PersonId, Store, StoreError};
use std::collections::HashMap;
use std::sync::Arc;

/// A sheet, its columns' targets and the company's catalogs.
pub struct Plan {
    pub sheet: Sheet,
    pub mapping: Vec<Target>,
    pub catalogs: Catalogs,
}

/// How a row found its person: the key, which the locked person must still have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    EmployeeNumber(String),
    /// Normalized.
    Email(String),
}

impl Key {
    /// Whether the person (as locked in the write's transaction) still has this key.
    pub fn check(&self, d: &PersonData) -> Result<(), Invalid> {
        let holds = match self {
            Key::EmployeeNumber(n) => d.employee_number.as_deref() == Some(n.as_str()),
            Key::Email(e) => d.email.as_ref().is_some_and(|m| m.normalized() == *e),
        };
        holds.then_some(()).ok_or_else(|| {
            Invalid::new(
                "person",
                "changedMeanwhile",
                "The person this row matched was changed while importing: import the row again",
            )
        })
    }
}

/// What a row does.
pub enum Action {
    Create,
    Update(PersonId, Key),
}

/// The company's people by employee number and by email (each with whether they are active).
#[derive(Default)]
pub struct Index {
    by_number: HashMap<String, Vec<PersonId>>,
    by_email: HashMap<String, Vec<(PersonId, bool)>>,
}

impl Index {
    /// Every person of the company, read a thousand at a time.
    pub async fn load(store: Arc<dyn Store>, company: CompanyId) -> Result<Self, StoreError> {
        let mut index = Index::default();
        let mut stream = std::pin::pin!(batches(store, company, PersonFilter::default(), 1000));
        while let Some(batch) = stream.next().await {
            let batch = batch.map_err(|e| StoreError::Other(e.to_string()))?;
            for p in &batch.people {
                let active = p.data.status == Status::Active;
                index.add(p.id, p.data.employee_number.as_deref(), p.data.email.as_ref(), active);
            }
        }
        Ok(index)
    }

    pub fn add(&mut self, id: PersonId, number: Option<&str>, email: Option<&Email>, active: bool) {
        if let Some(n) = number {
            self.by_number.entry(n.to_owned()).or_default().push(id);
        }
        if let Some(e) = email {
            self.by_email.entry(e.normalized()).or_default().push((id, active));
        }
    }

    /// The person a row is about: by employee number when the row has one, else by email (the
    /// active person with it, else the one inactive person), else none: a new person.
    pub fn find(&self, number: Option<&str>, email: Option<&Email>) -> Result<Action, String> {
        if let Some(n) = number {
            return match self.by_number.get(n).map(Vec::as_slice).unwrap_or_default() {
                [] => Ok(Action::Create),
                [id] => Ok(Action::Update(*id, Key::EmployeeNumber(n.to_owned()))),
                several => Err(format!("{} people have employee number {n}", several.len())),
            };
        }
        let Some(email) = email else { return Ok(Action::Create) };
        let norm = email.normalized();
        let with = self.by_email.get(&norm).map(Vec::as_slice).unwrap_or_default();
        let active = with.iter().find(|(_, active)| *active);
        match (active, with) {
            (Some((id, _)), _) | (None, [(id, _)]) => Ok(Action::Update(*id, Key::Email(norm))),
            (None, []) => Ok(Action::Create),
            (None, several) => Err(format!(
                "{} inactive people have the email {}",
                several.len(),
                email.as_str()
            )),
        }
    }
}

impl Plan {
    fn cell(&self, row: &Row, target: &Target) -> Option<String> {
        let column = self.mapping.iter().position(|t| t == target)?;
        Some(row.cell(column).to_owned()).filter(|c| !c.is_empty())
    }

    /// The row's employee number and email (as typed; an email that is none is no key).
    pub fn keys(&self, row: &Row) -> (Option<String>, Option<Email>) {
        let number = self.cell(row, &Target::Text("employee_number"));
        let email = self
            .cell(row, &Target::Text("email"))
            .and_then(|e| Email::parse("email", &e).ok());
        (number, email)
    }

    /// What the row does and the body it sends, checked as far as can be without writing (the
    /// body's own rules; the store's, such as an email already used, are met at the write).
    pub fn prepare(&self, row: &Row, index: &Index) -> Result<(Action, PersonBody), String> {
        let (number, email) = self.keys(row);
        let action = index.find(number.as_deref(), email.as_ref())?;
        let new = matches!(action, Action::Create);
        let json = sheet::body(row, &self.sheet.header, &self.mapping, &self.catalogs, new)?;
        let body: PersonBody = crate::bodies::parse(json).map_err(|e| e.details)?;
        if new {
            body.clone().create().map_err(|e| e.details)?;
        } else {
            body.changes().map_err(|e| e.details)?;
        }
        Ok((action, body))
    }

    /// What is wrong with the mapping as a whole: a field mapped twice, or no column to create
    /// people by (first and last name) nor to find them by (employee number or email).
    pub fn mapping_problem(&self) -> Option<String> {
        let mut seen = Vec::new();
        for t in self.mapping.iter().filter(|t| **t != Target::Ignore) {
            if seen.contains(&t) {
                return Some(format!("Two columns are mapped to {}: map each field once.", t.key()));
            }
            seen.push(t);
        }
        let mapped = |t: &Target| self.mapping.contains(t);
        let keyed = mapped(&Target::Text("employee_number")) || mapped(&Target::Text("email"));
        let named = mapped(&Target::Text("first_name")) && mapped(&Target::Text("last_name"));
        (!keyed && !named).then(|| {
            "Map columns to first and last name (to create people), or to employee number or email (to update them).".into()
        })
    }
}
