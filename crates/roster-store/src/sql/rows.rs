//! Decoding helpers shared by the queries, for any backend's rows (`Cells`).
pub(crate) use super::backend::get;
use super::backend::Cells;
use roster_core::StoreError;
use std::str::FromStr;

pub(crate) fn id<T: FromStr>(row: &(impl Cells + ?Sized), col: &str) -> Result<T, StoreError> {
    let s: String = get(row, col)?;
    s.parse()
        .map_err(|_| StoreError::Other(format!("corrupt id in column {col}: {s}")))
}

pub(crate) fn opt_id<T: FromStr>(row: &(impl Cells + ?Sized), col: &str) -> Result<Option<T>, StoreError> {
    let s: Option<String> = get(row, col)?;
    s.map(|s| {
        s.parse()
            .map_err(|_| StoreError::Other(format!("corrupt id in column {col}: {s}")))
    })
    .transpose()
}

/// A JSON text column, decoded.
pub(crate) fn json_column<T: serde::de::DeserializeOwned>(
    row: &(impl Cells + ?Sized),
    col: &str,
) -> Result<T, StoreError> {
    let s: String = get(row, col)?;
    serde_json::from_str(&s).map_err(|e| StoreError::Other(format!("corrupt JSON in column {col}: {e}")))
}

/// A JSON array column (`group_ids`, `categories`).
pub(crate) fn json_list<T: FromStr>(row: &(impl Cells + ?Sized), col: &str) -> Result<Vec<T>, StoreError> {
    let items: Vec<String> = json_column(row, col)?;
    items
        .iter()
        .map(|i| {
            i.parse()
                .map_err(|_| StoreError::Other(format!("corrupt item in column {col}")))
        })
        .collect()
}

pub(crate) fn to_json_list<T: ToString>(items: &[T]) -> String {
    serde_json::Value::from(items.iter().map(ToString::to_string).collect::<Vec<_>>()).to_string()
}
