use super::backend::Cells;
use super::backend::{begin, commit, Backend, On, Sql, Tx};
use super::project_people_list::project_people_queries;
use super::rows::{get, id};
use super::SqlStore;
use async_trait::async_trait;
use roster_core::dates::Millis;
use roster_core::model::{
    NewProject, Project, ProjectPeopleFilter, ProjectPerson, ProjectPersonData, WorkClassification,
};
use roster_core::store::StoreResult;
use roster_core::{CompanyId, Edit, Invalid, ProjectStore, StoreError};

const PROJECT_SQL: &str = "SELECT p.*, c.name AS company_name, c.procore_id AS company_procore_id \
                           FROM projects p JOIN companies c ON c.id = p.company_id";
pub(super) const PERSON_SQL: &str = "SELECT pp.*, wc.name AS work_classification_name FROM project_people pp \
                          JOIN projects p ON p.id = pp.project_id \
                          LEFT JOIN work_classifications wc ON wc.id = pp.work_classification_id";

fn project(r: &(impl Cells + ?Sized)) -> StoreResult<Project> {
    Ok(Project {
        id: get(r, "id")?,
        company_id: id(r, "company_id")?,
        company_name: get(r, "company_name")?,
        company_procore_id: get(r, "company_procore_id")?,
        name: get(r, "name")?,
        project_number: get(r, "project_number")?,
        active: get(r, "active")?,
        created_at: get(r, "created_at")?,
        updated_at: get(r, "updated_at")?,
    })
}

fn person(r: &(impl Cells + ?Sized)) -> StoreResult<ProjectPerson> {
    let wc_id: Option<i64> = get(r, "work_classification_id")?;
    let wc_name: Option<String> = get(r, "work_classification_name")?;
    Ok(ProjectPerson {
        id: get(r, "id")?,
        project_id: get(r, "project_id")?,
        data: ProjectPersonData {
            first_name: get(r, "first_name")?,
            last_name: get(r, "last_name")?,
            job_title: get(r, "job_title")?,
            origin_id: get(r, "origin_id")?,
            employee_id: get(r, "employee_id")?,
            is_employee: get(r, "is_employee")?,
            work_classification_id: wc_id,
        },
        work_classification: wc_id.zip(wc_name).map(|(id, name)| WorkClassification { id, name }),
        created_at: get(r, "created_at")?,
        updated_at: get(r, "updated_at")?,
    })
}

/// A project person's own columns, as `$1`..`$11` of the insert and the update: first_name,
/// last_name, job_title, origin_id, employee_id, is_employee, work_classification_id, and the
/// keys search and sort use (search_name, search_employee, sort_name, search_title).
fn bind_project_person<'q>(q: Sql<'q>, d: &'q ProjectPersonData) -> Sql<'q> {
    let keys = d.search_keys();
    q.bind(&d.first_name)
        .bind(&d.last_name)
        .bind(&d.job_title)
        .bind(&d.origin_id)
        .bind(&d.employee_id)
        .bind(d.is_employee)
        .bind(d.work_classification_id)
        .bind(keys.name)
        .bind(keys.employee)
        .bind(d.sort_key())
        .bind(keys.title)
}

/// Gives the project people written before migrations 0007 and 0010 their search and sort keys
/// (once: a row's `sort_name` is empty, or its `search_title` NULL, only until then).
pub(crate) async fn backfill_project_people_keys<B: Backend>(pool: &sqlx::Pool<B>) -> StoreResult<()> {
    let rows = Sql::new(
        "SELECT id, first_name, last_name, employee_id, job_title FROM project_people \
         WHERE sort_name = '' OR search_title IS NULL",
    )
    .fetch_all(pool)
    .await?;
    for r in rows {
        let d = ProjectPersonData {
            first_name: get(&r, "first_name")?,
            last_name: get(&r, "last_name")?,
            employee_id: get(&r, "employee_id")?,
            job_title: get(&r, "job_title")?,
            origin_id: None,
            is_employee: false,
            work_classification_id: None,
        };
        let keys = d.search_keys();
        Sql::new(
            "UPDATE project_people SET search_name = $1, search_employee = $2, sort_name = $3, search_title = $4 \
             WHERE id = $5",
        )
        .bind(keys.name)
        .bind(keys.employee)
        .bind(d.sort_key())
        .bind(keys.title)
        .bind(get::<i64>(&r, "id")?)
        .execute(pool)
        .await?;
    }
    Ok(())
}

/// The project must be the company's, and the work classification too.
async fn check_refs<B: Backend>(
    conn: &mut Tx<B>,
    company: CompanyId,
    project: i64,
    d: &ProjectPersonData,
) -> StoreResult<()> {
    let found: Option<i32> = Sql::new("SELECT 1 FROM projects WHERE id = $1 AND company_id = $2")
        .bind(project)
        .bind(company.to_string())
        .scalar_optional(&mut *conn)
        .await?;
    found.ok_or(StoreError::NotFound("project"))?;
    if let Some(wc) = d.work_classification_id {
        let found: Option<i32> = Sql::new("SELECT 1 FROM work_classifications WHERE id = $1 AND company_id = $2")
            .bind(wc)
            .bind(company.to_string())
            .scalar_optional(&mut *conn)
            .await?;
        found.ok_or_else(|| Invalid::unknown_reference("work_classification_id", wc))?;
    }
    Ok(())
}

/// The company's project person as the connection (or transaction) sees it.
async fn project_person_in<'o, B: Backend>(
    on: impl Into<On<'o, B>>,
    company: CompanyId,
    project: i64,
    pid: i64,
) -> StoreResult<ProjectPerson> {
    let row = Sql::new(format!(
        "{PERSON_SQL} WHERE pp.id = $1 AND pp.project_id = $2 AND p.company_id = $3"
    ))
    .bind(pid)
    .bind(project)
    .bind(company.to_string())
    .fetch_optional(on)
    .await?
    .ok_or(StoreError::NotFound("person"))?;
    person(&row)
}

#[async_trait]
impl<B: Backend> ProjectStore for SqlStore<B> {
    async fn create_project(&self, p: &NewProject) -> StoreResult<Project> {
        let id: i64 = Sql::new(
            "INSERT INTO projects (company_id, name, project_number, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(p.company_id.to_string())
        .bind(&p.name)
        .bind(&p.project_number)
        .bind(p.active)
        .bind(p.created_at)
        .bind(p.created_at)
        .scalar(&self.write)
        .await?;
        let row = Sql::new(format!("{PROJECT_SQL} WHERE p.id = $1"))
            .bind(id)
            .fetch_one(&self.write)
            .await?;
        project(&row)
    }

    async fn projects(&self, company: CompanyId) -> StoreResult<Vec<Project>> {
        let rows = Sql::new(format!("{PROJECT_SQL} WHERE p.company_id = $1 ORDER BY p.id"))
            .bind(company.to_string())
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(project).collect()
    }

    async fn project(&self, company: CompanyId, pid: i64) -> StoreResult<Project> {
        let row = Sql::new(format!("{PROJECT_SQL} WHERE p.id = $1 AND p.company_id = $2"))
            .bind(pid)
            .bind(company.to_string())
            .fetch_optional(&self.read)
            .await?
            .ok_or(StoreError::NotFound("project"))?;
        project(&row)
    }

    async fn create_work_classification(
        &self,
        company: CompanyId,
        name: &str,
        now: Millis,
    ) -> StoreResult<WorkClassification> {
        let id: i64 = Sql::new(
            "INSERT INTO work_classifications (company_id, name, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(company.to_string())
        .bind(name)
        .bind(now)
        .scalar(&self.write)
        .await?;
        Ok(WorkClassification {
            id,
            name: name.to_owned(),
        })
    }

    async fn work_classifications(&self, company: CompanyId) -> StoreResult<Vec<WorkClassification>> {
        let rows = Sql::new("SELECT id, name FROM work_classifications WHERE company_id = $1 ORDER BY id")
            .bind(company.to_string())
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(WorkClassification {
                    id: get(r, "id")?,
                    name: get(r, "name")?,
                })
            })
            .collect()
    }

    async fn create_project_person(
        &self,
        company: CompanyId,
        project: i64,
        d: &ProjectPersonData,
        now: Millis,
    ) -> StoreResult<ProjectPerson> {
        let mut tx = begin(&self.write).await?;
        check_refs(&mut tx, company, project, d).await?;
        let row = bind_project_person(
            Sql::new(
                "INSERT INTO project_people (first_name, last_name, job_title, origin_id, employee_id, is_employee, \
                 work_classification_id, search_name, search_employee, sort_name, search_title, project_id, created_at, \
                 updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
            ),
            d,
        )
        .bind(project)
        .bind(now)
        .bind(now)
        .fetch_one(&mut tx)
        .await?;
        let pid: i64 = get(&row, "id")?;
        let created = project_person_in(&mut tx, company, project, pid).await?;
        commit(tx).await?;
        Ok(created)
    }

    async fn update_project_person(
        &self,
        company: CompanyId,
        project: i64,
        pid: i64,
        edit: Edit<'_, ProjectPersonData>,
        now: Millis,
    ) -> StoreResult<ProjectPerson> {
        let mut tx = begin(&self.write).await?;
        // The row alone is locked (the read below has an outer join, which cannot be locked).
        let locked: Option<i64> = Sql::new(format!(
            "SELECT pp.id FROM project_people pp JOIN projects p ON p.id = pp.project_id \
             WHERE pp.id = $1 AND pp.project_id = $2 AND p.company_id = $3{}",
            B::LOCK_ROW_OF_PP
        ))
        .bind(pid)
        .bind(project)
        .bind(company.to_string())
        .scalar_optional(&mut tx)
        .await?;
        locked.ok_or(StoreError::NotFound("person"))?;
        let mut d = project_person_in(&mut tx, company, project, pid).await?.data;
        edit(&mut d)?;
        check_refs(&mut tx, company, project, &d).await?;
        bind_project_person(
            Sql::new(
                "UPDATE project_people SET first_name = $1, last_name = $2, job_title = $3, origin_id = $4, employee_id = $5, \
                 is_employee = $6, work_classification_id = $7, search_name = $8, search_employee = $9, sort_name = $10, \
                 search_title = $11, updated_at = CASE WHEN $12 > updated_at THEN $12 ELSE updated_at + 1 END \
                 WHERE id = $13 AND project_id = $14",
            ),
            &d,
        )
        .bind(now)
        .bind(pid)
        .bind(project)
        .execute(&mut tx)
        .await?;
        let updated = project_person_in(&mut tx, company, project, pid).await?;
        commit(tx).await?;
        Ok(updated)
    }

    async fn project_person(&self, company: CompanyId, project: i64, pid: i64) -> StoreResult<ProjectPerson> {
        project_person_in(&self.read, company, project, pid).await
    }

    async fn project_people(
        &self,
        company: CompanyId,
        project: i64,
        f: &ProjectPeopleFilter,
        page: u32,
        per_page: u32,
    ) -> StoreResult<(Vec<ProjectPerson>, i64)> {
        let (count, qb) = project_people_queries::<B>(company, project, f, page, per_page);
        let total: i64 = count.scalar(&self.read).await?;
        let rows = qb.fetch_all(&self.read).await?;
        Ok((rows.iter().map(person).collect::<StoreResult<_>>()?, total))
    }
}
