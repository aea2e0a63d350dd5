//! A person's custom field values: the JSON on their row (`{"<field id>": value}`), read against
//! the company's people fields, and the write that sets the values sent by integration name,
//! together with the keys a list filters them by (`person_field_keys`).
use super::backend::{Backend, Cells, Sql, Tx, Value};
use super::custom_fields::custom_field;
use super::rows::get;
use roster_core::model::{apply_sent, CustomField, FieldType, FieldValue, PersonValues, SentValues, StoredValues};
use roster_core::store::StoreResult;
use roster_core::{CompanyId, PersonId, StoreError};
use serde_json::{Map, Value as Json};

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Other(format!("corrupt custom value: {what}"))
}

/// A value's stored form.
fn to_json(v: &FieldValue) -> Json {
    match v {
        FieldValue::Text(s) => s.as_str().into(),
        FieldValue::Number(n) => (*n).into(),
        FieldValue::Bool(b) => (*b).into(),
        FieldValue::Date(d) => d.format("%Y-%m-%d").to_string().into(),
        FieldValue::Options(o) => o.as_slice().into(),
    }
}

/// A stored value read back as a value of a field of type `kind`.
fn from_json(kind: FieldType, j: &Json) -> StoreResult<FieldValue> {
    let value = match (kind, j) {
        (FieldType::Number | FieldType::Currency, Json::Number(n)) => n.as_f64().map(FieldValue::Number),
        (FieldType::Bool, Json::Bool(b)) => Some(FieldValue::Bool(*b)),
        (FieldType::Date, Json::String(s)) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .map(FieldValue::Date),
        (FieldType::MultiSelect, Json::Array(items)) => items
            .iter()
            .map(|i| i.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .map(FieldValue::Options),
        (FieldType::Text | FieldType::Paragraph | FieldType::Select | FieldType::HexColor, Json::String(s)) => {
            Some(FieldValue::Text(s.clone()))
        }
        _ => None,
    };
    value.ok_or_else(|| corrupt(format_args!("{j} for a {} field", kind.as_str())))
}

fn stored_map(text: Option<&str>) -> StoreResult<Map<String, Json>> {
    match text {
        None => Ok(Map::new()),
        Some(t) => serde_json::from_str(t).map_err(corrupt),
    }
}

/// `custom_values` with `field_list` (the company's people fields, `[[id, integration name,
/// type], ...]`, selected with the person): every field with the person's value or none.
pub(super) fn person_values(row: &(impl Cells + ?Sized)) -> StoreResult<PersonValues> {
    let list: String = get(row, "field_list")?;
    let fields: Vec<(String, String, String)> = serde_json::from_str(&list).map_err(corrupt)?;
    if fields.is_empty() {
        return Ok(PersonValues::new());
    }
    let stored = stored_map(get::<Option<String>>(row, "custom_values")?.as_deref())?;
    fields
        .into_iter()
        .map(|(id, key, kind)| {
            let kind = FieldType::parse(&kind).ok_or_else(|| corrupt(&kind))?;
            let value = stored.get(&id).map(|j| from_json(kind, j)).transpose()?;
            Ok((key, value))
        })
        .collect()
}

/// The company's fields, each locked against deletion until the transaction ends.
async fn locked_fields<B: Backend>(tx: &mut Tx<B>, company: CompanyId) -> StoreResult<Vec<CustomField>> {
    Sql::new(format!(
        "SELECT * FROM custom_fields WHERE company_id = $1 ORDER BY seq{}",
        B::KEY_SHARE
    ))
    .bind(company.to_string())
    .fetch_all(&mut *tx)
    .await?
    .iter()
    .map(custom_field)
    .collect()
}

/// Sets (or, `null`, unsets) the values sent on a person whose row the caller's transaction
/// wrote or locked, checked against the company's fields as locked here; the other values stay
/// (a deleted field's value is dropped). The filter keys are rewritten with them.
pub(super) async fn set_custom_values<B: Backend>(
    tx: &mut Tx<B>,
    company: CompanyId,
    person: PersonId,
    sent: &SentValues,
) -> StoreResult<()> {
    if sent.is_empty() {
        return Ok(());
    }
    let fields = locked_fields(tx, company).await?;
    let current: Option<String> = Sql::new("SELECT custom_values FROM people WHERE id = $1")
        .bind(person.to_string())
        .scalar(&mut *tx)
        .await?;
    let stored = stored_map(current.as_deref())?;
    let mut values = StoredValues::new();
    for f in &fields {
        if let Some(j) = stored.get(&f.id.to_string()) {
            values.insert(f.id, from_json(f.field_type, j)?);
        }
    }
    apply_sent(&fields, sent, &mut values)?;
    let json = (!values.is_empty()).then(|| {
        let map: Map<String, Json> = values.iter().map(|(id, v)| (id.to_string(), to_json(v))).collect();
        Json::Object(map).to_string()
    });
    Sql::new("UPDATE people SET custom_values = $1 WHERE id = $2")
        .bind(json)
        .bind(person.to_string())
        .execute(&mut *tx)
        .await?;
    Sql::new("DELETE FROM person_field_keys WHERE person_id = $1")
        .bind(person.to_string())
        .execute(&mut *tx)
        .await?;
    let keys: Vec<(String, String)> = fields
        .iter()
        .filter(|f| f.field_type.filterable())
        .filter_map(|f| Some((f.id, values.get(&f.id)?)))
        .flat_map(|(id, v)| v.keys().into_iter().map(move |k| (id.to_string(), k)))
        .collect();
    if keys.is_empty() {
        return Ok(());
    }
    let mut q = Sql::new("INSERT INTO person_field_keys (field_id, key, person_id) VALUES ");
    for (i, (field, key)) in keys.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.push_row([Value::from(field), key.into(), person.to_string().into()]);
    }
    q.execute(&mut *tx).await.map(drop)
}
