//! Events: stored exactly once per `(device, event_id)` whatever the retries, with their
//! sequence numbers checked for gaps, tools seen counted per user, and each new event queued
//! for the SIEM webhook. Also triage (new / triaged / closed with notes) and listing.

use super::{col, new_id, now, Ctx, Db, DbError};
use airlock_wire::{Event, EventKind, EventStatus};
use sqlx::any::AnyRow;
use sqlx::Row;

/// An event as stored.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoredEvent {
    /// Server id.
    pub id: String,
    /// Device.
    pub device_id: String,
    /// The agent's idempotency key.
    pub event_id: String,
    /// Kind.
    pub kind: String,
    /// When it happened.
    pub occurred_at: i64,
    /// When it arrived.
    pub received_at: i64,
    /// Bundle version in force.
    pub policy_version: i64,
    /// User.
    pub user_name: Option<String>,
    /// Tool name.
    pub tool_name: Option<String>,
    /// Tool tier.
    pub tool_tier: Option<i64>,
    /// Action.
    pub action: Option<String>,
    /// Outcome.
    pub outcome: Option<String>,
    /// Data class.
    pub data_class: Option<String>,
    /// Detectors, comma-separated.
    pub detectors: String,
    /// Triage status.
    pub status: String,
    /// The whole event as received (JSON).
    pub body: String,
}

/// Filters of the incidents list.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct EventFilter {
    /// Kind.
    pub kind: Option<String>,
    /// Triage status.
    pub status: Option<String>,
    /// Action.
    pub action: Option<String>,
    /// Tool name (exact).
    pub tool: Option<String>,
    /// Detector id.
    pub detector: Option<String>,
    /// User.
    pub user: Option<String>,
    /// Device.
    pub device: Option<String>,
    /// Received at or after (Unix seconds).
    pub since: Option<i64>,
    /// Only events listed after this `(received_at, id)` in newest-first order (keyset paging:
    /// rows arriving meanwhile neither repeat nor shift pages).
    #[serde(skip)]
    pub before: Option<(i64, String)>,
}

/// A triage note.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Note {
    /// Who.
    pub author: String,
    /// When.
    pub created_at: i64,
    /// Status before.
    pub status_from: String,
    /// Status after.
    pub status_to: String,
    /// Text.
    pub note: String,
}

/// Triage states.
pub const STATUSES: [&str; 3] = ["new", "triaged", "closed"];

const COLUMNS: &str = "id, device_id, event_id, kind, occurred_at, received_at, policy_version, \
    user_name, tool_name, tool_tier, action, outcome, data_class, detectors, status, body";

fn read(r: &AnyRow) -> Result<StoredEvent, DbError> {
    let w = "events";
    Ok(StoredEvent {
        id: col(r, "id", w)?,
        device_id: col(r, "device_id", w)?,
        event_id: col(r, "event_id", w)?,
        kind: col(r, "kind", w)?,
        occurred_at: col(r, "occurred_at", w)?,
        received_at: col(r, "received_at", w)?,
        policy_version: col(r, "policy_version", w)?,
        user_name: col(r, "user_name", w)?,
        tool_name: col(r, "tool_name", w)?,
        tool_tier: col(r, "tool_tier", w)?,
        action: col(r, "action", w)?,
        outcome: col(r, "outcome", w)?,
        data_class: col(r, "data_class", w)?,
        detectors: col(r, "detectors", w)?,
        status: col(r, "status", w)?,
        body: col(r, "body", w)?,
    })
}

/// Columns extracted from an event for filtering and charts.
struct Indexed {
    tool: Option<airlock_wire::ToolRef>,
    action: Option<String>,
    outcome: Option<String>,
    data_class: Option<String>,
    detectors: String,
}

fn index(e: &Event) -> Indexed {
    match &e.kind {
        EventKind::Decision {
            tool,
            action,
            outcome,
            data_class,
            findings,
            ..
        } => Indexed {
            tool: Some(tool.clone()),
            action: Some(action.clone()),
            outcome: Some(outcome.as_str().to_string()),
            data_class: Some(data_class.clone()),
            detectors: findings
                .iter()
                .map(|f| f.detector.as_str())
                .collect::<Vec<_>>()
                .join(","),
        },
        EventKind::SelfReport {
            tool, data_classes, ..
        } => Indexed {
            tool: Some(tool.clone()),
            action: None,
            outcome: None,
            data_class: data_classes.first().cloned(),
            detectors: String::new(),
        },
        EventKind::FalsePositive {
            tool, detectors, ..
        } => Indexed {
            tool: tool.clone(),
            action: None,
            outcome: None,
            data_class: None,
            detectors: detectors.join(","),
        },
        EventKind::ToolSeen { tool, .. } => Indexed {
            tool: Some(tool.clone()),
            action: None,
            outcome: None,
            data_class: None,
            detectors: String::new(),
        },
        EventKind::Tamper { .. } => Indexed {
            tool: None,
            action: None,
            outcome: None,
            data_class: None,
            detectors: String::new(),
        },
    }
}

impl Db {
    /// Stores a batch of (already validated) events for `device`: each once, whatever the
    /// retries. Returns per-event statuses in order, and the ids of events created now.
    pub async fn store_events(
        &self,
        device: &str,
        epoch: &str,
        events: &[Event],
        webhook: bool,
    ) -> Result<(Vec<EventStatus>, Vec<String>), DbError> {
        let t = now() as i64;
        let mut statuses = Vec::with_capacity(events.len());
        let mut created = Vec::new();
        let _w = self.writer().await;
        let mut tx = self.pool.begin().await.ctx("storing events")?;
        for e in events {
            let ix = index(e);
            let body = serde_json::to_string(e).map_err(|err| DbError::Corrupt {
                what: "events",
                detail: err.to_string(),
            })?;
            let id = new_id();
            let tool = ix.tool.as_ref();
            let n = sqlx::query(
                "INSERT INTO events (id, device_id, event_id, queue_epoch, seq, kind, occurred_at, \
                 received_at, policy_version, user_name, tool_id, tool_name, tool_tier, \
                 tool_domain, action, outcome, data_class, detectors, body) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
                 $17, $18, $19) ON CONFLICT (device_id, event_id) DO NOTHING",
            )
            .bind(&id)
            .bind(device)
            .bind(&e.event_id)
            .bind(epoch)
            .bind(e.seq as i64)
            .bind(e.kind.name())
            .bind(e.occurred_at as i64)
            .bind(t)
            .bind(e.policy_version as i64)
            .bind(e.user.as_deref())
            .bind(tool.and_then(|x| x.id.clone()))
            .bind(tool.map(|x| x.name.clone()))
            .bind(tool.and_then(|x| x.tier).map(i64::from))
            .bind(tool.and_then(|x| x.domain.clone()))
            .bind(ix.action)
            .bind(ix.outcome)
            .bind(ix.data_class)
            .bind(ix.detectors)
            .bind(body)
            .execute(&mut *tx)
            .await
            .ctx("storing events")?
            .rows_affected();
            if n == 0 {
                statuses.push(EventStatus::Duplicate);
                continue;
            }
            statuses.push(EventStatus::Created);
            if let EventKind::ToolSeen { tool, visits } = &e.kind {
                let key = tool
                    .id
                    .clone()
                    .or_else(|| tool.domain.clone())
                    .or_else(|| tool.app.clone())
                    .unwrap_or_else(|| tool.name.clone())
                    .to_lowercase();
                let user = format!("{device}/{}", e.user.as_deref().unwrap_or(""));
                sqlx::query(
                    "INSERT INTO tool_sightings (tool_key, user_key, tool_id, tool_name, domain, app, \
                     visits, first_seen, last_seen) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                     ON CONFLICT (tool_key, user_key) DO UPDATE SET \
                     visits = tool_sightings.visits + excluded.visits, last_seen = excluded.last_seen",
                )
                .bind(key)
                .bind(user)
                .bind(tool.id.clone())
                .bind(&tool.name)
                .bind(tool.domain.clone())
                .bind(tool.app.clone())
                .bind(i64::from(*visits))
                .bind(e.occurred_at as i64)
                .bind(e.occurred_at as i64)
                .execute(&mut *tx)
                .await
                .ctx("counting tools seen")?;
            }
            if webhook {
                sqlx::query("INSERT INTO webhook_outbox (event_ref, next_attempt) VALUES ($1, $2)")
                    .bind(&id)
                    .bind(t)
                    .execute(&mut *tx)
                    .await
                    .ctx("queueing for the webhook")?;
            }
            created.push(id);
        }
        if !created.is_empty() {
            // The count the check-in's sequence-gap test reads (see `queue_state`).
            sqlx::query(
                "INSERT INTO queue_counts (device_id, queue_epoch, stored) VALUES ($1, $2, $3) \
                 ON CONFLICT (device_id, queue_epoch) DO UPDATE SET \
                 stored = queue_counts.stored + excluded.stored",
            )
            .bind(device)
            .bind(epoch)
            .bind(created.len() as i64)
            .execute(&mut *tx)
            .await
            .ctx("counting stored events")?;
        }
        tx.commit().await.ctx("storing events")?;
        Ok((statuses, created))
    }

    /// Lists events, newest first.
    pub async fn events(
        &self,
        f: &EventFilter,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<StoredEvent>, DbError> {
        let mut sql = format!("SELECT {COLUMNS} FROM events WHERE 1 = 1");
        let mut args: Vec<String> = Vec::new();
        let mut add = |sql: &mut String, clause: &str, v: &Option<String>| {
            if let Some(v) = v.as_ref().filter(|v| !v.is_empty()) {
                args.push(v.clone());
                sql.push_str(&clause.replace('?', &format!("${}", args.len())));
            }
        };
        add(&mut sql, " AND kind = ?", &f.kind);
        add(&mut sql, " AND status = ?", &f.status);
        add(&mut sql, " AND action = ?", &f.action);
        add(&mut sql, " AND tool_name = ?", &f.tool);
        add(&mut sql, " AND user_name = ?", &f.user);
        add(&mut sql, " AND device_id = ?", &f.device);
        let det = f.detector.as_ref().map(|d| format!("%,{d},%"));
        add(&mut sql, " AND (',' || detectors || ',') LIKE ?", &det);
        let n = args.len();
        sql.push_str(&format!(" AND received_at >= ${}", n + 1));
        let mut at = n + 2;
        if f.before.is_some() {
            sql.push_str(&format!(
                " AND (received_at < ${at} OR (received_at = ${at} AND id < ${}))",
                at + 1
            ));
            at += 2;
        }
        sql.push_str(&format!(
            " ORDER BY received_at DESC, id DESC LIMIT ${at} OFFSET ${}",
            at + 1
        ));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for a in &args {
            q = q.bind(a.clone());
        }
        q = q.bind(f.since.unwrap_or(0));
        if let Some((t, id)) = &f.before {
            q = q.bind(*t).bind(id.clone());
        }
        let rows = q
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.pool)
            .await
            .ctx("listing events")?;
        rows.iter().map(read).collect()
    }

    /// One event by server id.
    pub async fn event(&self, id: &str) -> Result<Option<StoredEvent>, DbError> {
        let r = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM events WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .ctx("reading an event")?;
        r.as_ref().map(read).transpose()
    }

    /// Moves an event through triage with a note. Returns `false` if the event is unknown.
    pub async fn triage(
        &self,
        id: &str,
        to: &str,
        author: &str,
        note: &str,
    ) -> Result<bool, DbError> {
        let Some(e) = self.event(id).await? else {
            return Ok(false);
        };
        let _w = self.writer().await;
        let mut tx = self.pool.begin().await.ctx("triaging")?;
        sqlx::query("UPDATE events SET status = $1 WHERE id = $2")
            .bind(to)
            .bind(id)
            .execute(&mut *tx)
            .await
            .ctx("triaging")?;
        sqlx::query(
            "INSERT INTO event_notes (id, event_ref, author, created_at, status_from, status_to, note) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(new_id())
        .bind(id)
        .bind(author)
        .bind(now() as i64)
        .bind(&e.status)
        .bind(to)
        .bind(note)
        .execute(&mut *tx)
        .await
        .ctx("triaging")?;
        tx.commit().await.ctx("triaging")?;
        Ok(true)
    }

    /// The triage notes of an event, oldest first.
    pub async fn notes(&self, id: &str) -> Result<Vec<Note>, DbError> {
        let rows = sqlx::query(
            "SELECT author, created_at, status_from, status_to, note FROM event_notes \
             WHERE event_ref = $1 ORDER BY created_at, id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .ctx("reading notes")?;
        let w = "event_notes";
        rows.iter()
            .map(|r| {
                Ok(Note {
                    author: col(r, "author", w)?,
                    created_at: col(r, "created_at", w)?,
                    status_from: col(r, "status_from", w)?,
                    status_to: col(r, "status_to", w)?,
                    note: col(r, "note", w)?,
                })
            })
            .collect()
    }

    /// Counts events.
    pub async fn count_events(&self) -> Result<i64, DbError> {
        let r = sqlx::query("SELECT COUNT(*) FROM events")
            .fetch_one(&self.pool)
            .await
            .ctx("counting events")?;
        r.try_get::<i64, _>(0).ctx("counting events")
    }
}
