//! Audit evidence exports: incidents and AUP acknowledgments as CSV or JSON lines, written
//! page by page so a large table never sits in memory whole. Exports hold what the database
//! holds: metadata, never content.

use crate::db::events::{EventFilter, StoredEvent};
use crate::db::{Db, DbError};
use std::io::Write;

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// An export failure.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Reading the database failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// Writing the output failed.
    #[error("writing the export: {0}")]
    Io(#[from] std::io::Error),
}

/// Quotes a CSV field when needed (RFC 4180), and defuses spreadsheet formulas.
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

const INCIDENT_HEADER: &str = "id,device_id,event_id,kind,occurred_at,received_at,policy_version,user,tool,tool_tier,action,outcome,data_class,detectors,status";

fn incident_csv(e: &StoredEvent) -> String {
    [
        e.id.clone(),
        e.device_id.clone(),
        e.event_id.clone(),
        e.kind.clone(),
        airlock_policy::time::rfc3339(e.occurred_at.max(0) as u64),
        airlock_policy::time::rfc3339(e.received_at.max(0) as u64),
        e.policy_version.to_string(),
        e.user_name.clone().unwrap_or_default(),
        e.tool_name.clone().unwrap_or_default(),
        e.tool_tier.map(|t| t.to_string()).unwrap_or_default(),
        e.action.clone().unwrap_or_default(),
        e.outcome.clone().unwrap_or_default(),
        e.data_class.clone().unwrap_or_default(),
        e.detectors.clone(),
        e.status.clone(),
    ]
    .iter()
    .map(|f| csv_field(f))
    .collect::<Vec<_>>()
    .join(",")
}

fn incident_json(e: &StoredEvent) -> serde_json::Value {
    let body: serde_json::Value = serde_json::from_str(&e.body).unwrap_or(serde_json::Value::Null);
    serde_json::json!({
        "id": e.id, "device_id": e.device_id, "received_at": e.received_at,
        "status": e.status, "event": body,
    })
}

/// Writes every incident matching `filter` received until the export starts, newest first.
pub async fn incidents(
    db: &Db,
    filter: &EventFilter,
    format: Format,
    out: &mut dyn Write,
) -> Result<u64, ExportError> {
    if format == Format::Csv {
        writeln!(out, "{INCIDENT_HEADER}")?;
    }
    let mut n = 0u64;
    let page = 1000;
    // Keyset paging from a fixed upper bound: events arriving during the export neither
    // repeat rows nor shift pages.
    let mut f = filter.clone();
    f.before = Some((crate::db::now() as i64 + 1, String::new()));
    loop {
        let rows = db.events(&f, page, 0).await?;
        if let Some(last) = rows.last() {
            f.before = Some((last.received_at, last.id.clone()));
        }
        for e in &rows {
            match format {
                Format::Csv => writeln!(out, "{}", incident_csv(e))?,
                Format::Jsonl => writeln!(out, "{}", incident_json(e))?,
            }
        }
        n += rows.len() as u64;
        if (rows.len() as i64) < page {
            break;
        }
    }
    out.flush()?;
    Ok(n)
}

/// Writes every AUP acknowledgment.
pub async fn acks(db: &Db, format: Format, out: &mut dyn Write) -> Result<u64, ExportError> {
    let rows = db.acks().await?;
    if format == Format::Csv {
        writeln!(out, "device_id,user,aup_version,acked_at")?;
    }
    for a in &rows {
        match format {
            Format::Csv => writeln!(
                out,
                "{},{},{},{}",
                csv_field(&a.device_id),
                csv_field(&a.user_name),
                csv_field(&a.aup_version),
                airlock_policy::time::rfc3339(a.acked_at.max(0) as u64)
            )?,
            Format::Jsonl => writeln!(out, "{}", serde_json::to_string(a).unwrap_or_default())?,
        }
    }
    out.flush()?;
    Ok(rows.len() as u64)
}

#[cfg(test)]
mod tests {
    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(super::csv_field("plain"), "plain");
        assert_eq!(super::csv_field("a,b"), "\"a,b\"");
        assert_eq!(super::csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(super::csv_field("=cmd()"), "'=cmd()");
        assert_eq!(super::csv_field("\t=cmd()"), "'\t=cmd()");
    }
}
