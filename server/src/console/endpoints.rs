//! Endpoints: the enrolled devices with their last check-in, agent and bundle versions, policy
//! state, online/offline (seen within two check-in intervals), events waiting on the device
//! and tamper signals; and revoking a device (its tokens stop working at once).

use super::auth::{Post, Signed};
use super::error::{ConsoleError, Result};
use super::html::{ago, button_form, esc, legacy_page, pct};
use crate::db::now;
use crate::state::Shared;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use std::fmt::Write as _;

/// `GET /console/endpoints`.
pub async fn list(State(s): State<Shared>, Signed(who): Signed) -> Result<Response> {
    let devices = s.db.devices(2000).await?;
    let t = now() as i64;
    let online_after = t - 2 * s.config.checkin_interval_s as i64;
    let latest = s.latest.borrow().0;
    let live: Vec<_> = devices.iter().filter(|d| d.replaced_by.is_none()).collect();
    let online = live.iter().filter(|d| d.last_seen >= online_after).count();
    let mut b = format!(
        r#"<p>{} devices in service, {online} online (checked in within {} s). Newest bundle: version {latest}.</p>"#,
        live.len(),
        2 * s.config.checkin_interval_s
    );
    if devices.is_empty() {
        b.push_str(r#"<p class="muted">No device is enrolled yet: create an enrollment secret on the <a href="/console/secrets">Enrollment</a> page.</p>"#);
        return Ok(legacy_page(&who, "Endpoints", &b));
    }
    b.push_str("<table><tr><th>Host</th><th>User</th><th>OS</th><th>Status</th><th>Last seen</th><th>Agent</th><th>Bundle</th><th>Policy state</th><th>Pending events</th><th>Tamper signals</th><th></th></tr>");
    for d in &devices {
        let status = if d.replaced_by.is_some() {
            r#"<span class="muted">replaced</span>"#
        } else if d.last_seen >= online_after {
            r#"<span class="on">online</span>"#
        } else {
            r#"<span class="off">offline</span>"#
        };
        let behind = if d.policy_version < latest && d.replaced_by.is_none() {
            r#" <span class="tag t3">behind</span>"#
        } else {
            ""
        };
        let state_cls = match d.policy_state.as_str() {
            "ok" => "t1",
            "stale" => "t3",
            "verify_failed" | "apply_failed" => "t4",
            _ => "",
        };
        let _ = write!(
            b,
            r#"<tr><td><strong>{}</strong><br><code class="muted">{}</code></td><td>{}</td><td>{}</td><td>{status}</td><td>{}</td><td>{}</td><td>{}{behind}</td><td><span class="tag {state_cls}">{}</span></td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            esc(&d.hostname),
            esc(&d.id),
            esc(d.user_name.as_deref().unwrap_or("")),
            esc(&d.os),
            esc(&ago(t, d.last_seen)),
            esc(&d.agent_version),
            d.policy_version,
            esc(&d.policy_state),
            d.pending,
            esc(&d.tamper),
            if d.replaced_by.is_none() {
                button_form(
                    &who,
                    &format!("/console/endpoints/{}/revoke", pct(&d.id)),
                    "Revoke",
                    &[],
                    "danger",
                )
            } else {
                String::new()
            },
        );
    }
    b.push_str("</table>");
    let blocked = s.db.blocked_machines().await?;
    if !blocked.is_empty() {
        b.push_str("<h2>Revoked machines</h2><p class=\"muted\">They cannot enroll again until allowed.</p><table><tr><th>Host</th><th>Machine id</th><th>Revoked</th><th>By</th><th></th></tr>");
        for (m, host, at, by) in &blocked {
            let _ = write!(
                b,
                "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(host),
                esc(m),
                esc(&ago(t, *at)),
                esc(by),
                button_form(
                    &who,
                    &format!("/console/endpoints/unblock/{}", pct(m)),
                    "Allow to enroll again",
                    &[],
                    "",
                )
            );
        }
        b.push_str("</table>");
    }
    Ok(legacy_page(&who, "Endpoints", &b))
}

/// `POST /console/endpoints/{id}/revoke`: revokes the device's tokens and blocks its machine
/// from enrolling again (until unblocked).
pub async fn revoke(State(s): State<Shared>, Path(id): Path<String>, p: Post) -> Result<Response> {
    if !s.db.revoke_and_block(&id, &p.who.admin).await? {
        return Err(ConsoleError::NotFound(format!("there is no device `{id}`")));
    }
    s.db.audit(&p.who.admin, "revoke_device", &id).await?;
    Ok(Redirect::to("/console/endpoints").into_response())
}

/// `POST /console/endpoints/unblock/{machine}`: lets a revoked machine enroll again.
pub async fn unblock(
    State(s): State<Shared>,
    Path(machine): Path<String>,
    p: Post,
) -> Result<Response> {
    if !s.db.unblock_machine(&machine).await? {
        return Err(ConsoleError::NotFound(format!(
            "machine `{machine}` is not blocked"
        )));
    }
    s.db.audit(&p.who.admin, "unblock_machine", &machine)
        .await?;
    Ok(Redirect::to("/console/endpoints").into_response())
}
