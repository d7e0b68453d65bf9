//! The acceptable-use policy editor: the AUP Markdown text and its version (the `[aup]`
//! `version` in `policy.toml`; a new version asks every employee to acknowledge again), saved
//! as a new revision once the rules compile, and the acknowledgment coverage per version
//! against the number of distinct users known from enrolled devices.

use super::auth::{Post, Signed};
use super::error::{ConsoleError, Result};
use super::html::{csrf_field, error_box, esc, legacy_page};
use super::rules::{self, Saved};
use super::tools::{saved_notice, Flash};
use crate::db::users::Session;
use crate::state::Shared;
use airlock_policy::RuleFile;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use std::fmt::Write as _;

/// Sets `version` in the `[aup]` table of a `policy.toml` text with `toml_edit`, so every
/// comment, the order and the formatting of everything else stay as they were (the comment
/// after the old value too). Text that is not TOML, or has no `[aup]` `version`, is an error.
pub fn set_version(policy: &str, version: &str) -> std::result::Result<String, String> {
    let mut doc: toml_edit::DocumentMut = policy
        .parse()
        .map_err(|e: toml_edit::TomlError| format!("policy.toml is not valid TOML: {e}"))?;
    let slot = doc
        .get_mut("aup")
        .and_then(toml_edit::Item::as_table_like_mut)
        .and_then(|t| t.get_mut("version"))
        .and_then(toml_edit::Item::as_value_mut)
        .ok_or("policy.toml has no `version` in its [aup] table")?;
    let decor = slot.decor().clone();
    *slot = toml_edit::Value::from(version);
    *slot.decor_mut() = decor;
    Ok(doc.to_string())
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
            return Ok(legacy_page(who, "Acceptable-use policy", &body));
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
    let mut r = legacy_page(who, "Acceptable-use policy", &b);
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

    #[test]
    fn comments_and_layout_elsewhere_survive() {
        let p = "# head\n\n[matrix] # the matrix\n# inside\nversion = 3\n\n# before aup\n[aup]\n# before the version\nfile = 'aup.md'   # literal\nversion = '1'\nreack_after_days = 365 # yearly\n\n# tail\n";
        let out = set_version(p, "2").unwrap();
        assert_eq!(out, p.replace("version = '1'", "version = \"2\""));
        // An inline [aup] table is edited in place too.
        let inline = "aup = { file = \"aup.md\", version = \"1\" } # inline\n";
        let out = set_version(inline, "2").unwrap();
        assert_eq!(
            out,
            "aup = { file = \"aup.md\", version = \"2\" } # inline\n"
        );
    }

    #[test]
    fn text_that_is_not_toml_is_a_clear_error() {
        let e = set_version("[aup\nversion = \"1\"\n", "2").unwrap_err();
        assert!(e.starts_with("policy.toml is not valid TOML"), "{e}");
        let e = set_version("[aup]\nversion = 1\n[aup]\n", "2").unwrap_err();
        assert!(e.contains("not valid TOML"), "{e}");
    }
}
