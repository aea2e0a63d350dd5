//! Custom field definition bodies: create and update (one body: create requires `name` and
//! `type`; update changes the keys sent and cannot change `type`), and the options body of
//! `/custom-fields/{id}/values`.
use super::fields::{choice, List, Name, Patch, Text};
use roster_core::dates::now_millis;
use roster_core::limits::{MAX_NAME, MAX_TEXT};
use roster_core::model::{CustomField, FieldType, SortBy};
use roster_core::{CompanyId, Invalid};
use serde::Deserialize;
use utoipa::ToSchema;

choice!(FieldTypeField, FieldType::OPTIONS, "The type of the field's values.");
choice!(SortByField, SortBy::OPTIONS, "The order of a select field's options.");

/// A custom field definition.
#[derive(Deserialize, ToSchema, Default, Clone)]
pub struct CustomFieldBody {
    /// Required on create. Its integration name (the key of the field's values) is made from it.
    #[serde(default)]
    #[schema(inline)]
    pub name: Patch<Name<{ MAX_NAME }>>,
    /// Required on create; cannot change.
    #[serde(default, rename = "type")]
    #[schema(inline)]
    pub field_type: Patch<FieldTypeField>,
    /// Default `false`.
    #[serde(default)]
    #[schema(inline)]
    pub can_filter: Patch<bool>,
    /// Default `false`.
    #[serde(default)]
    #[schema(inline)]
    pub integration_only: Patch<bool>,
    /// Default `false`.
    #[serde(default)]
    #[schema(inline)]
    pub on_people: Patch<bool>,
    /// Default `false`.
    #[serde(default)]
    #[schema(inline)]
    pub on_projects: Patch<bool>,
    #[serde(default)]
    #[schema(inline)]
    pub description: Patch<Text<{ MAX_TEXT }>>,
    /// The options of a select or multi-select field; an update replaces the whole list.
    #[serde(default)]
    #[schema(inline)]
    pub values: Patch<List<Name<{ MAX_NAME }>>>,
    /// Default `alpha`.
    #[serde(default)]
    #[schema(inline)]
    pub sort_by: Patch<SortByField>,
}

fn field_type(f: FieldTypeField) -> FieldType {
    FieldType::parse(&f.0).unwrap_or(FieldType::Text)
}

impl CustomFieldBody {
    pub fn create(self, company: CompanyId) -> Result<CustomField, Invalid> {
        let name = self.name.clone().required("name")?.0;
        let kind = field_type(self.field_type.clone().required("type")?);
        let mut f = CustomField::new(company, name, kind, now_millis())?;
        self.apply(&mut f)?;
        f.settle()?;
        Ok(f)
    }

    /// Applies the keys sent (the store calls it on the locked row, then settles the field).
    pub fn update(&self, f: &mut CustomField) -> Result<(), Invalid> {
        let changes_type = match self.field_type.clone().map(field_type) {
            Patch::Absent => false,
            Patch::Null => true,
            Patch::Value(t) => t != f.field_type,
        };
        if changes_type {
            return Err(Invalid::new(
                "type",
                "notUpdatable",
                "`type` cannot be changed: delete the field and create it again",
            ));
        }
        self.clone().apply(f)?;
        f.updated_at = now_millis().max(f.updated_at);
        Ok(())
    }

    fn apply(self, f: &mut CustomField) -> Result<(), Invalid> {
        self.name.map(|n| n.0).update_required("name", &mut f.name)?;
        self.can_filter.update_or(false, &mut f.can_filter);
        self.integration_only.update_or(false, &mut f.integration_only);
        self.on_people.update_or(false, &mut f.on_people);
        self.on_projects.update_or(false, &mut f.on_projects);
        self.description.map(|d| d.0).update(&mut f.description);
        self.values
            .map(|v| v.0.into_iter().map(|n| n.0).collect())
            .update_or(Vec::new(), &mut f.values);
        self.sort_by
            .map(|s| SortBy::parse(&s.0).unwrap_or(SortBy::Alpha))
            .update_or(SortBy::Alpha, &mut f.sort_by);
        Ok(())
    }
}

/// Options to add to or remove from a select field: `{"values": [...]}`.
#[derive(Deserialize, ToSchema)]
pub struct FieldValuesBody {
    #[schema(inline)]
    pub values: List<Name<{ MAX_NAME }>>,
}

impl FieldValuesBody {
    /// Adds the options the field does not have yet.
    pub fn add(&self, f: &mut CustomField) -> Result<(), Invalid> {
        self.check_select(f)?;
        for v in &self.values.0 {
            if !f.values.contains(&v.0) {
                f.values.push(v.0.clone());
            }
        }
        f.updated_at = now_millis().max(f.updated_at);
        Ok(())
    }

    /// Removes the options named (one the field does not have is no change).
    pub fn remove(&self, f: &mut CustomField) -> Result<(), Invalid> {
        self.check_select(f)?;
        f.values.retain(|v| !self.values.0.iter().any(|r| r.0 == *v));
        f.updated_at = now_millis().max(f.updated_at);
        Ok(())
    }

    fn check_select(&self, f: &CustomField) -> Result<(), Invalid> {
        if f.field_type.has_options() {
            Ok(())
        } else {
            Err(Invalid::new(
                "values",
                "invalidValue",
                format!(
                    "a `{}` field has no options: only select and multi-select fields do",
                    f.field_type.as_str()
                ),
            ))
        }
    }
}
