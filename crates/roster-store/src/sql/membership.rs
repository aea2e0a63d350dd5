//! A person's groups and tag instances.
use super::backend::{begin, commit, Backend, Sql, Tx};
use super::people::{level_is_admin, lock_person, tag_requires_expr_date, touch};
use super::rows::{get, id};
use super::SqlStore;
use async_trait::async_trait;
use roster_core::dates::Millis;
use roster_core::model::{check_expr_date, check_groups as groups_rule, TagInstance};
use roster_core::store::StoreResult;
use roster_core::{
    CompanyId, GroupId, IdRef, Invalid, MembershipStore, PermissionLevelId, PersonId, StoreError, TagInstanceId,
};

/// The person (by UUID or integer id) and their permission level, or `NotFound` when the person is
/// not the company's. The person's row stays locked until the transaction ends: concurrent changes
/// of one person's groups and tags take turns, so a rule such as "keeps at least one group" holds
/// over both.
async fn person_level<B: Backend>(
    conn: &mut Tx<B>,
    company: CompanyId,
    person: IdRef,
) -> StoreResult<(PersonId, Option<PermissionLevelId>)> {
    let id = lock_person(conn, company, person).await?;
    let row = Sql::new("SELECT permission_level_id FROM people WHERE id = $1")
        .bind(id.to_string())
        .fetch_one(&mut *conn)
        .await?;
    let level: Option<String> = get(&row, "permission_level_id")?;
    let level = level
        .map(|l| {
            l.parse()
                .map_err(|_| StoreError::Other("corrupt permission level id".into()))
        })
        .transpose()?;
    Ok((id, level))
}

async fn group_ids<B: Backend>(conn: &mut Tx<B>, person: PersonId) -> StoreResult<Vec<GroupId>> {
    let rows = Sql::new("SELECT group_id FROM person_groups WHERE person_id = $1 ORDER BY position")
        .bind(person.to_string())
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|r| id(r, "group_id")).collect()
}

#[async_trait]
impl<B: Backend> MembershipStore for SqlStore<B> {
    async fn add_tag_instance(
        &self,
        company: CompanyId,
        person: IdRef,
        t: &TagInstance,
        now: Millis,
    ) -> StoreResult<TagInstanceId> {
        let mut tx = begin(&self.write).await?;
        let (person, _) = person_level(&mut tx, company, person).await?;
        let require = tag_requires_expr_date(&mut tx, company, t.tag_id, "tag_id").await?;
        check_expr_date("expr_date", t.tag_id, require, t.expr_date)?;
        let kept: String = Sql::new(
            "INSERT INTO tag_instances (id, person_id, tag_id, expr_date) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (person_id, tag_id) DO UPDATE SET expr_date = excluded.expr_date RETURNING id",
        )
        .bind(t.id.to_string())
        .bind(person.to_string())
        .bind(t.tag_id.to_string())
        .bind(t.expr_date)
        .scalar(&mut tx)
        .await?;
        touch(&mut tx, person, now).await?;
        commit(tx).await?;
        kept.parse()
            .map_err(|_| StoreError::Other("corrupt tag instance id".into()))
    }

    async fn remove_tag_instance(
        &self,
        company: CompanyId,
        person: IdRef,
        instance: TagInstanceId,
        now: Millis,
    ) -> StoreResult<()> {
        let mut tx = begin(&self.write).await?;
        let (person, _) = person_level(&mut tx, company, person).await?;
        let done = Sql::new("DELETE FROM tag_instances WHERE id = $1 AND person_id = $2")
            .bind(instance.to_string())
            .bind(person.to_string())
            .execute(&mut tx)
            .await?;
        if done == 0 {
            return Err(StoreError::NotFound("tag instance"));
        }
        touch(&mut tx, person, now).await?;
        commit(tx).await
    }

    async fn add_person_group(
        &self,
        company: CompanyId,
        person: IdRef,
        group: GroupId,
        now: Millis,
    ) -> StoreResult<Vec<GroupId>> {
        let mut tx = begin(&self.write).await?;
        let (person, _) = person_level(&mut tx, company, person).await?;
        super::catalog::check_groups(&mut tx, company, &[group], "group_id").await?;
        Sql::new(
            "INSERT INTO person_groups (person_id, group_id, position) \
             SELECT $1, $2, COALESCE(MAX(position), -1) + 1 FROM person_groups WHERE person_id = $1 \
             ON CONFLICT (person_id, group_id) DO NOTHING",
        )
        .bind(person.to_string())
        .bind(group.to_string())
        .execute(&mut tx)
        .await?;
        touch(&mut tx, person, now).await?;
        let groups = group_ids(&mut tx, person).await?;
        commit(tx).await?;
        Ok(groups)
    }

    async fn remove_person_group(
        &self,
        company: CompanyId,
        person: IdRef,
        group: GroupId,
        now: Millis,
    ) -> StoreResult<Vec<GroupId>> {
        let mut tx = begin(&self.write).await?;
        let (person, level) = person_level(&mut tx, company, person).await?;
        let mut groups = group_ids(&mut tx, person).await?;
        if !groups.contains(&group) {
            return Err(StoreError::NotFound("group"));
        }
        groups.retain(|g| *g != group);
        let is_admin = match level {
            Some(l) => Some(level_is_admin(&mut tx, company, l).await?),
            None => None,
        };
        groups_rule(&groups, is_admin).map_err(|_| {
            Invalid::new(
                "group_id",
                "lastGroupRemoval",
                format!("`group_id` {group} is the person's last group: a person without an admin permission level keeps at least one"),
            )
        })?;
        Sql::new("DELETE FROM person_groups WHERE person_id = $1 AND group_id = $2")
            .bind(person.to_string())
            .bind(group.to_string())
            .execute(&mut tx)
            .await?;
        touch(&mut tx, person, now).await?;
        commit(tx).await?;
        Ok(groups)
    }
}
