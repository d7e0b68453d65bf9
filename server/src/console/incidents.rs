//! Incidents: the filtered, paged list of events, and one event's page with its stored fields
//! (metadata only: agents never send content), its triage (new / triaged / closed, with a
//! note) and notes history. A self-report also shows the 72-hour breach-notification clock
//! (GDPR article 33, counted from when the report was received) and how to delete the
//! conversation in the tool concerned.

use super::auth::{Post, Signed};
use super::deletion;
use super::error::{ConsoleError, Result};
use super::html::{csrf, duration, page, pct, time};
use crate::db::events::{EventFilter, StoredEvent, STATUSES};
use crate::db::now;
use crate::state::Shared;
use airlock_wire::{Event, EventKind};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};

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

fn select(name: &str, options: &[&str], current: &Option<String>) -> Markup {
    let cur = clean(current).unwrap_or_default();
    html! {
        label {
            (name)
            select name=(name) {
                option value="" { "any" }
                @for o in options { option value=(o) selected[*o == cur] { (o) } }
            }
        }
    }
}

fn text(name: &str, current: &Option<String>, kind: &str) -> Markup {
    html! {
        label { (name) input type=(kind) name=(name) value=(clean(current).unwrap_or_default()); }
    }
}

fn opt(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("")
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
    let sep = if qs.is_empty() { "" } else { "?" };
    let amp = if qs.is_empty() {
        String::new()
    } else {
        format!("&{qs}")
    };
    let kinds = [
        "decision",
        "self_report",
        "false_positive",
        "tool_seen",
        "tamper",
    ];
    let actions = ["allow", "audit", "warn", "justify", "block"];
    let body = html! {
        form method="get" action="/console/incidents" class="filters" {
            (select("kind", &kinds, &q.kind))
            (select("status", &STATUSES, &q.status))
            (select("action", &actions, &q.action))
            (text("tool", &q.tool, "text"))
            (text("detector", &q.detector, "text"))
            (text("user", &q.user, "text"))
            (text("since", &q.since, "date"))
            button type="submit" { "Filter" }
            " " a href="/console/incidents" { "Clear" }
            " · Export: " a href={"/console/export/incidents.csv" (sep) (qs)} { "CSV" }
            " " a href={"/console/export/incidents.jsonl" (sep) (qs)} { "JSON lines" }
        }
        @if rows.is_empty() {
            p class="muted" { "No events match." }
        } @else {
            table {
                tr {
                    th { "Received" } th { "Kind" } th { "User" } th { "Tool" } th { "Tier" }
                    th { "Action" } th { "Outcome" } th { "Class" } th { "Detectors" }
                    th { "Status" }
                }
                @for e in &rows {
                    tr {
                        td { a href={"/console/incidents/" (pct(&e.id))} { (time(e.received_at)) } }
                        td { (e.kind) }
                        td { (opt(&e.user_name)) }
                        td { (opt(&e.tool_name)) }
                        td { @if let Some(t) = e.tool_tier { (t) } }
                        td { (opt(&e.action)) }
                        td { (opt(&e.outcome)) }
                        td { (opt(&e.data_class)) }
                        td { (e.detectors) }
                        td { span class="tag" { (e.status) } }
                    }
                }
            }
        }
        p {
            @if page_no > 1 {
                a href={"/console/incidents?page=" (page_no - 1) (amp)} { "← newer" } " "
            }
            "page " (page_no) " "
            @if more {
                a href={"/console/incidents?page=" (page_no + 1) (amp)} { "older →" }
            }
        }
    };
    Ok(page(&who, "Incidents", body))
}

/// The label and value rows of an event page.
type Rows = Vec<(&'static str, String)>;

fn row(b: &mut Rows, k: &'static str, v: &str) {
    b.push((k, v.to_string()));
}

fn tool_rows(b: &mut Rows, tool: &airlock_wire::ToolRef) {
    let id = tool.id.as_deref().unwrap_or("unregistered");
    row(b, "Tool", &format!("{} ({id})", tool.name));
    let site = tool.domain.as_deref().or(tool.app.as_deref()).unwrap_or("");
    row(b, "Site / app", site);
}

fn kind_rows(b: &mut Rows, e: &StoredEvent) -> Option<Event> {
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
    let mut rows = Rows::new();
    row(&mut rows, "Event", &e.id);
    row(&mut rows, "Kind", &e.kind);
    row(&mut rows, "Status", &e.status);
    row(&mut rows, "Device", &e.device_id);
    row(&mut rows, "User", e.user_name.as_deref().unwrap_or(""));
    row(&mut rows, "Occurred", &time(e.occurred_at));
    row(&mut rows, "Received", &time(e.received_at));
    row(&mut rows, "Bundle version", &e.policy_version.to_string());
    row(&mut rows, "Agent's event id", &e.event_id);
    let ev = kind_rows(&mut rows, &e);
    let deletion = match &ev {
        Some(Event {
            kind: EventKind::SelfReport { tool, .. },
            ..
        }) => Some((
            tool.name.as_str(),
            deletion::for_tool(&s, tool.id.as_deref()).await?,
        )),
        _ => None,
    };
    let deadline = e.received_at + NOTIFY_WITHIN_S;
    let left = deadline - t;
    let (cls, label) = if left >= 0 {
        ("clock", format!("{} left", duration(left)))
    } else {
        ("clock overdue", format!("overdue by {}", duration(left)))
    };
    let body = html! {
        @if e.kind == "self_report" {
            div class="box warn" {
                div {
                    "Breach-notification deadline (72 hours after the report, GDPR art. 33): "
                    strong { (time(deadline)) }
                }
                div class=(cls) data-deadline=(deadline) { (label) }
            }
        }
        table { @for (k, v) in &rows { tr { th { (k) } td { (v) } } } }
        p class="muted" { "Agents send metadata only: no content is stored for any event." }
        @if let Some((tool, d)) = &deletion {
            h2 { "Deleting the conversation in " (tool) }
            ol { @for step in &d.steps { li { (step) } } }
            @if let Some(u) = &d.url {
                p { "Vendor's page: " a href=(u) rel="noopener noreferrer" { (u) } }
            }
        }
        h2 { "Triage" }
        form method="post" action={"/console/incidents/" (pct(&e.id)) "/triage"} {
            (csrf(&who))
            label {
                "New status "
                select name="status" {
                    @for st in STATUSES { option value=(st) selected[st == e.status] { (st) } }
                }
            }
            br;
            label { "Note" br; textarea name="note" class="short" rows="3" required {} }
            br;
            button type="submit" { "Save triage" }
        }
        h2 { "Notes" }
        @if notes.is_empty() {
            p class="muted" { "No notes yet." }
        } @else {
            table {
                tr { th { "When" } th { "Who" } th { "Status" } th { "Note" } }
                @for n in &notes {
                    tr {
                        td { (time(n.created_at)) }
                        td { (n.author) }
                        td { (n.status_from) " → " (n.status_to) }
                        td { (n.note) }
                    }
                }
            }
        }
    };
    Ok(page(&who, &format!("Event: {}", e.kind), body))
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
