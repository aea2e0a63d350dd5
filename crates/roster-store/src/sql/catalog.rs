use super::backend::{begin, commit, Backend, Sql, Tx};
use super::catalog_rows::{
    bind_job_title, bind_tag, group, job_title, tag, JOB_TITLE_INSERT, JOB_TITLE_UPDATE, TAG_INSERT, TAG_UPDATE,
};
use super::rows::{get, id, json_list, to_json_list};
use super::SqlStore;
use async_trait::async_trait;
use roster_core::model::{Group, JobTitle, NotificationProfile, PermissionLevel, Tag};
use roster_core::store::StoreResult;
use roster_core::{CatalogStore, CompanyId, Edit, GroupId, Invalid, JobTitleId, StoreError, TagId};

/// Every id must be a group of `company`, else a 400 naming `field`.
pub(crate) async fn check_groups<B: Backend>(
    conn: &mut Tx<B>,
    company: CompanyId,
    ids: &[GroupId],
    field: &str,
) -> StoreResult<()> {
    for g in ids {
        let found: Option<i32> = Sql::new(format!(
            "SELECT 1 FROM groups WHERE id = $1 AND company_id = $2{}",
            B::KEY_SHARE
        ))
        .bind(g.to_string())
        .bind(company.to_string())
        .scalar_optional(&mut *conn)
        .await?;
        if found.is_none() {
            return Err(Invalid::unknown_reference(field, g).into());
        }
    }
    Ok(())
}

/// The row of `table` with this id in the company, locked for the rest of the transaction.
pub(super) async fn locked_row<B: Backend>(
    conn: &mut Tx<B>,
    table: &str,
    company: CompanyId,
    id: String,
    what: &'static str,
) -> StoreResult<B::Row> {
    Sql::new(format!(
        "SELECT * FROM {table} WHERE id = $1 AND company_id = $2{}",
        B::LOCK_ROW
    ))
    .bind(id)
    .bind(company.to_string())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StoreError::NotFound(what))
}

/// Removes a deleted group from the `group_ids` of the company's job titles or tags.
async fn forget_group<B: Backend>(
    conn: &mut Tx<B>,
    table: &str,
    company: CompanyId,
    group: GroupId,
) -> StoreResult<()> {
    let rows = Sql::new(format!(
        "SELECT id, group_ids FROM {table} WHERE company_id = $1 AND group_ids LIKE $2"
    ))
    .bind(company.to_string())
    .bind(format!("%{group}%"))
    .fetch_all(&mut *conn)
    .await?;
    for row in rows {
        let mut ids: Vec<GroupId> = json_list(&row, "group_ids")?;
        ids.retain(|g| *g != group);
        Sql::new(format!("UPDATE {table} SET group_ids = $1 WHERE id = $2"))
            .bind(to_json_list(&ids))
            .bind(get::<String>(&row, "id")?)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

impl<B: Backend> SqlStore<B> {
    pub(super) async fn one(
        &self,
        sql: &str,
        company: CompanyId,
        id: String,
        what: &'static str,
    ) -> StoreResult<B::Row> {
        Sql::new(sql)
            .bind(id)
            .bind(company.to_string())
            .fetch_optional(&self.read)
            .await?
            .ok_or(StoreError::NotFound(what))
    }

    pub(super) async fn all(&self, sql: &str, company: CompanyId) -> StoreResult<Vec<B::Row>> {
        Sql::new(sql).bind(company.to_string()).fetch_all(&self.read).await
    }

    pub(super) async fn delete_one(
        &self,
        sql: &str,
        company: CompanyId,
        id: String,
        what: &'static str,
    ) -> StoreResult<()> {
        let done = Sql::new(sql)
            .bind(id)
            .bind(company.to_string())
            .execute(&self.write)
            .await?;
        if done == 0 {
            return Err(StoreError::NotFound(what));
        }
        Ok(())
    }
}

#[async_trait]
impl<B: Backend> CatalogStore for SqlStore<B> {
    async fn permission_levels(&self, company: CompanyId) -> StoreResult<Vec<PermissionLevel>> {
        let rows = self
            .all(
                "SELECT * FROM permission_levels WHERE company_id = $1 ORDER BY seq",
                company,
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(PermissionLevel {
                    id: id(r, "id")?,
                    name: get(r, "name")?,
                    is_admin: get(r, "is_admin")?,
                })
            })
            .collect()
    }

    async fn notification_profiles(&self, company: CompanyId) -> StoreResult<Vec<NotificationProfile>> {
        let rows = self
            .all(
                "SELECT * FROM notification_profiles WHERE company_id = $1 ORDER BY seq",
                company,
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(NotificationProfile {
                    id: id(r, "id")?,
                    name: get(r, "name")?,
                    created_at: get(r, "created_at")?,
                })
            })
            .collect()
    }

    async fn groups(&self, company: CompanyId) -> StoreResult<Vec<Group>> {
        self.all("SELECT * FROM groups WHERE company_id = $1 ORDER BY seq", company)
            .await?
            .iter()
            .map(group)
            .collect()
    }

    async fn group(&self, company: CompanyId, gid: GroupId) -> StoreResult<Group> {
        group(
            &self
                .one(
                    "SELECT * FROM groups WHERE id = $1 AND company_id = $2",
                    company,
                    gid.to_string(),
                    "group",
                )
                .await?,
        )
    }

    async fn insert_group(&self, g: &Group) -> StoreResult<()> {
        Sql::new(
            "INSERT INTO groups (id, company_id, name, timezone, color, address_1, address_2, city_town, \
             state_province, zipcode, country, contact_name, contact_phone, contact_email, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        )
        .bind(g.id.to_string())
        .bind(g.company_id.to_string())
        .bind(&g.name)
        .bind(&g.timezone)
        .bind(&g.color)
        .bind(&g.address_1)
        .bind(&g.address_2)
        .bind(&g.city_town)
        .bind(&g.state_province)
        .bind(&g.zipcode)
        .bind(&g.country)
        .bind(&g.contact_name)
        .bind(&g.contact_phone)
        .bind(&g.contact_email)
        .bind(g.created_at)
        .bind(g.updated_at)
        .execute(&self.write)
        .await
        .map(drop)
    }

    async fn update_group(&self, company: CompanyId, gid: GroupId, edit: Edit<'_, Group>) -> StoreResult<Group> {
        let mut tx = begin(&self.write).await?;
        let mut g = group(&locked_row(&mut tx, "groups", company, gid.to_string(), "group").await?)?;
        edit(&mut g)?;
        Sql::new(
            "UPDATE groups SET name = $1, timezone = $2, color = $3, address_1 = $4, address_2 = $5, city_town = $6, \
             state_province = $7, zipcode = $8, country = $9, contact_name = $10, contact_phone = $11, contact_email = $12, \
             updated_at = $13 WHERE id = $14 AND company_id = $15",
        )
        .bind(&g.name)
        .bind(&g.timezone)
        .bind(&g.color)
        .bind(&g.address_1)
        .bind(&g.address_2)
        .bind(&g.city_town)
        .bind(&g.state_province)
        .bind(&g.zipcode)
        .bind(&g.country)
        .bind(&g.contact_name)
        .bind(&g.contact_phone)
        .bind(&g.contact_email)
        .bind(g.updated_at)
        .bind(g.id.to_string())
        .bind(g.company_id.to_string())
        .execute(&mut tx)
        .await?;
        commit(tx).await?;
        Ok(g)
    }

    async fn delete_group(&self, company: CompanyId, gid: GroupId) -> StoreResult<()> {
        let (c, g) = (company.to_string(), gid.to_string());
        let mut tx = begin(&self.write).await?;
        // Locked first: a create or an update that refers to the group waits for this delete (its
        // `KEY_SHARE` read), then finds the group gone; one that came first is seen below.
        locked_row(&mut tx, "groups", company, g.clone(), "group").await?;
        let active = Sql::new(
            "SELECT p.id, p.first_name, p.last_name FROM person_groups pg JOIN people p ON p.id = pg.person_id \
             WHERE pg.group_id = $1 AND p.status = 'active' ORDER BY p.seq",
        )
        .bind(&g)
        .fetch_all(&mut tx)
        .await?;
        if !active.is_empty() {
            let names = active
                .iter()
                .map(|r| {
                    Ok(format!(
                        "{} ({} {})",
                        get::<String>(r, "id")?,
                        get::<String>(r, "first_name")?,
                        get::<String>(r, "last_name")?
                    ))
                })
                .collect::<StoreResult<Vec<_>>>()?;
            return Err(StoreError::InUse {
                detail_code: "groupHasActivePeople",
                details: format!("The group still has active people: {}", names.join(", ")),
            });
        }
        Sql::new("DELETE FROM person_groups WHERE group_id = $1")
            .bind(&g)
            .execute(&mut tx)
            .await?;
        for table in ["job_titles", "tags"] {
            forget_group(&mut tx, table, company, gid).await?;
        }
        Sql::new("DELETE FROM groups WHERE id = $1 AND company_id = $2")
            .bind(&g)
            .bind(&c)
            .execute(&mut tx)
            .await?;
        commit(tx).await
    }

    async fn job_titles(&self, company: CompanyId) -> StoreResult<Vec<JobTitle>> {
        self.all("SELECT * FROM job_titles WHERE company_id = $1 ORDER BY seq", company)
            .await?
            .iter()
            .map(job_title)
            .collect()
    }

    async fn job_title(&self, company: CompanyId, jid: JobTitleId) -> StoreResult<JobTitle> {
        job_title(
            &self
                .one(
                    "SELECT * FROM job_titles WHERE id = $1 AND company_id = $2",
                    company,
                    jid.to_string(),
                    "job title",
                )
                .await?,
        )
    }

    async fn insert_job_title(&self, t: &JobTitle) -> StoreResult<()> {
        let mut tx = begin(&self.write).await?;
        check_groups(&mut tx, t.company_id, &t.group_ids, "group_ids").await?;
        bind_job_title(JOB_TITLE_INSERT, t)
            .bind(t.created_at)
            .execute(&mut tx)
            .await?;
        commit(tx).await
    }

    async fn update_job_title(
        &self,
        company: CompanyId,
        jid: JobTitleId,
        edit: Edit<'_, JobTitle>,
    ) -> StoreResult<JobTitle> {
        let mut tx = begin(&self.write).await?;
        let mut t = job_title(&locked_row(&mut tx, "job_titles", company, jid.to_string(), "job title").await?)?;
        edit(&mut t)?;
        check_groups(&mut tx, company, &t.group_ids, "group_ids").await?;
        bind_job_title(JOB_TITLE_UPDATE, &t).execute(&mut tx).await?;
        commit(tx).await?;
        Ok(t)
    }

    async fn delete_job_title(&self, company: CompanyId, jid: JobTitleId) -> StoreResult<()> {
        self.delete_one(
            "DELETE FROM job_titles WHERE id = $1 AND company_id = $2",
            company,
            jid.to_string(),
            "job title",
        )
        .await
    }

    async fn tags(&self, company: CompanyId) -> StoreResult<Vec<Tag>> {
        self.all("SELECT * FROM tags WHERE company_id = $1 ORDER BY seq", company)
            .await?
            .iter()
            .map(tag)
            .collect()
    }

    async fn tag(&self, company: CompanyId, tid: TagId) -> StoreResult<Tag> {
        tag(&self
            .one(
                "SELECT * FROM tags WHERE id = $1 AND company_id = $2",
                company,
                tid.to_string(),
                "tag",
            )
            .await?)
    }

    async fn insert_tag(&self, t: &Tag) -> StoreResult<()> {
        let mut tx = begin(&self.write).await?;
        check_groups(&mut tx, t.company_id, &t.group_ids, "group_ids").await?;
        bind_tag(TAG_INSERT, t).bind(t.created_at).execute(&mut tx).await?;
        commit(tx).await
    }

    async fn update_tag(&self, company: CompanyId, tid: TagId, edit: Edit<'_, Tag>) -> StoreResult<Tag> {
        let mut tx = begin(&self.write).await?;
        let mut t = tag(&locked_row(&mut tx, "tags", company, tid.to_string(), "tag").await?)?;
        edit(&mut t)?;
        check_groups(&mut tx, company, &t.group_ids, "group_ids").await?;
        bind_tag(TAG_UPDATE, &t).execute(&mut tx).await?;
        commit(tx).await?;
        Ok(t)
    }

    async fn delete_tag(&self, company: CompanyId, tid: TagId) -> StoreResult<()> {
        self.delete_one(
            "DELETE FROM tags WHERE id = $1 AND company_id = $2",
            company,
            tid.to_string(),
            "tag",
        )
        .await
    }
}
