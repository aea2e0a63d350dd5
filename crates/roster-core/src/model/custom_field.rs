//! Company custom field definitions (Procore Resource Planning "Custom Fields"; LaborChart's
//! `custom-fields`): each has a generated integration property name, the key its values go by.
use crate::dates::Millis;
use crate::{CompanyId, CustomFieldId, Invalid};

/// The type of a custom field's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Text,
    Number,
    Currency,
    HexColor,
    Bool,
    Select,
    MultiSelect,
    Date,
    Paragraph,
}

impl FieldType {
    /// As the API spells them, in `FieldType` order.
    pub const OPTIONS: &'static [&'static str] = &[
        "text",
        "number",
        "currency",
        "hex-color",
        "bool",
        "select",
        "multi-select",
        "date",
        "paragraph",
    ];
    const ALL: [Self; 9] = [
        Self::Text,
        Self::Number,
        Self::Currency,
        Self::HexColor,
        Self::Bool,
        Self::Select,
        Self::MultiSelect,
        Self::Date,
        Self::Paragraph,
    ];

    pub fn as_str(self) -> &'static str {
        Self::OPTIONS[self as usize]
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::OPTIONS.iter().position(|o| *o == s).map(|i| Self::ALL[i])
    }

    /// Whether a people list can filter by the field's values: all but a paragraph's (too long
    /// to index, and no one looks a person up by one).
    pub fn filterable(self) -> bool {
        self != Self::Paragraph
    }

    /// Whether the field's values are picked from its `values` (options).
    pub fn has_options(self) -> bool {
        matches!(self, Self::Select | Self::MultiSelect)
    }
}

/// The order a field's options are listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    /// Alphabetical (the default).
    Alpha,
    /// As given.
    Listed,
}

impl SortBy {
    pub const OPTIONS: &'static [&'static str] = &["alpha", "listed"];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Alpha => "alpha",
            Self::Listed => "listed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "alpha" => Some(Self::Alpha),
            "listed" => Some(Self::Listed),
            _ => None,
        }
    }
}

/// At most this many options a field.
pub const MAX_FIELD_OPTIONS: usize = 500;

/// Keys a person already answers or a people list already reads: no field may take one as its
/// integration name, or its values would be confused with them.
pub const RESERVED_NAMES: &[&str] = &[
    "id",
    "procore_person_id",
    "company_id",
    "first_name",
    "last_name",
    "name",
    "email",
    "phone",
    "address_1",
    "address_2",
    "city_town",
    "state_province",
    "zipcode",
    "country",
    "dob",
    "hired_date",
    "employee_number",
    "status",
    "is_user",
    "is_assignable",
    "is_male",
    "language",
    "job_title_id",
    "permission_level_id",
    "notification_profile_id",
    "group_ids",
    "tag_instances",
    "hourly_wage",
    "emergency_contact_name",
    "emergency_contact_number",
    "emergency_contact_email",
    "emergency_contact_relation",
    "can_recieve_sms",
    "can_recieve_email",
    "can_recieve_mobile",
    "can_receive_sms",
    "can_receive_email",
    "can_receive_mobile",
    "password",
    "no_invite",
    "invitation_pending",
    "created_at",
    "updated_at",
    "created_before",
    "created_after",
    "updated_before",
    "updated_after",
    "page",
    "per_page",
    "profile_pic_url",
];

/// A field's integration property name, generated from its name as the docs' example
/// (`my_example_field`) suggests: letters and digits (any script) in lower case, every run of
/// other characters one `_`.
pub fn integration_name(name: &str) -> Result<String, Invalid> {
    let mut out = String::with_capacity(name.len());
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_').to_owned();
    if out.is_empty() {
        return Err(Invalid::new(
            "name",
            "invalidValue",
            "`name` must have a letter or digit to make the field's integration name of",
        ));
    }
    if RESERVED_NAMES.contains(&out.as_str()) {
        return Err(Invalid::new(
            "name",
            "reservedName",
            format!("`name` makes the integration name `{out}`, which is already a property of a person"),
        ));
    }
    Ok(out)
}

#[derive(Debug, Clone, PartialEq)]
pub struct CustomField {
    pub id: CustomFieldId,
    pub company_id: CompanyId,
    pub name: String,
    /// Generated from `name` (`integration_name`); follows it when the name changes.
    pub integration_name: String,
    pub field_type: FieldType,
    pub can_filter: bool,
    pub integration_only: bool,
    pub on_people: bool,
    pub on_projects: bool,
    pub description: Option<String>,
    /// The options of a select or multi-select field, in `sort_by` order.
    pub values: Vec<String>,
    pub sort_by: SortBy,
    pub created_at: Millis,
    pub updated_at: Millis,
}

impl CustomField {
    /// A new field with only its name and type.
    pub fn new(company_id: CompanyId, name: String, field_type: FieldType, now: Millis) -> Result<Self, Invalid> {
        Ok(Self {
            id: CustomFieldId::new(),
            company_id,
            integration_name: integration_name(&name)?,
            name,
            field_type,
            can_filter: false,
            integration_only: false,
            on_people: false,
            on_projects: false,
            description: None,
            values: Vec::new(),
            sort_by: SortBy::Alpha,
            created_at: now,
            updated_at: now,
        })
    }

    /// Brings the derived parts in line after a change and checks the rules: the integration name
    /// follows the name; options only for a select field, each given once, not blank, at most
    /// `MAX_FIELD_OPTIONS`, sorted when `sort_by` is `alpha`.
    pub fn settle(&mut self) -> Result<(), Invalid> {
        self.integration_name = integration_name(&self.name)?;
        if !self.field_type.has_options() && !self.values.is_empty() {
            return Err(Invalid::new(
                "values",
                "invalidValue",
                format!(
                    "a `{}` field has no `values`: only select and multi-select fields do",
                    self.field_type.as_str()
                ),
            ));
        }
        if self.values.len() > MAX_FIELD_OPTIONS {
            return Err(Invalid::new(
                "values",
                "tooManyItems",
                format!("a field has at most {MAX_FIELD_OPTIONS} `values`"),
            ));
        }
        for (i, v) in self.values.iter().enumerate() {
            if v.trim().is_empty() {
                return Err(Invalid::new(
                    format!("values[{i}]"),
                    "blankValue",
                    "an option must not be blank",
                ));
            }
            if self.values[..i].contains(v) {
                return Err(Invalid::new(
                    format!("values[{i}]"),
                    "duplicateValue",
                    format!("the option `{v}` is given twice"),
                ));
            }
        }
        if self.sort_by == SortBy::Alpha {
            self.values.sort_by_key(|v| v.to_lowercase());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integration_names_are_snake_case_and_never_a_persons_key() {
        assert_eq!(integration_name("My Example Field").unwrap(), "my_example_field");
        assert_eq!(integration_name("  Union #  (Local) ").unwrap(), "union_local");
        assert_eq!(integration_name("Größe").unwrap(), "größe");
        assert_eq!(integration_name("!!!").unwrap_err().field, "name");
        assert_eq!(integration_name("E-mail").unwrap(), "e_mail");
        assert_eq!(integration_name("Email").unwrap_err().detail_code, "reservedName");
        assert_eq!(integration_name("Per Page").unwrap_err().detail_code, "reservedName");
    }

    #[test]
    fn options_belong_to_select_fields_once_each() {
        let mut f = CustomField::new(CompanyId::new(), "Region".into(), FieldType::Select, 0).unwrap();
        f.values = vec!["west".into(), "East".into(), "north".into()];
        f.settle().unwrap();
        assert_eq!(f.values, ["East", "north", "west"]);
        f.values.push("west".into());
        assert_eq!(f.settle().unwrap_err().detail_code, "duplicateValue");
        let mut t = CustomField::new(CompanyId::new(), "Notes".into(), FieldType::Text, 0).unwrap();
        t.values = vec!["a".into()];
        assert_eq!(t.settle().unwrap_err().field, "values");
    }
}
