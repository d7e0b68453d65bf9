//! The decision matrix (tier x data class, plus customer data) and per-detector or
//! per-category overrides, as written in `policy.toml`.
//!
//! Precedence, from strongest to weakest: Restricted content is blocked in every tier (nothing
//! can loosen it); an override naming the detector and the tier; an override naming the
//! detector for all tiers; an override naming the detector's category and the tier; one naming
//! the category for all tiers; the matrix cell. Two overrides of the same strength for the same
//! detector (or category) and tier are an error, so the outcome never depends on file order.

use crate::files::{err, Problems};
use crate::tier::{Action, Column, Tier};
use airlock_classifier::{Category, DataClass};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use toml::Spanned;

/// The default matrix from the company AUP template (`DESIGN.md`), rows tier 1 to 4, columns
/// public, internal, confidential, customer data.
pub const DEFAULT_MATRIX: [[Action; 4]; 4] = {
    use Action::*;
    [
        [Allow, Allow, Justify, Justify],
        [Allow, Warn, Block, Block],
        [Justify, Block, Block, Block],
        [Block, Block, Block, Block],
    ]
};

/// One row of `[matrix]` as written: every cell optional (defaults from [`DEFAULT_MATRIX`]).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RowSpec {
    public: Option<String>,
    internal: Option<String>,
    confidential: Option<String>,
    customer_data: Option<String>,
}

/// `[matrix]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MatrixSpec {
    #[serde(default)]
    unscannable_class: Option<String>,
    #[serde(default)]
    tier1: Option<Spanned<RowSpec>>,
    #[serde(default)]
    tier2: Option<Spanned<RowSpec>>,
    #[serde(default)]
    tier3: Option<Spanned<RowSpec>>,
    #[serde(default)]
    tier4: Option<Spanned<RowSpec>>,
}

/// `[[override]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OverrideSpec {
    #[serde(default)]
    detector: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    tiers: Option<Vec<i64>>,
    action: String,
    reason: String,
}

/// What an override applies to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    /// One detector.
    Detector(String),
    /// Every detector of a category.
    Category(Category),
}

/// A compiled override.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// What it applies to.
    pub target: Target,
    /// The tiers it applies in (`None`: all).
    pub tiers: Option<Vec<Tier>>,
    /// The action it sets.
    pub action: Action,
    /// Why (shown in explanations).
    pub reason: String,
    /// Where it was written: `file:line`.
    pub origin: String,
}

/// The compiled matrix and overrides.
#[derive(Debug, Clone)]
pub struct Matrix {
    cells: [[Action; 4]; 4],
    /// The class unscannable content is decided as.
    pub unscannable_class: DataClass,
    overrides: Vec<Override>,
    /// (strength, target, tier) -> override index; strength 0 is the strongest.
    index: HashMap<(u8, Target, Tier), usize>,
}

impl Default for Matrix {
    fn default() -> Self {
        Matrix {
            cells: DEFAULT_MATRIX,
            unscannable_class: DataClass::Confidential,
            overrides: Vec::new(),
            index: HashMap::new(),
        }
    }
}

impl Matrix {
    /// The action of a cell.
    pub fn cell(&self, tier: Tier, column: Column) -> Action {
        self.cells[tier.index()][column.index()]
    }

    /// The overrides, in file order.
    pub fn overrides(&self) -> &[Override] {
        &self.overrides
    }

    /// The override that applies to a detector of a category in a tier, if any.
    pub fn override_for(
        &self,
        detector: &str,
        category: Category,
        tier: Tier,
    ) -> Option<&Override> {
        let keys = [
            (0, Target::Detector(detector.to_string())),
            (1, Target::Detector(detector.to_string())),
            (2, Target::Category(category)),
            (3, Target::Category(category)),
        ];
        keys.into_iter()
            .find_map(|(s, t)| self.index.get(&(s, t, tier)))
            .and_then(|&i| self.overrides.get(i))
    }

    /// Compiles `[matrix]` and `[[override]]`; `detectors` maps detector ids to their class,
    /// for checking that overrides name real detectors and never loosen Restricted ones.
    pub(crate) fn compile(
        file: &str,
        text: &str,
        spec: Option<MatrixSpec>,
        overrides: Vec<Spanned<OverrideSpec>>,
        detectors: &HashMap<String, (Category, DataClass)>,
        problems: &mut Problems,
    ) -> Matrix {
        let mut m = Matrix::default();
        let line = |pos: usize| crate::files::line_of(text, pos);
        if let Some(spec) = spec {
            if let Some(c) = &spec.unscannable_class {
                match DataClass::parse(c) {
                    Some(c) => m.unscannable_class = c,
                    None => problems.push(err(file, 1, format!("`unscannable_class` must be public, internal, confidential or restricted, not `{c}`"))),
                }
            }
            for (t, row) in [spec.tier1, spec.tier2, spec.tier3, spec.tier4]
                .into_iter()
                .enumerate()
            {
                let Some(row) = row else { continue };
                let l = line(row.span().start);
                let row = row.into_inner();
                for (c, cell) in [
                    row.public,
                    row.internal,
                    row.confidential,
                    row.customer_data,
                ]
                .into_iter()
                .enumerate()
                {
                    let Some(cell) = cell else { continue };
                    match Action::parse(&cell) {
                        Some(a) => m.cells[t][c] = a,
                        None => problems.push(err(file, l, format!(
                            "tier{} {}: unknown action `{cell}` (allow, audit, warn, justify or block)",
                            t + 1,
                            Column::ALL[c]
                        ))),
                    }
                }
            }
        }
        let mut seen: HashSet<(u8, Target, Tier)> = HashSet::new();
        for spanned in overrides {
            let l = line(spanned.span().start);
            let o = spanned.into_inner();
            let before = problems.len();
            let mut p = |msg: String| problems.push(err(file, l, msg));
            let target = match (&o.detector, &o.category) {
                (Some(d), None) => match detectors.get(d) {
                    Some(_) => Some(Target::Detector(d.clone())),
                    None => {
                        p(format!("override names unknown detector `{d}`"));
                        None
                    }
                },
                (None, Some(c)) => match Category::parse(c) {
                    Some(c) => Some(Target::Category(c)),
                    None => {
                        p(format!("override names unknown category `{c}`"));
                        None
                    }
                },
                _ => {
                    p("an override names exactly one of `detector` or `category`".into());
                    None
                }
            };
            let action = Action::parse(&o.action);
            if action.is_none() {
                p(format!(
                    "unknown action `{}` (allow, audit, warn, justify or block)",
                    o.action
                ));
            }
            if o.reason.trim().is_empty() {
                p("an override needs a `reason` (it is shown to employees and auditors)".into());
            }
            let tiers = match &o.tiers {
                None => None,
                Some(list) if list.is_empty() => {
                    p("`tiers` is empty; leave it out to apply the override in every tier".into());
                    None
                }
                Some(list) => {
                    let mut ts = Vec::new();
                    for &n in list {
                        match Tier::from_number(n) {
                            Some(t) => ts.push(t),
                            None => p(format!("tier must be 1 to 4, not {n}")),
                        }
                    }
                    Some(ts)
                }
            };
            if let (Some(Target::Detector(d)), Some(a)) = (&target, action) {
                if a < Action::Block
                    && detectors
                        .get(d)
                        .is_some_and(|(_, c)| *c == DataClass::Restricted)
                {
                    p(format!("detector `{d}` finds Restricted content, which is blocked in every tier; an override cannot set it to `{a}`"));
                }
            }
            let (Some(target), Some(action)) = (target, action) else {
                continue;
            };
            if problems.len() != before {
                continue;
            }
            let base: u8 = if matches!(target, Target::Detector(_)) {
                0
            } else {
                2
            };
            let strength = if tiers.is_some() { base } else { base + 1 };
            let index = m.overrides.len();
            for tier in tiers.clone().unwrap_or_else(|| Tier::ALL.to_vec()) {
                let key = (strength, target.clone(), tier);
                if !seen.insert(key.clone()) {
                    problems.push(err(file, l, format!(
                        "another override already sets {} in {tier}; merge them so the result does not depend on order",
                        describe(&target)
                    )));
                    continue;
                }
                m.index.insert(key, index);
            }
            m.overrides.push(Override {
                target,
                tiers,
                action,
                reason: o.reason,
                origin: format!("{file}:{l}"),
            });
        }
        m
    }
}

fn describe(t: &Target) -> String {
    match t {
        Target::Detector(d) => format!("detector `{d}`"),
        Target::Category(c) => format!("category `{}`", c.as_str()),
    }
}
