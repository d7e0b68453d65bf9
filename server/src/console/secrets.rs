//! Enrollment secrets: the list (labels, who made them, devices enrolled, revoked or not),
//! creating one (the secret is shown once, on the result page: the server keeps only its
//! hash), and revoking one (devices enrolled with it keep working; new enrollments fail).

use super::auth::{Post, Signed};
use super::error::{ConsoleError, Result};
use super::html::{button_form, csrf_field, esc, legacy_page, pct, time};
use crate::state::Shared;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use std::fmt::Write as _;

/// `GET /console/secrets`.
pub async fn list(State(s): State<Shared>, Signed(who): Signed) -> Result<Response> {
    let secrets = s.db.enroll_secrets().await?;
    let mut b = format!(
        r#"<form method="post" action="/console/secrets">{}<label>Label <input type="text" name="label" placeholder="e.g. Finance laptops, Intune" required></label> <button type="submit">Create enrollment secret</button></form>"#,
        csrf_field(&who)
    );
    b.push_str("<h2>Secrets</h2>");
    if secrets.is_empty() {
        b.push_str(r#"<p class="muted">No enrollment secret yet.</p>"#);
    } else {
        b.push_str("<table><tr><th>Label</th><th>Created</th><th>By</th><th>Devices enrolled</th><th>State</th><th></th></tr>");
        for x in &secrets {
            let state = match x.revoked_at {
                Some(t) => format!("revoked {}", esc(&time(t))),
                None => r#"<span class="on">active</span>"#.to_string(),
            };
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{state}</td><td>{}</td></tr>",
                esc(&x.label),
                esc(&time(x.created_at)),
                esc(&x.created_by),
                x.devices,
                if x.revoked_at.is_none() {
                    button_form(
                        &who,
                        &format!("/console/secrets/{}/revoke", pct(&x.id)),
                        "Revoke",
                        &[],
                        "danger",
                    )
                } else {
                    String::new()
                }
            );
        }
        b.push_str("</table>");
    }
    Ok(legacy_page(&who, "Enrollment secrets", &b))
}

/// `POST /console/secrets`: `label`. Shows the new secret once.
pub async fn create(State(s): State<Shared>, p: Post) -> Result<Response> {
    let label = p.form.need("label")?;
    if label.chars().count() > 200 {
        return Err(ConsoleError::BadRequest(
            "the label is longer than 200 characters".into(),
        ));
    }
    let (id, secret) = s.db.create_enroll_secret(label, &p.who.admin).await?;
    s.db.audit(
        &p.who.admin,
        "create_enroll_secret",
        &format!("{id} ({label})"),
    )
    .await?;
    let b = format!(
        r#"<div class="box ok">Enrollment secret <strong>{}</strong> created. Copy it now: it is shown only once.</div><pre id="secret">{}</pre><p>Put it in the agents' managed configuration (<code>EnrollSecret</code>). <a href="/console/secrets">← enrollment secrets</a></p>"#,
        esc(label),
        esc(&secret)
    );
    Ok(legacy_page(&p.who, "Enrollment secret created", &b))
}

/// `POST /console/secrets/{id}/revoke`.
pub async fn revoke(State(s): State<Shared>, Path(id): Path<String>, p: Post) -> Result<Response> {
    if !s.db.revoke_enroll_secret(&id).await? {
        return Err(ConsoleError::NotFound(format!(
            "no active enrollment secret `{id}`"
        )));
    }
    s.db.audit(&p.who.admin, "revoke_enroll_secret", &id)
        .await?;
    Ok(Redirect::to("/console/secrets").into_response())
}
