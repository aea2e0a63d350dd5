//! A person's value of a custom field: read from a request under the field's integration name,
//! checked against the field's type (and options), and the exact keys a list filters it by.
use super::custom_field::{CustomField, FieldType};
use crate::{CustomFieldId, Invalid};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The custom field values a request sent, by key (a field's integration name), in the order sent.
pub type SentValues = Vec<(String, RawValue)>;

/// A person's custom field values as stored, by field.
pub type StoredValues = BTreeMap<CustomFieldId, FieldValue>;

/// A person's custom field values as answered: every people field of the company, in the
/// company's order, by integration name, with the person's value or `None` (unset).
pub type PersonValues = Vec<(String, Option<FieldValue>)>;

/// The field on people whose integration name is `key`.
fn people_field<'a>(fields: &'a [CustomField], key: &str) -> Option<&'a CustomField> {
    fields.iter().find(|f| f.on_people && f.integration_name == key)
}

/// Applies the values sent to a person's `values`, against the company's `fields`: each key must
/// be the integration name of a field on people (else a 400 `unknownField` naming the key), each
/// value must fit its field, and `null` unsets.
pub fn apply_sent(fields: &[CustomField], sent: &SentValues, values: &mut StoredValues) -> Result<(), Invalid> {
    for (key, raw) in sent {
        let field = people_field(fields, key).ok_or_else(|| {
            Invalid::new(
                key.as_str(),
                "unknownField",
                format!(
                    "`{key}` is neither a property of a person nor the integration name of a custom field on people"
                ),
            )
        })?;
        match field.value_of(raw)? {
            Some(v) => values.insert(field.id, v),
            None => values.remove(&field.id),
        };
    }
    Ok(())
}

/// Longest value of a `text` field (and of a `paragraph` field).
pub const MAX_TEXT_VALUE: usize = 255;
pub const MAX_PARAGRAPH_VALUE: usize = 10_000;

/// A request's JSON value, as the domain sees it (the edge converts; the domain knows no JSON).
#[derive(Debug, Clone, PartialEq)]
pub enum RawValue {
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
    List(Vec<RawValue>),
    /// An object: never a custom field's value.
    Other,
}

/// A custom field's value as stored.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// `text`, `paragraph`, `select`, `hex-color` (as `#RRGGBB`, upper case).
    Text(String),
    /// `number`, `currency`.
    Number(f64),
    Bool(bool),
    Date(NaiveDate),
    /// `multi-select`: the options chosen, in the order sent.
    Options(Vec<String>),
}

impl FieldValue {
    /// The exact keys a list filter finds this value by: the text, the number written the shortest
    /// way (`35` for `35.0`), `true`/`false`, the ISO day, or each option of a multi-select.
    pub fn keys(&self) -> Vec<String> {
        match self {
            Self::Text(s) => vec![s.clone()],
            Self::Number(n) => vec![number_key(*n)],
            Self::Bool(b) => vec![b.to_string()],
            Self::Date(d) => vec![d.format("%Y-%m-%d").to_string()],
            Self::Options(o) => o.clone(),
        }
    }
}

fn number_key(n: f64) -> String {
    // Rust prints the shortest text that reads back as the same number; `-0` is `0`.
    if n == 0.0 {
        "0".into()
    } else {
        n.to_string()
    }
}

fn hex_color(s: &str) -> Option<String> {
    let digits = s.strip_prefix('#')?;
    let ok = matches!(digits.len(), 3 | 6) && digits.chars().all(|c| c.is_ascii_hexdigit());
    ok.then(|| format!("#{}", digits.to_ascii_uppercase()))
}

fn day(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().or_else(|| {
        s.get(..10)
            .filter(|_| s.len() > 10 && s.as_bytes()[10] == b'T')
            .and_then(day)
    })
}

impl CustomField {
    /// The value sent for this field under its integration name; `null` unsets it (`None`).
    pub fn value_of(&self, raw: &RawValue) -> Result<Option<FieldValue>, Invalid> {
        let key = self.integration_name.as_str();
        let wrong = |expected: &str| Invalid::wrong_type(key, expected);
        let text = || match raw {
            RawValue::Text(s) => Ok(s.as_str()),
            _ => Err(wrong("a string")),
        };
        if *raw == RawValue::Null {
            return Ok(None);
        }
        let value = match self.field_type {
            FieldType::Text | FieldType::Paragraph => {
                let s = text()?;
                let max = if self.field_type == FieldType::Text {
                    MAX_TEXT_VALUE
                } else {
                    MAX_PARAGRAPH_VALUE
                };
                if s.chars().count() > max {
                    return Err(Invalid::new(
                        key,
                        "valueTooLong",
                        format!("`{key}` must be at most {max} characters"),
                    ));
                }
                FieldValue::Text(s.to_owned())
            }
            FieldType::Number | FieldType::Currency => match raw {
                RawValue::Number(n) if n.is_finite() => FieldValue::Number(*n),
                _ => return Err(wrong("a number")),
            },
            FieldType::Bool => match raw {
                RawValue::Bool(b) => FieldValue::Bool(*b),
                _ => return Err(wrong("true or false")),
            },
            FieldType::HexColor => FieldValue::Text(hex_color(text()?).ok_or_else(|| {
                Invalid::new(
                    key,
                    "invalidValue",
                    format!("`{key}` must be a hex color such as #53A9FF"),
                )
            })?),
            FieldType::Date => FieldValue::Date(day(text()?).ok_or_else(|| {
                Invalid::new(
                    key,
                    "invalidDate",
                    format!("`{key}` must be an ISO 8601 date such as 2027-03-01"),
                )
            })?),
            FieldType::Select => FieldValue::Text(self.option(text()?)?),
            FieldType::MultiSelect => {
                // An array of options; a single option alone is taken as a list of one.
                let items = match raw {
                    RawValue::List(items) => items.clone(),
                    RawValue::Text(_) => vec![raw.clone()],
                    _ => return Err(wrong("an array of options")),
                };
                let mut chosen: Vec<String> = Vec::with_capacity(items.len());
                for item in &items {
                    let RawValue::Text(s) = item else {
                        return Err(wrong("an array of options"));
                    };
                    let option = self.option(s)?;
                    if !chosen.contains(&option) {
                        chosen.push(option);
                    }
                }
                FieldValue::Options(chosen)
            }
        };
        Ok(Some(value))
    }

    /// One of the field's options, or a 400 naming the field's key and the options.
    fn option(&self, s: &str) -> Result<String, Invalid> {
        if self.values.iter().any(|v| v == s) {
            Ok(s.to_owned())
        } else {
            let key = &self.integration_name;
            Err(Invalid::new(
                key.as_str(),
                "invalidValue",
                format!("`{key}` must be one of: {}", self.values.join(", ")),
            ))
        }
    }

    /// The key a people list's `?<integration name>=<value>` filters by (exactly, as
    /// `FieldValue::keys`), or a 400 naming the parameter when the text cannot be such a value.
    /// Any text finds a select's values: people keep an option removed from the field.
    pub fn filter_key(&self, s: &str) -> Result<String, Invalid> {
        let key = self.integration_name.as_str();
        if !self.field_type.filterable() {
            return Err(Invalid::new(
                key,
                "invalidQueryParameter",
                format!("`{key}` is a paragraph field, which lists do not filter by"),
            ));
        }
        let raw = match self.field_type {
            FieldType::Select | FieldType::MultiSelect => return Ok(s.to_owned()),
            FieldType::Number | FieldType::Currency => RawValue::Number(
                s.trim()
                    .parse()
                    .map_err(|_| Invalid::new(key, "invalidQueryParameter", format!("`{key}` must be a number")))?,
            ),
            FieldType::Bool => RawValue::Bool(match s {
                "true" => true,
                "false" => false,
                _ => {
                    return Err(Invalid::new(
                        key,
                        "invalidQueryParameter",
                        format!("`{key}` must be true or false"),
                    ))
                }
            }),
            _ => RawValue::Text(s.to_owned()),
        };
        let value = self.value_of(&raw).map_err(|e| Invalid {
            detail_code: "invalidQueryParameter",
            ..e
        })?;
        Ok(value.map(|v| v.keys().remove(0)).unwrap_or_default())
    }
}

/// A people list's custom field filters: each query key must be the integration name of a field
/// on people, else a 400 `invalidQueryParameter` naming it (a misspelled key must not answer the
/// whole company); its text is read as that field's value (`CustomField::filter_key`).
pub fn custom_filters(
    fields: &[CustomField],
    query: &[(String, String)],
) -> Result<Vec<(CustomFieldId, String)>, Invalid> {
    query
        .iter()
        .map(|(key, text)| {
            let field = people_field(fields, key).ok_or_else(|| {
                Invalid::new(
                    key.as_str(),
                    "invalidQueryParameter",
                    format!("`{key}` is not a parameter of this list"),
                )
            })?;
            Ok((field.id, field.filter_key(text)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CompanyId;

    fn field(kind: FieldType, options: &[&str]) -> CustomField {
        let mut f = CustomField::new(CompanyId::new(), "My Field".into(), kind, 0).unwrap();
        f.values = options.iter().map(|o| o.to_string()).collect();
        f
    }

    fn text(s: &str) -> RawValue {
        RawValue::Text(s.into())
    }

    #[test]
    fn values_follow_their_fields_type() {
        let ok = |kind, options: &[&str], raw: RawValue| field(kind, options).value_of(&raw).unwrap();
        assert_eq!(ok(FieldType::Text, &[], text("x")), Some(FieldValue::Text("x".into())));
        assert_eq!(ok(FieldType::Text, &[], RawValue::Null), None);
        assert_eq!(
            ok(FieldType::Currency, &[], RawValue::Number(35.5)),
            Some(FieldValue::Number(35.5))
        );
        assert_eq!(
            ok(FieldType::HexColor, &[], text("#53a9ff")),
            Some(FieldValue::Text("#53A9FF".into()))
        );
        assert_eq!(
            ok(FieldType::Date, &[], text("2027-03-01T00:00:00Z")),
            Some(FieldValue::Date(NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()))
        );
        assert_eq!(
            ok(FieldType::Select, &["a", "b"], text("b")),
            Some(FieldValue::Text("b".into()))
        );
        let both = RawValue::List(vec![text("b"), text("a"), text("b")]);
        assert_eq!(
            ok(FieldType::MultiSelect, &["a", "b"], both),
            Some(FieldValue::Options(vec!["b".into(), "a".into()]))
        );
        assert_eq!(
            ok(FieldType::MultiSelect, &["a"], text("a")),
            Some(FieldValue::Options(vec!["a".into()]))
        );
        for (kind, options, raw, code) in [
            (FieldType::Number, &[][..], text("5"), "invalidFieldType"),
            (FieldType::Bool, &[], text("true"), "invalidFieldType"),
            (FieldType::Text, &[], RawValue::Number(1.0), "invalidFieldType"),
            (FieldType::HexColor, &[], text("blue"), "invalidValue"),
            (FieldType::Date, &[], text("03/01/2027"), "invalidDate"),
            (FieldType::Select, &["a"], text("z"), "invalidValue"),
            (
                FieldType::MultiSelect,
                &["a"],
                RawValue::List(vec![text("a"), text("z")]),
                "invalidValue",
            ),
            (FieldType::Text, &[], RawValue::Other, "invalidFieldType"),
        ] {
            let e = field(kind, options).value_of(&raw).unwrap_err();
            assert_eq!(
                (e.field.as_str(), e.detail_code),
                ("my_field", code),
                "{kind:?} {raw:?}"
            );
        }
    }

    #[test]
    fn sent_values_set_and_unset_by_integration_name() {
        let mut region = field(FieldType::Select, &["east", "west"]);
        region.on_people = true;
        let mut hidden = CustomField::new(CompanyId::new(), "Budget".into(), FieldType::Number, 0).unwrap();
        hidden.on_projects = true;
        let fields = [region.clone(), hidden];
        let mut values = StoredValues::new();
        apply_sent(&fields, &vec![("my_field".into(), text("west"))], &mut values).unwrap();
        assert_eq!(values.get(&region.id), Some(&FieldValue::Text("west".into())));
        apply_sent(&fields, &vec![("my_field".into(), RawValue::Null)], &mut values).unwrap();
        assert!(values.is_empty());
        for key in ["budget", "my_feld"] {
            let e = apply_sent(&fields, &vec![(key.into(), RawValue::Number(1.0))], &mut values).unwrap_err();
            assert_eq!((e.field.as_str(), e.detail_code), (key, "unknownField"));
        }
        let e = apply_sent(&fields, &vec![("my_field".into(), text("north"))], &mut values).unwrap_err();
        assert_eq!((e.field.as_str(), e.detail_code), ("my_field", "invalidValue"));
    }

    #[test]
    fn filters_find_values_by_the_same_keys() {
        let f = field(FieldType::Number, &[]);
        let stored = f.value_of(&RawValue::Number(35.0)).unwrap().unwrap();
        assert_eq!(stored.keys(), ["35"]);
        assert_eq!(f.filter_key("35.0").unwrap(), "35");
        assert_eq!(f.filter_key("x").unwrap_err().detail_code, "invalidQueryParameter");
        let m = field(FieldType::MultiSelect, &["a", "b"]);
        assert_eq!(
            m.value_of(&RawValue::List(vec![text("a"), text("b")]))
                .unwrap()
                .unwrap()
                .keys(),
            ["a", "b"]
        );
        assert_eq!(m.filter_key("b").unwrap(), "b");
        assert_eq!(m.filter_key("z").unwrap(), "z", "an option since removed");
        assert_eq!(field(FieldType::HexColor, &[]).filter_key("#abc").unwrap(), "#ABC");
        assert_eq!(field(FieldType::Bool, &[]).filter_key("true").unwrap(), "true");
        assert!(field(FieldType::Paragraph, &[]).filter_key("x").is_err());
        let mut on_people = field(FieldType::Number, &[]);
        on_people.on_people = true;
        let fields = [on_people.clone()];
        let q = |k: &str, v: &str| vec![(k.to_owned(), v.to_owned())];
        assert_eq!(
            custom_filters(&fields, &q("my_field", "7.50")).unwrap(),
            [(on_people.id, "7.5".to_owned())]
        );
        let e = custom_filters(&fields, &q("my_feld", "7")).unwrap_err();
        assert_eq!((e.field.as_str(), e.detail_code), ("my_feld", "invalidQueryParameter"));
        assert!(custom_filters(&[f], &q("my_field", "7")).is_err(), "not on people");
    }
}
