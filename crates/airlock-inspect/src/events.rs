//! Events from decisions: what the agent reports when it enforced (or, in audit mode, would
//! have enforced) a policy decision. Only detector ids, categories, classes and counts leave
//! the device, never the content or the matched values.

use airlock_policy::{Decision, Policy, Tool};
use airlock_wire::{Event, EventKind, FindingCount, Outcome, Source, ToolRef};

/// The tool reference of a register entry (or of an unknown site or app).
pub fn tool_ref(tool: Option<&Tool>, domain: Option<&str>, app: Option<&str>) -> ToolRef {
    match tool {
        Some(t) => ToolRef {
            id: Some(t.id().to_string()),
            name: t.spec.name.clone(),
            tier: Some(t.tier.number()),
            domain: domain.map(str::to_string),
            app: app.map(str::to_string),
        },
        None => ToolRef {
            id: None,
            name: domain.or(app).unwrap_or("unknown").to_string(),
            tier: None,
            domain: domain.map(str::to_string),
            app: app.map(str::to_string),
        },
    }
}

/// What the user did, beyond the decision itself.
#[derive(Debug, Clone)]
pub struct Context {
    /// The event's idempotency key.
    pub event_id: String,
    /// Sequence number in the queue epoch.
    pub seq: u64,
    /// When (Unix seconds).
    pub occurred_at: u64,
    /// Bundle version in force.
    pub policy_version: u64,
    /// The user.
    pub user: Option<String>,
    /// The tool as identified.
    pub tool: ToolRef,
    /// The outcome.
    pub outcome: Outcome,
    /// Where the content came from.
    pub source: Source,
    /// Content size in bytes.
    pub content_bytes: u64,
    /// File extension for uploads.
    pub file_ext: Option<String>,
    /// The user's justification.
    pub justification: Option<String>,
}

/// The event of a decision: findings per detector (counts), the action, the class.
pub fn decision_event(policy: &Policy, decision: &Decision, ctx: Context) -> Event {
    let mut findings: Vec<FindingCount> = Vec::new();
    let trial = decision.reasons.is_empty() && !decision.trial.is_empty();
    for r in decision.reasons.iter().chain(decision.trial.iter()) {
        let Some(det) = &r.detector else { continue };
        if findings.iter().any(|f| &f.detector == det) {
            continue;
        }
        let category = policy
            .detector(det)
            .map(|d| d.category.as_str().to_string())
            .unwrap_or_else(|| "unknown".into());
        findings.push(FindingCount {
            detector: det.clone(),
            category,
            class: r.class.as_str().to_string(),
            count: u32::try_from(r.count).unwrap_or(u32::MAX).max(1),
        });
    }
    Event {
        event_id: ctx.event_id,
        seq: ctx.seq,
        occurred_at: ctx.occurred_at,
        policy_version: ctx.policy_version,
        user: ctx.user,
        kind: EventKind::Decision {
            tool: ctx.tool,
            action: decision.action.as_str().to_string(),
            outcome: ctx.outcome,
            data_class: decision.data_class.as_str().to_string(),
            customer_data: decision.customer_data,
            findings,
            source: ctx.source,
            content_bytes: ctx.content_bytes,
            file_ext: ctx.file_ext,
            justification: ctx.justification,
            trial,
        },
    }
}
