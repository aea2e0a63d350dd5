//! Throwaway databases for tests: a SQLite file in a temporary folder, or, when
//! `ROSTER_TEST_POSTGRES` names a server (`postgres://user@host:port/postgres`), a new PostgreSQL
//! database that is dropped when the `TestDb` is.
use sqlx::{Connection, Executor};

/// The sweep's deletes, for the tests that check they are answered from indexes.
pub use crate::sql::sweep::SWEEP_DELETES;
use tempfile::TempDir;

pub enum TestDb {
    Sqlite(TempDir),
    Postgres { admin_url: String, name: String },
}

/// The PostgreSQL server tests run against, if any.
pub fn postgres_admin_url() -> Option<String> {
    std::env::var("ROSTER_TEST_POSTGRES").ok().filter(|u| !u.is_empty())
}

impl TestDb {
    /// A fresh database of the backend under test, and its URL.
    pub async fn create() -> (Self, String) {
        match postgres_admin_url() {
            Some(admin) => Self::postgres(&admin).await,
            None => Self::sqlite(),
        }
    }

    pub fn sqlite() -> (Self, String) {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("roster.db").display());
        (Self::Sqlite(dir), url)
    }

    pub async fn postgres(admin_url: &str) -> (Self, String) {
        let name = format!("roster_test_{}", uuid::Uuid::new_v4().simple());
        let mut conn = sqlx::PgConnection::connect(admin_url)
            .await
            .expect("PostgreSQL reachable");
        conn.execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .expect("create database");
        let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(admin_url);
        let url = format!("{base}/{name}");
        (
            Self::Postgres {
                admin_url: admin_url.to_owned(),
                name,
            },
            url,
        )
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Self::Postgres { admin_url, name } = self {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Drop may run inside a runtime: the cleanup gets a thread and runtime of its own.
            let _ = std::thread::spawn(move || {
                let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
                    return;
                };
                rt.block_on(async {
                    if let Ok(mut conn) = sqlx::PgConnection::connect(&admin_url).await {
                        let _ = conn
                            .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
                            .await;
                    }
                });
            })
            .join();
        }
    }
}
