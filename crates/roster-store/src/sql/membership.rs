//! A person's groups and tag instances.
use super::backend::{begin, commit, Backend, Sql, Tx};
use super::people::{level_is_admin, lock_person, tag_requires_expr_date, touch};
use super::rows::{get, id, opt_id};
use super::SqlStore;
use async_trait::async_trait;
use roster_core::dates::Millis;
use roster_core::model::{check_expr_date, check_groups as groups_rule, Certification, TagInstance};
use roster_core::store::StoreResult;
use roster_core::{
    CompanyId, GroupId, IdRef, Invalid, MembershipStore, PermissionLevelId, PersonId, StoreError, TagInstanceId,
};

/// What a change of a person's groups decides on.
struct Member {
    id: PersonId,
    level: Option<PermissionLevelId>,
    is_assignable: bool,
}

/// The person (by UUID or integer id) with their permission level, or `NotFound` when the person
/// is not the company's. The person's row stays locked until the transaction ends: concurrent
/// changes of one person's groups and tags take turns, so a rule such as "keeps at least one
/// group" holds over both.
async fn member<B: Backend>(conn: &mut Tx<B>, company: CompanyId, person: IdRef) -> StoreResult<Member> {
    let id = lock_person(conn, company, person).await?;
    let row = Sql::new("SELECT permission_level_id, is_assignable FROM people WHERE id = $1")
        .bind(id.to_string())
        .fetch_one(&mut *conn)
        .await?;
    Ok(Member {
        id,
        level: opt_id(&row, "permission_level_id")?,
        is_assignable: get(&row, "is_assignable")?,
    })
}

/// Replaces the person's groups (each checked to be the company's), in the caller's transaction.
pub(super) async fn replace_groups<B: Backend>(
    conn: &mut Tx<B>,
    company: CompanyId,
    person: PersonId,
    groups: &[GroupId],
) -> StoreResult<()> {
    super::catalog::check_groups(conn, company, groups, "group_ids").await?;
    Sql::new("DELETE FROM person_groups WHERE person_id = $1")
        .bind(person.to_string())
        .execute(&mut *conn)
        .await?;
    for (pos, g) in groups.iter().enumerate() {
        Sql::new("INSERT INTO person_groups (person_id, group_id, position) VALUES ($1, $2, $3)")
            .bind(person.to_string())
            .bind(g.to_string())
            .bind(pos as i64)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Replaces the person's tag instances, in the caller's transaction: each tag is checked to be
/// the company's and to have the date it requires; an instance of a tag the person already has
/// keeps its id and takes the new date.
pub(super) async fn replace_tags<B: Backend>(
    conn: &mut Tx<B>,
    company: CompanyId,
    person: PersonId,
    tags: &[TagInstance],
) -> StoreResult<()> {
    super::people::check_tag_instances(conn, company, tags).await?;
    let mut gone = Sql::new("DELETE FROM tag_instances WHERE person_id = ");
    gone.push_bind(person.to_string());
    for t in tags {
        gone.push(" AND tag_id <> ").push_bind(t.tag_id.to_string());
    }
    gone.execute(&mut *conn).await?;
    for t in tags {
        upsert_tag_instance(conn, person, t).await?;
    }
    Ok(())
}

/// Applies a tag: a tag the person already has takes the new date and keeps its instance id,
/// which is answered.
async fn upsert_tag_instance<B: Backend>(conn: &mut Tx<B>, person: PersonId, t: &TagInstance) -> StoreResult<String> {
    Sql::new(
        "INSERT INTO tag_instances (id, person_id, tag_id, expr_date) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (person_id, tag_id) DO UPDATE SET expr_date = excluded.expr_date RETURNING id",
    )
    .bind(t.id.to_string())
    .bind(person.to_string())
    .bind(t.tag_id.to_string())
    .bind(t.expr_date)
    .scalar(&mut *conn)
    .await
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
    async fn certifications_due(&self, company: CompanyId, now: Millis) -> StoreResult<Vec<Certification>> {
        let sql = format!(
            "SELECT p.id AS person_id, p.first_name, p.last_name, t.name AS tag_name, ti.expr_date, {} \
             FROM tag_instances ti JOIN tags t ON t.id = ti.tag_id JOIN people p ON p.id = ti.person_id \
             WHERE p.company_id = $1 AND p.status = 'active' AND ti.expr_date IS NOT NULL \
             AND ti.expr_date <= $2 + COALESCE(t.expr_days_warning, 0) * 86400000 \
             ORDER BY ti.expr_date, p.last_name, p.first_name",
            B::PERSON_LINKS_SQL
        );
        Sql::new(sql)
            .bind(company.to_string())
            .bind(now)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|row| {
                let (first, last): (String, String) = (get(row, "first_name")?, get(row, "last_name")?);
                Ok(Certification {
                    person_id: id(row, "person_id")?,
                    person_name: format!("{first} {last}"),
                    tag_name: get(row, "tag_name")?,
                    expr_date: get(row, "expr_date")?,
                    group_ids: super::columns::group_list(row)?,
                })
            })
            .collect()
    }

    async fn add_tag_instance(
        &self,
        company: CompanyId,
        person: IdRef,
        t: &TagInstance,
        now: Millis,
    ) -> StoreResult<TagInstanceId> {
        let mut tx = begin(&self.write).await?;
        let person = member(&mut tx, company, person).await?.id;
        let require = tag_requires_expr_date(&mut tx, company, t.tag_id, "tag_id").await?;
        check_expr_date("expr_date", t.tag_id, require, t.expr_date)?;
        let kept = upsert_tag_instance(&mut tx, person, t).await?;
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
        let person = member(&mut tx, company, person).await?.id;
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
        let person = member(&mut tx, company, person).await?.id;
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
        let Member {
            id: person,
            level,
            is_assignable,
        } = member(&mut tx, company, person).await?;
        let mut groups = group_ids(&mut tx, person).await?;
        if !groups.contains(&group) {
            return Err(StoreError::NotFound("group"));
        }
        groups.retain(|g| *g != group);
        let is_admin = match level {
            Some(l) => Some(level_is_admin(&mut tx, company, l).await?),
            None => None,
        };
        groups_rule(&groups, is_admin, is_assignable).map_err(|_| {
            Invalid::new(
                "group_id",
                "lastGroupRemoval",
                format!("`group_id` {group} is the person's last group: a person who is assignable or has no admin permission level keeps at least one"),
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
