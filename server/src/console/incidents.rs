//! Incidents: the filtered, paged list of events, and one event's page with its stored fields
//! (metadata only: agents never send content), its triage (new / triaged / closed, with a
//! note) and notes history. A self-report also shows the 72-hour breach-notification clock
//! (GDPR article 33, counted from when the report was received) and how to delete the
//! conversation in the tool concerned.

use super::auth::{Post, Signed};
use super::deletion;
use super::error::{ConsoleError, Result};
use super::html::{csrf_field, duration, esc, legacy_page, pct, time};
use crate::db::events::{EventFilter, StoredEvent, STATUSES};
use crate::db::now;
use crate::state::Shared;
use airlock_wire::{Event, EventKind};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use std::fmt::Write as _;

/// Rows per page.
const PAGE: i64 = 50;
/// The breach-notification deadline after a self-report arrives.
pub const NOTIFY_WITHIN_S: i64 = 72 * 3600;

/// The list's query string.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ListQuery {
    /// Kind.
    pub kind: Option<String>,
    /// Triage status.
    pub status: Option<String>,
    /// Action.
    pub action: Option<String>,
    /// Tool name.
    pub tool: Option<String>,
    /// Detector id.
    pub detector: Option<String>,
    /// User.
    pub user: Option<String>,
    /// Received on or after this date (`YYYY-MM-DD`).
    pub since: Option<String>,
    /// Page number from 1.
    pub page: Option<String>,
}

fn clean(v: &Option<String>) -> Option<String> {
    v.as_ref()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// A `YYYY-MM-DD` date as Unix seconds (midnight UTC).
pub fn parse_date(s: &str) -> Option<i64> {
    let mut it = s.trim().splitn(3, '-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    airlock_policy::time::days_from_civil(y, m, d).map(|days| days * 86_400)
}

impl ListQuery {
    /// The database filter (blank fields ignored).
    pub fn filter(&self) -> Result<EventFilter> {
        let since = match clean(&self.since) {
            None => None,
            Some(s) => Some(parse_date(&s).ok_or_else(|| {
                ConsoleError::BadRequest(format!("`{s}` is not a date: use YYYY-MM-DD"))
            })?),
        };
        Ok(EventFilter {
            kind: clean(&self.kind),
            status: clean(&self.status),
            action: clean(&self.action),
            tool: clean(&self.tool),
            detector: clean(&self.detector),
            user: clean(&self.user),
            device: None,
            since,
            before: None,
        })
    }

    /// The query string of these filters (without the page).
    pub fn query_string(&self) -> String {
        let fields = [
            ("kind", &self.kind),
            ("status", &self.status),
            ("action", &self.action),
            ("tool", &self.tool),
            ("detector", &self.detector),
            ("user", &self.user),
            ("since", &self.since),
        ];
        fields
            .iter()
            .filter_map(|(k, v)| clean(v).map(|v| format!("{k}={}", pct(&v))))
            .collect::<Vec<_>>()
            .join("&")
    }
}

fn select(name: &str, options: &[&str], current: &Option<String>) -> String {
    let cur = clean(current).unwrap_or_default();
    let mut s = format!(r#"<label>{name}<select name="{name}"><option value="">any</option>"#);
    for o in options {
        let sel = if *o == cur { " selected" } else { "" };
        let _ = write!(s, r#"<option value="{0}"{sel}>{0}</option>"#, esc(o));
    }
    s.push_str("</select></label>");
    s
}

fn text(name: &str, current: &Option<String>, kind: &str) -> String {
    format!(
        r#"<label>{name}<input type="{kind}" name="{name}" value="{}"></label>"#,
        esc(&clean(current).unwrap_or_default())
    )
}

fn opt(v: &Option<String>) -> String {
    esc(v.as_deref().unwrap_or(""))
}

/// `GET /console/incidents`.
pub async fn list(
    State(s): State<Shared>,
    Signed(who): Signed,
    Query(q): Query<ListQuery>,
) -> Result<Response> {
    let filter = q.filter()?;
    let page_no: i64 = clean(&q.page)
        .and_then(|p| p.parse().ok())
        .unwrap_or(1)
        .clamp(1, 100_000);
    let mut rows = s.db.events(&filter, PAGE + 1, (page_no - 1) * PAGE).await?;
    let more = rows.len() as i64 > PAGE;
    rows.truncate(PAGE as usize);
    let qs = q.query_string();

    let mut b = String::from(r#"<form method="get" action="/console/incidents" class="filters">"#);
    b.push_str(&select(
        "kind",
        &[
            "decision",
            "self_report",
            "false_positive",
            "tool_seen",
            "tamper",
        ],
        &q.kind,
    ));
    b.push_str(&select("status", &STATUSES, &q.status));
    b.push_str(&select(
        "action",
        &["allow", "audit", "warn", "justify", "block"],
        &q.action,
    ));
    b.push_str(&text("tool", &q.tool, "text"));
    b.push_str(&text("detector", &q.detector, "text"));
    b.push_str(&text("user", &q.user, "text"));
    b.push_str(&text("since", &q.since, "date"));
    let sep = if qs.is_empty() { "" } else { "?" };
    let _ = write!(
        b,
        r#"<button type="submit">Filter</button> <a href="/console/incidents">Clear</a> · Export: <a href="/console/export/incidents.csv{sep}{0}">CSV</a> <a href="/console/export/incidents.jsonl{sep}{0}">JSON lines</a></form>"#,
        esc(&qs)
    );
    if rows.is_empty() {
        b.push_str(r#"<p class="muted">No events match.</p>"#);
    } else {
        b.push_str("<table><tr><th>Received</th><th>Kind</th><th>User</th><th>Tool</th><th>Tier</th><th>Action</th><th>Outcome</th><th>Class</th><th>Detectors</th><th>Status</th></tr>");
        for e in &rows {
            let _ = write!(
                b,
                r#"<tr><td><a href="/console/incidents/{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><span class="tag">{}</span></td></tr>"#,
                pct(&e.id),
                esc(&time(e.received_at)),
                esc(&e.kind),
                opt(&e.user_name),
                opt(&e.tool_name),
                e.tool_tier.map(|t| t.to_string()).unwrap_or_default(),
                opt(&e.action),
                opt(&e.outcome),
                opt(&e.data_class),
                esc(&e.detectors),
                esc(&e.status),
            );
        }
        b.push_str("</table>");
    }
    let amp = if qs.is_empty() {
        String::new()
    } else {
        format!("&{qs}")
    };
    b.push_str("<p>");
    if page_no > 1 {
        let _ = write!(
            b,
            r#"<a href="/console/incidents?page={}{}">← newer</a> "#,
            page_no - 1,
            esc(&amp)
        );
    }
    let _ = write!(b, "page {page_no} ");
    if more {
        let _ = write!(
            b,
            r#"<a href="/console/incidents?page={}{}">older →</a>"#,
            page_no + 1,
            esc(&amp)
        );
    }
    b.push_str("</p>");
    Ok(legacy_page(&who, "Incidents", &b))
}

fn row(b: &mut String, k: &str, v: &str) {
    let _ = write!(b, "<tr><th>{}</th><td>{}</td></tr>", esc(k), esc(v));
}

fn tool_rows(b: &mut String, tool: &airlock_wire::ToolRef) {
    let id = tool.id.as_deref().unwrap_or("unregistered");
    row(b, "Tool", &format!("{} ({id})", tool.name));
    let site = tool.domain.as_deref().or(tool.app.as_deref()).unwrap_or("");
    row(b, "Site / app", site);
}

fn kind_rows(b: &mut String, e: &StoredEvent) -> Option<Event> {
    let ev: Event = serde_json::from_str(&e.body).ok()?;
    match &ev.kind {
        EventKind::Decision {
            tool,
            action,
            outcome,
            data_class,
            customer_data,
            findings,
            source,
            content_bytes,
            file_ext,
            justification,
            trial,
        } => {
            tool_rows(b, tool);
            row(b, "Action", action);
            row(b, "Outcome", outcome.as_str());
            row(b, "Data class", data_class);
            row(
                b,
                "Customer data",
                if *customer_data { "yes" } else { "no" },
            );
            let f = findings
                .iter()
                .map(|f| format!("{} ×{} ({}, {})", f.detector, f.count, f.category, f.class))
                .collect::<Vec<_>>()
                .join("; ");
            row(b, "Findings (counts only)", &f);
            row(
                b,
                "Source",
                &serde_json::to_string(source)
                    .unwrap_or_default()
                    .replace('"', ""),
            );
            row(b, "Content size", &format!("{content_bytes} bytes"));
            row(b, "File type", file_ext.as_deref().unwrap_or(""));
            row(b, "Justification", justification.as_deref().unwrap_or("—"));
            row(b, "Trial (audit mode)", if *trial { "yes" } else { "no" });
        }
        EventKind::SelfReport {
            tool,
            data_classes,
            disclosed_at,
            description,
        } => {
            tool_rows(b, tool);
            row(b, "Data classes", &data_classes.join(", "));
            row(
                b,
                "Disclosed at (per the user)",
                &time(*disclosed_at as i64),
            );
            row(b, "Description", description);
        }
        EventKind::FalsePositive {
            tool,
            detectors,
            comment,
        } => {
            row(
                b,
                "Tool",
                tool.as_ref().map(|t| t.name.as_str()).unwrap_or(""),
            );
            row(b, "Detectors reported", &detectors.join(", "));
            row(b, "Comment", comment);
        }
        EventKind::ToolSeen { tool, visits } => {
            tool_rows(b, tool);
            row(b, "Visits", &visits.to_string());
        }
        EventKind::Tamper { signal } => row(b, "Signal", signal),
    }
    Some(ev)
}

/// `GET /console/incidents/{id}`.
pub async fn detail(
    State(s): State<Shared>,
    Signed(who): Signed,
    Path(id): Path<String>,
) -> Result<Response> {
    let e =
        s.db.event(&id)
            .await?
            .ok_or_else(|| ConsoleError::NotFound(format!("there is no event `{id}`")))?;
    let notes = s.db.notes(&id).await?;
    let t = now() as i64;
    let mut b = String::new();
    if e.kind == "self_report" {
        let deadline = e.received_at + NOTIFY_WITHIN_S;
        let left = deadline - t;
        let (cls, label) = if left >= 0 {
            ("clock", format!("{} left", duration(left)))
        } else {
            ("clock overdue", format!("overdue by {}", duration(left)))
        };
        let _ = write!(
            b,
            r#"<div class="box warn"><div>Breach-notification deadline (72 hours after the report, GDPR art. 33): <strong>{}</strong></div><div class="{cls}" data-deadline="{deadline}">{}</div></div>"#,
            esc(&time(deadline)),
            esc(&label)
        );
    }
    b.push_str("<table>");
    row(&mut b, "Event", &e.id);
    row(&mut b, "Kind", &e.kind);
    row(&mut b, "Status", &e.status);
    row(&mut b, "Device", &e.device_id);
    row(&mut b, "User", e.user_name.as_deref().unwrap_or(""));
    row(&mut b, "Occurred", &time(e.occurred_at));
    row(&mut b, "Received", &time(e.received_at));
    row(&mut b, "Bundle version", &e.policy_version.to_string());
    row(&mut b, "Agent's event id", &e.event_id);
    let ev = kind_rows(&mut b, &e);
    b.push_str("</table><p class=\"muted\">Agents send metadata only: no content is stored for any event.</p>");
    if let Some(Event {
        kind: EventKind::SelfReport { tool, .. },
        ..
    }) = &ev
    {
        let d = deletion::for_tool(&s, tool.id.as_deref()).await?;
        let _ = write!(
            b,
            "<h2>Deleting the conversation in {}</h2><ol>",
            esc(&tool.name)
        );
        for step in &d.steps {
            let _ = write!(b, "<li>{}</li>", esc(step));
        }
        b.push_str("</ol>");
        if let Some(u) = &d.url {
            let _ = write!(
                b,
                r#"<p>Vendor's page: <a href="{}" rel="noopener noreferrer">{}</a></p>"#,
                esc(u),
                esc(u)
            );
        }
    }

    b.push_str("<h2>Triage</h2>");
    let _ = write!(
        b,
        r#"<form method="post" action="/console/incidents/{}/triage">{}<label>New status <select name="status">"#,
        pct(&e.id),
        csrf_field(&who)
    );
    for st in STATUSES {
        let sel = if st == e.status { " selected" } else { "" };
        let _ = write!(b, r#"<option value="{st}"{sel}>{st}</option>"#);
    }
    b.push_str(r#"</select></label><br><label>Note<br><textarea name="note" class="short" rows="3" required></textarea></label><br><button type="submit">Save triage</button></form>"#);
    b.push_str("<h2>Notes</h2>");
    if notes.is_empty() {
        b.push_str(r#"<p class="muted">No notes yet.</p>"#);
    } else {
        b.push_str("<table><tr><th>When</th><th>Who</th><th>Status</th><th>Note</th></tr>");
        for n in &notes {
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{} → {}</td><td>{}</td></tr>",
                esc(&time(n.created_at)),
                esc(&n.author),
                esc(&n.status_from),
                esc(&n.status_to),
                esc(&n.note)
            );
        }
        b.push_str("</table>");
    }
    Ok(legacy_page(&who, &format!("Event: {}", e.kind), &b))
}

/// `POST /console/incidents/{id}/triage`.
pub async fn triage(State(s): State<Shared>, Path(id): Path<String>, p: Post) -> Result<Response> {
    let status = p.form.need("status")?;
    if !STATUSES.contains(&status) {
        return Err(ConsoleError::BadRequest(format!(
            "unknown status `{status}`"
        )));
    }
    let note = p.form.need("note")?;
    if note.chars().count() > 4000 {
        return Err(ConsoleError::BadRequest(
            "the note is longer than 4000 characters".into(),
        ));
    }
    if !s.db.triage(&id, status, &p.who.admin, note).await? {
        return Err(ConsoleError::NotFound(format!("there is no event `{id}`")));
    }
    s.db.audit(&p.who.admin, "triage", &format!("event {id} -> {status}"))
        .await?;
    Ok(Redirect::to(&format!("/console/incidents/{}", pct(&id))).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_ignore_blanks_and_parse_dates() {
        let q = ListQuery {
            detector: Some(String::new()),
            tool: Some("Chat GPT".into()),
            since: Some("1970-01-03".into()),
            ..ListQuery::default()
        };
        let f = q.filter().unwrap();
        assert!(f.detector.is_none());
        assert_eq!(f.since, Some(2 * 86_400));
        assert_eq!(q.query_string(), "tool=Chat%20GPT&since=1970-01-03");
        let bad = ListQuery {
            since: Some("yesterday".into()),
            ..ListQuery::default()
        };
        assert!(bad.filter().is_err());
    }
}
