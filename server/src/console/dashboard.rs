//! The overview dashboard: incidents per day over the last 30 days (an inline SVG bar chart),
//! blocked against allowed decisions, top detectors and tools, overrides with the users'
//! justifications, fleet health with the open alerts (each with a close button), and each
//! detector's noise score (false-positive reports per decision).

use super::auth::{Post, Signed};
use super::error::Result;
use super::html::{ago, button_form, esc, legacy_page, pct, time};
use crate::db::now;
use crate::db::stats::DAY;
use crate::state::Shared;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use std::fmt::Write as _;

/// The bar chart of incidents per day: `counts` are `(day number, n)`, `days` the span ending
/// with `today`.
pub fn chart(counts: &[(i64, i64)], today: i64, days: i64) -> String {
    let (w, h, pad_b, pad_t) = (900i64, 180i64, 22i64, 14i64);
    let bar_w = w / days;
    let max = counts.iter().map(|c| c.1).max().unwrap_or(0).max(1);
    let mut s = format!(
        r##"<svg viewBox="0 0 {w} {h}" width="100%" height="{h}" role="img" aria-label="Incidents per day, last {days} days"><rect x="0" y="0" width="{w}" height="{h}" fill="#ffffff"/>"##
    );
    let first = today - days + 1;
    for i in 0..days {
        let day = first + i;
        let n = counts.iter().find(|c| c.0 == day).map_or(0, |c| c.1);
        let bh = n * (h - pad_b - pad_t) / max;
        let x = i * bar_w + 2;
        let y = h - pad_b - bh;
        let label = time(day * DAY);
        let date = label.get(..10).unwrap_or("");
        let _ = write!(
            s,
            r##"<rect x="{x}" y="{y}" width="{}" height="{bh}" fill="#2563eb"><title>{date}: {n}</title></rect>"##,
            bar_w - 4
        );
        if n > 0 {
            let _ = write!(
                s,
                r#"<text x="{}" y="{}" text-anchor="middle">{n}</text>"#,
                x + bar_w / 2 - 2,
                y - 2
            );
        }
        if i % 5 == 0 || i == days - 1 {
            let _ = write!(
                s,
                r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
                x + bar_w / 2 - 2,
                h - 6,
                esc(date.get(5..).unwrap_or(""))
            );
        }
    }
    let _ = write!(
        s,
        r##"<line x1="0" y1="{0}" x2="{w}" y2="{0}" stroke="#94a3b8"/></svg>"##,
        h - pad_b
    );
    s
}

fn pairs_table(head: (&str, &str), rows: &[(String, i64)], link: Option<&str>) -> String {
    if rows.is_empty() {
        return r#"<p class="muted">Nothing yet.</p>"#.into();
    }
    let mut s = format!("<table><tr><th>{}</th><th>{}</th></tr>", head.0, head.1);
    for (k, n) in rows {
        let name = if k.is_empty() { "(unknown)" } else { k };
        let cell = match link {
            Some(param) if !k.is_empty() => format!(
                r#"<a href="/console/incidents?{param}={}">{}</a>"#,
                pct(k),
                esc(name)
            ),
            _ => esc(name),
        };
        let _ = write!(s, "<tr><td>{cell}</td><td>{n}</td></tr>");
    }
    s.push_str("</table>");
    s
}

/// `GET /console/`.
pub async fn overview(State(s): State<Shared>, Signed(who): Signed) -> Result<Response> {
    let t = now() as i64;
    let since = t - 30 * DAY;
    let per_day = s.db.incidents_per_day(since - DAY).await?;
    let outcomes = s.db.outcomes(since).await?;
    let tools = s.db.top_tools(since, 10).await?;
    let detectors = s.db.top_detectors(since, 10).await?;
    let overrides = s.db.overrides(15).await?;
    let fleet =
        s.db.fleet(t - 2 * s.config.checkin_interval_s as i64)
            .await?;
    let alerts = s.db.alerts(50).await?;
    let noise = s.db.noise(since).await?;
    let pending = s.db.pending_requests().await?;
    let latest = s.latest.borrow().0;

    let count = |names: &[&str]| -> i64 {
        outcomes
            .iter()
            .filter(|(o, _)| names.contains(&o.as_str()))
            .map(|(_, n)| n)
            .sum()
    };
    let blocked = count(&["blocked"]);
    let allowed = count(&["allowed", "continued", "justified", "redacted"]);
    let cancelled = count(&["cancelled"]);
    let state_n = |name: &str| {
        fleet
            .states
            .iter()
            .find(|(st, _)| st == name)
            .map_or(0, |(_, n)| *n)
    };
    let stale = state_n("stale");
    let failed = state_n("verify_failed") + state_n("apply_failed");

    let mut b = String::new();
    let card = |n: String, l: &str, cls: &str| {
        format!(r#"<div class="card"><div class="n {cls}">{n}</div><div class="l">{l}</div></div>"#)
    };
    b.push_str(r#"<div class="cards">"#);
    b.push_str(&card(blocked.to_string(), "blocked (30 days)", ""));
    b.push_str(&card(
        allowed.to_string(),
        "allowed or continued (30 days)",
        "",
    ));
    b.push_str(&card(cancelled.to_string(), "cancelled by the user", ""));
    b.push_str(&card(
        format!("{} / {}", fleet.online, fleet.devices),
        "devices online",
        "on",
    ));
    b.push_str(&card(
        (fleet.devices - fleet.online).to_string(),
        "devices offline",
        if fleet.devices > fleet.online {
            "off"
        } else {
            ""
        },
    ));
    b.push_str(&card(
        stale.to_string(),
        "stale policy",
        if stale > 0 { "off" } else { "" },
    ));
    b.push_str(&card(
        failed.to_string(),
        "policy verify/apply failed",
        if failed > 0 { "off" } else { "" },
    ));
    b.push_str(&card(
        alerts.len().to_string(),
        "open alerts",
        if alerts.is_empty() { "" } else { "off" },
    ));
    b.push_str(&card(
        format!(r#"<a href="/console/requests">{pending}</a>"#),
        "access requests pending",
        "",
    ));
    b.push_str(&card(latest.to_string(), "bundle version", ""));
    b.push_str("</div>");

    b.push_str("<h2>Incidents per day (last 30 days)</h2>");
    b.push_str(&chart(&per_day, t / DAY, 30));

    b.push_str(r#"<div class="grid"><div><h2>Top detectors</h2>"#);
    b.push_str(&pairs_table(
        ("Detector", "Decisions"),
        &detectors,
        Some("detector"),
    ));
    b.push_str("</div><div><h2>Top tools</h2>");
    b.push_str(&pairs_table(("Tool", "Decisions"), &tools, Some("tool")));
    b.push_str("</div></div>");

    b.push_str("<h2>Overrides and justifications</h2>");
    if overrides.is_empty() {
        b.push_str(r#"<p class="muted">No user continued past a warning yet.</p>"#);
    } else {
        b.push_str("<table><tr><th>When</th><th>User</th><th>Tool</th><th>Action</th><th>Outcome</th><th>Class</th><th>Justification</th></tr>");
        for o in &overrides {
            let _ = write!(
                b,
                r#"<tr><td><a href="/console/incidents/{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                pct(&o.id),
                esc(&time(o.received_at)),
                esc(o.user_name.as_deref().unwrap_or("")),
                esc(o.tool_name.as_deref().unwrap_or("")),
                esc(o.action.as_deref().unwrap_or("")),
                esc(o.outcome.as_deref().unwrap_or("")),
                esc(o.data_class.as_deref().unwrap_or("")),
                esc(o.justification.as_deref().unwrap_or("—")),
            );
        }
        b.push_str("</table>");
    }

    b.push_str("<h2>Open alerts</h2>");
    if alerts.is_empty() {
        b.push_str(r#"<p class="muted">No open alerts.</p>"#);
    } else {
        b.push_str("<table><tr><th>Raised</th><th>Kind</th><th>Device</th><th>What happened</th><th></th></tr>");
        for a in &alerts {
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                esc(&ago(t, a.created_at)),
                esc(&a.kind),
                esc(a.device_id.as_deref().unwrap_or("")),
                esc(&a.detail),
                button_form(
                    &who,
                    &format!("/console/alerts/{}/close", pct(&a.id)),
                    "Close",
                    &[],
                    "secondary"
                ),
            );
        }
        b.push_str("</table>");
    }

    b.push_str("<h2>Detector noise (30 days)</h2><p class=\"muted\">False-positive reports naming a detector, per decision it took part in. A high score suggests tuning the detector or trying it in audit mode.</p>");
    if noise.is_empty() {
        b.push_str(r#"<p class="muted">No detector findings yet.</p>"#);
    } else {
        b.push_str("<table><tr><th>Detector</th><th>Decisions</th><th>False-positive reports</th><th>Noise score</th></tr>");
        for n in noise.iter().take(25) {
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{:.2}</td></tr>",
                esc(&n.detector),
                n.decisions,
                n.false_positives,
                n.score()
            );
        }
        b.push_str("</table>");
    }
    Ok(legacy_page(&who, "Overview", &b))
}

/// `POST /console/alerts/{id}/close`.
pub async fn close_alert(
    State(s): State<Shared>,
    Path(id): Path<String>,
    p: Post,
) -> Result<Response> {
    let closed = s.db.close_alert(&id).await?;
    if closed {
        s.db.audit(&p.who.admin, "close_alert", &id).await?;
    }
    Ok(Redirect::to("/console/").into_response())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_chart_has_one_bar_per_day() {
        let svg = super::chart(&[(100, 3), (95, 1)], 100, 30);
        assert_eq!(svg.matches("<rect").count(), 31);
        assert!(svg.contains(">3</text>"));
    }
}
