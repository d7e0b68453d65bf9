//! The AI tool register editor: the tools of the latest revision with their tiers (changed in
//! place), one tool's page with its matchers (domains, URLs, processes added or removed), a
//! form to add a tool, and the **discovered tools**: AI tools agents saw in use that the
//! register does not know, each classified into the register with a tier in one form. Every
//! edit regenerates one tool file, compiles the whole rules directory, and saves a new
//! revision only when it compiles (the problems are shown as `file:line: message`).

use super::auth::{Fields, Post, Signed};
use super::error::{ConsoleError, Result};
use super::html::{ago, button_form, csrf_field, error_box, esc, legacy_page, pct};
use super::register::{self, EditError, Entry};
use super::rules::{self, Saved};
use crate::db::now;
use crate::state::Shared;
use airlock_policy::KINDS;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use std::fmt::Write as _;

/// Flash parameters after a redirect.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Flash {
    /// A revision just saved.
    pub saved: Option<i64>,
}

fn tier_select(name: &str, current: i64) -> String {
    let mut s = format!(r#"<select name="{name}">"#);
    for (n, label) in [
        (1, "1 Approved Enterprise"),
        (2, "2 Approved General"),
        (3, "3 Under Evaluation"),
        (4, "4 Unapproved"),
    ] {
        let sel = if n == current { " selected" } else { "" };
        let _ = write!(s, r#"<option value="{n}"{sel}>{label}</option>"#);
    }
    s.push_str("</select>");
    s
}

fn kind_select(current: &str) -> String {
    let mut s = String::from(r#"<select name="kind">"#);
    for k in KINDS {
        let sel = if *k == current { " selected" } else { "" };
        let _ = write!(s, r#"<option value="{k}"{sel}>{k}</option>"#);
    }
    s.push_str("</select>");
    s
}

fn edit_error(e: EditError) -> ConsoleError {
    match e {
        EditError::Unknown(_) => ConsoleError::NotFound(e.to_string()),
        other => ConsoleError::BadRequest(other.to_string()),
    }
}

/// The saved-revision notice with a publish button.
pub fn saved_notice(who: &crate::db::users::Session, id: i64) -> String {
    format!(
        r#"<div class="box ok">Saved revision {id}. Agents get it once it is published. {}</div>"#,
        button_form(who, "/console/policy/publish", "Publish now", &[], "")
    )
}

async fn render(
    s: &Shared,
    who: &crate::db::users::Session,
    top: String,
    status: StatusCode,
) -> Result<Response> {
    let rev = rules::latest(s).await?;
    let tools = register::list(&rev.files);
    let discovered = s.db.discovered_tools(100).await?;
    let t = now() as i64;
    let mut b = top;
    let _ = write!(
        b,
        r#"<p class="muted">Revision {} by {} — {}. {} tools. Unregistered AI tools are tier 4.</p>"#,
        rev.id,
        esc(&rev.author),
        esc(&rev.message),
        tools.len()
    );
    b.push_str("<h2>Discovered tools (seen on the fleet, not in the register)</h2>");
    if discovered.is_empty() {
        b.push_str(r#"<p class="muted">None: every AI tool seen is in the register.</p>"#);
    } else {
        b.push_str("<table><tr><th>Seen as</th><th>Users</th><th>Visits</th><th>Last seen</th><th>Classify into the register</th></tr>");
        for d in &discovered {
            let base = d
                .domain
                .as_deref()
                .or(d.app.as_deref())
                .unwrap_or(&d.tool_name);
            let (matcher_kind, matcher) = match (&d.domain, &d.app) {
                (Some(dom), _) => ("domains", dom.as_str()),
                (None, Some(app)) => ("processes", app.as_str()),
                (None, None) => ("domains", d.tool_key.as_str()),
            };
            let _ = write!(
                b,
                r#"<tr><td><strong>{}</strong><br><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td><form method="post" action="/console/tools/add">{}<input type="hidden" name="tool_key" value="{}"><input type="hidden" name="{matcher_kind}" value="{}"> id <input type="text" name="id" value="{}" size="12"> name <input type="text" name="name" value="{}" size="14"> vendor <input type="text" name="vendor" value="" size="10" required> {} {} <button type="submit">Add to register</button></form></td></tr>"#,
                esc(&d.tool_name),
                esc(base),
                d.users,
                d.visits,
                esc(&ago(t, d.last_seen)),
                csrf_field(who),
                esc(&d.tool_key),
                esc(matcher),
                esc(&register::slug(base)),
                esc(&d.tool_name),
                kind_select("chat"),
                tier_select("tier", 4),
            );
        }
        b.push_str("</table>");
    }
    b.push_str("<h2>Register</h2><table><tr><th>Tool</th><th>Vendor</th><th>Kind</th><th>Tier</th><th>Matchers</th><th>File</th></tr>");
    for l in &tools {
        let e = &l.entry;
        let matchers: Vec<&str> = e
            .domains
            .iter()
            .chain(e.urls.iter())
            .map(String::as_str)
            .take(4)
            .collect();
        let more =
            e.domains.len() + e.urls.len() + e.processes.len() + e.exes.len() + e.bundle_ids.len();
        let _ = write!(
            b,
            r#"<tr id="tool-{id}"><td><a href="/console/tools/{id}"><strong>{}</strong></a><br><code>{}</code></td><td>{}</td><td>{}</td><td><form method="post" action="/console/tools/tier" class="inline" data-tool="{id}">{}<input type="hidden" name="id" value="{id}"><span class="tag t{}">{}</span> {} <button type="submit" class="secondary">Set tier</button></form></td><td>{}{}</td><td><code>{}</code></td></tr>"#,
            esc(&e.name),
            esc(&e.id),
            esc(&e.vendor),
            esc(&e.kind),
            csrf_field(who),
            e.tier.clamp(1, 4),
            e.tier,
            tier_select("tier", e.tier),
            esc(&matchers.join(", ")),
            if more > matchers.len() {
                format!(" (+{})", more - matchers.len())
            } else {
                String::new()
            },
            esc(&l.file),
            id = esc(&e.id),
        );
    }
    b.push_str("</table>");
    let _ = write!(
        b,
        r#"<h2>Add a tool</h2><form method="post" action="/console/tools/add">{}<table>
<tr><th>Id</th><td><input type="text" name="id" required> <span class="muted">lowercase letters, digits, _ and -</span></td></tr>
<tr><th>Name</th><td><input type="text" name="name" required></td></tr>
<tr><th>Vendor</th><td><input type="text" name="vendor" required></td></tr>
<tr><th>Kind</th><td>{}</td></tr><tr><th>Tier</th><td>{}</td></tr>
<tr><th>Domains</th><td><textarea name="domains" rows="3" class="short" placeholder="one host per line"></textarea></td></tr>
<tr><th>Processes</th><td><textarea name="processes" rows="2" class="short" placeholder="one process name per line"></textarea></td></tr>
<tr><th>Notes</th><td><input type="text" name="notes" size="60"></td></tr></table><button type="submit">Add tool</button></form>"#,
        csrf_field(who),
        kind_select("chat"),
        tier_select("tier", 4)
    );
    let mut r = legacy_page(who, "AI tool register", &b);
    *r.status_mut() = status;
    Ok(r)
}

/// Saves changed tool files; on failure renders the register with the problems.
async fn save_or_show(
    s: &Shared,
    who: &crate::db::users::Session,
    changed: Vec<airlock_policy::RuleFile>,
    message: &str,
    back: &str,
) -> Result<Response> {
    let rev = rules::latest(s).await?;
    let files = rules::replace(&rev.files, &changed);
    match rules::save(s, &who.admin, files, message).await? {
        Saved::Revision(id) => Ok(Redirect::to(&format!("{back}?saved={id}")).into_response()),
        Saved::Invalid(problems) => {
            let top = error_box("Nothing was saved: the rules do not compile", &problems);
            render(s, who, top, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// `GET /console/tools`.
pub async fn list(
    State(s): State<Shared>,
    Signed(who): Signed,
    Query(f): Query<Flash>,
) -> Result<Response> {
    let top = f.saved.map(|id| saved_notice(&who, id)).unwrap_or_default();
    render(&s, &who, top, StatusCode::OK).await
}

fn parse_tier(form: &Fields) -> Result<i64> {
    form.need("tier")?
        .parse::<i64>()
        .ok()
        .filter(|t| (1..=4).contains(t))
        .ok_or_else(|| ConsoleError::BadRequest("the tier must be 1, 2, 3 or 4".into()))
}

/// The tool file with a registered tool's tier changed, and the tier it had.
pub async fn change_tier(
    s: &Shared,
    id: &str,
    tier: i64,
) -> Result<(airlock_policy::RuleFile, i64)> {
    let rev = rules::latest(s).await?;
    let mut old = 0;
    let file = register::edit(&rev.files, id, |e| {
        old = e.tier;
        e.tier = tier;
        Ok(())
    })
    .map_err(edit_error)?;
    Ok((file, old))
}

/// `POST /console/tools/tier`.
pub async fn set_tier(State(s): State<Shared>, p: Post) -> Result<Response> {
    let id = p.form.need("id")?.to_string();
    let tier = parse_tier(&p.form)?;
    let (file, old) = change_tier(&s, &id, tier).await?;
    if old == tier {
        return Ok(Redirect::to("/console/tools").into_response());
    }
    s.db.audit(
        &p.who.admin,
        "set_tier",
        &format!("{id}: tier {old} -> {tier}"),
    )
    .await?;
    save_or_show(
        &s,
        &p.who,
        vec![file],
        &format!("{id}: tier {old} -> {tier}"),
        "/console/tools",
    )
    .await
}

fn lines(v: &str) -> Vec<String> {
    v.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// `POST /console/tools/add` (also classifies a discovered tool when `tool_key` is given).
pub async fn add(State(s): State<Shared>, p: Post) -> Result<Response> {
    let f = &p.form;
    let entry = Entry {
        id: f.need("id")?.to_string(),
        name: f.need("name")?.to_string(),
        vendor: f.need("vendor")?.to_string(),
        kind: f.need("kind")?.to_string(),
        tier: parse_tier(f)?,
        example: false,
        domains: lines(f.get("domains")),
        urls: lines(f.get("urls")),
        processes: lines(f.get("processes")),
        wm_classes: Vec::new(),
        bundle_ids: Vec::new(),
        exes: Vec::new(),
        titles: Vec::new(),
        notes: f.opt("notes").map(str::to_string),
        deletion: None,
    };
    let rev = rules::latest(&s).await?;
    let id = entry.id.clone();
    let tier = entry.tier;
    let file = match register::add(&rev.files, entry) {
        Ok(f) => f,
        Err(e) => {
            let top = error_box("Nothing was saved", &[e.to_string()]);
            return render(&s, &p.who, top, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let r = save_or_show(
        &s,
        &p.who,
        vec![file],
        &format!("added {id} (tier {tier})"),
        "/console/tools",
    )
    .await?;
    if r.status().is_redirection() {
        s.db.audit(&p.who.admin, "add_tool", &format!("{id} (tier {tier})"))
            .await?;
        if let Some(key) = f.opt("tool_key") {
            s.db.classify_sightings(key, &id).await?;
        }
    }
    Ok(r)
}

/// `GET /console/tools/{id}`.
pub async fn detail(
    State(s): State<Shared>,
    Signed(who): Signed,
    Path(id): Path<String>,
    Query(f): Query<Flash>,
) -> Result<Response> {
    let rev = rules::latest(&s).await?;
    let l = register::list(&rev.files)
        .into_iter()
        .find(|l| l.entry.id == id)
        .ok_or_else(|| {
            ConsoleError::NotFound(format!("there is no tool `{id}` in the register"))
        })?;
    let e = &l.entry;
    let mut b = f.saved.map(|id| saved_notice(&who, id)).unwrap_or_default();
    let _ = write!(
        b,
        r#"<table><tr><th>Id</th><td><code>{}</code></td></tr><tr><th>Vendor</th><td>{}</td></tr><tr><th>Kind</th><td>{}</td></tr><tr><th>Tier</th><td>{}</td></tr><tr><th>File</th><td><code>{}</code></td></tr><tr><th>Notes</th><td>{}</td></tr></table>"#,
        esc(&e.id),
        esc(&e.vendor),
        esc(&e.kind),
        e.tier,
        esc(&l.file),
        esc(e.notes.as_deref().unwrap_or(""))
    );
    b.push_str("<h2>Matchers</h2><table><tr><th>Type</th><th>Value</th><th></th></tr>");
    let groups: [(&str, &Vec<String>); 7] = [
        ("domains", &e.domains),
        ("urls", &e.urls),
        ("processes", &e.processes),
        ("wm_classes", &e.wm_classes),
        ("bundle_ids", &e.bundle_ids),
        ("exes", &e.exes),
        ("titles", &e.titles),
    ];
    let action = format!("/console/tools/{}/matchers", pct(&e.id));
    for (kind, values) in groups {
        for v in values {
            let _ = write!(
                b,
                "<tr><td>{kind}</td><td><code>{}</code></td><td>{}</td></tr>",
                esc(v),
                button_form(
                    &who,
                    &action,
                    "Remove",
                    &[("op", "remove"), ("kind", kind), ("value", v)],
                    "danger"
                )
            );
        }
    }
    let _ = write!(
        b,
        r#"</table><form method="post" action="{}">{}<input type="hidden" name="op" value="add"><select name="kind"><option>domains</option><option>urls</option><option>processes</option><option>exes</option><option>bundle_ids</option><option>wm_classes</option></select> <input type="text" name="value" size="40" required> <button type="submit">Add matcher</button></form><p><a href="/console/tools">← register</a></p>"#,
        esc(&action),
        csrf_field(&who)
    );
    Ok(legacy_page(&who, &e.name, &b))
}

/// `POST /console/tools/{id}/matchers`: `op` add/remove, `kind`, `value`.
pub async fn matchers(
    State(s): State<Shared>,
    Path(id): Path<String>,
    p: Post,
) -> Result<Response> {
    let op = p.form.need("op")?.to_string();
    let kind = p.form.need("kind")?.to_string();
    let value = p.form.need("value")?.to_string();
    let rev = rules::latest(&s).await?;
    let file = register::edit(&rev.files, &id, |e| {
        let list = match kind.as_str() {
            "domains" => &mut e.domains,
            "urls" => &mut e.urls,
            "processes" => &mut e.processes,
            "wm_classes" => &mut e.wm_classes,
            "bundle_ids" => &mut e.bundle_ids,
            "exes" => &mut e.exes,
            "titles" => &mut e.titles,
            other => {
                return Err(EditError::Invalid(format!(
                    "unknown matcher type `{other}`"
                )))
            }
        };
        match op.as_str() {
            "add" if list.contains(&value) => {
                Err(EditError::Invalid(format!("`{value}` is already listed")))
            }
            "add" => {
                list.push(value.clone());
                Ok(())
            }
            "remove" => {
                let before = list.len();
                list.retain(|v| v != &value);
                if list.len() == before {
                    Err(EditError::Invalid(format!("`{value}` is not listed")))
                } else {
                    Ok(())
                }
            }
            other => Err(EditError::Invalid(format!("unknown operation `{other}`"))),
        }
    })
    .map_err(edit_error)?;
    let message = format!("{id}: {op} {kind} {value}");
    let changed = rules::replace(&rev.files, &[file]);
    match rules::save(&s, &p.who.admin, changed, &message).await? {
        Saved::Revision(rid) => {
            s.db.audit(&p.who.admin, "edit_matchers", &message).await?;
            Ok(Redirect::to(&format!("/console/tools/{}?saved={rid}", pct(&id))).into_response())
        }
        Saved::Invalid(problems) => {
            let top = error_box("Nothing was saved: the rules do not compile", &problems);
            let mut r = legacy_page(
                &p.who,
                "AI tool register",
                &format!(
                    "{top}<p><a href=\"/console/tools/{}\">← back to the tool</a></p>",
                    pct(&id)
                ),
            );
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
    }
}
