//! The decision matrix, cell by cell, with real scans of real content; override precedence;
//! Restricted always blocked; unknown tools at tier 4; audit mode, suppressions, unscannable
//! content and the prompt's offers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use airlock_policy::{Action, Column, Policy, Rule, Tier, DEFAULT_MATRIX};
use common::*;

fn decide(p: &Policy, tool: &str, text: &str) -> airlock_policy::Decision {
    let t = p.register().lookup(tool);
    p.decide(t, &p.scan(text.as_bytes()), NOW)
}

#[test]
fn every_matrix_cell_with_default_actions() {
    let p = mini_with_policy("");
    // One content item per column: nothing, Internal, Confidential, customer data.
    let content = [
        (Column::Public, "nothing to see here"),
        (Column::Internal, "see INTMARK-1234"),
        (Column::Confidential, "see CONFMARK-1234"),
        (Column::CustomerData, "see CUSTREF-1234"),
    ];
    for (row, tier) in Tier::ALL.into_iter().enumerate() {
        let tool = format!("t{}", tier.number());
        for (col, (column, text)) in content.iter().enumerate() {
            let d = decide(&p, &tool, text);
            let public = DEFAULT_MATRIX[row][0];
            let expected = DEFAULT_MATRIX[row][col].max(public);
            assert_eq!(d.action, expected, "{tier} x {column}: {d:#?}");
            assert_eq!(d.tier, tier);
            assert_eq!(d.tool.as_deref(), Some(tool.as_str()));
            assert!(
                d.reasons.iter().any(|r| r.action == d.action
                    && matches!(r.rule, Rule::Cell { tier: t, column: c } if t == tier && (c == *column || c == Column::Public || (*column == Column::CustomerData && c == Column::Internal)))),
                "{tier} x {column}: the deciding cell is named: {:#?}",
                d.reasons
            );
            assert_eq!(p.matrix().cell(tier, *column), DEFAULT_MATRIX[row][col]);
        }
    }
}

#[test]
fn the_design_matrix_is_the_default() {
    use Action::*;
    let p = mini_with_policy("");
    let expect = [
        (Tier::ApprovedEnterprise, [Allow, Allow, Justify, Justify]),
        (Tier::ApprovedGeneral, [Allow, Warn, Block, Block]),
        (Tier::UnderEvaluation, [Justify, Block, Block, Block]),
        (Tier::Unapproved, [Block, Block, Block, Block]),
    ];
    for (tier, row) in expect {
        for (c, a) in Column::ALL.into_iter().zip(row) {
            assert_eq!(p.matrix().cell(tier, c), a, "{tier} {c}");
        }
    }
}

#[test]
fn edited_cells_are_applied() {
    let p = mini_with_policy("[matrix]\ntier2 = { internal = \"audit\" }\n");
    assert_eq!(decide(&p, "t2", "INTMARK-1234").action, Action::Audit);
    // Untouched cells keep their defaults.
    assert_eq!(decide(&p, "t2", "CONFMARK-1234").action, Action::Block);
}

#[test]
fn customer_data_takes_the_stricter_of_its_class_and_the_customer_column() {
    let p = mini_with_policy("");
    // customer_ref is Internal + customer data: tier 1 internal = allow, customer = justify.
    let d = decide(&p, "t1", "CUSTREF-1234");
    assert_eq!(d.action, Action::Justify);
    assert!(d.customer_data);
    assert!(d.reasons.iter().any(|r| matches!(
        r.rule,
        Rule::Cell {
            column: Column::CustomerData,
            ..
        }
    )));
}

#[test]
fn restricted_is_blocked_in_every_tier() {
    let p = mini_with_policy("[matrix]\ntier1 = { public = \"allow\", internal = \"allow\", confidential = \"allow\", customer_data = \"allow\" }\n");
    for tier in 1..=4 {
        let d = decide(&p, &format!("t{tier}"), "token SECMARK-1234 here");
        assert_eq!(d.action, Action::Block, "tier {tier}");
        assert_eq!(d.reasons[0].rule, Rule::RestrictedAlwaysBlocked);
        assert!(
            !d.offers.request_access,
            "no access request for Restricted content"
        );
    }
}

#[test]
fn an_override_cannot_allow_restricted_content() {
    let files = with_file(
        &mini(),
        "policy.toml",
        "[aup]\nversion = \"1\"\nfile = \"aup.md\"\n\n[[override]]\ndetector = \"secret_marker\"\naction = \"allow\"\nreason = \"x\"\n",
    );
    let errors = compile_errors(&files);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("policy.toml:5: detector `secret_marker` finds Restricted content"),
        "{errors:?}"
    );
    // A category override of a Restricted category compiles but never loosens it.
    let p = mini_with_policy(
        "[[override]]\ncategory = \"secret\"\naction = \"allow\"\nreason = \"x\"\n",
    );
    assert_eq!(decide(&p, "t1", "SECMARK-1234").action, Action::Block);
}

#[test]
fn override_precedence() {
    let p = mini_with_policy(
        r#"
[[override]]
category = "marking"
action = "block"
reason = "category, all tiers"

[[override]]
category = "marking"
tiers = [1]
action = "warn"
reason = "category, tier 1"

[[override]]
detector = "internal_marker"
action = "audit"
reason = "detector, all tiers"

[[override]]
detector = "internal_marker"
tiers = [2]
action = "justify"
reason = "detector, tier 2"
"#,
    );
    let why = |tool: &str, text: &str| {
        let d = decide(&p, tool, text);
        let r = d
            .reasons
            .iter()
            .find(|r| r.detector.is_some())
            .unwrap()
            .clone();
        match r.rule {
            Rule::Override { reason, .. } => (r.action, reason),
            other => panic!("{other:?}"),
        }
    };
    // Detector + tier beats detector for all tiers, which beats category rules.
    assert_eq!(
        why("t2", "INTMARK-1234"),
        (Action::Justify, "detector, tier 2".into())
    );
    assert_eq!(
        why("t1", "INTMARK-1234"),
        (Action::Audit, "detector, all tiers".into())
    );
    assert_eq!(
        why("t3", "INTMARK-1234"),
        (Action::Audit, "detector, all tiers".into())
    );
    // Other marking detectors: category + tier beats category for all tiers.
    assert_eq!(
        why("t1", "CONFMARK-1234"),
        (Action::Warn, "category, tier 1".into())
    );
    assert_eq!(
        why("t2", "CONFMARK-1234"),
        (Action::Block, "category, all tiers".into())
    );
    // The public cell stays the floor: tier 3 content needs a justification whatever the override.
    assert_eq!(decide(&p, "t3", "INTMARK-1234").action, Action::Justify);
    // An override beats the matrix cell (tier 2 internal = warn by default).
    assert_eq!(decide(&p, "t1", "INTMARK-1234").action, Action::Audit);
}

#[test]
fn ambiguous_overrides_are_errors() {
    let files = with_file(
        &mini(),
        "policy.toml",
        "[aup]\nversion = \"1\"\nfile = \"aup.md\"\n[[override]]\ndetector = \"conf_marker\"\ntiers = [2]\naction = \"allow\"\nreason = \"a\"\n[[override]]\ndetector = \"conf_marker\"\ntiers = [2, 3]\naction = \"block\"\nreason = \"b\"\n[[override]]\ndetector = \"nope\"\naction = \"allow\"\nreason = \"c\"\n",
    );
    let errors = compile_errors(&files);
    assert!(
        errors.iter().any(|e| e.starts_with(
            "policy.toml:9: another override already sets detector `conf_marker` in tier 2"
        )),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("policy.toml:14: override names unknown detector `nope`")),
        "{errors:?}"
    );
}

#[test]
fn unknown_tools_are_tier_4() {
    let p = mini_with_policy("");
    let d = decide(&p, "https://brand-new-ai.example/chat", "nothing sensitive");
    assert_eq!(d.tool, None);
    assert_eq!(d.tier, Tier::Unapproved);
    assert_eq!(d.action, Action::Block);
    assert!(
        !d.offers.request_access,
        "nothing to request for an unregistered tool"
    );
    assert_eq!(
        d.offers.alternatives,
        ["t1", "t2"],
        "approved tools that would accept it"
    );
}

#[test]
fn audit_mode_records_without_enforcing() {
    let p = mini_with_policy("[modes]\ntrial_marker = \"audit\"\n");
    let d = decide(&p, "t1", "TRIAL-1234");
    assert_eq!(d.action, Action::Audit, "recorded, not blocked: {d:#?}");
    assert!(d.reasons.iter().all(|r| r.detector.is_none()));
    assert_eq!(d.trial.len(), 1);
    assert_eq!(d.trial[0].detector.as_deref(), Some("trial_marker"));
    assert_eq!(
        d.trial[0].action,
        Action::Justify,
        "what it would have done in tier 1"
    );
    assert_eq!(d.data_class, airlock_classifier::DataClass::Public);
    // Enforced, the same content needs a justification.
    let p = mini_with_policy("");
    assert_eq!(decide(&p, "t1", "TRIAL-1234").action, Action::Justify);
}

#[test]
fn suppressions_match_fingerprints_until_they_expire() {
    let key = "11".repeat(32);
    let mut k = [0u8; 32];
    k.fill(0x11);
    let fp = airlock_classifier::fingerprint(&k, "conf_marker", b"CONFMARK-1234");
    let p = mini_with_policy(&format!(
        "[fingerprints]\nkey = \"{key}\"\n[[suppression]]\ndetector = \"conf_marker\"\nfingerprint = \"{fp}\"\nowner = \"sec@example.com\"\nreason = \"test value\"\nexpires = 2026-12-01\n"
    ));
    let v = p.scan(b"CONFMARK-1234 and CONFMARK-9999");
    assert_eq!(v.findings[0].fingerprint.as_deref(), Some(fp.as_str()));
    let t2 = p.register().get("t2");
    let d = p.decide(t2, &v, NOW);
    assert_eq!(d.suppressed.len(), 1);
    assert_eq!(d.suppressed[0].owner, "sec@example.com");
    assert_eq!(
        d.reasons
            .iter()
            .find(|r| r.detector.is_some())
            .unwrap()
            .count,
        1,
        "the other value still counts"
    );
    let only = p.scan(b"CONFMARK-1234");
    assert_eq!(
        p.decide(t2, &only, NOW).action,
        Action::Allow,
        "suppressed: nothing left"
    );
    let expired = airlock_policy::time::days_from_civil(2026, 12, 1).unwrap() as u64 * 86_400;
    assert_eq!(
        p.decide(t2, &only, expired).action,
        Action::Block,
        "expired suppressions do not apply"
    );
}

#[test]
fn bad_suppressions_are_errors() {
    let files = with_file(
        &mini(),
        "policy.toml",
        "[aup]\nversion = \"1\"\nfile = \"aup.md\"\n[[suppression]]\ndetector = \"conf_marker\"\nfingerprint = \"xyz\"\nowner = \"\"\nreason = \"r\"\nexpires = 10:00:00\n",
    );
    let errors = compile_errors(&files);
    assert!(
        errors
            .iter()
            .any(|e| e
                .contains("policy.toml:4: suppression fingerprint `xyz` must be 32 hex digits")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("needs an `owner`")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("suppressions need a `[fingerprints] key`")),
        "{errors:?}"
    );
}

#[test]
fn unscannable_content_is_decided_as_the_configured_class() {
    let p = mini_with_policy("");
    let t1 = p.register().get("t1");
    let d = p.decide_unscannable(t1, "encrypted document");
    assert_eq!(d.action, Action::Justify, "Confidential in tier 1");
    assert!(
        matches!(&d.reasons[0].rule, Rule::Unscannable { reason, .. } if reason == "encrypted document")
    );
    let p = mini_with_policy("[matrix]\nunscannable_class = \"internal\"\n");
    assert_eq!(
        p.decide_unscannable(p.register().get("t1"), "zip bomb")
            .action,
        Action::Allow
    );
    let p = mini_with_policy("[matrix]\nunscannable_class = \"restricted\"\n");
    assert_eq!(
        p.decide_unscannable(p.register().get("t1"), "x").action,
        Action::Block
    );
}

#[test]
fn offers_follow_the_content() {
    let p = mini_with_policy("");
    // Redacting the customer reference would make tier-1 content allowed.
    let d = decide(&p, "t1", "CUSTREF-1234");
    assert!(d.offers.redact && d.offers.report, "{:?}", d.offers);
    assert!(
        !d.offers.request_access,
        "tier 1 is as approved as a tool gets"
    );
    let d = decide(&p, "t2", "CUSTREF-1234");
    assert!(d.offers.request_access, "{:?}", d.offers);
    assert_eq!(
        d.offers.alternatives,
        ["t1"],
        "tier 1 would only ask for a justification"
    );
    // An unredactable finding keeps the action: no redact offer.
    let d = decide(&p, "t2", "NOREDACT-1234 CUSTREF-1234");
    assert_eq!(d.action, Action::Block);
    let d2 = decide(&p, "t2", "NOREDACT-1234");
    assert_eq!(d2.action, Action::Warn);
    assert!(
        d.offers.redact,
        "redacting the customer ref lowers block to warn"
    );
    let d = decide(&p, "t1", "hello");
    assert_eq!(d.action, Action::Allow);
    assert_eq!(d.offers, airlock_policy::Offers::default());
}

#[test]
fn restricted_findings_survive_the_findings_cap() {
    let p = mini_with_policy("");
    let mut text = "CUSTREF-1234 ".repeat(10_050);
    text.push_str("SECMARK-1234");
    let v = p.scan(text.as_bytes());
    assert!(v.truncated);
    assert!(
        v.findings.iter().any(|f| f.detector == "secret_marker"),
        "kept past the cap"
    );
    assert_eq!(v.data_class, airlock_classifier::DataClass::Restricted);
    let d = p.decide(p.register().get("t1"), &v, NOW);
    assert_eq!(d.action, Action::Block);
}

#[test]
fn a_partly_read_item_takes_the_stricter_of_its_findings_and_its_unscannable_class() {
    let p = mini_with_policy("");
    let t1 = p.register().get("t1");
    // Nothing found in what was read; the rest is unscannable: Confidential in tier 1.
    let v = p.scan(b"hello");
    let d = p.decide_item(t1, &v, Some("encrypted attachment"), NOW);
    assert_eq!(d.action, Action::Justify);
    assert!(d
        .reasons
        .iter()
        .any(|r| matches!(r.rule, Rule::Unscannable { .. })));
    // A Restricted finding in what was read still blocks.
    let v = p.scan(b"SECMARK-1234");
    let d = p.decide_item(t1, &v, Some("encrypted attachment"), NOW);
    assert_eq!(d.action, Action::Block);
    assert_eq!(d.reasons[0].rule, Rule::RestrictedAlwaysBlocked);
    // Fully read: the same as `decide`.
    assert_eq!(p.decide_item(t1, &v, None, NOW), p.decide(t1, &v, NOW));
}
