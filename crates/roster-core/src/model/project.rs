//! Procore REST v1.0: projects, work classifications and project (reference) people. Integer ids.
use super::set_if_sent;
use crate::dates::Millis;
use crate::input::{Body, MAX_NAME, MAX_TEXT};
use crate::{CompanyId, Invalid};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    pub id: i64,
    pub company_id: CompanyId,
    pub company_name: String,
    pub company_procore_id: i64,
    pub name: String,
    pub project_number: Option<String>,
    pub active: bool,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// `{"name", "project_number"?, "active"?}` (the inside of `{"project": ...}`).
#[derive(Debug, Clone)]
pub struct NewProject {
    pub company_id: CompanyId,
    pub name: String,
    pub project_number: Option<String>,
    pub active: bool,
    pub created_at: Millis,
}

impl NewProject {
    pub fn parse(company_id: CompanyId, b: &Body, now: Millis) -> Result<Self, Invalid> {
        Ok(Self {
            company_id,
            name: b.required("name", |b, k| b.name(k, MAX_TEXT))?,
            project_number: b.text("project_number", 100)?,
            active: b.boolean("active")?.unwrap_or(true),
            created_at: now,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkClassification {
    pub id: i64,
    pub name: String,
}

/// A reference person of a project's directory: never a login.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectPerson {
    pub id: i64,
    pub project_id: i64,
    pub data: ProjectPersonData,
    pub work_classification: Option<WorkClassification>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProjectPersonData {
    pub first_name: Option<String>,
    pub last_name: String,
    pub job_title: Option<String>,
    /// The caller's external id: unique within the project.
    pub origin_id: Option<String>,
    pub employee_id: Option<String>,
    pub is_employee: bool,
    pub work_classification_id: Option<i64>,
}

impl ProjectPersonData {
    /// Create: `last_name` required, the rest optional.
    pub fn parse(b: &Body) -> Result<Self, Invalid> {
        let mut d = Self {
            last_name: b.required("last_name", |b, k| b.name(k, MAX_NAME))?,
            ..Self::default()
        };
        d.apply(b, true)?;
        Ok(d)
    }

    /// Update: only the sent fields change; `last_name` cannot be cleared.
    pub fn update(&self, b: &Body) -> Result<Self, Invalid> {
        let mut d = self.clone();
        if b.sent("last_name") {
            d.last_name = b.required("last_name", |b, k| b.name(k, MAX_NAME))?;
        }
        d.apply(b, false)?;
        Ok(d)
    }

    fn apply(&mut self, b: &Body, creating: bool) -> Result<(), Invalid> {
        set_if_sent!(
            b,
            creating,
            self.first_name,
            "first_name",
            b.text("first_name", MAX_NAME)
        );
        set_if_sent!(b, creating, self.job_title, "job_title", b.text("job_title", MAX_TEXT));
        set_if_sent!(b, creating, self.origin_id, "origin_id", origin_id(b));
        set_if_sent!(
            b,
            creating,
            self.employee_id,
            "employee_id",
            b.text("employee_id", MAX_TEXT)
        );
        set_if_sent!(
            b,
            creating,
            self.work_classification_id,
            "work_classification_id",
            b.integer("work_classification_id", 1, i64::MAX)
        );
        if b.sent("is_employee") {
            self.is_employee = b.boolean("is_employee")?.unwrap_or(false);
        }
        Ok(())
    }

    /// `F. Last` style initials, as Procore's web view shows them.
    /// What `filters[search]` matches against (the name, then the employee id), lowercased by
    /// Rust's Unicode rules, so that every store finds `änne` in `Änne` (SQLite's own LOWER only
    /// knows ASCII).
    pub fn search_keys(&self) -> (String, String) {
        let name = format!("{} {}", self.first_name.as_deref().unwrap_or_default(), self.last_name);
        (
            name.to_lowercase(),
            self.employee_id.as_deref().unwrap_or_default().to_lowercase(),
        )
    }

    /// The order of `sort=name` (last name, then first name, case-insensitively), as a key that
    /// every store compares byte by byte: the same order on SQLite and PostgreSQL.
    pub fn sort_key(&self) -> String {
        format!(
            "{}\u{1}{}",
            self.last_name.to_lowercase(),
            self.first_name.as_deref().unwrap_or_default().to_lowercase()
        )
    }

    pub fn initials(&self) -> String {
        let first = |s: &str| {
            s.chars()
                .next()
                .map(|c| c.to_uppercase().collect::<String>())
                .unwrap_or_default()
        };
        format!(
            "{}{}",
            self.first_name.as_deref().map(first).unwrap_or_default(),
            first(&self.last_name)
        )
    }
}

/// Origin ids arrive as strings or numbers (Procore's own clients send both).
fn origin_id(b: &Body) -> Result<Option<String>, Invalid> {
    match b.integer("origin_id", i64::MIN, i64::MAX) {
        Ok(Some(n)) => Ok(Some(n.to_string())),
        _ => b.text("origin_id", MAX_TEXT).map(|o| o.filter(|s| !s.is_empty())),
    }
}

/// `filters[...]` and `sort` of the project people list.
#[derive(Debug, Clone, Default)]
pub struct ProjectPeopleFilter {
    /// Case-insensitive, in first name, last name, full name or employee id.
    pub search: Option<String>,
    pub is_employee: Option<bool>,
    pub sort_by_name: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parse_and_update() {
        let v = json!({"last_name": "Lee", "first_name": "ann", "origin_id": 42});
        let d = ProjectPersonData::parse(&Body::object(&v).unwrap()).unwrap();
        assert_eq!(
            (d.origin_id.as_deref(), d.is_employee, d.initials().as_str()),
            (Some("42"), false, "AL")
        );
        let u = json!({"is_employee": true, "first_name": null});
        let d2 = d.update(&Body::object(&u).unwrap()).unwrap();
        assert!(d2.is_employee && d2.first_name.is_none() && d2.origin_id.is_some());
        let missing = json!({"first_name": "x"});
        assert_eq!(
            ProjectPersonData::parse(&Body::object(&missing).unwrap())
                .unwrap_err()
                .field,
            "last_name"
        );
    }
}
