//! AUP acknowledgments (one per device, user and AUP version) and tool access requests (one per
//! device and agent-chosen `access_id`, moving pending -> approved / denied).

use super::{col, new_id, now, Ctx, Db, DbError};
use airlock_wire::{AccessRequest, AccessRequestStatus, AccessRequestView, AupAck};
use sqlx::any::AnyRow;

/// An access request as the console shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AccessInfo {
    /// Server id.
    pub id: String,
    /// Device.
    pub device_id: String,
    /// The agent's key.
    pub access_id: String,
    /// Who asks.
    pub user_name: String,
    /// Tool register id.
    pub tool_id: Option<String>,
    /// Tool name.
    pub tool_name: String,
    /// Tier at the time.
    pub tool_tier: Option<i64>,
    /// Class the user needs.
    pub data_class: String,
    /// Why.
    pub reason: String,
    /// Status.
    pub status: String,
    /// Filed at.
    pub created_at: i64,
    /// Decided by.
    pub decided_by: Option<String>,
    /// IT's note.
    pub note: Option<String>,
}

/// An acknowledgment as exported.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AckInfo {
    /// Device.
    pub device_id: String,
    /// User.
    pub user_name: String,
    /// AUP version.
    pub aup_version: String,
    /// When acknowledged.
    pub acked_at: i64,
}

fn read(r: &AnyRow) -> Result<AccessInfo, DbError> {
    let w = "access_requests";
    Ok(AccessInfo {
        id: col(r, "id", w)?,
        device_id: col(r, "device_id", w)?,
        access_id: col(r, "access_id", w)?,
        user_name: col(r, "user_name", w)?,
        tool_id: col(r, "tool_id", w)?,
        tool_name: col(r, "tool_name", w)?,
        tool_tier: col(r, "tool_tier", w)?,
        data_class: col(r, "data_class", w)?,
        reason: col(r, "reason", w)?,
        status: col(r, "status", w)?,
        created_at: col(r, "created_at", w)?,
        decided_by: col(r, "decided_by", w)?,
        note: col(r, "note", w)?,
    })
}

const COLUMNS: &str = "id, device_id, access_id, user_name, tool_id, tool_name, tool_tier, \
    data_class, reason, status, created_at, decided_by, note";

impl Db {
    /// Stores an acknowledgment; `false` if it was already stored.
    pub async fn store_ack(&self, device: &str, a: &AupAck) -> Result<bool, DbError> {
        let _w = self.writer().await;
        let n = sqlx::query(
            "INSERT INTO aup_acks (device_id, user_name, aup_version, acked_at, received_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(device)
        .bind(&a.user)
        .bind(&a.aup_version)
        .bind(a.acked_at as i64)
        .bind(now() as i64)
        .execute(&self.pool)
        .await
        .ctx("storing an acknowledgment")?
        .rows_affected();
        Ok(n == 1)
    }

    /// All acknowledgments, oldest first (audit evidence).
    pub async fn acks(&self) -> Result<Vec<AckInfo>, DbError> {
        let rows = sqlx::query(
            "SELECT device_id, user_name, aup_version, acked_at FROM aup_acks ORDER BY acked_at, device_id",
        )
        .fetch_all(&self.pool)
        .await
        .ctx("listing acknowledgments")?;
        let w = "aup_acks";
        rows.iter()
            .map(|r| {
                Ok(AckInfo {
                    device_id: col(r, "device_id", w)?,
                    user_name: col(r, "user_name", w)?,
                    aup_version: col(r, "aup_version", w)?,
                    acked_at: col(r, "acked_at", w)?,
                })
            })
            .collect()
    }

    /// Users who acknowledged each AUP version: `(version, users)`.
    pub async fn ack_coverage(&self) -> Result<Vec<(String, i64)>, DbError> {
        let rows = sqlx::query(
            "SELECT aup_version, COUNT(DISTINCT user_name) AS n FROM aup_acks GROUP BY aup_version \
             ORDER BY aup_version DESC",
        )
        .fetch_all(&self.pool)
        .await
        .ctx("counting acknowledgments")?;
        rows.iter()
            .map(|r| Ok((col(r, "aup_version", "aup_acks")?, col(r, "n", "aup_acks")?)))
            .collect()
    }

    /// Files an access request; `false` if the device filed it already.
    pub async fn store_access_request(
        &self,
        device: &str,
        a: &AccessRequest,
    ) -> Result<bool, DbError> {
        let _w = self.writer().await;
        let n = sqlx::query(
            "INSERT INTO access_requests (id, device_id, access_id, user_name, tool_id, tool_name, \
             tool_tier, data_class, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (device_id, access_id) DO NOTHING",
        )
        .bind(new_id())
        .bind(device)
        .bind(&a.access_id)
        .bind(&a.user)
        .bind(a.tool.id.clone())
        .bind(&a.tool.name)
        .bind(a.tool.tier.map(i64::from))
        .bind(&a.data_class)
        .bind(&a.reason)
        .bind(now() as i64)
        .execute(&self.pool)
        .await
        .ctx("filing an access request")?
        .rows_affected();
        Ok(n == 1)
    }

    /// A device's own access requests, newest first.
    pub async fn device_access_requests(
        &self,
        device: &str,
    ) -> Result<Vec<AccessRequestView>, DbError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM access_requests WHERE device_id = $1 ORDER BY created_at DESC LIMIT 100"
        )))
        .bind(device)
        .fetch_all(&self.pool)
        .await
        .ctx("listing a device's access requests")?;
        rows.iter()
            .map(|r| {
                let a = read(r)?;
                Ok(AccessRequestView {
                    access_id: a.access_id,
                    tool: a.tool_name,
                    status: AccessRequestStatus::parse(&a.status)
                        .unwrap_or(AccessRequestStatus::Pending),
                    note: a.note,
                })
            })
            .collect()
    }

    /// Access requests with a status (all when `None`), newest first.
    pub async fn access_requests(&self, status: Option<&str>) -> Result<Vec<AccessInfo>, DbError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM access_requests WHERE ($1 = '' OR status = $1) \
             ORDER BY created_at DESC LIMIT 500"
        )))
        .bind(status.unwrap_or(""))
        .fetch_all(&self.pool)
        .await
        .ctx("listing access requests")?;
        rows.iter().map(read).collect()
    }

    /// One access request.
    pub async fn access_request(&self, id: &str) -> Result<Option<AccessInfo>, DbError> {
        let r = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM access_requests WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .ctx("reading an access request")?;
        r.as_ref().map(read).transpose()
    }

    /// Decides a pending access request; `false` if it is unknown or already decided.
    pub async fn decide_access(
        &self,
        id: &str,
        status: AccessRequestStatus,
        by: &str,
        note: &str,
    ) -> Result<bool, DbError> {
        let _w = self.writer().await;
        let n = sqlx::query(
            "UPDATE access_requests SET status = $1, decided_at = $2, decided_by = $3, note = $4 \
             WHERE id = $5 AND status = 'pending'",
        )
        .bind(status.as_str())
        .bind(now() as i64)
        .bind(by)
        .bind(note)
        .bind(id)
        .execute(&self.pool)
        .await
        .ctx("deciding an access request")?
        .rows_affected();
        Ok(n == 1)
    }
}
