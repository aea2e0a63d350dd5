use super::backend::{Cells, Sql};
use super::rows::{get, id, json_list, to_json_list};
use roster_core::model::{Group, JobTitle, Tag, JOB_TITLE_TYPES};
use roster_core::store::StoreResult;

pub(super) fn group(row: &(impl Cells + ?Sized)) -> StoreResult<Group> {
    Ok(Group {
        id: id(row, "id")?,
        company_id: id(row, "company_id")?,
        name: get(row, "name")?,
        timezone: get(row, "timezone")?,
        color: get(row, "color")?,
        address_1: get(row, "address_1")?,
        address_2: get(row, "address_2")?,
        city_town: get(row, "city_town")?,
        state_province: get(row, "state_province")?,
        zipcode: get(row, "zipcode")?,
        country: get(row, "country")?,
        contact_name: get(row, "contact_name")?,
        contact_phone: get(row, "contact_phone")?,
        contact_email: get(row, "contact_email")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

pub(super) fn job_title(row: &(impl Cells + ?Sized)) -> StoreResult<JobTitle> {
    let kind: Option<String> = get(row, "kind")?;
    Ok(JobTitle {
        id: id(row, "id")?,
        company_id: id(row, "company_id")?,
        name: get(row, "name")?,
        group_ids: json_list(row, "group_ids")?,
        globally_accessible: get(row, "globally_accessible")?,
        color: get(row, "color")?,
        kind: kind.and_then(|k| JOB_TITLE_TYPES.iter().copied().find(|t| *t == k)),
        hourly_rate: get(row, "hourly_rate")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

pub(super) fn tag(row: &(impl Cells + ?Sized)) -> StoreResult<Tag> {
    Ok(Tag {
        id: id(row, "id")?,
        company_id: id(row, "company_id")?,
        name: get(row, "name")?,
        abbreviation: get(row, "abbreviation")?,
        categories: json_list(row, "categories")?,
        color: get(row, "color")?,
        require_expr_date: get(row, "require_expr_date")?,
        expr_days_warning: get(row, "expr_days_warning")?,
        group_ids: json_list(row, "group_ids")?,
        globally_accessible: get(row, "globally_accessible")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

pub(super) const JOB_TITLE_INSERT: &str =
    "INSERT INTO job_titles (name, group_ids, globally_accessible, color, kind, hourly_rate, \
    updated_at, id, company_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
pub(super) const JOB_TITLE_UPDATE: &str =
    "UPDATE job_titles SET name = $1, group_ids = $2, globally_accessible = $3, color = $4, \
    kind = $5, hourly_rate = $6, updated_at = $7 WHERE id = $8 AND company_id = $9";
pub(super) const TAG_INSERT: &str = "INSERT INTO tags (name, abbreviation, categories, color, require_expr_date, expr_days_warning, \
    group_ids, globally_accessible, updated_at, id, company_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
pub(super) const TAG_UPDATE: &str = "UPDATE tags SET name = $1, abbreviation = $2, categories = $3, color = $4, require_expr_date = $5, \
    expr_days_warning = $6, group_ids = $7, globally_accessible = $8, updated_at = $9 WHERE id = $10 AND company_id = $11";

/// A job title's columns in the order `JOB_TITLE_INSERT` and `JOB_TITLE_UPDATE` share: what
/// either writes, then id and company (the insert binds `created_at` after them).
pub(super) fn bind_job_title<'q>(sql: &'q str, t: &'q JobTitle) -> Sql<'q> {
    Sql::new(sql)
        .bind(&t.name)
        .bind(to_json_list(&t.group_ids))
        .bind(t.globally_accessible)
        .bind(&t.color)
        .bind(t.kind)
        .bind(t.hourly_rate)
        .bind(t.updated_at)
        .bind(t.id.to_string())
        .bind(t.company_id.to_string())
}

/// A tag's columns in the order `TAG_INSERT` and `TAG_UPDATE` share, as `bind_job_title`.
pub(super) fn bind_tag<'q>(sql: &'q str, t: &'q Tag) -> Sql<'q> {
    Sql::new(sql)
        .bind(&t.name)
        .bind(&t.abbreviation)
        .bind(to_json_list(&t.categories))
        .bind(&t.color)
        .bind(t.require_expr_date)
        .bind(t.expr_days_warning)
        .bind(to_json_list(&t.group_ids))
        .bind(t.globally_accessible)
        .bind(t.updated_at)
        .bind(t.id.to_string())
        .bind(t.company_id.to_string())
}
