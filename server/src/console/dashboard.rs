//! The overview dashboard: incidents per day over the last 30 days (an inline SVG bar chart),
//! blocked against allowed decisions, top detectors and tools, overrides with the users'
//! justifications, fleet health with the open alerts (each with a close button), and each
//! detector's noise score (false-positive reports per decision).

use super::auth::{Post, Signed};
use super::error::Result;
use super::html::{ago, button, page, pct, time};
use crate::db::now;
use crate::db::stats::DAY;
use crate::state::Shared;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};

/// The bar chart of incidents per day: `counts` are `(day number, n)`, `days` the span ending
/// with `today`.
pub fn chart(counts: &[(i64, i64)], today: i64, days: i64) -> Markup {
    let (w, h, pad_b, pad_t) = (900i64, 180i64, 22i64, 14i64);
    let bar_w = w / days;
    let max = counts.iter().map(|c| c.1).max().unwrap_or(0).max(1);
    let first = today - days + 1;
    html! {
        svg viewBox={"0 0 " (w) " " (h)} width="100%" height=(h) role="img"
            aria-label={"Incidents per day, last " (days) " days"} {
            rect x="0" y="0" width=(w) height=(h) fill="#ffffff" {}
            @for i in 0..days {
                @let day = first + i;
                @let n = counts.iter().find(|c| c.0 == day).map_or(0, |c| c.1);
                @let bh = n * (h - pad_b - pad_t) / max;
                @let x = i * bar_w + 2;
                @let y = h - pad_b - bh;
                @let label = time(day * DAY);
                @let date = label.get(..10).unwrap_or("");
                rect x=(x) y=(y) width=(bar_w - 4) height=(bh) fill="#2563eb" {
                    title { (date) ": " (n) }
                }
                @if n > 0 {
                    text x=(x + bar_w / 2 - 2) y=(y - 2) text-anchor="middle" { (n) }
                }
                @if i % 5 == 0 || i == days - 1 {
                    text x=(x + bar_w / 2 - 2) y=(h - 6) text-anchor="middle" {
                        (date.get(5..).unwrap_or(""))
                    }
                }
            }
            line x1="0" y1=(h - pad_b) x2=(w) y2=(h - pad_b) stroke="#94a3b8" {}
        }
    }
}

fn pairs_table(head: (&str, &str), rows: &[(String, i64)], link: Option<&str>) -> Markup {
    html! {
        @if rows.is_empty() {
            p class="muted" { "Nothing yet." }
        } @else {
            table {
                tr { th { (head.0) } th { (head.1) } }
                @for (k, n) in rows {
                    tr {
                        td {
                            @match link {
                                Some(param) if !k.is_empty() => {
                                    a href={"/console/incidents?" (param) "=" (pct(k))} { (k) }
                                }
                                _ => { (if k.is_empty() { "(unknown)" } else { k }) }
                            }
                        }
                        td { (n) }
                    }
                }
            }
        }
    }
}

fn card(n: impl maud::Render, label: &str, class: &str) -> Markup {
    html! {
        div class="card" { div class={"n " (class)} { (n) } div class="l" { (label) } }
    }
}

fn off_if(bad: bool) -> &'static str {
    if bad {
        "off"
    } else {
        ""
    }
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

    let body = html! {
        div class="cards" {
            (card(blocked, "blocked (30 days)", ""))
            (card(allowed, "allowed or continued (30 days)", ""))
            (card(cancelled, "cancelled by the user", ""))
            (card(format!("{} / {}", fleet.online, fleet.devices), "devices online", "on"))
            (card(fleet.devices - fleet.online, "devices offline", off_if(fleet.devices > fleet.online)))
            (card(stale, "stale policy", off_if(stale > 0)))
            (card(failed, "policy verify/apply failed", off_if(failed > 0)))
            (card(alerts.len(), "open alerts", off_if(!alerts.is_empty())))
            (card(html! { a href="/console/requests" { (pending) } }, "access requests pending", ""))
            (card(latest, "bundle version", ""))
        }
        h2 { "Incidents per day (last 30 days)" }
        (chart(&per_day, t / DAY, 30))
        div class="grid" {
            div { h2 { "Top detectors" } (pairs_table(("Detector", "Decisions"), &detectors, Some("detector"))) }
            div { h2 { "Top tools" } (pairs_table(("Tool", "Decisions"), &tools, Some("tool"))) }
        }
        h2 { "Overrides and justifications" }
        @if overrides.is_empty() {
            p class="muted" { "No user continued past a warning yet." }
        } @else {
            table {
                tr {
                    th { "When" } th { "User" } th { "Tool" } th { "Action" } th { "Outcome" }
                    th { "Class" } th { "Justification" }
                }
                @for o in &overrides {
                    tr {
                        td { a href={"/console/incidents/" (pct(&o.id))} { (time(o.received_at)) } }
                        td { (o.user_name.as_deref().unwrap_or("")) }
                        td { (o.tool_name.as_deref().unwrap_or("")) }
                        td { (o.action.as_deref().unwrap_or("")) }
                        td { (o.outcome.as_deref().unwrap_or("")) }
                        td { (o.data_class.as_deref().unwrap_or("")) }
                        td { (o.justification.as_deref().unwrap_or("—")) }
                    }
                }
            }
        }
        h2 { "Open alerts" }
        @if alerts.is_empty() {
            p class="muted" { "No open alerts." }
        } @else {
            table {
                tr { th { "Raised" } th { "Kind" } th { "Device" } th { "What happened" } th {} }
                @for a in &alerts {
                    tr {
                        td { (ago(t, a.created_at)) }
                        td { (a.kind) }
                        td { code { (a.device_id.as_deref().unwrap_or("")) } }
                        td { (a.detail) }
                        td { (button(&who, &format!("/console/alerts/{}/close", pct(&a.id)), "Close", &[], "secondary")) }
                    }
                }
            }
        }
        h2 { "Detector noise (30 days)" }
        p class="muted" {
            "False-positive reports naming a detector, per decision it took part in. A high score \
            suggests tuning the detector or trying it in audit mode."
        }
        @if noise.is_empty() {
            p class="muted" { "No detector findings yet." }
        } @else {
            table {
                tr { th { "Detector" } th { "Decisions" } th { "False-positive reports" } th { "Noise score" } }
                @for n in noise.iter().take(25) {
                    tr {
                        td { (n.detector) }
                        td { (n.decisions) }
                        td { (n.false_positives) }
                        td { (format!("{:.2}", n.score())) }
                    }
                }
            }
        }
    };
    Ok(page(&who, "Overview", body))
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
        let svg = super::chart(&[(100, 3), (95, 1)], 100, 30).into_string();
        assert_eq!(svg.matches("<rect").count(), 31);
        assert!(svg.contains(">3</text>"));
    }
}
