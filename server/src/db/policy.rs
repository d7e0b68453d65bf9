//! Rule revisions (every saved state of the rules directory, for history, diff and rollback)
//! and signed bundles (by their tenant-wide monotonic version; the newest is what agents get).

use super::{col, now, Ctx, Db, DbError};
use airlock_policy::RuleFile;
use sqlx::Row;

/// A saved rules directory.
#[derive(Debug, Clone)]
pub struct Revision {
    /// Number (1, 2, ...).
    pub id: i64,
    /// The files.
    pub files: Vec<RuleFile>,
    /// Who saved it.
    pub author: String,
    /// Why.
    pub message: String,
    /// When.
    pub created_at: i64,
}

/// A signed bundle.
#[derive(Debug, Clone)]
pub struct StoredBundle {
    /// Version.
    pub version: i64,
    /// The revision it was built from (0: uploaded, signed offline).
    pub revision: i64,
    /// SHA-256 of the signed payload.
    pub sha256: String,
    /// The bundle file (JSON).
    pub file: String,
    /// Issued at.
    pub issued_at: i64,
    /// Expires at.
    pub expires_at: i64,
    /// `published`, `resigned`, `uploaded`, `rollback`.
    pub origin: String,
    /// Who.
    pub created_by: String,
}

fn corrupt(what: &'static str, e: impl std::fmt::Display) -> DbError {
    DbError::Corrupt {
        what,
        detail: e.to_string(),
    }
}

impl Db {
    /// Saves a new revision; returns its number. Replicas saving at once get distinct numbers.
    pub async fn save_revision(
        &self,
        files: &[RuleFile],
        author: &str,
        message: &str,
    ) -> Result<i64, DbError> {
        let json = serde_json::to_string(files).map_err(|e| corrupt("rule_revisions", e))?;
        let _w = self.writer().await;
        for _ in 0..10 {
            let next: i64 = sqlx::query("SELECT COALESCE(MAX(id), 0) + 1 FROM rule_revisions")
                .fetch_one(&self.pool)
                .await
                .ctx("saving rules")?
                .try_get(0)
                .ctx("saving rules")?;
            let n = sqlx::query(
                "INSERT INTO rule_revisions (id, files, author, message, created_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
            )
            .bind(next)
            .bind(&json)
            .bind(author)
            .bind(message)
            .bind(now() as i64)
            .execute(&self.pool)
            .await
            .ctx("saving rules")?
            .rows_affected();
            if n == 1 {
                return Ok(next);
            }
        }
        Err(DbError::Corrupt {
            what: "rule_revisions",
            detail: "could not number a revision: too many concurrent saves".into(),
        })
    }

    /// A revision by number (the latest when `None`).
    pub async fn revision(&self, id: Option<i64>) -> Result<Option<Revision>, DbError> {
        let q = match id {
            Some(id) => sqlx::query(
                "SELECT id, files, author, message, created_at FROM rule_revisions WHERE id = $1",
            )
            .bind(id),
            None => sqlx::query(
                "SELECT id, files, author, message, created_at FROM rule_revisions ORDER BY id DESC LIMIT 1",
            ),
        };
        let Some(r) = q.fetch_optional(&self.pool).await.ctx("reading rules")? else {
            return Ok(None);
        };
        let w = "rule_revisions";
        let files: String = col(&r, "files", w)?;
        Ok(Some(Revision {
            id: col(&r, "id", w)?,
            files: serde_json::from_str(&files).map_err(|e| corrupt(w, e))?,
            author: col(&r, "author", w)?,
            message: col(&r, "message", w)?,
            created_at: col(&r, "created_at", w)?,
        }))
    }

    /// Revision history, newest first: `(id, author, message, created_at)`.
    pub async fn revisions(&self, limit: i64) -> Result<Vec<(i64, String, String, i64)>, DbError> {
        let rows = sqlx::query(
            "SELECT id, author, message, created_at FROM rule_revisions ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .ctx("listing revisions")?;
        let w = "rule_revisions";
        rows.iter()
            .map(|r| {
                Ok((
                    col(r, "id", w)?,
                    col(r, "author", w)?,
                    col(r, "message", w)?,
                    col(r, "created_at", w)?,
                ))
            })
            .collect()
    }

    /// The next bundle version (one more than any stored).
    pub async fn next_bundle_version(&self) -> Result<i64, DbError> {
        let r = sqlx::query("SELECT COALESCE(MAX(version), 0) + 1 FROM bundles")
            .fetch_one(&self.pool)
            .await
            .ctx("numbering a bundle")?;
        r.try_get(0).ctx("numbering a bundle")
    }

    /// Stores a signed bundle. `false` when another replica stored that version first.
    pub async fn store_bundle(&self, b: &StoredBundle) -> Result<bool, DbError> {
        let _w = self.writer().await;
        let n = sqlx::query(
            "INSERT INTO bundles (version, revision, sha256, file, issued_at, expires_at, origin, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (version) DO NOTHING",
        )
        .bind(b.version)
        .bind(b.revision)
        .bind(&b.sha256)
        .bind(&b.file)
        .bind(b.issued_at)
        .bind(b.expires_at)
        .bind(&b.origin)
        .bind(&b.created_by)
        .execute(&self.pool)
        .await
        .ctx("storing a bundle")?
        .rows_affected();
        Ok(n == 1)
    }

    /// A bundle by version (the newest when `None`).
    pub async fn bundle(&self, version: Option<i64>) -> Result<Option<StoredBundle>, DbError> {
        const COLS: &str =
            "version, revision, sha256, file, issued_at, expires_at, origin, created_by";
        let q = match version {
            Some(v) => sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {COLS} FROM bundles WHERE version = $1"
            )))
            .bind(v),
            None => sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {COLS} FROM bundles ORDER BY version DESC LIMIT 1"
            ))),
        };
        let Some(r) = q.fetch_optional(&self.pool).await.ctx("reading a bundle")? else {
            return Ok(None);
        };
        let w = "bundles";
        Ok(Some(StoredBundle {
            version: col(&r, "version", w)?,
            revision: col(&r, "revision", w)?,
            sha256: col(&r, "sha256", w)?,
            file: col(&r, "file", w)?,
            issued_at: col(&r, "issued_at", w)?,
            expires_at: col(&r, "expires_at", w)?,
            origin: col(&r, "origin", w)?,
            created_by: col(&r, "created_by", w)?,
        }))
    }

    /// The newest bundle's `(version, sha256)`, cheaply (long-poll watchers call this often).
    pub async fn latest_bundle(&self) -> Result<Option<(i64, String)>, DbError> {
        let r = sqlx::query("SELECT version, sha256 FROM bundles ORDER BY version DESC LIMIT 1")
            .fetch_optional(&self.pool)
            .await
            .ctx("reading the latest bundle")?;
        match r {
            Some(r) => Ok(Some((
                col(&r, "version", "bundles")?,
                col(&r, "sha256", "bundles")?,
            ))),
            None => Ok(None),
        }
    }

    /// Bundle history, newest first: `(version, revision, origin, created_by, issued_at, expires_at)`.
    pub async fn bundles(
        &self,
        limit: i64,
    ) -> Result<Vec<(i64, i64, String, String, i64, i64)>, DbError> {
        let rows = sqlx::query(
            "SELECT version, revision, origin, created_by, issued_at, expires_at FROM bundles \
             ORDER BY version DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .ctx("listing bundles")?;
        let w = "bundles";
        rows.iter()
            .map(|r| {
                Ok((
                    col(r, "version", w)?,
                    col(r, "revision", w)?,
                    col(r, "origin", w)?,
                    col(r, "created_by", w)?,
                    col(r, "issued_at", w)?,
                    col(r, "expires_at", w)?,
                ))
            })
            .collect()
    }
}
