//! Company custom field definitions.
use super::backend::{begin, commit, Backend, Cells, Sql};
use super::catalog::locked_row;
use super::rows::{get, id, json_list, to_json_list};
use super::SqlStore;
use async_trait::async_trait;
use roster_core::model::{CustomField, FieldType, SortBy};
use roster_core::store::StoreResult;
use roster_core::{CompanyId, CustomFieldId, CustomFieldStore, Edit, StoreError};

pub(super) fn custom_field(row: &(impl Cells + ?Sized)) -> StoreResult<CustomField> {
    let corrupt = |what: &str| StoreError::Other(format!("corrupt custom field {what}"));
    let field_type: String = get(row, "field_type")?;
    let sort_by: String = get(row, "sort_by")?;
    Ok(CustomField {
        id: id(row, "id")?,
        company_id: id(row, "company_id")?,
        name: get(row, "name")?,
        integration_name: get(row, "integration_name")?,
        field_type: FieldType::parse(&field_type).ok_or_else(|| corrupt("type"))?,
        can_filter: get(row, "can_filter")?,
        integration_only: get(row, "integration_only")?,
        on_people: get(row, "on_people")?,
        on_projects: get(row, "on_projects")?,
        description: get(row, "description")?,
        values: json_list(row, "field_values")?,
        sort_by: SortBy::parse(&sort_by).ok_or_else(|| corrupt("sort_by"))?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

/// The columns an insert and an update share, as `$1`..`$11`, then id and company.
const INSERT: &str = "INSERT INTO custom_fields (name, integration_name, field_type, can_filter, integration_only, \
    on_people, on_projects, description, field_values, sort_by, updated_at, id, company_id, created_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";
const UPDATE: &str = "UPDATE custom_fields SET name = $1, integration_name = $2, field_type = $3, can_filter = $4, \
    integration_only = $5, on_people = $6, on_projects = $7, description = $8, field_values = $9, sort_by = $10, \
    updated_at = $11 WHERE id = $12 AND company_id = $13";

fn bind<'q>(sql: &'q str, f: &'q CustomField) -> Sql<'q> {
    Sql::new(sql)
        .bind(&f.name)
        .bind(&f.integration_name)
        .bind(f.field_type.as_str())
        .bind(f.can_filter)
        .bind(f.integration_only)
        .bind(f.on_people)
        .bind(f.on_projects)
        .bind(&f.description)
        .bind(to_json_list(&f.values))
        .bind(f.sort_by.as_str())
        .bind(f.updated_at)
        .bind(f.id.to_string())
        .bind(f.company_id.to_string())
}

#[async_trait]
impl<B: Backend> CustomFieldStore for SqlStore<B> {
    async fn custom_fields(&self, company: CompanyId) -> StoreResult<Vec<CustomField>> {
        self.all(
            "SELECT * FROM custom_fields WHERE company_id = $1 ORDER BY seq",
            company,
        )
        .await?
        .iter()
        .map(custom_field)
        .collect()
    }

    async fn custom_field(&self, company: CompanyId, fid: CustomFieldId) -> StoreResult<CustomField> {
        custom_field(
            &self
                .one(
                    "SELECT * FROM custom_fields WHERE id = $1 AND company_id = $2",
                    company,
                    fid.to_string(),
                    "custom field",
                )
                .await?,
        )
    }

    async fn insert_custom_field(&self, f: &CustomField) -> StoreResult<()> {
        bind(INSERT, f).bind(f.created_at).execute(&self.write).await.map(drop)
    }

    async fn update_custom_field(
        &self,
        company: CompanyId,
        fid: CustomFieldId,
        edit: Edit<'_, CustomField>,
    ) -> StoreResult<CustomField> {
        let mut tx = begin(&self.write).await?;
        let row = locked_row(&mut tx, "custom_fields", company, fid.to_string(), "custom field").await?;
        let mut f = custom_field(&row)?;
        edit(&mut f)?;
        f.settle()?;
        bind(UPDATE, &f).execute(&mut tx).await?;
        commit(tx).await?;
        Ok(f)
    }

    async fn delete_custom_field(&self, company: CompanyId, fid: CustomFieldId) -> StoreResult<()> {
        self.delete_one(
            "DELETE FROM custom_fields WHERE id = $1 AND company_id = $2",
            company,
            fid.to_string(),
            "custom field",
        )
        .await
    }
}
