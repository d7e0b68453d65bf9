//! Exports for auditors: incidents (with the list's filters) and AUP acknowledgments, as CSV or
//! JSON lines, downloaded as attachments. Open to every signed-in role.

use super::auth::Signed;
use super::error::{ConsoleError, Result};
use super::incidents::ListQuery;
use crate::export::{self, ExportError, Format};
use crate::state::Shared;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

fn failed(e: ExportError) -> ConsoleError {
    match e {
        ExportError::Db(e) => ConsoleError::Db(e),
        ExportError::Io(e) => ConsoleError::internal("writing the export", e),
    }
}

/// `GET /console/export/{file}`: `incidents.csv`, `incidents.jsonl`, `acks.csv`, `acks.jsonl`.
pub async fn export(
    State(s): State<Shared>,
    Signed(who): Signed,
    Path(file): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response> {
    let (what, format) = match file.as_str() {
        "incidents.csv" => ("incidents", Format::Csv),
        "incidents.jsonl" => ("incidents", Format::Jsonl),
        "acks.csv" => ("acks", Format::Csv),
        "acks.jsonl" => ("acks", Format::Jsonl),
        _ => {
            return Err(ConsoleError::NotFound(format!(
                "no export `{file}`: use incidents.csv, incidents.jsonl, acks.csv or acks.jsonl"
            )))
        }
    };
    let filter = q.filter()?;
    let db = s.db.clone();
    // The export writers take `&mut dyn Write`, which is not `Send`: run them on a blocking
    // thread with their own small executor instead of on the async workers.
    let (n, out) = tokio::task::spawn_blocking(move || {
        tokio::runtime::Handle::current().block_on(async move {
            let mut out: Vec<u8> = Vec::new();
            let n = if what == "incidents" {
                export::incidents(&db, &filter, format, &mut out).await
            } else {
                export::acks(&db, format, &mut out).await
            }?;
            Ok::<_, ExportError>((n, out))
        })
    })
    .await
    .map_err(|e| ConsoleError::internal("exporting", e))?
    .map_err(failed)?;
    s.db.audit(&who.admin, "export", &format!("{file}: {n} rows"))
        .await?;
    let content_type = match format {
        Format::Csv => "text/csv; charset=utf-8",
        Format::Jsonl => "application/x-ndjson",
    };
    let stamp = airlock_policy::time::rfc3339(crate::db::now());
    let day = stamp.get(..10).unwrap_or("export");
    let disposition = format!(
        "attachment; filename=\"airlock-{what}-{day}.{}\"",
        if format == Format::Csv {
            "csv"
        } else {
            "jsonl"
        }
    );
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        out,
    )
        .into_response())
}
