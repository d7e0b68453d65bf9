//! The vocabulary of decisions: tool tiers, decision actions and the matrix columns.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A tool's approval tier (1 is the most trusted). A known AI tool absent from the register,
/// and any tool the agent cannot identify, is tier 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Tier {
    /// 1: Approved Enterprise.
    ApprovedEnterprise,
    /// 2: Approved General.
    ApprovedGeneral,
    /// 3: Under Evaluation.
    UnderEvaluation,
    /// 4: Unapproved (shadow AI).
    Unapproved,
}

impl Tier {
    /// All tiers, most trusted first.
    pub const ALL: [Tier; 4] = [
        Tier::ApprovedEnterprise,
        Tier::ApprovedGeneral,
        Tier::UnderEvaluation,
        Tier::Unapproved,
    ];

    /// The tier's number, 1 to 4.
    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    /// The tier with this number.
    pub fn from_number(n: i64) -> Option<Tier> {
        match n {
            1 => Some(Tier::ApprovedEnterprise),
            2 => Some(Tier::ApprovedGeneral),
            3 => Some(Tier::UnderEvaluation),
            4 => Some(Tier::Unapproved),
            _ => None,
        }
    }

    /// The tier's name as employees see it.
    pub fn label(self) -> &'static str {
        match self {
            Tier::ApprovedEnterprise => "Approved Enterprise",
            Tier::ApprovedGeneral => "Approved General",
            Tier::UnderEvaluation => "Under Evaluation",
            Tier::Unapproved => "Unapproved",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl TryFrom<u8> for Tier {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, String> {
        Tier::from_number(n.into()).ok_or_else(|| format!("tier must be 1 to 4, not {n}"))
    }
}

impl From<Tier> for u8 {
    fn from(t: Tier) -> u8 {
        t.number()
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "tier {} {}", self.number(), self.label())
    }
}

/// What happens to a content item, from the most to the least permissive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Allowed silently.
    Allow,
    /// Allowed and recorded.
    Audit,
    /// The user is warned and may continue or cancel.
    Warn,
    /// The user may continue only with a written business justification.
    Justify,
    /// Not allowed.
    Block,
}

impl Action {
    /// All actions, most permissive first.
    pub const ALL: [Action; 5] = [
        Action::Allow,
        Action::Audit,
        Action::Warn,
        Action::Justify,
        Action::Block,
    ];

    /// The action's name in rule files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Allow => "allow",
            Action::Audit => "audit",
            Action::Warn => "warn",
            Action::Justify => "justify",
            Action::Block => "block",
        }
    }

    /// Parses a name as written in rule files.
    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A column of the decision matrix. Restricted has no column: it is blocked in every tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// Nothing found.
    Public,
    /// Internal findings.
    Internal,
    /// Confidential findings.
    Confidential,
    /// Findings that are customer data (whatever their class below Restricted).
    CustomerData,
}

impl Column {
    /// All columns, in matrix order.
    pub const ALL: [Column; 4] = [
        Column::Public,
        Column::Internal,
        Column::Confidential,
        Column::CustomerData,
    ];

    /// The column's key in `policy.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Column::Public => "public",
            Column::Internal => "internal",
            Column::Confidential => "confidential",
            Column::CustomerData => "customer_data",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
