//! Company custom field definitions at `/custom-fields` (the spelling of Procore's spec and
//! LaborChart's docs) and `/custom_fields` (what a real connector calls), on both mounts.
use crate::auth::Tenant;
use crate::bodies::custom_fields::{CustomFieldBody, FieldValuesBody};
use crate::bodies::Payload;
use crate::error::ApiResult;
use crate::extract::Id;
use crate::state::AppState;
use crate::views::{CustomFieldView, ErrorView, IdView, SuccessView};
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use roster_core::model::CustomField;
use roster_core::{CompanyId, CustomFieldId, Edit};

pub fn routes() -> Router<AppState> {
    let mut router = Router::new();
    for base in ["/custom-fields", "/custom_fields"] {
        router = router
            .route(base, get(list).post(create))
            .route(&format!("{base}/{{field_id}}"), get(show).post(update).delete(remove))
            .route(
                &format!("{base}/{{field_id}}/values"),
                post(add_values).delete(remove_values),
            );
    }
    router
}

/// Applies a change to the locked field: `{"success": true}`, as the spec answers.
async fn change(
    state: &AppState,
    company: CompanyId,
    id: CustomFieldId,
    edit: Edit<'_, CustomField>,
) -> ApiResult<Json<SuccessView>> {
    state.store.update_custom_field(company, id, edit).await?;
    Ok(Json(SuccessView { success: true }))
}

/// The company's custom fields, in creation order.
#[utoipa::path(get, path = "/v2/companies/{company_id}/custom-fields", tag = "custom fields",
    params(("company_id" = String, Path)),
    responses((status = 200, body = Vec<CustomFieldView>), (status = 401, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn list(State(state): State<AppState>, Tenant(company): Tenant) -> ApiResult<Json<Vec<CustomFieldView>>> {
    let fields = state.store.custom_fields(company.id).await?;
    Ok(Json(fields.into_iter().map(Into::into).collect()))
}

/// `name` and `type` required. A name whose integration name another field of the company has is
/// a 409; one that would shadow a person's own property is a 400 `reservedName`.
#[utoipa::path(post, path = "/v2/companies/{company_id}/custom-fields", tag = "custom fields",
    params(("company_id" = String, Path)), request_body = CustomFieldBody,
    responses((status = 200, body = IdView), (status = 400, body = ErrorView), (status = 409, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Payload(body): Payload<CustomFieldBody>,
) -> ApiResult<Json<IdView>> {
    let field = body.create(company.id)?;
    state.store.insert_custom_field(&field).await?;
    Ok(Json(IdView {
        id: field.id.to_string(),
    }))
}

#[utoipa::path(get, path = "/v2/companies/{company_id}/custom-fields/{field_id}", tag = "custom fields",
    params(("company_id" = String, Path), ("field_id" = String, Path)),
    responses((status = 200, body = CustomFieldView), (status = 404, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn show(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(id): Id<CustomFieldId>,
) -> ApiResult<Json<CustomFieldView>> {
    Ok(Json(state.store.custom_field(company.id, id).await?.into()))
}

/// Partial update; `values` replaces the whole list of options; `type` cannot change.
#[utoipa::path(post, path = "/v2/companies/{company_id}/custom-fields/{field_id}", tag = "custom fields",
    params(("company_id" = String, Path), ("field_id" = String, Path)), request_body = CustomFieldBody,
    responses((status = 200, body = SuccessView), (status = 400, body = ErrorView), (status = 404, body = ErrorView),
        (status = 409, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn update(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(id): Id<CustomFieldId>,
    Payload(body): Payload<CustomFieldBody>,
) -> ApiResult<Json<SuccessView>> {
    change(&state, company.id, id, &|f| body.update(f)).await
}

#[utoipa::path(delete, path = "/v2/companies/{company_id}/custom-fields/{field_id}", tag = "custom fields",
    params(("company_id" = String, Path), ("field_id" = String, Path)),
    responses((status = 200, body = IdView), (status = 404, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn remove(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(id): Id<CustomFieldId>,
) -> ApiResult<Json<IdView>> {
    state.store.delete_custom_field(company.id, id).await?;
    Ok(Json(IdView { id: id.to_string() }))
}

/// Adds options to a select or multi-select field (those it has already stay once).
#[utoipa::path(post, path = "/v2/companies/{company_id}/custom-fields/{field_id}/values", tag = "custom fields",
    params(("company_id" = String, Path), ("field_id" = String, Path)), request_body = FieldValuesBody,
    responses((status = 200, body = SuccessView), (status = 400, body = ErrorView), (status = 404, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn add_values(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(id): Id<CustomFieldId>,
    Payload(body): Payload<FieldValuesBody>,
) -> ApiResult<Json<SuccessView>> {
    change(&state, company.id, id, &|f| body.add(f)).await
}

/// Removes options from a select or multi-select field (the body on a DELETE, as the spec has it).
#[utoipa::path(delete, path = "/v2/companies/{company_id}/custom-fields/{field_id}/values", tag = "custom fields",
    params(("company_id" = String, Path), ("field_id" = String, Path)), request_body = FieldValuesBody,
    responses((status = 200, body = SuccessView), (status = 400, body = ErrorView), (status = 404, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn remove_values(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(id): Id<CustomFieldId>,
    Payload(body): Payload<FieldValuesBody>,
) -> ApiResult<Json<SuccessView>> {
    change(&state, company.id, id, &|f| body.remove(f)).await
}
