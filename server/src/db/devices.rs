//! Enrollment secrets, devices and device tokens. Secrets and tokens are stored as SHA-256
//! hashes only (they carry 256 random bits, so no slow hash is needed); re-enrolling a machine
//! makes a new device row, links the old one to it and revokes the old token.

use super::{col, new_id, now, Ctx, Db, DbError};
use crate::secret::{hash_token, new_token};
use airlock_wire::{CheckinRequest, Machine};
use sqlx::Row;

/// An enrollment secret as listed (never the secret itself).
#[derive(Debug, Clone, serde::Serialize)]
pub struct SecretInfo {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Who made it.
    pub created_by: String,
    /// When it was revoked.
    pub revoked_at: Option<i64>,
    /// Devices enrolled with it.
    pub devices: i64,
}

/// A device as listed in the console.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DeviceInfo {
    /// Id.
    pub id: String,
    /// Host name.
    pub hostname: String,
    /// OS and version.
    pub os: String,
    /// Signed-in user at enrollment.
    pub user_name: Option<String>,
    /// Agent version.
    pub agent_version: String,
    /// Bundle version in force.
    pub policy_version: i64,
    /// Its state.
    pub policy_state: String,
    /// Enrolled at.
    pub enrolled_at: i64,
    /// Last check-in.
    pub last_seen: i64,
    /// The device that replaced this one (re-enrollment).
    pub replaced_by: Option<String>,
    /// Events waiting on the device.
    pub pending: i64,
    /// Active tamper signals, comma-separated.
    pub tamper: String,
}

/// What an enrollment returns.
#[derive(Debug, Clone)]
pub struct Enrolled {
    /// The new device.
    pub device_id: String,
    /// Its token (only here, never stored).
    pub token: String,
    /// The device it replaces, if the machine was enrolled before.
    pub replaced: Option<String>,
}

impl Db {
    /// Creates an enrollment secret; returns `(id, secret)`.
    pub async fn create_enroll_secret(
        &self,
        label: &str,
        by: &str,
    ) -> Result<(String, String), DbError> {
        let secret = format!("es_{}", new_token());
        let id = new_id();
        let _w = self.writer().await;
        sqlx::query(
            "INSERT INTO enroll_secrets (id, secret_hash, label, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(hash_token(&secret))
        .bind(label)
        .bind(now() as i64)
        .bind(by)
        .execute(&self.pool)
        .await
        .ctx("creating an enrollment secret")?;
        Ok((id, secret))
    }

    /// Revokes an enrollment secret (by id, or by a unique id prefix). Returns whether one was
    /// revoked.
    pub async fn revoke_enroll_secret(&self, id: &str) -> Result<bool, DbError> {
        let _w = self.writer().await;
        let n = sqlx::query(
            "UPDATE enroll_secrets SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
        )
        .bind(now() as i64)
        .bind(id)
        .execute(&self.pool)
        .await
        .ctx("revoking an enrollment secret")?
        .rows_affected();
        Ok(n == 1)
    }

    /// Lists enrollment secrets.
    pub async fn enroll_secrets(&self) -> Result<Vec<SecretInfo>, DbError> {
        let rows = sqlx::query(
            "SELECT s.id, s.label, s.created_at, s.created_by, s.revoked_at, \
             (SELECT COUNT(*) FROM devices d WHERE d.secret_id = s.id) AS devices \
             FROM enroll_secrets s ORDER BY s.created_at DESC",
        )
        .fetch_all(&self.pool)
        .await
        .ctx("listing enrollment secrets")?;
        let w = "enroll_secrets";
        rows.iter()
            .map(|r| {
                Ok(SecretInfo {
                    id: col(r, "id", w)?,
                    label: col(r, "label", w)?,
                    created_at: col(r, "created_at", w)?,
                    created_by: col(r, "created_by", w)?,
                    revoked_at: col(r, "revoked_at", w)?,
                    devices: col(r, "devices", w)?,
                })
            })
            .collect()
    }

    /// Enrolls a machine with a secret. `Ok(None)`: the secret is unknown or revoked.
    pub async fn enroll(
        &self,
        secret: &str,
        machine: &Machine,
        agent_version: &str,
    ) -> Result<Option<Enrolled>, DbError> {
        let row = sqlx::query(
            "SELECT id FROM enroll_secrets WHERE secret_hash = $1 AND revoked_at IS NULL",
        )
        .bind(hash_token(secret))
        .fetch_optional(&self.pool)
        .await
        .ctx("checking an enrollment secret")?;
        let Some(row) = row else { return Ok(None) };
        let secret_id: String = row.try_get(0).ctx("checking an enrollment secret")?;
        let device_id = new_id();
        let token = format!("dt_{}", new_token());
        let t = now() as i64;
        let _w = self.writer().await;
        let mut tx = self.pool.begin().await.ctx("enrolling")?;
        let previous: Vec<String> =
            sqlx::query("SELECT id FROM devices WHERE machine_id = $1 AND replaced_by IS NULL")
                .bind(&machine.machine_id)
                .fetch_all(&mut *tx)
                .await
                .ctx("enrolling")?
                .iter()
                .map(|r| r.try_get::<String, _>(0))
                .collect::<Result<_, _>>()
                .ctx("enrolling")?;
        for old in &previous {
            sqlx::query("UPDATE devices SET replaced_by = $1 WHERE id = $2")
                .bind(&device_id)
                .bind(old)
                .execute(&mut *tx)
                .await
                .ctx("enrolling")?;
            sqlx::query(
                "UPDATE device_tokens SET revoked_at = $1 WHERE device_id = $2 AND revoked_at IS NULL",
            )
            .bind(t)
            .bind(old)
            .execute(&mut *tx)
            .await
            .ctx("enrolling")?;
        }
        sqlx::query(
            "INSERT INTO devices (id, machine_id, hostname, os, os_version, user_name, \
             agent_version, enrolled_at, last_seen, secret_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&device_id)
        .bind(&machine.machine_id)
        .bind(&machine.hostname)
        .bind(&machine.os)
        .bind(&machine.os_version)
        .bind(machine.user.as_deref())
        .bind(agent_version)
        .bind(t)
        .bind(t)
        .bind(&secret_id)
        .execute(&mut *tx)
        .await
        .ctx("enrolling")?;
        sqlx::query(
            "INSERT INTO device_tokens (token_hash, device_id, created_at) VALUES ($1, $2, $3)",
        )
        .bind(hash_token(&token))
        .bind(&device_id)
        .bind(t)
        .execute(&mut *tx)
        .await
        .ctx("enrolling")?;
        tx.commit().await.ctx("enrolling")?;
        Ok(Some(Enrolled {
            device_id,
            token,
            replaced: previous.into_iter().next(),
        }))
    }

    /// The device a token belongs to: `Ok(None)` for unknown or revoked tokens.
    pub async fn device_of_token(&self, token: &str) -> Result<Option<String>, DbError> {
        let row = sqlx::query(
            "SELECT device_id FROM device_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(hash_token(token))
        .fetch_optional(&self.pool)
        .await
        .ctx("checking a device token")?;
        row.map(|r| r.try_get::<String, _>(0))
            .transpose()
            .ctx("checking a device token")
    }

    /// Revokes a device's tokens and blocks its machine from enrolling again. Returns whether
    /// the device exists.
    pub async fn revoke_and_block(&self, device_id: &str, by: &str) -> Result<bool, DbError> {
        let row = sqlx::query("SELECT machine_id, hostname FROM devices WHERE id = $1")
            .bind(device_id)
            .fetch_optional(&self.pool)
            .await
            .ctx("revoking a device")?;
        let Some(row) = row else { return Ok(false) };
        let machine: String = col(&row, "machine_id", "devices")?;
        let host: String = col(&row, "hostname", "devices")?;
        self.revoke_device(device_id).await?;
        let _w = self.writer().await;
        sqlx::query(
            "INSERT INTO blocked_machines (machine_id, blocked_at, blocked_by, hostname) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (machine_id) DO NOTHING",
        )
        .bind(&machine)
        .bind(now() as i64)
        .bind(by)
        .bind(&host)
        .execute(&self.pool)
        .await
        .ctx("blocking a machine")?;
        Ok(true)
    }

    /// Allows a blocked machine to enroll again. Returns whether it was blocked.
    pub async fn unblock_machine(&self, machine_id: &str) -> Result<bool, DbError> {
        let _w = self.writer().await;
        let n = sqlx::query("DELETE FROM blocked_machines WHERE machine_id = $1")
            .bind(machine_id)
            .execute(&self.pool)
            .await
            .ctx("unblocking a machine")?
            .rows_affected();
        Ok(n == 1)
    }

    /// Blocked machines: `(machine_id, hostname, blocked_at, blocked_by)`.
    pub async fn blocked_machines(&self) -> Result<Vec<(String, String, i64, String)>, DbError> {
        let rows = sqlx::query(
            "SELECT machine_id, hostname, blocked_at, blocked_by FROM blocked_machines ORDER BY blocked_at DESC",
        )
        .fetch_all(&self.pool)
        .await
        .ctx("listing blocked machines")?;
        let w = "blocked_machines";
        rows.iter()
            .map(|r| {
                Ok((
                    col(r, "machine_id", w)?,
                    col(r, "hostname", w)?,
                    col(r, "blocked_at", w)?,
                    col(r, "blocked_by", w)?,
                ))
            })
            .collect()
    }

    /// Whether a machine is blocked from enrolling.
    pub async fn is_blocked(&self, machine_id: &str) -> Result<bool, DbError> {
        let r = sqlx::query("SELECT 1 FROM blocked_machines WHERE machine_id = $1")
            .bind(machine_id)
            .fetch_optional(&self.pool)
            .await
            .ctx("checking a blocked machine")?;
        Ok(r.is_some())
    }

    /// Revokes every token of a device.
    pub async fn revoke_device(&self, device_id: &str) -> Result<u64, DbError> {
        let _w = self.writer().await;
        let n = sqlx::query(
            "UPDATE device_tokens SET revoked_at = $1 WHERE device_id = $2 AND revoked_at IS NULL",
        )
        .bind(now() as i64)
        .bind(device_id)
        .execute(&self.pool)
        .await
        .ctx("revoking a device")?
        .rows_affected();
        Ok(n)
    }

    /// Records a batch of check-ins (the server buffers them and writes them together), the
    /// reported queue position included.
    pub async fn record_checkins(
        &self,
        batch: &[(String, u64, CheckinRequest)],
    ) -> Result<(), DbError> {
        if batch.is_empty() {
            return Ok(());
        }
        let _w = self.writer().await;
        let mut tx = self.pool.begin().await.ctx("recording check-ins")?;
        for (device, at, c) in batch {
            sqlx::query(
                "UPDATE devices SET last_seen = $1, agent_version = $2, policy_version = $3, \
                 policy_state = $4, policy_error = $5, pending = $6, dead_letter = $7, \
                 unrecorded = $8, tamper = $9, \
                 queue_epoch = CASE WHEN $11 = '' THEN queue_epoch ELSE $11 END, \
                 last_seq = CASE WHEN $11 = '' THEN last_seq ELSE $12 END WHERE id = $10",
            )
            .bind(*at as i64)
            .bind(&c.agent_version)
            .bind(c.policy.version as i64)
            .bind(c.policy.state.as_str())
            .bind(c.policy.last_error.as_deref())
            .bind(c.queue.pending.min(i64::MAX as u64) as i64)
            .bind(c.queue.dead_letter.min(i64::MAX as u64) as i64)
            .bind(c.queue.unrecorded.min(i64::MAX as u64) as i64)
            .bind(c.health.tamper_signals.join(","))
            .bind(device)
            .bind(&c.queue.epoch)
            .bind(c.queue.last_seq.min(i64::MAX as u64) as i64)
            .execute(&mut *tx)
            .await
            .ctx("recording check-ins")?;
        }
        tx.commit().await.ctx("recording check-ins")?;
        Ok(())
    }

    /// Remembers a request id; `false` when the device already sent it (a replay).
    pub async fn first_use_of_request(
        &self,
        device: &str,
        request_id: &str,
    ) -> Result<bool, DbError> {
        let _w = self.writer().await;
        let n = sqlx::query(
            "INSERT INTO seen_requests (device_id, request_id, seen_at) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(device)
        .bind(request_id)
        .bind(now() as i64)
        .execute(&self.pool)
        .await
        .ctx("checking for a replay")?
        .rows_affected();
        Ok(n == 1)
    }

    /// Forgets request ids older than `before` (they are refused by their timestamp anyway).
    pub async fn prune_requests(&self, before: u64) -> Result<u64, DbError> {
        let _w = self.writer().await;
        Ok(sqlx::query("DELETE FROM seen_requests WHERE seen_at < $1")
            .bind(before as i64)
            .execute(&self.pool)
            .await
            .ctx("pruning request ids")?
            .rows_affected())
    }

    /// Lists devices, most recently seen first.
    pub async fn devices(&self, limit: i64) -> Result<Vec<DeviceInfo>, DbError> {
        let rows = sqlx::query(
            "SELECT id, hostname, os, os_version, user_name, agent_version, policy_version, \
             policy_state, enrolled_at, last_seen, replaced_by, pending, tamper FROM devices \
             ORDER BY last_seen DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .ctx("listing devices")?;
        let w = "devices";
        rows.iter()
            .map(|r| {
                let os: String = col(r, "os", w)?;
                let v: String = col(r, "os_version", w)?;
                Ok(DeviceInfo {
                    id: col(r, "id", w)?,
                    hostname: col(r, "hostname", w)?,
                    os: format!("{os} {v}"),
                    user_name: col(r, "user_name", w)?,
                    agent_version: col(r, "agent_version", w)?,
                    policy_version: col(r, "policy_version", w)?,
                    policy_state: col(r, "policy_state", w)?,
                    enrolled_at: col(r, "enrolled_at", w)?,
                    last_seen: col(r, "last_seen", w)?,
                    replaced_by: col(r, "replaced_by", w)?,
                    pending: col(r, "pending", w)?,
                    tamper: col(r, "tamper", w)?,
                })
            })
            .collect()
    }
}
