//! The data-access layer: one connection pool over SQLite (the default, a file in the data
//! directory) or PostgreSQL (`--database-url postgres://...`), migrated on start. Every query
//! is written once, in the SQL both understand (`$n` parameters, `ON CONFLICT`, BIGINT times).
//! The submodules group queries by subject.

pub mod access;
pub mod alerts;
pub mod devices;
pub mod events;
pub mod policy;
pub mod stats;
pub mod users;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Row};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// Which database is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// A storage error, with the operation that failed.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The database could not be reached or answered with an error.
    #[error("database error while {what}: {source}")]
    Sql {
        /// What the server was doing.
        what: &'static str,
        /// The driver's error.
        #[source]
        source: sqlx::Error,
    },
    /// A stored value could not be read back.
    #[error("corrupt stored data in {what}: {detail}")]
    Corrupt {
        /// Where.
        what: &'static str,
        /// What is wrong.
        detail: String,
    },
    /// The database URL is not one this server supports.
    #[error("unsupported database URL `{0}`: use sqlite://PATH or postgres://USER@HOST/DB")]
    Url(String),
}

/// Adds the operation to a driver error.
pub(crate) trait Ctx<T> {
    /// Names the operation that failed.
    fn ctx(self, what: &'static str) -> Result<T, DbError>;
}

impl<T> Ctx<T> for Result<T, sqlx::Error> {
    fn ctx(self, what: &'static str) -> Result<T, DbError> {
        self.map_err(|source| DbError::Sql { what, source })
    }
}

/// The pool and what it talks to.
#[derive(Clone)]
pub struct Db {
    /// The pool.
    pub pool: AnyPool,
    /// The backend.
    pub backend: Backend,
    /// SQLite allows one writer: writes take this lock so they queue here instead of failing
    /// with "database is locked".
    write: Arc<tokio::sync::Mutex<()>>,
}

const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "initial",
        include_str!("../../migrations/0001_initial.sql"),
    ),
    (
        2,
        "blocked_machines",
        include_str!("../../migrations/0002_blocked_machines.sql"),
    ),
    (
        3,
        "queue_counts",
        include_str!("../../migrations/0003_queue_counts.sql"),
    ),
];

impl Db {
    /// Opens (creating it if needed) and migrates the database.
    pub async fn open(url: &str) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(DbError::Url(redact_url(url)));
        };
        let mut opts = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(10));
        opts = match backend {
            Backend::Sqlite => opts.max_connections(8).after_connect(|conn, _| {
                Box::pin(async move {
                    sqlx::raw_sql(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                         PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;",
                    )
                    .execute(conn)
                    .await?;
                    Ok(())
                })
            }),
            Backend::Postgres => opts.max_connections(16),
        };
        let pool = opts.connect(url).await.ctx("connecting")?;
        let db = Db {
            pool,
            backend,
            write: Arc::new(tokio::sync::Mutex::new(())),
        };
        db.migrate().await?;
        Ok(db)
    }

    /// The SQLite URL of a file in `dir`.
    pub fn sqlite_url(dir: &Path) -> String {
        format!("sqlite://{}?mode=rwc", dir.join("airlock.db").display())
    }

    /// Serializes writers on SQLite (a no-op guard on PostgreSQL).
    pub async fn writer(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match self.backend {
            Backend::Sqlite => Some(self.write.lock().await),
            Backend::Postgres => None,
        }
    }

    async fn migrate(&self) -> Result<(), DbError> {
        let _w = self.writer().await;
        let mut tx = self.pool.begin().await.ctx("starting migrations")?;
        if self.backend == Backend::Postgres {
            // Replicas starting together migrate one at a time.
            sqlx::query("SELECT pg_advisory_xact_lock(7461636)")
                .execute(&mut *tx)
                .await
                .ctx("locking for migrations")?;
        }
        sqlx::raw_sql(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, \
             name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
        )
        .execute(&mut *tx)
        .await
        .ctx("creating the migrations table")?;
        let done: Vec<i64> = sqlx::query("SELECT version FROM schema_migrations")
            .fetch_all(&mut *tx)
            .await
            .ctx("reading applied migrations")?
            .iter()
            .map(|r| r.try_get::<i64, _>(0))
            .collect::<Result<_, _>>()
            .ctx("reading applied migrations")?;
        for (version, name, sql) in MIGRATIONS {
            if done.contains(version) {
                continue;
            }
            sqlx::raw_sql(*sql)
                .execute(&mut *tx)
                .await
                .ctx("applying a migration")?;
            sqlx::query(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
            )
            .bind(*version)
            .bind(*name)
            .bind(now() as i64)
            .execute(&mut *tx)
            .await
            .ctx("recording a migration")?;
            tracing::info!(version, name, "applied database migration");
        }
        tx.commit().await.ctx("committing migrations")?;
        Ok(())
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").fetch_one(&self.pool).await.is_ok()
    }

    /// Reads a setting.
    pub async fn setting(&self, key: &str) -> Result<Option<String>, DbError> {
        let row = sqlx::query("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await
            .ctx("reading a setting")?;
        row.map(|r| r.try_get::<String, _>(0))
            .transpose()
            .ctx("reading a setting")
    }

    /// Writes a setting.
    pub async fn set_setting(&self, key: &str, value: &str) -> Result<(), DbError> {
        let _w = self.writer().await;
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&self.pool)
        .await
        .ctx("writing a setting")?;
        Ok(())
    }

    /// Appends to the audit log (who did what in the console or the command line).
    pub async fn audit(&self, actor: &str, action: &str, detail: &str) -> Result<(), DbError> {
        let _w = self.writer().await;
        sqlx::query(
            "INSERT INTO audit_log (id, at, actor, action, detail) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(new_id())
        .bind(now() as i64)
        .bind(actor)
        .bind(action)
        .bind(detail)
        .execute(&self.pool)
        .await
        .ctx("writing the audit log")?;
        Ok(())
    }
}

/// A URL with its password hidden, for messages.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Unix seconds now.
pub use airlock_policy::time::now;

/// A new random id (UUID v7: time-ordered).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Reads a column, naming the table on error.
pub(crate) fn col<'r, T>(row: &'r AnyRow, name: &str, what: &'static str) -> Result<T, DbError>
where
    T: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    row.try_get::<T, _>(name).ctx(what)
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_are_hidden_in_urls() {
        assert_eq!(
            super::redact_url("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(super::redact_url("postgres://u@h/db"), "postgres://u@h/db");
    }
}
