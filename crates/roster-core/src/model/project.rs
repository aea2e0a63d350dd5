//! Procore REST v1.0: projects, work classifications and project (reference) people. Integer ids.
use crate::dates::Millis;
use crate::CompanyId;

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

/// A project to create.
#[derive(Debug, Clone)]
pub struct NewProject {
    pub company_id: CompanyId,
    pub name: String,
    pub project_number: Option<String>,
    pub active: bool,
    pub created_at: Millis,
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
    /// The lowercased keys `filters[search]` and sorting match against: the name (`first last`),
    /// the employee id and the job title, lowercased by Rust's Unicode rules, so that every store
    /// finds `änne` in `Änne` (SQLite's own LOWER only knows ASCII).
    pub fn search_keys(&self) -> SearchKeys {
        let lower = |s: &Option<String>| s.as_deref().unwrap_or_default().to_lowercase();
        SearchKeys {
            name: format!("{} {}", self.first_name.as_deref().unwrap_or_default(), self.last_name).to_lowercase(),
            employee: lower(&self.employee_id),
            title: lower(&self.job_title),
        }
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

    /// `F. Last` style initials, as Procore's web view shows them.
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

/// A project person's lowercased search keys (`ProjectPersonData::search_keys`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchKeys {
    pub name: String,
    pub employee: String,
    pub title: String,
}

/// A key of the project people list's `sort`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectPeopleSort {
    /// Last name, then first name, case-insensitively.
    Name,
    JobTitle,
    /// No reference person has a vendor: every key is equal.
    VendorName,
    /// No reference person has a permission template: every key is equal.
    PermissionTemplate,
}

/// `filters[...]` and `sort` of the project people list.
#[derive(Debug, Clone, Default)]
pub struct ProjectPeopleFilter {
    /// Case-insensitive, in the first, last or full name or the job title.
    pub search: Option<String>,
    pub is_employee: Option<bool>,
    /// Exactly this job title.
    pub job_title: Option<String>,
    /// Exactly this origin id (Roster's filter, as Procore's Project Users list has one).
    pub origin_id: Option<String>,
    /// Exactly this employee id (Roster's filter).
    pub employee_id: Option<String>,
    /// Every project of the company, not only the path's (`filters[include_company_people]`).
    pub whole_company: bool,
    /// In order of precedence; `true` for descending. Ties go by id.
    pub sort: Vec<(ProjectPeopleSort, bool)>,
}
