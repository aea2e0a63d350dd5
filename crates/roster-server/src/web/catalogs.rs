//! The catalogs of the web app's pages (`catalog.rs`): groups, tags and job titles, each through
//! the API's own body (`bodies::catalog`) and store calls.
use super::catalog::{Catalog, Field, Kind};
use crate::bodies::catalog::{GroupBody, JobTitleBody, TagBody};
use crate::bodies::parse;
use crate::error::ApiError;
use maud::{html, Markup};
use roster_core::model::{Group, JobTitle, Page, PersonFilter, Tag};
use roster_core::store::StoreResult;
use roster_core::{CompanyId, Store, StoreError};
use serde_json::Value;
use std::str::FromStr;

const fn text(key: &'static str, label: &'static str, on_create: bool) -> Field {
    Field {
        key,
        label,
        kind: Kind::Text,
        on_create,
    }
}

/// An id of the path, or `NotFound` (the page answers it as any unknown item).
fn parse_id<T: FromStr>(id: &str) -> StoreResult<T> {
    id.parse().map_err(|_| StoreError::NotFound("item"))
}

fn opt(v: &Option<String>) -> Option<String> {
    v.clone()
}

impl Catalog for Group {
    const PATH: &'static str = "/groups";
    const TITLE: &'static str = "Groups";
    const ONE: &'static str = "group";
    const FIELDS: &'static [Field] = &[
        text("name", "Name", true),
        text("timezone", "Time zone (e.g. America/Chicago)", true),
        text("contact_name", "Contact", false),
        text("contact_number", "Contact's phone", false),
        text("contact_email", "Contact's email", false),
        text("address_1", "Address", false),
        text("city_town", "City", false),
        text("state_province", "State or province", false),
        text("zipcode", "Zip code", false),
        text("country", "Country", false),
    ];

    fn id(&self) -> String {
        self.id.to_string()
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn value(&self, key: &str) -> Option<String> {
        match key {
            "name" => Some(self.name.clone()),
            "timezone" => Some(self.timezone.clone()),
            "contact_name" => opt(&self.contact_name),
            "contact_number" => opt(&self.contact_phone),
            "contact_email" => opt(&self.contact_email),
            "address_1" => opt(&self.address_1),
            "city_town" => opt(&self.city_town),
            "state_province" => opt(&self.state_province),
            "zipcode" => opt(&self.zipcode),
            "country" => opt(&self.country),
            _ => None,
        }
    }
    async fn all(store: &dyn Store, company: CompanyId) -> StoreResult<Vec<Self>> {
        store.groups(company).await
    }
    async fn one(store: &dyn Store, company: CompanyId, id: &str) -> StoreResult<Self> {
        store.group(company, parse_id(id)?).await
    }
    async fn create(store: &dyn Store, company: CompanyId, body: Value) -> Result<String, ApiError> {
        let group = parse::<GroupBody>(body)?.create(company)?;
        store.insert_group(&group).await?;
        Ok(group.id.to_string())
    }
    async fn update(store: &dyn Store, company: CompanyId, item: &Self, body: Value) -> Result<(), ApiError> {
        let body = parse::<GroupBody>(body)?;
        store.update_group(company, item.id, &|g| body.update(g)).await?;
        Ok(())
    }
    async fn delete(store: &dyn Store, company: CompanyId, item: &Self) -> StoreResult<()> {
        store.delete_group(company, item.id).await
    }
    /// The group's people.
    async fn more(store: &dyn Store, company: CompanyId, item: &Self) -> StoreResult<Markup> {
        let filter = PersonFilter {
            group_id: Some(item.id),
            ..PersonFilter::default()
        };
        let (people, total) = store.people(company, &filter, Page { index: 0, size: 200 }).await?;
        Ok(html! {
            h2 { "People in this group" }
            p.muted { (total) " people" }
            ul {
                @for p in &people {
                    li { a href={ "/people/" (p.id) } { (p.data.full_name()) } " · " (p.data.status.as_str()) }
                }
            }
        })
    }
}

impl Catalog for Tag {
    const PATH: &'static str = "/tags";
    const TITLE: &'static str = "Tags";
    const ONE: &'static str = "tag";
    const FIELDS: &'static [Field] = &[
        text("name", "Name", true),
        text(
            "abbreviation",
            "Abbreviation (default: the first 5 characters of the name)",
            false,
        ),
        text("color", "Color", false),
        Field {
            key: "require_expr_date",
            label: "A person's tag needs an expiry date (a certification)",
            kind: Kind::Check,
            on_create: true,
        },
        Field {
            key: "expr_days_warning",
            label: "Days of warning before it expires",
            kind: Kind::Number,
            on_create: true,
        },
    ];

    fn id(&self) -> String {
        self.id.to_string()
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn value(&self, key: &str) -> Option<String> {
        match key {
            "name" => Some(self.name.clone()),
            "abbreviation" => opt(&self.abbreviation),
            "color" => opt(&self.color),
            "require_expr_date" => Some(self.require_expr_date.to_string()),
            "expr_days_warning" => self.expr_days_warning.map(|d| d.to_string()),
            _ => None,
        }
    }
    async fn all(store: &dyn Store, company: CompanyId) -> StoreResult<Vec<Self>> {
        store.tags(company).await
    }
    async fn one(store: &dyn Store, company: CompanyId, id: &str) -> StoreResult<Self> {
        store.tag(company, parse_id(id)?).await
    }
    async fn create(store: &dyn Store, company: CompanyId, body: Value) -> Result<String, ApiError> {
        let tag = parse::<TagBody>(body)?.create(company)?;
        store.insert_tag(&tag).await?;
        Ok(tag.id.to_string())
    }
    async fn update(store: &dyn Store, company: CompanyId, item: &Self, body: Value) -> Result<(), ApiError> {
        let body = parse::<TagBody>(body)?;
        store.update_tag(company, item.id, &|t| body.update(t)).await?;
        Ok(())
    }
    async fn delete(store: &dyn Store, company: CompanyId, item: &Self) -> StoreResult<()> {
        store.delete_tag(company, item.id).await
    }
}

impl Catalog for JobTitle {
    const PATH: &'static str = "/job-titles";
    const TITLE: &'static str = "Job titles";
    const ONE: &'static str = "job title";
    const FIELDS: &'static [Field] = &[
        text("name", "Name", true),
        text("color", "Color", false),
        text("type", "Pay (hourly or salaried)", false),
        Field {
            key: "hourly_rate",
            label: "Hourly rate",
            kind: Kind::Number,
            on_create: false,
        },
    ];

    fn id(&self) -> String {
        self.id.to_string()
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn value(&self, key: &str) -> Option<String> {
        match key {
            "name" => Some(self.name.clone()),
            "color" => opt(&self.color),
            "type" => self.kind.map(str::to_owned),
            "hourly_rate" => self.hourly_rate.map(|r| r.to_string()),
            _ => None,
        }
    }
    async fn all(store: &dyn Store, company: CompanyId) -> StoreResult<Vec<Self>> {
        store.job_titles(company).await
    }
    async fn one(store: &dyn Store, company: CompanyId, id: &str) -> StoreResult<Self> {
        store.job_title(company, parse_id(id)?).await
    }
    async fn create(store: &dyn Store, company: CompanyId, body: Value) -> Result<String, ApiError> {
        let title = parse::<JobTitleBody>(body)?.create(company)?;
        store.insert_job_title(&title).await?;
        Ok(title.id.to_string())
    }
    async fn update(store: &dyn Store, company: CompanyId, item: &Self, body: Value) -> Result<(), ApiError> {
        let body = parse::<JobTitleBody>(body)?;
        store.update_job_title(company, item.id, &|t| body.update(t)).await?;
        Ok(())
    }
    async fn delete(store: &dyn Store, company: CompanyId, item: &Self) -> StoreResult<()> {
        store.delete_job_title(company, item.id).await
    }
}
