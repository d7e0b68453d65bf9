//! Bounds both sides enforce: identifiers are short and plain, free text is bounded, counts are
//! sane. The server refuses what fails them (per event, so one bad event does not sink a
//! batch); the agent checks before queueing.

use crate::event::{Event, EventKind, FindingCount, ToolRef, MAX_DESCRIPTION, MAX_JUSTIFICATION};
use crate::messages::{AccessRequest, AupAck, CheckinRequest, EnrollRequest};

/// The most events in one batch.
pub const MAX_BATCH: usize = 500;
/// The most findings entries in one decision.
pub const MAX_FINDINGS: usize = 200;
/// The longest name-like field (host names, tool names, user names, versions).
pub const MAX_NAME: usize = 200;
/// Data classes an event may name.
pub const DATA_CLASSES: [&str; 4] = ["Public", "Internal", "Confidential", "Restricted"];
/// Tamper signals an agent may report (at check-in and in `tamper` events).
pub const TAMPER_SIGNALS: [&str; 8] = [
    "verify_failed",
    "equivocation",
    "clock_rollback",
    "queue_corrupted",
    "queue_reset",
    "unmanaged_config",
    "agent_stopping",
    "policy_stale",
];

/// Actions a decision may name.
pub const ACTIONS: [&str; 5] = ["allow", "audit", "warn", "justify", "block"];

/// A field that fails its bounds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct Invalid {
    /// The field's path (`events[3].findings[0].detector`).
    pub field: String,
    /// What is wrong with it.
    pub problem: String,
}

fn bad(field: &str, problem: impl Into<String>) -> Invalid {
    Invalid {
        field: field.to_string(),
        problem: problem.into(),
    }
}

/// An identifier: 1-128 characters of `[A-Za-z0-9._:-]`.
pub fn id(field: &str, v: &str) -> Result<(), Invalid> {
    if v.is_empty() || v.len() > 128 {
        return Err(bad(field, "must be 1-128 characters"));
    }
    if !v
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'))
    {
        return Err(bad(
            field,
            "may hold only letters, digits, `.`, `_`, `:`, `-`",
        ));
    }
    Ok(())
}

/// A name: 1-200 characters, no control characters (not even tabs or newlines).
pub fn name(field: &str, v: &str) -> Result<(), Invalid> {
    text(field, v, MAX_NAME)?;
    if v.trim().is_empty() {
        return Err(bad(field, "must not be empty"));
    }
    if v.chars().any(char::is_control) {
        return Err(bad(field, "must not hold control characters"));
    }
    Ok(())
}

/// Free text of at most `max` characters, no control characters but newlines and tabs.
pub fn text(field: &str, v: &str, max: usize) -> Result<(), Invalid> {
    if v.chars().count() > max {
        return Err(bad(field, format!("must be at most {max} characters")));
    }
    if v.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(bad(field, "must not hold control characters"));
    }
    Ok(())
}

fn timestamp(field: &str, v: u64) -> Result<(), Invalid> {
    // 2000-01-01 .. 2200-01-01
    if !(946_684_800..=7_258_118_400).contains(&v) {
        return Err(bad(field, "must be Unix seconds between 2000 and 2200"));
    }
    Ok(())
}

fn class(field: &str, v: &str) -> Result<(), Invalid> {
    if !DATA_CLASSES.contains(&v) {
        return Err(bad(
            field,
            format!("must be one of {}", DATA_CLASSES.join(", ")),
        ));
    }
    Ok(())
}

fn opt_name(field: &str, v: &Option<String>) -> Result<(), Invalid> {
    match v {
        Some(s) => name(field, s),
        None => Ok(()),
    }
}

fn signal(field: &str, v: &str) -> Result<(), Invalid> {
    if !TAMPER_SIGNALS.contains(&v) {
        return Err(bad(
            field,
            format!("must be one of {}", TAMPER_SIGNALS.join(", ")),
        ));
    }
    Ok(())
}

/// Checks a tool reference.
pub fn tool(field: &str, t: &ToolRef) -> Result<(), Invalid> {
    if let Some(i) = &t.id {
        id(&format!("{field}.id"), i)?;
    }
    name(&format!("{field}.name"), &t.name)?;
    if let Some(tier) = t.tier {
        if !(1..=4).contains(&tier) {
            return Err(bad(&format!("{field}.tier"), "must be 1-4"));
        }
    }
    opt_name(&format!("{field}.domain"), &t.domain)?;
    opt_name(&format!("{field}.app"), &t.app)
}

fn findings(field: &str, f: &[FindingCount]) -> Result<(), Invalid> {
    if f.len() > MAX_FINDINGS {
        return Err(bad(field, format!("at most {MAX_FINDINGS} entries")));
    }
    for (i, x) in f.iter().enumerate() {
        let at = format!("{field}[{i}]");
        id(&format!("{at}.detector"), &x.detector)?;
        id(&format!("{at}.category"), &x.category)?;
        class(&format!("{at}.class"), &x.class)?;
        if x.count == 0 {
            return Err(bad(&format!("{at}.count"), "must be at least 1"));
        }
    }
    Ok(())
}

/// Checks one event.
pub fn event(field: &str, e: &Event) -> Result<(), Invalid> {
    id(&format!("{field}.event_id"), &e.event_id)?;
    if e.seq == 0 || e.seq > i64::MAX as u64 {
        return Err(bad(&format!("{field}.seq"), "must be at least 1"));
    }
    timestamp(&format!("{field}.occurred_at"), e.occurred_at)?;
    if e.policy_version > i64::MAX as u64 {
        return Err(bad(&format!("{field}.policy_version"), "is too large"));
    }
    opt_name(&format!("{field}.user"), &e.user)?;
    match &e.kind {
        EventKind::Decision {
            tool: t,
            action,
            data_class,
            findings: f,
            file_ext,
            justification,
            content_bytes,
            ..
        } => {
            tool(&format!("{field}.tool"), t)?;
            if !ACTIONS.contains(&action.as_str()) {
                return Err(bad(
                    &format!("{field}.action"),
                    format!("must be one of {}", ACTIONS.join(", ")),
                ));
            }
            class(&format!("{field}.data_class"), data_class)?;
            findings(&format!("{field}.findings"), f)?;
            if *content_bytes > i64::MAX as u64 {
                return Err(bad(&format!("{field}.content_bytes"), "is too large"));
            }
            if let Some(x) = file_ext {
                if x.is_empty() || x.len() > 16 || !x.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    return Err(bad(
                        &format!("{field}.file_ext"),
                        "must be 1-16 letters or digits",
                    ));
                }
            }
            if let Some(j) = justification {
                text(&format!("{field}.justification"), j, MAX_JUSTIFICATION)?;
            }
        }
        EventKind::SelfReport {
            tool: t,
            data_classes,
            disclosed_at,
            description,
        } => {
            tool(&format!("{field}.tool"), t)?;
            if data_classes.len() > DATA_CLASSES.len() {
                return Err(bad(&format!("{field}.data_classes"), "too many entries"));
            }
            for (i, c) in data_classes.iter().enumerate() {
                class(&format!("{field}.data_classes[{i}]"), c)?;
            }
            timestamp(&format!("{field}.disclosed_at"), *disclosed_at)?;
            text(
                &format!("{field}.description"),
                description,
                MAX_DESCRIPTION,
            )?;
        }
        EventKind::FalsePositive {
            tool: t,
            detectors,
            comment,
        } => {
            if let Some(t) = t {
                tool(&format!("{field}.tool"), t)?;
            }
            if detectors.is_empty() || detectors.len() > MAX_FINDINGS {
                return Err(bad(
                    &format!("{field}.detectors"),
                    "must name 1-200 detectors",
                ));
            }
            for (i, d) in detectors.iter().enumerate() {
                id(&format!("{field}.detectors[{i}]"), d)?;
            }
            text(&format!("{field}.comment"), comment, MAX_DESCRIPTION)?;
        }
        EventKind::ToolSeen { tool: t, visits } => {
            tool(&format!("{field}.tool"), t)?;
            if *visits == 0 {
                return Err(bad(&format!("{field}.visits"), "must be at least 1"));
            }
        }
        EventKind::Tamper { signal: s } => signal(&format!("{field}.signal"), s)?,
    }
    Ok(())
}

/// Checks an enrollment request.
pub fn enroll(r: &EnrollRequest) -> Result<(), Invalid> {
    text("enroll_secret", &r.enroll_secret, 200)?;
    id("machine.machine_id", &r.machine.machine_id)?;
    name("machine.hostname", &r.machine.hostname)?;
    id("machine.os", &r.machine.os)?;
    name("machine.os_version", &r.machine.os_version)?;
    opt_name("machine.user", &r.machine.user)?;
    name("agent_version", &r.agent_version)
}

/// Checks a check-in.
pub fn checkin(r: &CheckinRequest) -> Result<(), Invalid> {
    name("agent_version", &r.agent_version)?;
    if r.policy.version > i64::MAX as u64 || r.queue.last_seq > i64::MAX as u64 {
        return Err(bad("policy.version", "is too large"));
    }
    if let Some(s) = &r.policy.sha256 {
        id("policy.sha256", s)?;
    }
    if let Some(e) = &r.policy.last_error {
        text("policy.last_error", e, MAX_NAME)?;
    }
    if !r.queue.epoch.is_empty() {
        id("queue.epoch", &r.queue.epoch)?;
    }
    if r.health.tamper_signals.len() > TAMPER_SIGNALS.len() {
        return Err(bad("health.tamper_signals", "too many entries"));
    }
    for (i, s) in r.health.tamper_signals.iter().enumerate() {
        signal(&format!("health.tamper_signals[{i}]"), s)?;
    }
    Ok(())
}

/// Checks an AUP acknowledgment.
pub fn aup_ack(r: &AupAck) -> Result<(), Invalid> {
    id("request_id", &r.request_id)?;
    name("user", &r.user)?;
    id("aup_version", &r.aup_version)?;
    timestamp("acked_at", r.acked_at)
}

/// Checks an access request.
pub fn access_request(r: &AccessRequest) -> Result<(), Invalid> {
    id("request_id", &r.request_id)?;
    id("access_id", &r.access_id)?;
    name("user", &r.user)?;
    tool("tool", &r.tool)?;
    class("data_class", &r.data_class)?;
    text("reason", &r.reason, MAX_JUSTIFICATION)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Outcome, Source};

    fn decision() -> Event {
        Event {
            event_id: "0193a1b2-0000-7000-8000-000000000001".into(),
            seq: 1,
            occurred_at: 1_800_000_000,
            policy_version: 3,
            user: Some("alice".into()),
            kind: EventKind::Decision {
                tool: ToolRef {
                    id: Some("chatgpt".into()),
                    name: "ChatGPT".into(),
                    tier: Some(3),
                    domain: Some("chatgpt.com".into()),
                    app: None,
                },
                action: "block".into(),
                outcome: Outcome::Blocked,
                data_class: "Restricted".into(),
                customer_data: false,
                findings: vec![FindingCount {
                    detector: "aws.access_key_id".into(),
                    category: "secret".into(),
                    class: "Restricted".into(),
                    count: 1,
                }],
                source: Source::Clipboard,
                content_bytes: 120,
                file_ext: None,
                justification: None,
                trial: false,
            },
        }
    }

    #[test]
    fn a_good_event_passes_and_round_trips() {
        let e = decision();
        assert_eq!(event("e", &e), Ok(()));
        let json = serde_json::to_string(&e).unwrap();
        assert!(json.contains(r#""kind":"decision""#), "{json}");
        let back: Event = serde_json::from_str(&json).unwrap();
        assert_eq!(back, e);
    }

    #[test]
    fn unknown_fields_in_a_kind_are_refused() {
        let mut v = serde_json::to_value(decision()).unwrap();
        v["content"] = serde_json::json!("the pasted text");
        let r: Result<Event, _> = serde_json::from_value(v);
        assert!(r.is_err(), "an event must not smuggle extra fields");
    }

    #[test]
    fn bounds_are_checked_with_the_field_named() {
        let mut e = decision();
        if let EventKind::Decision { findings, .. } = &mut e.kind {
            findings[0].detector = "not an id!".into();
        }
        let err = event("events[0]", &e).unwrap_err();
        assert_eq!(err.field, "events[0].findings[0].detector");
        let mut e = decision();
        if let EventKind::Decision { justification, .. } = &mut e.kind {
            *justification = Some("x".repeat(MAX_JUSTIFICATION + 1));
        }
        assert_eq!(
            event("e", &e).unwrap_err().field,
            "e.justification".to_string()
        );
        let mut e = decision();
        e.seq = 0;
        assert_eq!(event("e", &e).unwrap_err().field, "e.seq");
        let mut e = decision();
        if let EventKind::Decision { data_class, .. } = &mut e.kind {
            *data_class = "Secret".into();
        }
        assert!(event("e", &e).is_err());
    }
}
