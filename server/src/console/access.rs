//! The access-request queue: employees ask (from the agent's prompt) for a tool to be allowed
//! for a data class. Approving moves the tool to the tier the admin picks in the register,
//! saves a revision, publishes it, and marks the request approved; denying records a note the
//! employee sees. Tools missing from the register are classified on the AI tools page first.

use super::auth::{Post, Signed};
use super::error::{ConsoleError, Result};
use super::html::{csrf_field, error_box, esc, legacy_page, pct, time};
use super::register;
use super::rules::{self, Saved};
use crate::state::Shared;
use airlock_wire::AccessRequestStatus;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use std::fmt::Write as _;

/// `GET /console/requests`.
pub async fn list(State(s): State<Shared>, Signed(who): Signed) -> Result<Response> {
    let pending = s.db.access_requests(Some("pending")).await?;
    let decided: Vec<_> =
        s.db.access_requests(None)
            .await?
            .into_iter()
            .filter(|r| r.status != "pending")
            .take(50)
            .collect();
    let rev = rules::latest(&s).await?;
    let tools = register::list(&rev.files);
    let mut b = String::from("<h2>Pending</h2>");
    let published = s.db.bundle(None).await?.map(|b| b.revision).unwrap_or(0);
    if !pending.is_empty() && published != rev.id {
        let _ = write!(
            b,
            r#"<p class="box warn">Approving publishes the latest revision ({}), which holds edits not yet published (bundle in force: revision {published}). Review them on the <a href="/console/policy">Policy</a> page first.</p>"#,
            rev.id
        );
    }
    if pending.is_empty() {
        b.push_str(r#"<p class="muted">No pending request.</p>"#);
    } else {
        b.push_str("<table><tr><th>Filed</th><th>User</th><th>Tool</th><th>Data class</th><th>Reason</th><th>Decide</th></tr>");
        for r in &pending {
            let registered = r
                .tool_id
                .as_deref()
                .and_then(|id| tools.iter().find(|t| t.entry.id == id));
            // The register's own name for the entry approval changes (what the agent sent is
            // only a label, and is shown when it differs).
            let tool_label = match registered {
                Some(t) if t.entry.name == r.tool_name => t.entry.name.clone(),
                Some(t) => format!("{} (the request says “{}”)", t.entry.name, r.tool_name),
                None => r.tool_name.clone(),
            };
            let approve = match registered {
                Some(t) => {
                    let mut sel = String::from(r#"<select name="tier">"#);
                    for n in 1..=4 {
                        let s = if n == t.entry.tier.clamp(2, 4) - 1 { " selected" } else { "" };
                        let _ = write!(sel, r#"<option value="{n}"{s}>tier {n}</option>"#);
                    }
                    sel.push_str("</select>");
                    format!(
                        r#"<form method="post" action="/console/requests/{}/approve">{}Now tier {}. Move to {sel} <input type="text" name="note" placeholder="note to the employee" size="24"> <button type="submit">Approve and publish</button></form>"#,
                        pct(&r.id),
                        csrf_field(&who),
                        t.entry.tier
                    )
                }
                None => r#"<span class="muted">Not in the register: add it on the <a href="/console/tools">AI tools</a> page first.</span>"#.to_string(),
            };
            let _ = write!(
                b,
                r#"<tr><td>{}</td><td>{}</td><td>{}<br><code>{}</code></td><td>{}</td><td>{}</td><td>{approve}<form method="post" action="/console/requests/{}/deny">{}<input type="text" name="note" placeholder="why not" size="24" required> <button type="submit" class="danger">Deny</button></form></td></tr>"#,
                esc(&time(r.created_at)),
                esc(&r.user_name),
                esc(&tool_label),
                esc(r.tool_id.as_deref().unwrap_or("unregistered")),
                esc(&r.data_class),
                esc(&r.reason),
                pct(&r.id),
                csrf_field(&who),
            );
        }
        b.push_str("</table>");
    }
    b.push_str("<h2>Recently decided</h2>");
    if decided.is_empty() {
        b.push_str(r#"<p class="muted">None yet.</p>"#);
    } else {
        b.push_str("<table><tr><th>Filed</th><th>User</th><th>Tool</th><th>Status</th><th>By</th><th>Note</th></tr>");
        for r in &decided {
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&time(r.created_at)),
                esc(&r.user_name),
                esc(&r.tool_name),
                esc(&r.status),
                esc(r.decided_by.as_deref().unwrap_or("")),
                esc(r.note.as_deref().unwrap_or(""))
            );
        }
        b.push_str("</table>");
    }
    Ok(legacy_page(&who, "Access requests", &b))
}

async fn pending(s: &Shared, id: &str) -> Result<crate::db::access::AccessInfo> {
    let r =
        s.db.access_request(id)
            .await?
            .ok_or_else(|| ConsoleError::NotFound(format!("there is no access request `{id}`")))?;
    if r.status != "pending" {
        return Err(ConsoleError::BadRequest(format!(
            "this request was already {}",
            r.status
        )));
    }
    Ok(r)
}

/// `POST /console/requests/{id}/approve`: `tier`, `note`.
pub async fn approve(State(s): State<Shared>, Path(id): Path<String>, p: Post) -> Result<Response> {
    let r = pending(&s, &id).await?;
    let tool = r.tool_id.clone().ok_or_else(|| {
        ConsoleError::BadRequest(
            "the tool is not in the register: add it on the AI tools page first".into(),
        )
    })?;
    let tier: i64 = p
        .form
        .need("tier")?
        .parse()
        .ok()
        .filter(|t| (1..=4).contains(t))
        .ok_or_else(|| ConsoleError::BadRequest("the tier must be 1, 2, 3 or 4".into()))?;
    let note = p.form.opt("note").unwrap_or("approved").to_string();
    let (file, old) = super::tools::change_tier(&s, &tool, tier).await?;
    if old != tier {
        let rev = rules::latest(&s).await?;
        let files = rules::replace(&rev.files, &[file]);
        let message = format!(
            "{tool}: tier {old} -> {tier} (access request of {})",
            r.user_name
        );
        match rules::save(&s, &p.who.admin, files, &message).await? {
            Saved::Revision(rid) => {
                let rev =
                    s.db.revision(Some(rid)).await?.ok_or_else(|| {
                        ConsoleError::Internal(format!("revision {rid} vanished"))
                    })?;
                rules::publish(&s, &p.who.admin, &rev, "published").await?;
            }
            Saved::Invalid(problems) => {
                let body = error_box("Nothing was saved: the rules do not compile", &problems);
                let mut resp = legacy_page(&p.who, "Access requests", &body);
                *resp.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
                return Ok(resp);
            }
        }
    }
    if !s
        .db
        .decide_access(&id, AccessRequestStatus::Approved, &p.who.admin, &note)
        .await?
    {
        return Err(ConsoleError::BadRequest(
            "this request was decided meanwhile".into(),
        ));
    }
    s.db.audit(
        &p.who.admin,
        "approve_access",
        &format!("{id}: {tool} tier {old} -> {tier}"),
    )
    .await?;
    Ok(Redirect::to("/console/requests").into_response())
}

/// `POST /console/requests/{id}/deny`: `note`.
pub async fn deny(State(s): State<Shared>, Path(id): Path<String>, p: Post) -> Result<Response> {
    pending(&s, &id).await?;
    let note = p.form.need("note")?;
    if !s
        .db
        .decide_access(&id, AccessRequestStatus::Denied, &p.who.admin, note)
        .await?
    {
        return Err(ConsoleError::BadRequest(
            "this request was decided meanwhile".into(),
        ));
    }
    s.db.audit(&p.who.admin, "deny_access", &id).await?;
    Ok(Redirect::to("/console/requests").into_response())
}
