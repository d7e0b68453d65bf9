//! Dashboard alerts: sequence gaps (a wiped queue or a tampered agent), queue resets, devices
//! that stop checking in, tamper signals. Each alert has a dedupe key so the same condition
//! raises one open alert.

use super::{col, new_id, now, Ctx, Db, DbError};

/// Open alerts one device may have; further conditions are not raised until some are closed.
pub const MAX_OPEN_PER_DEVICE: i64 = 10;

/// A device's event queue as the server knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueState {
    /// The epoch last recorded (empty before the first report).
    pub epoch: String,
    /// Events stored for the epoch asked about.
    pub stored: i64,
}

/// An alert.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Alert {
    /// Id.
    pub id: String,
    /// Device concerned.
    pub device_id: Option<String>,
    /// `seq_gap`, `queue_reset`, `silent`, `tamper`, `enroll_flood`.
    pub kind: String,
    /// What happened.
    pub detail: String,
    /// When raised.
    pub created_at: i64,
}

impl Db {
    /// Raises an alert unless one with the same dedupe key exists. Returns whether it is new.
    pub async fn raise_alert(
        &self,
        device: Option<&str>,
        kind: &str,
        detail: &str,
        dedupe: &str,
    ) -> Result<bool, DbError> {
        if let Some(d) = device {
            // One device cannot flood the dashboard: past this many open alerts, it gets no more.
            let open = sqlx::query(
                "SELECT COUNT(*) FROM alerts WHERE device_id = $1 AND closed_at IS NULL",
            )
            .bind(d)
            .fetch_one(&self.pool)
            .await
            .ctx("counting a device's alerts")?;
            let open: i64 = sqlx::Row::try_get(&open, 0).ctx("counting a device's alerts")?;
            if open >= MAX_OPEN_PER_DEVICE {
                return Ok(false);
            }
        }
        let _w = self.writer().await;
        let n = sqlx::query(
            "INSERT INTO alerts (id, device_id, kind, detail, created_at, dedupe) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (dedupe) DO NOTHING",
        )
        .bind(new_id())
        .bind(device)
        .bind(kind)
        .bind(detail)
        .bind(now() as i64)
        .bind(dedupe)
        .execute(&self.pool)
        .await
        .ctx("raising an alert")?
        .rows_affected();
        if n == 1 {
            tracing::warn!(kind, device, "alert raised");
        }
        Ok(n == 1)
    }

    /// Open alerts, newest first.
    pub async fn alerts(&self, limit: i64) -> Result<Vec<Alert>, DbError> {
        let rows = sqlx::query(
            "SELECT id, device_id, kind, detail, created_at FROM alerts WHERE closed_at IS NULL \
             ORDER BY created_at DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .ctx("listing alerts")?;
        let w = "alerts";
        rows.iter()
            .map(|r| {
                Ok(Alert {
                    id: col(r, "id", w)?,
                    device_id: col(r, "device_id", w)?,
                    kind: col(r, "kind", w)?,
                    detail: col(r, "detail", w)?,
                    created_at: col(r, "created_at", w)?,
                })
            })
            .collect()
    }

    /// Closes an alert.
    pub async fn close_alert(&self, id: &str) -> Result<bool, DbError> {
        let _w = self.writer().await;
        // The dedupe key is released, so the same condition raises a new alert if it recurs.
        let n = sqlx::query(
            "UPDATE alerts SET closed_at = $1, dedupe = dedupe || ':closed:' || id \
             WHERE id = $2 AND closed_at IS NULL",
        )
        .bind(now() as i64)
        .bind(id)
        .execute(&self.pool)
        .await
        .ctx("closing an alert")?
        .rows_affected();
        Ok(n == 1)
    }

    /// Devices (not replaced) whose last check-in is older than `before`: `(id, hostname,
    /// last_seen)`.
    pub async fn silent_devices(&self, before: u64) -> Result<Vec<(String, String, i64)>, DbError> {
        let rows = sqlx::query(
            "SELECT id, hostname, last_seen FROM devices WHERE replaced_by IS NULL AND last_seen < $1",
        )
        .bind(before as i64)
        .fetch_all(&self.pool)
        .await
        .ctx("finding silent devices")?;
        let w = "devices";
        rows.iter()
            .map(|r| {
                Ok((
                    col(r, "id", w)?,
                    col(r, "hostname", w)?,
                    col(r, "last_seen", w)?,
                ))
            })
            .collect()
    }

    /// What the server knows of a device's event queue, in one read: the epoch it last
    /// recorded, and how many events it stores for `epoch` (the epoch
    /// the device reports now). `Ok(None)` for an unknown device.
    pub async fn queue_state(
        &self,
        device: &str,
        epoch: &str,
    ) -> Result<Option<QueueState>, DbError> {
        let r = sqlx::query(
            "SELECT d.queue_epoch, COALESCE(q.stored, 0) AS stored FROM devices d \
             LEFT JOIN queue_counts q ON q.device_id = d.id AND q.queue_epoch = $2 \
             WHERE d.id = $1",
        )
        .bind(device)
        .bind(epoch)
        .fetch_optional(&self.pool)
        .await
        .ctx("reading a device's queue")?;
        match r {
            Some(r) => Ok(Some(QueueState {
                epoch: col(&r, "queue_epoch", "devices")?,
                stored: col(&r, "stored", "queue_counts")?,
            })),
            None => Ok(None),
        }
    }

    /// Records the queue epoch and last sequence number a device reported, at once (a new
    /// epoch must be seen by the next check-in; sequence numbers within an epoch travel with
    /// the batched check-in write instead).
    pub async fn set_queue(&self, device: &str, epoch: &str, last_seq: u64) -> Result<(), DbError> {
        let _w = self.writer().await;
        sqlx::query("UPDATE devices SET queue_epoch = $1, last_seq = $2 WHERE id = $3")
            .bind(epoch)
            .bind(last_seq.min(i64::MAX as u64) as i64)
            .bind(device)
            .execute(&self.pool)
            .await
            .ctx("recording a device's queue")?;
        Ok(())
    }
}
