//! The policy page: `policy.toml` (decision matrix, overrides, modes, suppressions, AUP
//! reference) edited as text and validated by compiling the whole rules directory; the
//! **Publish** button (signs the latest revision as the next bundle and wakes long-polling
//! agents); the revision history with a line diff of each revision against its predecessor
//! and a rollback button; the bundle history; and an upload form for bundles signed offline
//! (verified against the root before anything is stored).

use super::auth::{Post, Signed};
use super::diff::{self, FileDiff, Line};
use super::error::{ConsoleError, Result};
use super::html::{button_form, csrf_field, error_box, esc, legacy_page, time};
use super::rules::{self, Saved};
use super::tools::{saved_notice, Flash};
use crate::db::users::Session;
use crate::state::Shared;
use airlock_policy::RuleFile;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use std::fmt::Write as _;

const POLICY_FILE: &str = "policy.toml";

async fn render(
    s: &Shared,
    who: &Session,
    top: String,
    text: Option<&str>,
    status: StatusCode,
) -> Result<Response> {
    let rev = rules::latest(s).await?;
    let current = rev
        .files
        .iter()
        .find(|f| f.path == POLICY_FILE)
        .map(|f| f.text.as_str())
        .unwrap_or("");
    let bundles = s.db.bundles(10).await?;
    let revisions = s.db.revisions(30).await?;
    let published_rev = bundles.first().map(|b| b.1).unwrap_or(0);
    let mut b = top;
    b.push_str(r#"<h2>Publish</h2>"#);
    match bundles.first() {
        Some((v, r, origin, by, issued, expires)) => {
            let _ = write!(
                b,
                "<p>Agents run bundle <strong>{v}</strong> (revision {r}, {}, by {}, issued {}, expires {}).</p>",
                esc(origin),
                esc(by),
                esc(&time(*issued)),
                esc(&time(*expires))
            );
        }
        None => b.push_str("<p>No bundle is published yet.</p>"),
    }
    if published_rev == rev.id {
        let _ = write!(
            b,
            r#"<p class="muted">The latest revision ({}) is published.</p>"#,
            rev.id
        );
    } else {
        let _ = write!(
            b,
            r#"<div class="box warn">Revision {} ({}) is not published yet.</div>"#,
            rev.id,
            esc(&rev.message)
        );
    }
    let _ = write!(
        b,
        r#"<form method="post" action="/console/policy/publish" id="publish">{}<button type="submit">Publish revision {}</button></form>"#,
        csrf_field(who),
        rev.id
    );
    // Compiling takes a CPU for a while: off the request threads.
    let files = rev.files.clone();
    let matrix = tokio::task::spawn_blocking(move || {
        let mut m = String::new();
        matrix_table(&mut m, &files);
        m
    })
    .await
    .unwrap_or_default();
    b.push_str(&matrix);
    let _ = write!(
        b,
        r#"<h2>Edit <code>policy.toml</code></h2><form method="post" action="/console/policy/save">{}<textarea name="text" rows="30" spellcheck="false">{}</textarea><br><label>Why <input type="text" name="message" size="60" placeholder="what changed and why"></label> <button type="submit">Save revision</button></form>"#,
        csrf_field(who),
        esc(text.unwrap_or(current))
    );
    b.push_str("<h2>Revision history</h2><table><tr><th>Revision</th><th>When</th><th>Who</th><th>Message</th><th></th></tr>");
    for (id, author, message, at) in &revisions {
        let tag = if *id == published_rev {
            r#" <span class="tag t1">published</span>"#
        } else {
            ""
        };
        let _ = write!(
            b,
            r#"<tr><td><a href="/console/policy/revisions/{id}">{id}</a>{tag}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            esc(&time(*at)),
            esc(author),
            esc(message),
            if *id == rev.id {
                String::new()
            } else {
                button_form(
                    who,
                    "/console/policy/rollback",
                    "Roll back to this",
                    &[("revision", &id.to_string())],
                    "secondary",
                )
            }
        );
    }
    b.push_str("</table><h2>Bundles</h2><table><tr><th>Version</th><th>Revision</th><th>Origin</th><th>By</th><th>Issued</th><th>Expires</th></tr>");
    for (v, r, origin, by, issued, expires) in &bundles {
        let _ = write!(
            b,
            "<tr><td>{v}</td><td>{r}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(origin),
            esc(by),
            esc(&time(*issued)),
            esc(&time(*expires))
        );
    }
    let _ = write!(
        b,
        r#"</table><h2>Upload a bundle signed offline</h2><p class="muted">Paste the bundle file made by <code>airlock rules build</code>. It is verified against this server's root key and tenant, and must be newer than the current version.</p><form method="post" action="/console/policy/upload">{}<textarea name="bundle" rows="6" spellcheck="false" required></textarea><br><button type="submit">Verify and store</button></form>"#,
        csrf_field(who)
    );
    let mut r = legacy_page(who, "Policy", &b);
    *r.status_mut() = status;
    Ok(r)
}

/// The latest revision's decision matrix and overrides, as compiled (what agents enforce once
/// it is published).
fn matrix_table(b: &mut String, files: &[RuleFile]) {
    use airlock_policy::{Column, Target, Tier};
    let Ok(policy) = airlock_policy::Policy::compile(files) else {
        return;
    };
    let m = policy.matrix();
    b.push_str("<h2>Decision matrix</h2><table><tr><th>Tier</th>");
    for c in Column::ALL {
        let _ = write!(b, "<th>{}</th>", esc(c.as_str()));
    }
    b.push_str("<th>restricted</th></tr>");
    for t in Tier::ALL {
        let _ = write!(b, "<tr><th>{} {}</th>", t.number(), esc(t.label()));
        for c in Column::ALL {
            let _ = write!(b, "<td>{}</td>", esc(m.cell(t, c).as_str()));
        }
        b.push_str("<td>block</td></tr>");
    }
    b.push_str("</table>");
    if m.overrides().is_empty() {
        return;
    }
    b.push_str("<h3>Overrides</h3><table><tr><th>Applies to</th><th>Tiers</th><th>Action</th><th>Why</th><th>Where</th></tr>");
    for o in m.overrides() {
        let target = match &o.target {
            Target::Detector(d) => format!("detector {d}"),
            Target::Category(c) => format!("category {}", c.as_str()),
        };
        let tiers = o
            .tiers
            .as_ref()
            .map(|ts| {
                ts.iter()
                    .map(|t| t.number().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_else(|| "all".into());
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
            esc(&target),
            esc(&tiers),
            esc(o.action.as_str()),
            esc(&o.reason),
            esc(&o.origin)
        );
    }
    b.push_str("</table>");
}

/// `GET /console/policy`.
pub async fn show(
    State(s): State<Shared>,
    Signed(who): Signed,
    Query(f): Query<Flash>,
) -> Result<Response> {
    let top = f.saved.map(|id| saved_notice(&who, id)).unwrap_or_default();
    render(&s, &who, top, None, StatusCode::OK).await
}

/// `POST /console/policy/save`: `text`, `message`.
pub async fn save(State(s): State<Shared>, p: Post) -> Result<Response> {
    let text = p.form.get("text").replace("\r\n", "\n");
    let message = p
        .form
        .opt("message")
        .unwrap_or("edited policy.toml")
        .to_string();
    let rev = rules::latest(&s).await?;
    if rev
        .files
        .iter()
        .any(|f| f.path == POLICY_FILE && f.text == text)
    {
        return Ok(Redirect::to("/console/policy").into_response());
    }
    let files = rules::replace(&rev.files, &[RuleFile::new(POLICY_FILE, text.clone())]);
    match rules::save(&s, &p.who.admin, files, &message).await? {
        Saved::Revision(id) => {
            Ok(Redirect::to(&format!("/console/policy?saved={id}")).into_response())
        }
        Saved::Invalid(problems) => {
            let top = error_box("Nothing was saved: the rules do not compile", &problems);
            render(
                &s,
                &p.who,
                top,
                Some(&text),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

fn published_page(who: &Session, version: i64, rev: i64, what: &str) -> Response {
    let body = format!(
        r#"<div class="box ok" id="published">{} Bundle version <strong id="bundle-version">{version}</strong> is signed and published from revision {rev}. Agents waiting in a check-in receive it now; the others at their next check-in.</div><p><a href="/console/policy">← policy</a> · <a href="/console/endpoints">endpoints</a> · <a href="/console/">overview</a></p>"#,
        esc(what)
    );
    legacy_page(who, "Published", &body)
}

/// `POST /console/policy/publish`: signs the latest revision.
pub async fn publish(State(s): State<Shared>, p: Post) -> Result<Response> {
    let rev = rules::latest(&s).await?;
    let version = rules::publish(&s, &p.who.admin, &rev, "published").await?;
    Ok(published_page(&p.who, version, rev.id, "Published."))
}

/// `POST /console/policy/rollback`: `revision`: saves its files as a new revision and publishes.
pub async fn rollback(State(s): State<Shared>, p: Post) -> Result<Response> {
    let id: i64 = p
        .form
        .need("revision")?
        .parse()
        .map_err(|_| ConsoleError::BadRequest("the revision must be a number".into()))?;
    let old =
        s.db.revision(Some(id))
            .await?
            .ok_or_else(|| ConsoleError::NotFound(format!("there is no revision {id}")))?;
    match rules::save(
        &s,
        &p.who.admin,
        old.files.clone(),
        &format!("rollback to revision {id}"),
    )
    .await?
    {
        Saved::Revision(new_id) => {
            let rev =
                s.db.revision(Some(new_id))
                    .await?
                    .ok_or_else(|| ConsoleError::Internal(format!("revision {new_id} vanished")))?;
            let version = rules::publish(&s, &p.who.admin, &rev, "rollback").await?;
            s.db.audit(
                &p.who.admin,
                "rollback",
                &format!("revision {id} -> {new_id}, bundle {version}"),
            )
            .await?;
            Ok(published_page(
                &p.who,
                version,
                new_id,
                &format!("Rolled back to revision {id}."),
            ))
        }
        Saved::Invalid(problems) => {
            let top = error_box(
                &format!("Revision {id} no longer compiles: nothing was saved"),
                &problems,
            );
            render(&s, &p.who, top, None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// `POST /console/policy/upload`: `bundle` (the file's text).
pub async fn upload(State(s): State<Shared>, p: Post) -> Result<Response> {
    let text = p.form.get("bundle").trim().to_string();
    if text.is_empty() {
        return Err(ConsoleError::BadRequest("paste a bundle file".into()));
    }
    match crate::signing::upload(&s.db, &s.signer, text.as_bytes(), &p.who.admin).await {
        Ok(version) => {
            let b = s.db.bundle(Some(version)).await?.ok_or_else(|| {
                ConsoleError::Internal(format!("bundle {version} vanished after upload"))
            })?;
            s.announce_bundle(version, b.sha256.clone());
            s.db.audit(&p.who.admin, "upload_bundle", &format!("bundle {version}"))
                .await?;
            Ok(published_page(
                &p.who,
                version,
                b.revision,
                "Uploaded and verified.",
            ))
        }
        Err(e) => {
            s.db.audit(&p.who.admin, "upload_bundle_refused", &format!("{e:#}"))
                .await?;
            let top = error_box(
                "The bundle was refused: nothing was stored",
                &[format!("{e:#}")],
            );
            render(&s, &p.who, top, None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

fn render_lines(b: &mut String, lines: &[Line]) {
    b.push_str(r#"<div class="diff">"#);
    for l in lines {
        let _ = match l {
            Line::Same(t) => write!(b, r#"<span class="ctx">  {}</span>"#, esc(t)),
            Line::Added(t) => write!(b, r#"<span class="add">+ {}</span>"#, esc(t)),
            Line::Removed(t) => write!(b, r#"<span class="del">- {}</span>"#, esc(t)),
            Line::Skipped(n) => write!(b, r#"<span class="ctx">  … {n} unchanged lines</span>"#),
        };
    }
    b.push_str("</div>");
}

/// `GET /console/policy/revisions/{id}`: the diff against the previous revision.
pub async fn revision(
    State(s): State<Shared>,
    Signed(who): Signed,
    Path(id): Path<i64>,
) -> Result<Response> {
    let rev =
        s.db.revision(Some(id))
            .await?
            .ok_or_else(|| ConsoleError::NotFound(format!("there is no revision {id}")))?;
    let prev = if id > 1 {
        s.db.revision(Some(id - 1)).await?
    } else {
        None
    };
    let mut b = format!(
        "<p>By {} on {}: {}</p>",
        esc(&rev.author),
        esc(&time(rev.created_at)),
        esc(&rev.message)
    );
    match &prev {
        None => b.push_str(r#"<p class="muted">The first revision: nothing to compare with.</p>"#),
        Some(prev) => {
            let changes = diff::files(&prev.files, &rev.files);
            let _ = write!(b, "<h2>Changes since revision {}</h2>", prev.id);
            if changes.is_empty() {
                b.push_str(r#"<p class="muted">No file changed.</p>"#);
            }
            for c in &changes {
                match c {
                    FileDiff::Added(p) => {
                        let _ = write!(b, "<h3><code>{}</code> added</h3>", esc(p));
                    }
                    FileDiff::Removed(p) => {
                        let _ = write!(b, "<h3><code>{}</code> removed</h3>", esc(p));
                    }
                    FileDiff::Changed(p, lines) => {
                        let _ = write!(b, "<h3><code>{}</code> changed</h3>", esc(p));
                        match lines {
                            Some(l) => render_lines(&mut b, l),
                            None => b.push_str(
                                r#"<p class="muted">Too large to show line by line.</p>"#,
                            ),
                        }
                    }
                }
            }
        }
    }
    let _ = write!(
        b,
        "<p>{} <a href=\"/console/policy\">← policy</a></p>",
        button_form(
            &who,
            "/console/policy/rollback",
            &format!("Roll back to revision {id}"),
            &[("revision", &id.to_string())],
            "secondary"
        )
    );
    Ok(legacy_page(&who, &format!("Revision {id}"), &b))
}
