//! Aggregates for the console's dashboard and tool register: incidents per day, top tools and
//! detectors, outcomes, overrides with their justifications, fleet health, per-detector noise
//! and AI tools discovered on the fleet but missing from the register. Every query is the SQL
//! both SQLite and PostgreSQL understand; detector lists (stored comma-separated) are grouped
//! in SQL first and split here, so results stay small.

use super::{col, Ctx, Db, DbError};
use std::collections::HashMap;

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// A decision where the user went on after a warning or with a justification.
#[derive(Debug, Clone, serde::Serialize)]
pub struct OverrideRow {
    /// Event id.
    pub id: String,
    /// When it arrived.
    pub received_at: i64,
    /// User.
    pub user_name: Option<String>,
    /// Tool name.
    pub tool_name: Option<String>,
    /// Policy action (warn, justify).
    pub action: Option<String>,
    /// `continued` or `justified`.
    pub outcome: Option<String>,
    /// Data class.
    pub data_class: Option<String>,
    /// The user's written reason, when one was asked for.
    pub justification: Option<String>,
}

/// An AI tool seen on the fleet that the register does not know.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Discovered {
    /// The sighting key (id, domain, app or name, lowercased).
    pub tool_key: String,
    /// Name the agents reported.
    pub tool_name: String,
    /// Web host, if any.
    pub domain: Option<String>,
    /// Desktop application, if any.
    pub app: Option<String>,
    /// Distinct users (device and account).
    pub users: i64,
    /// Visits counted.
    pub visits: i64,
    /// First seen.
    pub first_seen: i64,
    /// Last seen.
    pub last_seen: i64,
}

/// Fleet health counters.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Fleet {
    /// Devices in service (not replaced by a re-enrollment).
    pub devices: i64,
    /// Of which checked in recently.
    pub online: i64,
    /// Devices per policy state.
    pub states: Vec<(String, i64)>,
}

/// Per-detector counts of decisions and false-positive reports.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Noise {
    /// Detector id.
    pub detector: String,
    /// Decisions with findings of this detector.
    pub decisions: i64,
    /// False-positive reports naming it.
    pub false_positives: i64,
}

impl Noise {
    /// False-positive reports per decision (0 when there were no decisions).
    pub fn score(&self) -> f64 {
        if self.decisions == 0 {
            if self.false_positives > 0 {
                1.0
            } else {
                0.0
            }
        } else {
            self.false_positives as f64 / self.decisions as f64
        }
    }
}

/// Adds `n` to every detector of a comma-separated list.
fn spread(into: &mut HashMap<String, i64>, detectors: &str, n: i64) {
    for d in detectors
        .split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        *into.entry(d.to_string()).or_insert(0) += n;
    }
}

/// Sorts `(name, count)` pairs by count (descending) then name and keeps `limit`.
fn top(map: HashMap<String, i64>, limit: usize) -> Vec<(String, i64)> {
    let mut v: Vec<(String, i64)> = map.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(limit);
    v
}

impl Db {
    /// Incidents (decisions that were not plain allows, and self-reports) per day received
    /// since `since`: `(day number since the epoch, count)`, oldest first.
    pub async fn incidents_per_day(&self, since: i64) -> Result<Vec<(i64, i64)>, DbError> {
        let rows = sqlx::query(
            "SELECT received_at / 86400 AS day, COUNT(*) AS n FROM events \
             WHERE received_at >= $1 AND (kind = 'self_report' OR (kind = 'decision' AND \
             (action IS NULL OR action <> 'allow'))) \
             GROUP BY received_at / 86400 ORDER BY day",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await
        .ctx("counting incidents per day")?;
        rows.iter()
            .map(|r| Ok((col(r, "day", "events")?, col(r, "n", "events")?)))
            .collect()
    }

    /// Decisions per outcome since `since`.
    pub async fn outcomes(&self, since: i64) -> Result<Vec<(String, i64)>, DbError> {
        let rows = sqlx::query(
            "SELECT COALESCE(outcome, '') AS outcome, COUNT(*) AS n FROM events \
             WHERE kind = 'decision' AND received_at >= $1 GROUP BY outcome ORDER BY n DESC",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await
        .ctx("counting outcomes")?;
        rows.iter()
            .map(|r| Ok((col(r, "outcome", "events")?, col(r, "n", "events")?)))
            .collect()
    }

    /// The tools with the most decisions since `since`.
    pub async fn top_tools(&self, since: i64, limit: i64) -> Result<Vec<(String, i64)>, DbError> {
        let rows = sqlx::query(
            "SELECT COALESCE(tool_name, '') AS tool, COUNT(*) AS n FROM events \
             WHERE kind = 'decision' AND received_at >= $1 GROUP BY tool_name \
             ORDER BY n DESC, tool LIMIT $2",
        )
        .bind(since)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .ctx("counting decisions per tool")?;
        rows.iter()
            .map(|r| Ok((col(r, "tool", "events")?, col(r, "n", "events")?)))
            .collect()
    }

    /// `(kind, detector list, count)` of decisions and false positives since `since`.
    async fn detector_groups(&self, since: i64) -> Result<Vec<(String, String, i64)>, DbError> {
        let rows = sqlx::query(
            "SELECT kind, detectors, COUNT(*) AS n FROM events \
             WHERE kind IN ('decision', 'false_positive') AND detectors <> '' AND received_at >= $1 \
             GROUP BY kind, detectors",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await
        .ctx("counting detectors")?;
        rows.iter()
            .map(|r| {
                Ok((
                    col(r, "kind", "events")?,
                    col(r, "detectors", "events")?,
                    col(r, "n", "events")?,
                ))
            })
            .collect()
    }

    /// The detectors in the most decisions since `since`.
    pub async fn top_detectors(
        &self,
        since: i64,
        limit: usize,
    ) -> Result<Vec<(String, i64)>, DbError> {
        let mut map = HashMap::new();
        for (kind, list, n) in self.detector_groups(since).await? {
            if kind == "decision" {
                spread(&mut map, &list, n);
            }
        }
        Ok(top(map, limit))
    }

    /// Per-detector noise since `since`: false-positive reports naming a detector against the
    /// decisions it took part in, noisiest first.
    pub async fn noise(&self, since: i64) -> Result<Vec<Noise>, DbError> {
        let (mut dec, mut fp) = (HashMap::new(), HashMap::new());
        for (kind, list, n) in self.detector_groups(since).await? {
            if kind == "decision" {
                spread(&mut dec, &list, n);
            } else {
                spread(&mut fp, &list, n);
            }
        }
        let mut names: Vec<String> = dec.keys().chain(fp.keys()).cloned().collect();
        names.sort();
        names.dedup();
        let mut v: Vec<Noise> = names
            .into_iter()
            .map(|d| Noise {
                decisions: dec.get(&d).copied().unwrap_or(0),
                false_positives: fp.get(&d).copied().unwrap_or(0),
                detector: d,
            })
            .collect();
        v.sort_by(|a, b| {
            b.score()
                .total_cmp(&a.score())
                .then_with(|| b.decisions.cmp(&a.decisions))
                .then_with(|| a.detector.cmp(&b.detector))
        });
        Ok(v)
    }

    /// The newest decisions where the user continued past a warning or justified, with the
    /// justification read from the stored event.
    pub async fn overrides(&self, limit: i64) -> Result<Vec<OverrideRow>, DbError> {
        let rows = sqlx::query(
            "SELECT id, received_at, user_name, tool_name, action, outcome, data_class, body FROM events \
             WHERE kind = 'decision' AND outcome IN ('continued', 'justified') \
             ORDER BY received_at DESC, id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .ctx("listing overrides")?;
        let w = "events";
        rows.iter()
            .map(|r| {
                let body: String = col(r, "body", w)?;
                let justification = serde_json::from_str::<serde_json::Value>(&body)
                    .ok()
                    .and_then(|v| {
                        v.get("justification")
                            .and_then(|j| j.as_str())
                            .map(str::to_string)
                    });
                Ok(OverrideRow {
                    id: col(r, "id", w)?,
                    received_at: col(r, "received_at", w)?,
                    user_name: col(r, "user_name", w)?,
                    tool_name: col(r, "tool_name", w)?,
                    action: col(r, "action", w)?,
                    outcome: col(r, "outcome", w)?,
                    data_class: col(r, "data_class", w)?,
                    justification,
                })
            })
            .collect()
    }

    /// Fleet health: devices in service, those seen at or after `online_since`, and counts per
    /// policy state.
    pub async fn fleet(&self, online_since: i64) -> Result<Fleet, DbError> {
        let r = sqlx::query(
            "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CASE WHEN last_seen >= $1 THEN 1 ELSE 0 END), 0) AS BIGINT) AS online \
             FROM devices WHERE replaced_by IS NULL",
        )
        .bind(online_since)
        .fetch_one(&self.pool)
        .await
        .ctx("counting devices")?;
        let devices: i64 = col(&r, "n", "devices")?;
        let online: i64 = col(&r, "online", "devices")?;
        let rows = sqlx::query(
            "SELECT policy_state, COUNT(*) AS n FROM devices WHERE replaced_by IS NULL \
             GROUP BY policy_state ORDER BY policy_state",
        )
        .fetch_all(&self.pool)
        .await
        .ctx("counting policy states")?;
        let states = rows
            .iter()
            .map(|r| Ok((col(r, "policy_state", "devices")?, col(r, "n", "devices")?)))
            .collect::<Result<_, DbError>>()?;
        Ok(Fleet {
            devices,
            online,
            states,
        })
    }

    /// Distinct users known from devices in service.
    pub async fn known_users(&self) -> Result<i64, DbError> {
        let r = sqlx::query(
            "SELECT COUNT(DISTINCT user_name) AS n FROM devices \
             WHERE replaced_by IS NULL AND user_name IS NOT NULL AND user_name <> ''",
        )
        .fetch_one(&self.pool)
        .await
        .ctx("counting users")?;
        col(&r, "n", "devices")
    }

    /// AI tools seen on the fleet but not in the register, most used first.
    pub async fn discovered_tools(&self, limit: i64) -> Result<Vec<Discovered>, DbError> {
        let rows = sqlx::query(
            "SELECT tool_key, MAX(tool_name) AS tool_name, MAX(domain) AS domain, MAX(app) AS app, \
             COUNT(DISTINCT user_key) AS users, CAST(SUM(visits) AS BIGINT) AS visits, \
             MIN(first_seen) AS first_seen, MAX(last_seen) AS last_seen \
             FROM tool_sightings WHERE tool_id IS NULL GROUP BY tool_key \
             ORDER BY users DESC, visits DESC, tool_key LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .ctx("listing discovered tools")?;
        let w = "tool_sightings";
        rows.iter()
            .map(|r| {
                Ok(Discovered {
                    tool_key: col(r, "tool_key", w)?,
                    tool_name: col(r, "tool_name", w)?,
                    domain: col(r, "domain", w)?,
                    app: col(r, "app", w)?,
                    users: col(r, "users", w)?,
                    visits: col(r, "visits", w)?,
                    first_seen: col(r, "first_seen", w)?,
                    last_seen: col(r, "last_seen", w)?,
                })
            })
            .collect()
    }

    /// Marks the sightings of a discovered tool as belonging to a register entry (after IT
    /// classified it), so it leaves the discovered list.
    pub async fn classify_sightings(&self, tool_key: &str, tool_id: &str) -> Result<u64, DbError> {
        let _w = self.writer().await;
        Ok(sqlx::query(
            "UPDATE tool_sightings SET tool_id = $1 WHERE tool_key = $2 AND tool_id IS NULL",
        )
        .bind(tool_id)
        .bind(tool_key)
        .execute(&self.pool)
        .await
        .ctx("classifying a discovered tool")?
        .rows_affected())
    }

    /// Access requests waiting for a decision.
    pub async fn pending_requests(&self) -> Result<i64, DbError> {
        let r = sqlx::query("SELECT COUNT(*) AS n FROM access_requests WHERE status = 'pending'")
            .fetch_one(&self.pool)
            .await
            .ctx("counting access requests")?;
        col(&r, "n", "access_requests")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detector_lists_are_split_and_ranked() {
        let mut m = HashMap::new();
        spread(&mut m, "email,iban", 3);
        spread(&mut m, "email", 2);
        spread(&mut m, "", 9);
        assert_eq!(
            top(m, 5),
            vec![("email".to_string(), 5), ("iban".to_string(), 3)]
        );
    }

    #[test]
    fn noise_is_reports_per_decision() {
        let n = Noise {
            detector: "x".into(),
            decisions: 4,
            false_positives: 1,
        };
        assert!((n.score() - 0.25).abs() < 1e-9);
        assert_eq!(Noise::default().score(), 0.0);
    }
}
