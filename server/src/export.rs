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

/// Defuses spreadsheet formulas: a cell that starts with `= + - @`, tab or CR gets a leading `'`.
pub fn defuse(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// A CSV writer (`csv`: RFC 4180 quoting, `\n` line ends) whose cells are defused.
struct Csv<W: Write> {
    w: csv::Writer<W>,
}

impl<W: Write> Csv<W> {
    fn new(out: W) -> Self {
        Csv {
            w: csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(out),
        }
    }

    fn row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) -> Result<(), ExportError> {
        self.w
            .write_record(cells.into_iter().map(|c| defuse(c).into_owned()))
            .map_err(csv_error)
    }

    fn flush(&mut self) -> Result<(), ExportError> {
        Ok(self.w.flush()?)
    }
}

fn csv_error(e: csv::Error) -> ExportError {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => ExportError::Io(e),
        other => ExportError::Io(std::io::Error::other(format!("{other:?}"))),
    }
}

const INCIDENT_HEADER: &[&str] = &[
    "id",
    "device_id",
    "event_id",
    "kind",
    "occurred_at",
    "received_at",
    "policy_version",
    "user",
    "tool",
    "tool_tier",
    "action",
    "outcome",
    "data_class",
    "detectors",
    "status",
];

fn incident_cells(e: &StoredEvent) -> [String; 15] {
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
    enum Sink<'a> {
        Csv(Box<Csv<&'a mut dyn Write>>),
        Json(&'a mut dyn Write),
    }
    let mut sink = match format {
        Format::Csv => {
            let mut c = Csv::new(out);
            c.row(INCIDENT_HEADER.iter().copied())?;
            Sink::Csv(Box::new(c))
        }
        Format::Jsonl => Sink::Json(out),
    };
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
            match &mut sink {
                Sink::Csv(c) => c.row(incident_cells(e).iter().map(String::as_str))?,
                Sink::Json(out) => writeln!(out, "{}", incident_json(e))?,
            }
        }
        n += rows.len() as u64;
        if (rows.len() as i64) < page {
            break;
        }
    }
    match &mut sink {
        Sink::Csv(c) => c.flush()?,
        Sink::Json(out) => out.flush()?,
    }
    Ok(n)
}

/// Writes every AUP acknowledgment.
pub async fn acks(db: &Db, format: Format, out: &mut dyn Write) -> Result<u64, ExportError> {
    let rows = db.acks().await?;
    match format {
        Format::Csv => {
            let mut c = Csv::new(&mut *out);
            c.row(["device_id", "user", "aup_version", "acked_at"])?;
            for a in &rows {
                let at = airlock_policy::time::rfc3339(a.acked_at.max(0) as u64);
                c.row([
                    a.device_id.as_str(),
                    a.user_name.as_str(),
                    a.aup_version.as_str(),
                    at.as_str(),
                ])?;
            }
            c.flush()?;
        }
        Format::Jsonl => {
            for a in &rows {
                writeln!(out, "{}", serde_json::to_string(a).unwrap_or_default())?;
            }
            out.flush()?;
        }
    }
    Ok(rows.len() as u64)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    fn line(cells: &[&str]) -> String {
        let mut out = Vec::new();
        let mut c = super::Csv::new(&mut out);
        c.row(cells.iter().copied()).unwrap();
        c.flush().unwrap();
        drop(c);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(line(&["plain", "a,b"]), "plain,\"a,b\"\n");
        assert_eq!(line(&["say \"hi\""]), "\"say \"\"hi\"\"\"\n");
        assert_eq!(
            line(&["two\nlines", "cr\rhere"]),
            "\"two\nlines\",\"cr\rhere\"\n"
        );
        assert_eq!(line(&["=cmd()", "\t=cmd()"]), "'=cmd(),'\t=cmd()\n");
        assert_eq!(super::defuse("-1"), "'-1");
    }
}
