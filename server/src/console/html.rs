//! Page layout and HTML helpers: the page frame and navigation bar, forms, error and notice
//! boxes (built with `maud`, whose `html!` escapes every value it prints), query encoding, time
//! formatting, and the static style sheet and script (served from `/console/static/`, so the
//! Content-Security-Policy needs no inline code). [`esc`] is left for the pages not yet moved
//! to `maud`.

use crate::db::users::{Role, Session};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup, PreEscaped, DOCTYPE};

/// HTML-escapes text for element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    html_escape::encode_safe(s).into_owned()
}

/// Percent-encodes a query-string value.
pub fn pct(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A Unix time as `YYYY-MM-DD HH:MM UTC` (a dash for 0).
pub fn time(t: i64) -> String {
    if t <= 0 {
        return "—".into();
    }
    let s = airlock_policy::time::rfc3339(t as u64);
    // rfc3339: YYYY-MM-DDTHH:MM:SSZ
    match (s.get(..10), s.get(11..16)) {
        (Some(d), Some(hm)) => format!("{d} {hm} UTC"),
        _ => s,
    }
}

/// A duration in seconds as `2 d 3 h`, `5 h 12 min` or `40 s`.
pub fn duration(secs: i64) -> String {
    let s = secs.abs();
    if s >= 86_400 {
        format!("{} d {} h", s / 86_400, (s % 86_400) / 3600)
    } else if s >= 3600 {
        format!("{} h {} min", s / 3600, (s % 3600) / 60)
    } else if s >= 60 {
        format!("{} min", s / 60)
    } else {
        format!("{s} s")
    }
}

/// How long ago `t` was, from `now`.
pub fn ago(now: i64, t: i64) -> String {
    if t <= 0 {
        "never".into()
    } else if t > now {
        "just now".into()
    } else {
        format!("{} ago", duration(now - t))
    }
}

/// The hidden CSRF field every POST form carries.
pub fn csrf(who: &Session) -> Markup {
    html! { input type="hidden" name="csrf" value=(who.csrf); }
}

/// A POST form made of one button (and hidden fields), for row actions.
pub fn button(
    who: &Session,
    action: &str,
    label: &str,
    hidden: &[(&str, &str)],
    class: &str,
) -> Markup {
    html! {
        form method="post" action=(action) class="inline" {
            (csrf(who))
            @for (k, v) in hidden { input type="hidden" name=(k) value=(v); }
            button type="submit" class=(class) { (label) }
        }
    }
}

/// A box of error lines.
pub fn errors(title: &str, errors: &[String]) -> Markup {
    html! {
        div class="box error" {
            strong { (title) }
            ul { @for e in errors { li { code { (e) } } } }
        }
    }
}

/// A notice box.
pub fn ok_box(text: &str) -> Markup {
    html! { div class="box ok" { (text) } }
}

/// [`csrf`] as text, for pages still built with `format!`.
pub fn csrf_field(who: &Session) -> String {
    csrf(who).into_string()
}

/// [`button`] as text, for pages still built with `format!`.
pub fn button_form(
    who: &Session,
    action: &str,
    label: &str,
    hidden: &[(&str, &str)],
    class: &str,
) -> String {
    button(who, action, label, hidden, class).into_string()
}

/// [`errors`] as text, for pages still built with `format!`.
pub fn error_box(title: &str, lines: &[String]) -> String {
    errors(title, lines).into_string()
}

/// [`ok_box`] as text, for pages still built with `format!`.
pub fn notice(text: &str) -> String {
    ok_box(text).into_string()
}

const NAV: &[(&str, &str)] = &[
    ("/console/", "Overview"),
    ("/console/incidents", "Incidents"),
    ("/console/tools", "AI tools"),
    ("/console/policy", "Policy"),
    ("/console/aup", "AUP"),
    ("/console/endpoints", "Endpoints"),
    ("/console/requests", "Requests"),
    ("/console/secrets", "Enrollment"),
];

/// A full page for a signed-in account.
pub fn page(who: &Session, title: &str, body: Markup) -> Response {
    bare(
        StatusCode::OK,
        title,
        html! {
            header {
                span class="brand" { "Airlock" }
                nav { @for (href, label) in NAV { a href=(href) { (label) } } }
                div class="account" {
                    span class="who" {
                        (who.admin) " (" (who.role.as_str()) ") "
                        @if who.role == Role::Auditor { span class="tag" { "read-only" } }
                    }
                    form method="post" action="/console/logout" class="inline" {
                        (csrf(who))
                        button type="submit" class="link" { "Sign out" }
                    }
                }
            }
            main { h1 { (title) } (body) }
        },
    )
}

/// [`page`] for a body still built with `format!` and [`esc`].
pub fn legacy_page(who: &Session, title: &str, body: &str) -> Response {
    // Trusted: the caller escaped every value it printed with `esc`.
    page(who, title, PreEscaped(body.to_string()))
}

/// A page without navigation (sign-in, errors).
pub fn bare(status: StatusCode, title: &str, body: Markup) -> Response {
    let html = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Airlock console" }
                link rel="icon" href="data:,";
                link rel="stylesheet" href="/console/static/console.css";
                script src="/console/static/console.js" defer {}
            }
            body { (body) }
        }
    };
    (status, Html(html.into_string())).into_response()
}

/// `GET /console/static/console.css`.
pub async fn css() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS).into_response()
}

/// `GET /console/static/console.js`.
pub async fn js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        JS,
    )
        .into_response()
}

const CSS: &str = r#"
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c2430;background:#f4f6f9}
header{display:flex;align-items:center;gap:18px;background:#1f2d3d;color:#fff;padding:8px 20px;flex-wrap:wrap}
header .brand{font-weight:700;font-size:16px;letter-spacing:.5px}
header nav a{color:#cfe0f5;text-decoration:none;margin-right:14px}
header nav a:hover{color:#fff;text-decoration:underline}
header .account{margin-left:auto;display:flex;gap:10px;align-items:center}
main{padding:16px 24px;max-width:1400px}
h1{font-size:22px;margin:6px 0 14px}
h2{font-size:17px;margin:22px 0 8px}
table{border-collapse:collapse;background:#fff;width:100%;margin-bottom:12px}
th,td{border-bottom:1px solid #e3e7ee;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eef2f7;font-weight:600}
tr:hover td{background:#fafcff}
code,pre,textarea{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
pre{background:#fff;border:1px solid #dde3ea;padding:8px;overflow:auto}
textarea{width:100%;min-height:300px}
input[type=text],input[type=password],input[type=date],select,textarea{border:1px solid #b9c3cf;border-radius:4px;padding:4px 6px;background:#fff}
button{background:#2563eb;color:#fff;border:0;border-radius:4px;padding:5px 12px;cursor:pointer}
button.danger{background:#b91c1c}button.secondary{background:#64748b}
button.link{background:none;color:#cfe0f5;padding:0;text-decoration:underline}
form.inline{display:inline}
td form.inline{white-space:nowrap}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:8px}
.card{background:#fff;border:1px solid #dde3ea;border-radius:6px;padding:10px 14px;min-width:150px}
.card .n{font-size:24px;font-weight:700}.card .l{color:#5b6776}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px}
.box{border-radius:6px;padding:8px 12px;margin:8px 0}
.box.error{background:#fdecec;border:1px solid #f3b4b4}
.box.ok{background:#e9f7ee;border:1px solid #a8dcb9}
.box.warn{background:#fff6e0;border:1px solid #f0d08a}
.tag{display:inline-block;padding:0 6px;border-radius:8px;background:#e2e8f0;color:#1c2430;font-size:12px}
.t1{background:#d1fae5}.t2{background:#dbeafe}.t3{background:#fef3c7}.t4{background:#fee2e2}
.on{color:#15803d;font-weight:600}.off{color:#b91c1c;font-weight:600}
.muted{color:#6b7685}
.clock{font-size:20px;font-weight:700}.overdue{color:#b91c1c}
.diff{background:#fff;border:1px solid #dde3ea;padding:6px;white-space:pre-wrap}
.diff .add{background:#e6ffec;display:block}.diff .del{background:#ffebe9;display:block}.diff .ctx{color:#57606a;display:block}
.filters{display:flex;gap:8px;flex-wrap:wrap;align-items:end;margin-bottom:10px}
.filters label{display:flex;flex-direction:column;font-size:12px;color:#5b6776}
.login{max-width:360px;margin:80px auto;background:#fff;border:1px solid #dde3ea;border-radius:8px;padding:24px}
.login label{display:block;margin:10px 0}.login input{width:100%}
svg text{font-size:10px;fill:#5b6776}
"#;

const JS: &str = r#"
// Keeps the breach-notification clocks of self-report pages current.
(function () {
  function tick() {
    var now = Math.floor(Date.now() / 1000);
    document.querySelectorAll('[data-deadline]').forEach(function (el) {
      var left = parseInt(el.getAttribute('data-deadline'), 10) - now;
      var s = Math.abs(left), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
      el.textContent = (left >= 0 ? h + ' h ' + m + ' min left' : 'overdue by ' + h + ' h ' + m + ' min');
      el.classList.toggle('overdue', left < 0);
    });
  }
  document.addEventListener('DOMContentLoaded', function () { tick(); setInterval(tick, 30000); });
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_encoding() {
        assert_eq!(
            esc("<script>\"x\"&'"),
            "&lt;script&gt;&quot;x&quot;&amp;&#x27;"
        );
        assert_eq!(pct("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
        assert_eq!(duration(3 * 3600 + 120), "3 h 2 min");
        assert_eq!(time(0), "—");
        assert_eq!(time(86_400), "1970-01-02 00:00 UTC");
    }

    #[test]
    fn helpers_escape_what_they_print() {
        let who = Session {
            admin: "<b>me</b>".into(),
            role: Role::Auditor,
            csrf: "t\"ok".into(),
        };
        let f = button(&who, "/x?a=1&b=2", "<Go>", &[("k\"", "v<")], "danger");
        assert_eq!(
            f.into_string(),
            r#"<form method="post" action="/x?a=1&amp;b=2" class="inline"><input type="hidden" name="csrf" value="t&quot;ok"><input type="hidden" name="k&quot;" value="v&lt;"><button type="submit" class="danger">&lt;Go&gt;</button></form>"#
        );
        assert_eq!(
            errors("<t>", &["a&b".into()]).into_string(),
            r#"<div class="box error"><strong>&lt;t&gt;</strong><ul><li><code>a&amp;b</code></li></ul></div>"#
        );
    }
}
