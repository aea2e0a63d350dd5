//! The SQLite store as files: the lock `roster serve` holds while it runs, and putting a backup
//! back (`roster restore`), which refuses while any server holds that lock.
use rusqlite::{Connection, OpenFlags};
use sqlx::sqlite::SqliteConnectOptions;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The database file a `sqlite://` URL names; `None` for another store or an in-memory one.
pub fn database_path(url: &str) -> Option<PathBuf> {
    if !url.starts_with("sqlite:") {
        return None;
    }
    let options = SqliteConnectOptions::from_str(url).ok()?;
    let path = options.get_filename();
    let name = path.to_string_lossy();
    (!name.is_empty() && name != ":memory:" && !name.starts_with("file::memory:")).then(|| path.to_owned())
}

fn lock_file(db: &Path) -> std::io::Result<File> {
    let mut name = db.as_os_str().to_owned();
    name.push(".lock");
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(PathBuf::from(name))
}

/// Held by `roster serve` for as long as it runs (a shared lock on `<database>.lock`: several
/// servers may share a file; a restore may not run under any). `None` for PostgreSQL.
pub fn hold_while_serving(url: &str) -> Result<Option<File>, String> {
    let Some(db) = database_path(url) else { return Ok(None) };
    let file = lock_file(&db).map_err(|e| format!("cannot open {}.lock: {e}", db.display()))?;
    file.lock_shared()
        .map_err(|e| format!("cannot lock {}.lock: {e}", db.display()))?;
    Ok(Some(file))
}

/// Puts the backup `from` in place of the store `url` names, when no server runs on it: the
/// backup must pass `PRAGMA integrity_check`; it is copied beside the database, synced, and
/// renamed over it, and the old database's WAL files are removed.
pub fn restore(url: &str, from: &Path) -> Result<(), String> {
    let db = database_path(url).ok_or(
        "`roster restore` is for the SQLite store; restore PostgreSQL with pg_restore or psql (see the README)",
    )?;
    let lock = lock_file(&db).map_err(|e| format!("cannot open {}.lock: {e}", db.display()))?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            return Err(format!("roster serve is running on {}: stop it first", db.display()));
        }
        Err(TryLockError::Error(e)) => return Err(format!("cannot lock {}.lock: {e}", db.display())),
    }
    check(from)?;
    let mut staged = db.as_os_str().to_owned();
    staged.push(".restoring");
    let staged = PathBuf::from(staged);
    std::fs::copy(from, &staged).map_err(|e| format!("cannot copy {}: {e}", from.display()))?;
    File::open(&staged)
        .and_then(|f| f.sync_all())
        .map_err(|e| format!("cannot sync {}: {e}", staged.display()))?;
    for suffix in ["-wal", "-shm"] {
        let mut side = db.as_os_str().to_owned();
        side.push(suffix);
        match std::fs::remove_file(PathBuf::from(side)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("cannot remove the old database's {suffix} file: {e}")),
        }
    }
    std::fs::rename(&staged, &db).map_err(|e| format!("cannot put the backup in place: {e}"))?;
    drop(lock);
    Ok(())
}

/// A backup that opens as SQLite and passes `PRAGMA integrity_check`.
pub fn check(path: &Path) -> Result<(), String> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| format!("{} does not open as SQLite: {e}", path.display()))?;
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| format!("{} is not a SQLite database: {e}", path.display()))?;
    if verdict != "ok" {
        return Err(format!("{} fails its integrity check: {verdict}", path.display()));
    }
    Ok(())
}
