//! Decoding helpers shared by the queries.
// Expanded once per backend (sqlite/, postgres/, sqlite/direct), beside that backend's own
// `get(row, column)`.
macro_rules! rows {
    () => {
        use roster_core::StoreError;
        use std::str::FromStr;

        pub(crate) fn id<T: FromStr>(row: &DbRow, col: &str) -> Result<T, StoreError> {
            let s: String = get(row, col)?;
            s.parse()
                .map_err(|_| StoreError::Other(format!("corrupt id in column {col}: {s}")))
        }

        pub(crate) fn opt_id<T: FromStr>(row: &DbRow, col: &str) -> Result<Option<T>, StoreError> {
            let s: Option<String> = get(row, col)?;
            s.map(|s| {
                s.parse()
                    .map_err(|_| StoreError::Other(format!("corrupt id in column {col}: {s}")))
            })
            .transpose()
        }

        /// A JSON array column (`group_ids`, `categories`).
        pub(crate) fn json_list<T: FromStr>(row: &DbRow, col: &str) -> Result<Vec<T>, StoreError> {
            let s: String = get(row, col)?;
            let items: Vec<String> = serde_json::from_str(&s)
                .map_err(|e| StoreError::Other(format!("corrupt JSON in column {col}: {e}")))?;
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
    };
}
pub(crate) use rows;

/// `get(row, column)` for an sqlx row of the backend's `DbRow` type.
macro_rules! sqlx_get {
    () => {
        pub(crate) fn get<'r, T>(row: &'r DbRow, col: &str) -> Result<T, roster_core::StoreError>
        where
            T: sqlx::Decode<'r, Db> + sqlx::Type<Db>,
        {
            use sqlx::Row;
            row.try_get(col).map_err(db_err)
        }
    };
}
pub(crate) use sqlx_get;
