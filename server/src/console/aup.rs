//! The acceptable-use policy editor: the AUP Markdown text and its version (the `[aup]`
//! `version` in `policy.toml`; a new version asks every employee to acknowledge again), saved
//! as a new revision once the rules compile, and the acknowledgment coverage per version
//! against the number of distinct users known from enrolled devices.

use super::auth::{Post, Signed};
use super::error::{ConsoleError, Result};
use super::html::{csrf_field, error_box, esc, page};
use super::rules::{self, Saved};
use super::tools::{saved_notice, Flash};
use crate::db::users::Session;
use crate::state::Shared;
use airlock_policy::RuleFile;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use std::fmt::Write as _;

/// Sets `version` in the `[aup]` table of a `policy.toml` text, leaving every other line
/// (comments included) as it was.
pub fn set_version(policy: &str, version: &str) -> std::result::Result<String, String> {
    let quoted = toml::Value::String(version.to_string()).to_string();
    let mut in_aup = false;
    let mut done = false;
    let mut out = String::with_capacity(policy.len() + quoted.len());
    for line in policy.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with('[') {
            in_aup = t.starts_with("[aup]");
        }
        let is_version = in_aup
            && !done
            && t.strip_prefix("version")
                .is_some_and(|rest| rest.trim_start().starts_with('='));
        if !is_version {
            out.push_str(line);
            continue;
        }
        let eq = line.find('=').ok_or("unreadable [aup] version line")?;
        let (head, rest) = line.split_at(eq + 1);
        let value = rest.trim_start();
        let lead = &rest[..rest.len() - value.len()];
        let end = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].find(q).map(|i| i + 2).unwrap_or(value.len()),
            _ => value.find('#').unwrap_or(value.trim_end().len()),
        };
        out.push_str(head);
        out.push_str(if lead.is_empty() { " " } else { lead });
        out.push_str(&quoted);
        out.push_str(&value[end..]);
        done = true;
    }
    if done {
        Ok(out)
    } else {
        Err("policy.toml has no `version` in its [aup] table".into())
    }
}

async fn render(
    s: &Shared,
    who: &Session,
    top: String,
    edit: Option<(&str, &str)>,
    status: StatusCode,
) -> Result<Response> {
    let rev = rules::latest(s).await?;
    let policy = match rules::compile(rev.files.clone()).await? {
        Ok(p) => p,
        Err(problems) => {
            let body = error_box("The latest revision does not compile", &problems);
            return Ok(page(who, "Acceptable-use policy", &body));
        }
    };
    let aup = policy.aup();
    let coverage = s.db.ack_coverage().await?;
    let users = s.db.known_users().await?;
    let mut b = top;
    let _ = write!(
        b,
        r#"<p>Current version <strong>{}</strong> (file <code>{}</code>); acknowledgments are renewed every {} days.</p>"#,
        esc(&aup.version),
        esc(&aup.file),
        aup.reack_after_days
    );
    b.push_str("<h2>Acknowledgments</h2>");
    let _ = write!(
        b,
        "<p>{users} distinct users are known from enrolled devices.</p>"
    );
    b.push_str("<table><tr><th>Version</th><th>Users who acknowledged</th><th>Coverage</th></tr>");
    if !coverage.iter().any(|(v, _)| *v == aup.version) {
        let _ = write!(
            b,
            "<tr><td>{} (current)</td><td>0</td><td>0%</td></tr>",
            esc(&aup.version)
        );
    }
    for (v, n) in &coverage {
        let pct = if users > 0 {
            (*n as f64) * 100.0 / users as f64
        } else {
            0.0
        };
        let cur = if *v == aup.version { " (current)" } else { "" };
        let _ = write!(
            b,
            "<tr><td>{}{cur}</td><td>{n}</td><td>{pct:.0}%</td></tr>",
            esc(v)
        );
    }
    b.push_str(r#"</table><p><a href="/console/export/acks.csv">Export acknowledgments (CSV)</a> · <a href="/console/export/acks.jsonl">JSON lines</a></p>"#);
    let (version, text) = edit.unwrap_or((&aup.version, &aup.text));
    let _ = write!(
        b,
        r#"<h2>Edit</h2><form method="post" action="/console/aup">{}<label>Version <input type="text" name="version" value="{}" required></label> <span class="muted">Change it to ask everyone to acknowledge again.</span><br><textarea name="text" rows="30" spellcheck="true">{}</textarea><br><button type="submit">Save revision</button></form>"#,
        csrf_field(who),
        esc(version),
        esc(text)
    );
    let mut r = page(who, "Acceptable-use policy", &b);
    *r.status_mut() = status;
    Ok(r)
}

/// `GET /console/aup`.
pub async fn show(
    State(s): State<Shared>,
    Signed(who): Signed,
    Query(f): Query<Flash>,
) -> Result<Response> {
    let top = f.saved.map(|id| saved_notice(&who, id)).unwrap_or_default();
    render(&s, &who, top, None, StatusCode::OK).await
}

/// `POST /console/aup`: `version`, `text`.
pub async fn save(State(s): State<Shared>, p: Post) -> Result<Response> {
    let version = p.form.need("version")?.to_string();
    let text = p.form.get("text").replace("\r\n", "\n");
    let rev = rules::latest(&s).await?;
    let current = rules::compile(rev.files.clone()).await?.map_err(|e| {
        ConsoleError::BadRequest(format!(
            "the latest revision does not compile: {}",
            e.join("; ")
        ))
    })?;
    let aup = current.aup().clone();
    if aup.version == version && aup.text == text {
        return Ok(Redirect::to("/console/aup").into_response());
    }
    let mut changed = vec![RuleFile::new(aup.file.clone(), text.clone())];
    if aup.version != version {
        let policy = rev
            .files
            .iter()
            .find(|f| f.path == "policy.toml")
            .ok_or_else(|| ConsoleError::Internal("the revision has no policy.toml".into()))?;
        match set_version(&policy.text, &version) {
            Ok(t) => changed.push(RuleFile::new("policy.toml", t)),
            Err(e) => {
                let top = error_box("Nothing was saved", &[e]);
                return render(
                    &s,
                    &p.who,
                    top,
                    Some((&version, &text)),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            }
        }
    }
    let message = format!("AUP version {version}");
    let files = rules::replace(&rev.files, &changed);
    match rules::save(&s, &p.who.admin, files, &message).await? {
        Saved::Revision(id) => {
            s.db.audit(
                &p.who.admin,
                "edit_aup",
                &format!("version {} -> {version}", aup.version),
            )
            .await?;
            let mut top = saved_notice(&p.who, id);
            if aup.version == version {
                top.push_str(r#"<div class="box warn">The text changed but the version did not: employees will not be asked to acknowledge again.</div>"#);
            }
            render(&s, &p.who, top, None, StatusCode::OK).await
        }
        Saved::Invalid(problems) => {
            let top = error_box("Nothing was saved: the rules do not compile", &problems);
            render(
                &s,
                &p.who,
                top,
                Some((&version, &text)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::set_version;

    #[test]
    fn the_version_line_is_replaced_and_comments_kept() {
        let p = "# head\n[aup]\nversion = \"2026-11-01\"        # a comment\nfile = \"aup.md\"\n\n[matrix]\nversion = 3\n";
        let out = set_version(p, "2027-01-01").unwrap();
        assert_eq!(
            out,
            "# head\n[aup]\nversion = \"2027-01-01\"        # a comment\nfile = \"aup.md\"\n\n[matrix]\nversion = 3\n"
        );
        let odd = set_version(p, "v\"2'").unwrap();
        let v: toml::Value = toml::from_str(&odd).unwrap();
        assert_eq!(v["aup"]["version"].as_str(), Some("v\"2'"));
        assert!(odd.contains("# a comment"));
        assert!(set_version("[matrix]\nversion = 1\n", "x").is_err());
    }
}
