//! `airlock explain --tool TOOL PATH`: the verdict, the tool and its tier, the decision and
//! why — the command IT uses to answer "why was I blocked?".

use crate::rules::load_policy;
use crate::rules_cmd::AGENT_VERSION;
use airlock_inspect::document;
use airlock_policy::bundle::{Pins, PublicKey, TrustStore};
use airlock_policy::time::now;
use airlock_policy::{Action, Decision, Policy, Rule};
use anyhow::{Context, Result};
use std::io::Read as _;
use std::path::PathBuf;
use std::sync::Arc;

/// Arguments of `airlock explain`.
#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// The AI tool: a register id (`chatgpt`), a domain or a URL.
    #[arg(long)]
    tool: String,
    /// Use this rules directory instead of the built-in rules.
    #[arg(long, conflicts_with = "bundle")]
    rules: Option<PathBuf>,
    /// Use this signed bundle (verified against --root) instead of the built-in rules.
    #[arg(long, requires = "root")]
    bundle: Option<PathBuf>,
    /// Pinned root public key for --bundle.
    #[arg(long)]
    root: Vec<PathBuf>,
    /// Print the decision as JSON.
    #[arg(long)]
    json: bool,
    /// The content: a file, or `-` for standard input.
    path: PathBuf,
}

fn policy(a: &ExplainArgs) -> Result<Arc<Policy>> {
    let Some(bundle) = &a.bundle else {
        return Ok(Arc::new(load_policy(a.rules.as_deref())?));
    };
    let roots = a
        .root
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read {}", p.display()))?;
            PublicKey::from_json(&text).with_context(|| format!("{}", p.display()))
        })
        .collect::<Result<Vec<_>>>()?;
    let mut store = TrustStore::new(
        Pins {
            roots,
            threshold: 1,
            tenant: None,
        },
        AGENT_VERSION,
    );
    let bytes =
        std::fs::read(bundle).with_context(|| format!("cannot read {}", bundle.display()))?;
    store
        .restore(&bytes, now())
        .with_context(|| format!("{} does not verify", bundle.display()))?;
    let cur = store.current().context("no bundle installed")?;
    Ok(cur.policy.clone())
}

/// Runs the command: exit 0 when the content would be allowed (or audited), 1 otherwise.
pub fn run(a: &ExplainArgs) -> Result<u8> {
    let policy = policy(a)?;
    let mut content = Vec::new();
    if a.path.as_os_str() == "-" {
        std::io::stdin()
            .read_to_end(&mut content)
            .context("cannot read standard input")?;
    } else {
        content =
            std::fs::read(&a.path).with_context(|| format!("cannot read {}", a.path.display()))?;
    }
    let tool = policy.register().lookup(&a.tool);
    let name = a
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "-".into());
    let scanned = document::scan(
        policy.scanner(),
        &name,
        &content,
        &limits(policy.settings()),
    );
    let verdict = scanned.verdict.clone();
    let why = scanned.unscannable.as_ref().map(|u| u.to_string());
    let decision = policy.decide_item(tool, &verdict, why.as_deref(), now());
    if a.json {
        let out = serde_json::json!({
            "input": a.path.display().to_string(),
            "format": scanned.format.name(),
            "unscannable": scanned.unscannable.as_ref().map(|u| serde_json::json!({"reason": u.kind(), "detail": u.to_string()})),
            "locations": scanned.locations,
            "tool": tool.map(|t| serde_json::json!({"id": t.id(), "name": t.name(), "vendor": t.spec.vendor, "tier": t.tier.number()})),
            "tool_query": a.tool,
            "verdict": crate::output::verdict_json(&scanned)?,
            "decision": decision,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        print!("{}", render(&policy, a, &scanned, &decision));
    }
    Ok(u8::from(decision.action > Action::Audit))
}

fn render(policy: &Policy, a: &ExplainArgs, scanned: &document::Scanned, d: &Decision) -> String {
    let verdict = &scanned.verdict;
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Content:  {} ({}, {} finding(s); data class {}{})",
        a.path.display(),
        scanned.format.name(),
        verdict.findings.len(),
        d.data_class,
        if d.customer_data {
            ", customer data"
        } else {
            ""
        }
    );
    match d.tool.as_deref().and_then(|id| policy.register().get(id)) {
        Some(t) => {
            let _ = writeln!(
                s,
                "Tool:     {} ({}) by {}: {}{}",
                t.name(),
                t.id(),
                t.spec.vendor,
                t.tier,
                if t.spec.example {
                    " [example entry]"
                } else {
                    ""
                }
            );
        }
        None => {
            let _ = writeln!(
                s,
                "Tool:     `{}` is not in the AI tool register: {} (unknown tools are unapproved)",
                a.tool, d.tier
            );
        }
    }
    if let Some(u) = &scanned.unscannable {
        let _ = writeln!(s, "Unscannable: {u} ({})", u.kind());
    }
    let _ = writeln!(s, "Decision: {}", d.action.as_str().to_uppercase());
    let _ = writeln!(s, "Why:");
    for r in &d.reasons {
        let _ = writeln!(s, "  {:<8} {}", r.action.as_str(), reason_text(r));
    }
    if !d.trial.is_empty() {
        let _ = writeln!(s, "On trial (audit mode: recorded, not enforced):");
        for r in &d.trial {
            let _ = writeln!(s, "  would {:<8} {}", r.action.as_str(), reason_text(r));
        }
    }
    if !d.suppressed.is_empty() {
        let _ = writeln!(s, "Suppressed:");
        for x in &d.suppressed {
            let _ = writeln!(
                s,
                "  {} {} by {}: {} ({})",
                x.detector, x.fingerprint, x.owner, x.reason, x.origin
            );
        }
    }
    if !verdict.findings.is_empty() {
        let _ = writeln!(s, "Findings:");
        for (i, f) in verdict.findings.iter().enumerate() {
            let place = scanned.place(i);
            let _ = writeln!(
                s,
                "  {}  {:<24} {:<24} confidence {:.2}{}",
                place,
                f.detector,
                f.preview,
                f.confidence,
                f.fingerprint
                    .as_deref()
                    .map(|fp| format!("  fingerprint {fp}"))
                    .unwrap_or_default()
            );
        }
    }
    let mut offers = Vec::new();
    if d.offers.redact {
        offers.push("send a redacted version".to_string());
    }
    if d.offers.request_access {
        offers.push("request access".to_string());
    }
    if d.offers.report {
        offers.push("report a disclosure".to_string());
    }
    if !d.offers.alternatives.is_empty() {
        offers.push(format!(
            "use an approved tool instead: {}",
            d.offers.alternatives.join(", ")
        ));
    }
    if !offers.is_empty() {
        let _ = writeln!(s, "Offers:   {}", offers.join("; "));
    }
    s
}

fn reason_text(r: &airlock_policy::Reason) -> String {
    let what = match &r.detector {
        Some(d) => format!(
            "{d} x{} ({}{})",
            r.count,
            r.class,
            if r.customer_data {
                ", customer data"
            } else {
                ""
            }
        ),
        None => "the content as a whole".to_string(),
    };
    let rule = match &r.rule {
        Rule::Cell { tier, column } => format!("matrix cell tier {} x {column}", tier.number()),
        Rule::Override { origin, reason } => format!("override at {origin}: {reason}"),
        Rule::RestrictedAlwaysBlocked => "Restricted content is blocked in every tier".to_string(),
        Rule::Unscannable { reason, class } => {
            format!("unscannable ({reason}), decided as {class}")
        }
    };
    format!("{what}: {rule}")
}

/// The extraction limits of a bundle's agent settings.
pub fn limits(s: &airlock_policy::AgentSettings) -> airlock_extract::Limits {
    let x = &s.extraction;
    airlock_extract::Limits {
        max_bytes: x.max_bytes,
        max_decompressed_bytes: x.max_decompressed_bytes,
        max_ratio: x.max_ratio,
        max_depth: x.max_depth,
        max_entries: x.max_entries,
        time_budget: std::time::Duration::from_millis(x.time_budget_ms),
    }
}
