use super::backend::Cells;
use super::rows::{get, id, json_list};
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
