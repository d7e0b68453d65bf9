//! Console accounts (admin or auditor, argon2id password hashes) and their sessions (stored as
//! hashes of the cookie value, each with its CSRF token and an expiry).

use super::{col, now, Ctx, Db, DbError};
use crate::secret::{hash_token, new_token};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// Console roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything.
    Admin,
    /// Read-only: dashboards, incidents, exports.
    Auditor,
}

impl Role {
    /// Parses `admin` / `auditor`.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "auditor" => Some(Role::Auditor),
            _ => None,
        }
    }

    /// The role's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Auditor => "auditor",
        }
    }
}

/// A signed-in session.
#[derive(Debug, Clone)]
pub struct Session {
    /// The account.
    pub admin: String,
    /// Its role.
    pub role: Role,
    /// The CSRF token forms must carry.
    pub csrf: String,
}

/// Hashes a password with argon2id and a random salt.
pub fn hash_password(password: &str) -> Result<String, DbError> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| DbError::Corrupt {
            what: "password hash",
            detail: e.to_string(),
        })
}

impl Db {
    /// Adds an account, or resets its password and role if it exists.
    pub async fn put_admin(&self, name: &str, role: Role, password: &str) -> Result<(), DbError> {
        let hash = hash_password(password)?;
        let _w = self.writer().await;
        sqlx::query(
            "INSERT INTO admins (name, role, password_hash, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (name) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash, disabled = 0",
        )
        .bind(name)
        .bind(role.as_str())
        .bind(hash)
        .bind(now() as i64)
        .execute(&self.pool)
        .await
        .ctx("saving an account")?;
        // A new password ends the account's sessions.
        sqlx::query("DELETE FROM sessions WHERE admin = $1")
            .bind(name)
            .execute(&self.pool)
            .await
            .ctx("ending an account's sessions")?;
        Ok(())
    }

    /// Disables an account and ends its sessions. Returns whether it existed.
    pub async fn disable_admin(&self, name: &str) -> Result<bool, DbError> {
        let _w = self.writer().await;
        let n = sqlx::query("UPDATE admins SET disabled = 1 WHERE name = $1 AND disabled = 0")
            .bind(name)
            .execute(&self.pool)
            .await
            .ctx("disabling an account")?
            .rows_affected();
        sqlx::query("DELETE FROM sessions WHERE admin = $1")
            .bind(name)
            .execute(&self.pool)
            .await
            .ctx("ending an account's sessions")?;
        Ok(n == 1)
    }

    /// How many accounts exist.
    pub async fn admin_count(&self) -> Result<i64, DbError> {
        let r = sqlx::query("SELECT COUNT(*) AS n FROM admins")
            .fetch_one(&self.pool)
            .await
            .ctx("counting accounts")?;
        col(&r, "n", "admins")
    }

    /// Accounts: `(name, role, created_at)`.
    pub async fn admins(&self) -> Result<Vec<(String, String, i64)>, DbError> {
        let rows = sqlx::query(
            "SELECT name, role, created_at FROM admins WHERE disabled = 0 ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await
        .ctx("listing accounts")?;
        rows.iter()
            .map(|r| {
                Ok((
                    col(r, "name", "admins")?,
                    col(r, "role", "admins")?,
                    col(r, "created_at", "admins")?,
                ))
            })
            .collect()
    }

    /// Checks a password; the account's role when it matches.
    pub async fn check_password(
        &self,
        name: &str,
        password: &str,
    ) -> Result<Option<Role>, DbError> {
        let r =
            sqlx::query("SELECT role, password_hash FROM admins WHERE name = $1 AND disabled = 0")
                .bind(name)
                .fetch_optional(&self.pool)
                .await
                .ctx("checking a password")?;
        let Some(r) = r else {
            // Spend the same time as a real check, so names cannot be probed by timing.
            let _ = hash_password(password);
            return Ok(None);
        };
        let role: String = col(&r, "role", "admins")?;
        let hash: String = col(&r, "password_hash", "admins")?;
        let parsed = PasswordHash::new(&hash).map_err(|e| DbError::Corrupt {
            what: "admins",
            detail: e.to_string(),
        })?;
        if Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
        {
            Ok(Role::parse(&role))
        } else {
            Ok(None)
        }
    }

    /// Opens a session; returns the cookie value.
    pub async fn create_session(&self, admin: &str, ttl_s: u64) -> Result<String, DbError> {
        let id = new_token();
        let t = now();
        let _w = self.writer().await;
        sqlx::query(
            "INSERT INTO sessions (id_hash, admin, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(hash_token(&id))
        .bind(admin)
        .bind(new_token())
        .bind(t as i64)
        .bind((t + ttl_s) as i64)
        .execute(&self.pool)
        .await
        .ctx("opening a session")?;
        Ok(id)
    }

    /// The live session of a cookie value.
    pub async fn session(&self, cookie: &str) -> Result<Option<Session>, DbError> {
        let r = sqlx::query(
            "SELECT s.admin, s.csrf, a.role FROM sessions s JOIN admins a ON a.name = s.admin \
             WHERE s.id_hash = $1 AND s.expires_at > $2 AND a.disabled = 0",
        )
        .bind(hash_token(cookie))
        .bind(now() as i64)
        .fetch_optional(&self.pool)
        .await
        .ctx("reading a session")?;
        let Some(r) = r else { return Ok(None) };
        let role: String = col(&r, "role", "sessions")?;
        Ok(Role::parse(&role).map(|role| Session {
            admin: col(&r, "admin", "sessions").unwrap_or_default(),
            role,
            csrf: col(&r, "csrf", "sessions").unwrap_or_default(),
        }))
    }

    /// Ends a session.
    pub async fn end_session(&self, cookie: &str) -> Result<(), DbError> {
        let _w = self.writer().await;
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1 OR expires_at < $2")
            .bind(hash_token(cookie))
            .bind(now() as i64)
            .execute(&self.pool)
            .await
            .ctx("ending a session")?;
        Ok(())
    }
}
