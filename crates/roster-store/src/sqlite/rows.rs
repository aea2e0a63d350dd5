//! Decoding helpers shared by the SQLite queries.
use roster_core::StoreError;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use std::str::FromStr;

pub(crate) fn get<'r, T>(row: &'r SqliteRow, col: &str) -> Result<T, StoreError>
where
    T: sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite>,
{
    row.try_get(col).map_err(super::db_err)
}

pub(crate) fn id<T: FromStr>(row: &SqliteRow, col: &str) -> Result<T, StoreError> {
    let s: String = get(row, col)?;
    s.parse()
        .map_err(|_| StoreError::Other(format!("corrupt id in column {col}: {s}")))
}

pub(crate) fn opt_id<T: FromStr>(row: &SqliteRow, col: &str) -> Result<Option<T>, StoreError> {
    let s: Option<String> = get(row, col)?;
    s.map(|s| {
        s.parse()
            .map_err(|_| StoreError::Other(format!("corrupt id in column {col}: {s}")))
    })
    .transpose()
}

/// A JSON array column (`group_ids`, `categories`).
pub(crate) fn json_list<T: FromStr>(row: &SqliteRow, col: &str) -> Result<Vec<T>, StoreError> {
    let s: String = get(row, col)?;
    let items: Vec<String> =
        serde_json::from_str(&s).map_err(|e| StoreError::Other(format!("corrupt JSON in column {col}: {e}")))?;
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
