//! `decide`: a tool and a verdict in, a decision with its reasons out — which findings, which
//! matrix cell, which override, which suppression — plus what the prompt may offer (a redacted
//! version, an access request, a self-report, approved alternatives).

use crate::policy::Policy;
use crate::register::Tool;
use crate::tier::{Action, Column, Tier};
use crate::tuning::Mode;
use airlock_classifier::{Category, DataClass, Verdict};
use serde::Serialize;

/// Which rule produced an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rule {
    /// A matrix cell.
    Cell {
        /// Row.
        tier: Tier,
        /// Column.
        column: Column,
    },
    /// An override from `policy.toml`.
    Override {
        /// `file:line` of the override.
        origin: String,
        /// Its stated reason.
        reason: String,
    },
    /// Restricted content is blocked in every tier.
    RestrictedAlwaysBlocked,
    /// The content could not be read completely and is decided as `class`.
    Unscannable {
        /// Why it could not be read.
        reason: String,
        /// The class it is treated as.
        class: DataClass,
    },
}

/// One reason of a decision: a detector's findings (or the content as a whole) and the rule
/// that decided their action.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    /// The detector, or `None` for the content as a whole (nothing found, unscannable).
    pub detector: Option<String>,
    /// How many findings of the detector.
    pub count: usize,
    /// Their data class.
    pub class: DataClass,
    /// Whether they are customer data.
    pub customer_data: bool,
    /// The action they call for.
    pub action: Action,
    /// The rule that says so.
    pub rule: Rule,
}

/// A finding left out because IT suppressed its fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suppressed {
    /// The detector.
    pub detector: String,
    /// The value's fingerprint.
    pub fingerprint: String,
    /// Who owns the suppression.
    pub owner: String,
    /// Why it exists.
    pub reason: String,
    /// Where it is written.
    pub origin: String,
}

/// What the prompt may offer besides continue/cancel.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Offers {
    /// Redacting the redactable findings would lower the action.
    pub redact: bool,
    /// The user may ask IT for access to this tool for such content.
    pub request_access: bool,
    /// The user may report an accidental disclosure.
    pub report: bool,
    /// When blocked: approved tools (tier 1 or 2, ids) where this content would not be blocked.
    pub alternatives: Vec<String>,
}

/// The outcome of `decide`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// What happens.
    pub action: Action,
    /// The tool's id, `None` when unknown.
    pub tool: Option<String>,
    /// The tool's tier (4 when unknown).
    pub tier: Tier,
    /// The content's highest data class (suppressed and trial findings excluded).
    pub data_class: DataClass,
    /// Whether the content holds customer data.
    pub customer_data: bool,
    /// Why, strictest first.
    pub reasons: Vec<Reason>,
    /// Detectors in audit mode: what they would have done (recorded, not enforced).
    pub trial: Vec<Reason>,
    /// Findings left out by suppressions.
    pub suppressed: Vec<Suppressed>,
    /// Offers for the prompt.
    pub offers: Offers,
}

impl Policy {
    /// The action and rule for findings of a detector in a tier.
    fn rule_for(
        &self,
        detector: &str,
        category: Category,
        class: DataClass,
        customer_data: bool,
        tier: Tier,
    ) -> (Action, Rule) {
        if class == DataClass::Restricted {
            return (Action::Block, Rule::RestrictedAlwaysBlocked);
        }
        if let Some(o) = self.matrix.override_for(detector, category, tier) {
            return (
                o.action,
                Rule::Override {
                    origin: o.origin.clone(),
                    reason: o.reason.clone(),
                },
            );
        }
        let column = class_column(class);
        let mut best = (self.matrix.cell(tier, column), Rule::Cell { tier, column });
        if customer_data {
            let c = self.matrix.cell(tier, Column::CustomerData);
            if c > best.0 {
                best = (
                    c,
                    Rule::Cell {
                        tier,
                        column: Column::CustomerData,
                    },
                );
            }
        }
        best
    }

    /// Decides what happens to content with this verdict in this tool (`None`: an AI tool
    /// absent from the register, tier 4). `now` (Unix seconds) decides which suppressions have
    /// expired.
    pub fn decide(&self, tool: Option<&Tool>, verdict: &Verdict, now: u64) -> Decision {
        let tier = tool.map_or(Tier::Unapproved, |t| t.tier);
        let mut reasons: Vec<Reason> = Vec::new();
        let mut trial: Vec<Reason> = Vec::new();
        let mut suppressed = Vec::new();
        let mut class = DataClass::Public;
        let mut customer = false;
        // Action of the non-redactable findings (for the redact offer).
        let mut unredactable = Action::Allow;
        let mut any_redactable = false;
        for f in &verdict.findings {
            if let Some(fp) = &f.fingerprint {
                if let Some(s) = self.tuning.suppression(&f.detector, fp, now) {
                    suppressed.push(Suppressed {
                        detector: f.detector.clone(),
                        fingerprint: fp.clone(),
                        owner: s.owner.clone(),
                        reason: s.reason.clone(),
                        origin: s.origin.clone(),
                    });
                    continue;
                }
            }
            let category = f.category;
            let (action, rule) =
                self.rule_for(&f.detector, category, f.class, f.customer_data, tier);
            let audit = self.tuning.mode(&f.detector) == Mode::Audit;
            if !audit {
                class = class.max(f.class);
                customer |= f.customer_data;
                if f.redact {
                    any_redactable = true;
                } else {
                    unredactable = unredactable.max(action);
                }
            }
            let list = if audit { &mut trial } else { &mut reasons };
            match list
                .iter_mut()
                .find(|r| r.detector.as_deref() == Some(&f.detector))
            {
                Some(r) => {
                    r.count += 1;
                    r.customer_data |= f.customer_data;
                    r.class = r.class.max(f.class);
                    if action > r.action {
                        r.action = action;
                        r.rule = rule;
                    }
                }
                None => list.push(Reason {
                    detector: Some(f.detector.clone()),
                    count: 1,
                    class: f.class,
                    customer_data: f.customer_data,
                    action,
                    rule,
                }),
            }
        }
        let base = self.matrix.cell(tier, Column::Public);
        let found = reasons
            .iter()
            .map(|r| r.action)
            .max()
            .unwrap_or(Action::Allow);
        let mut action = base.max(found);
        if base >= found {
            reasons.push(Reason {
                detector: None,
                count: 0,
                class: DataClass::Public,
                customer_data: false,
                action: base,
                rule: Rule::Cell {
                    tier,
                    column: Column::Public,
                },
            });
        }
        if trial.iter().any(|r| r.action > action) {
            action = action.max(Action::Audit);
        }
        reasons.sort_by(|a, b| {
            b.action
                .cmp(&a.action)
                .then(a.detector.is_none().cmp(&b.detector.is_none()))
                .then(a.detector.cmp(&b.detector))
        });
        trial.sort_by(|a, b| b.action.cmp(&a.action).then(a.detector.cmp(&b.detector)));
        let offers = Offers {
            redact: action > Action::Audit && any_redactable && base.max(unredactable) < action,
            request_access: tool.is_some()
                && tier != Tier::ApprovedEnterprise
                && action > Action::Audit
                && class < DataClass::Restricted,
            report: action >= Action::Warn,
            alternatives: if action == Action::Block {
                self.alternatives(tier, verdict, now)
            } else {
                Vec::new()
            },
        };
        Decision {
            action,
            tool: tool.map(|t| t.spec.id.clone()),
            tier,
            data_class: class,
            customer_data: customer,
            reasons,
            trial,
            suppressed,
            offers,
        }
    }

    /// Decides content that could not be read completely (encrypted, corrupt, limits hit): it
    /// is treated as the matrix's `unscannable_class` (Confidential by default).
    pub fn decide_unscannable(&self, tool: Option<&Tool>, why: &str) -> Decision {
        let tier = tool.map_or(Tier::Unapproved, |t| t.tier);
        let class = self.matrix.unscannable_class;
        let action = if class == DataClass::Restricted {
            Action::Block
        } else {
            self.matrix
                .cell(tier, class_column(class))
                .max(self.matrix.cell(tier, Column::Public))
        };
        Decision {
            action,
            tool: tool.map(|t| t.spec.id.clone()),
            tier,
            data_class: class,
            customer_data: false,
            reasons: vec![Reason {
                detector: None,
                count: 0,
                class,
                customer_data: false,
                action,
                rule: Rule::Unscannable {
                    reason: why.to_string(),
                    class,
                },
            }],
            trial: Vec::new(),
            suppressed: Vec::new(),
            offers: Offers {
                report: action >= Action::Warn,
                ..Offers::default()
            },
        }
    }

    /// Decides a content item that may have been read only in part: what was read decides as
    /// usual, and when `unscannable` gives why the rest could not be read, the item is also
    /// decided as the configured unscannable class; the stricter outcome wins and both sets of
    /// reasons are kept.
    pub fn decide_item(
        &self,
        tool: Option<&Tool>,
        verdict: &Verdict,
        unscannable: Option<&str>,
        now: u64,
    ) -> Decision {
        let mut d = self.decide(tool, verdict, now);
        if let Some(why) = unscannable {
            let whole = self.decide_unscannable(tool, why);
            d.action = d.action.max(whole.action);
            d.data_class = d.data_class.max(whole.data_class);
            d.offers.report |= whole.offers.report;
            d.reasons.extend(whole.reasons);
            d.reasons.sort_by_key(|r| std::cmp::Reverse(r.action));
        }
        d
    }

    /// Up to three approved tools (tier 1 or 2) of a more trusted tier than `tier` where this
    /// content would not be blocked, most trusted first.
    fn alternatives(&self, tier: Tier, verdict: &Verdict, now: u64) -> Vec<String> {
        let mut out: Vec<&Tool> = Vec::new();
        let approved = [Tier::ApprovedEnterprise, Tier::ApprovedGeneral];
        for better in approved.into_iter().filter(|t| *t < tier) {
            let Some(sample) = self.register.tools().iter().find(|t| t.tier == better) else {
                continue;
            };
            if self.decide(Some(sample), verdict, now).action < Action::Block {
                out.extend(self.register.tools().iter().filter(|t| t.tier == better));
            }
        }
        out.sort_by(|a, b| a.tier.cmp(&b.tier).then(a.spec.name.cmp(&b.spec.name)));
        out.into_iter().take(3).map(|t| t.spec.id.clone()).collect()
    }
}

fn class_column(class: DataClass) -> Column {
    match class {
        DataClass::Public => Column::Public,
        DataClass::Internal => Column::Internal,
        // Restricted never reaches a column; Confidential is the strictest one.
        DataClass::Confidential | DataClass::Restricted => Column::Confidential,
    }
}
