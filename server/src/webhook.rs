//! The SIEM webhook: every stored event is queued (in the same transaction) and delivered as an
//! OCSF Data Security Finding (class 2006) to the configured URL, with retries and exponential
//! backoff until the SIEM answers 2xx. Delivery is at least once; `metadata.uid` lets the SIEM
//! deduplicate. Payloads carry what the database holds: metadata, never content.

use crate::db::events::StoredEvent;
use crate::db::{now, Ctx, Db, DbError};
use serde_json::{json, Value};
use sqlx::Row;
use std::time::Duration;

/// Seconds before retry number `attempts`: 1 s, 2 s, 4 s ... 2048 s, then an hour.
pub fn backoff(attempts: i64) -> i64 {
    (1i64 << attempts.clamp(0, 12)).min(3600)
}

/// The OCSF Data Security Finding of an event.
pub fn ocsf(e: &StoredEvent, tenant: &str) -> Value {
    let body: Value = serde_json::from_str(&e.body).unwrap_or(Value::Null);
    let blocked =
        e.outcome.as_deref() == Some("blocked") || e.outcome.as_deref() == Some("cancelled");
    let severity_id = match e.data_class.as_deref() {
        Some("Restricted") => 4,
        Some("Confidential") => 3,
        Some("Internal") => 2,
        _ => 1,
    };
    let title = match e.kind.as_str() {
        "decision" => format!(
            "{} to {}",
            e.action.as_deref().unwrap_or("decision"),
            e.tool_name.as_deref().unwrap_or("an AI tool")
        ),
        "self_report" => format!(
            "self-reported disclosure to {}",
            e.tool_name.as_deref().unwrap_or("an AI tool")
        ),
        other => other.replace('_', " "),
    };
    json!({
        "class_uid": 2006,
        "class_name": "Data Security Finding",
        "category_uid": 2,
        "category_name": "Findings",
        "activity_id": 1,
        "activity_name": "Create",
        "type_uid": 200601,
        "severity_id": severity_id,
        "time": e.received_at * 1000,
        "action_id": if blocked { 2 } else { 1 },
        "action": if blocked { "Denied" } else { "Allowed" },
        "metadata": {
            "version": "1.3.0",
            "uid": e.id,
            "tenant_uid": tenant,
            "product": {"name": "Airlock", "vendor_name": "Airlock", "version": env!("CARGO_PKG_VERSION")},
        },
        "finding_info": {
            "uid": e.event_id,
            "title": title,
            "types": [e.kind],
            "created_time": e.occurred_at * 1000,
        },
        "data_security": {
            "data_classification": {"category": e.data_class},
            "detection_system": "Airlock endpoint agent",
            "policy": {"version": e.policy_version.to_string()},
            "pattern_match": e.detectors,
        },
        "device": {"uid": e.device_id},
        "actor": {"user": {"name": e.user_name}},
        "dst_endpoint": {"name": e.tool_name, "hostname": body.pointer("/tool/domain")},
        "unmapped": {"airlock": body},
    })
}

/// Delivers what is due; returns how many were delivered.
pub async fn deliver_due(
    db: &Db,
    http: &reqwest::Client,
    url: &str,
    tenant: &str,
) -> Result<usize, DbError> {
    let rows = sqlx::query(
        "SELECT event_ref, attempts FROM webhook_outbox WHERE next_attempt <= $1 ORDER BY next_attempt LIMIT 100",
    )
    .bind(now() as i64)
    .fetch_all(&db.pool)
    .await
    .ctx("reading the webhook queue")?;
    let mut delivered = 0;
    for r in rows {
        let id: String = r.try_get("event_ref").ctx("reading the webhook queue")?;
        let attempts: i64 = r.try_get("attempts").ctx("reading the webhook queue")?;
        if !claim(db, &id).await? {
            continue; // another replica is delivering it
        }
        let Some(e) = db.event(&id).await? else {
            forget(db, &id).await?;
            continue;
        };
        let result = http.post(url).json(&ocsf(&e, tenant)).send().await;
        let error = match result {
            Ok(res) if res.status().is_success() => None,
            Ok(res) => Some(format!("the SIEM answered {}", res.status())),
            // Without the URL: it may carry credentials.
            Err(err) => Some(format!("could not reach the SIEM: {}", err.without_url())),
        };
        match error {
            None => {
                forget(db, &id).await?;
                delivered += 1;
            }
            Some(msg) => {
                let _w = db.writer().await;
                sqlx::query(
                    "UPDATE webhook_outbox SET attempts = $1, next_attempt = $2, last_error = $3 WHERE event_ref = $4",
                )
                .bind(attempts + 1)
                .bind(now() as i64 + backoff(attempts))
                .bind(&msg)
                .bind(&id)
                .execute(&db.pool)
                .await
                .ctx("rescheduling a webhook delivery")?;
                tracing::warn!(attempts = attempts + 1, error = %msg, "webhook delivery failed; will retry");
                // The SIEM is failing: stop this round, keep order.
                break;
            }
        }
    }
    Ok(delivered)
}

/// Takes a delivery for the next minute, so replicas do not send the same event together.
async fn claim(db: &Db, id: &str) -> Result<bool, DbError> {
    let t = now() as i64;
    let _w = db.writer().await;
    let n = sqlx::query(
        "UPDATE webhook_outbox SET next_attempt = $1 WHERE event_ref = $2 AND next_attempt <= $3",
    )
    .bind(t + 60)
    .bind(id)
    .bind(t)
    .execute(&db.pool)
    .await
    .ctx("claiming a webhook delivery")?
    .rows_affected();
    Ok(n == 1)
}

async fn forget(db: &Db, id: &str) -> Result<(), DbError> {
    let _w = db.writer().await;
    sqlx::query("DELETE FROM webhook_outbox WHERE event_ref = $1")
        .bind(id)
        .execute(&db.pool)
        .await
        .ctx("clearing a webhook delivery")?;
    Ok(())
}

/// Events waiting for the webhook.
pub async fn backlog(db: &Db) -> Result<i64, DbError> {
    let r = sqlx::query("SELECT COUNT(*) FROM webhook_outbox")
        .fetch_one(&db.pool)
        .await
        .ctx("counting the webhook queue")?;
    r.try_get(0).ctx("counting the webhook queue")
}

/// The delivery loop.
pub async fn run(db: Db, url: String, tenant: String) {
    let http = match reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
    {
        Ok(h) => h,
        Err(e) => {
            tracing::error!(error = %e, "cannot start the webhook client");
            return;
        }
    };
    let mut tick = tokio::time::interval(Duration::from_millis(500));
    loop {
        tick.tick().await;
        if let Err(e) = deliver_due(&db, &http, &url, &tenant).await {
            tracing::warn!(error = %e, "webhook delivery round failed");
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(super::backoff(0), 1);
        assert_eq!(super::backoff(3), 8);
        assert_eq!(super::backoff(11), 2048);
        assert_eq!(super::backoff(12), 3600);
        assert_eq!(super::backoff(100), 3600);
    }
}
