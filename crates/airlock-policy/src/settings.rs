//! Agent settings shipped in the bundle (`agent.toml`): extraction limits, check-in interval,
//! what events may carry, whether users may pause the agent, and how long a prompt waits.
//!
//! Every value has a default, so an empty or missing `agent.toml` is valid; every value is
//! range-checked so a typo cannot, say, turn the check-in interval into one second.

use crate::files::{err, toml_error, Problems};
use serde::{Deserialize, Serialize};

/// Limits on reading documents (see the extraction library); hitting one makes the content
/// unscannable, never clean.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExtractionLimits {
    /// Bytes read from one content item.
    pub max_bytes: u64,
    /// Total decompressed bytes of one content item.
    pub max_decompressed_bytes: u64,
    /// Largest decompressed/compressed ratio of an archive entry (zip bombs).
    pub max_ratio: u64,
    /// Archive nesting depth.
    pub max_depth: u32,
    /// Entries in one archive.
    pub max_entries: u32,
    /// Time budget per content item, in milliseconds.
    pub time_budget_ms: u64,
}

impl Default for ExtractionLimits {
    fn default() -> Self {
        ExtractionLimits {
            max_bytes: 256 << 20,
            max_decompressed_bytes: 512 << 20,
            max_ratio: 200,
            max_depth: 5,
            max_entries: 10_000,
            time_budget_ms: 10_000,
        }
    }
}

/// What the agent does when a prompt is not answered in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeoutChoice {
    /// Cancel the paste or upload (the safe default).
    Cancel,
}

/// The agent settings of a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AgentSettings {
    /// Seconds between check-ins (60 to 3600).
    pub checkin_interval_s: u32,
    /// Whether events may carry masked previews of findings.
    pub send_previews: bool,
    /// Whether users may pause the agent.
    pub allow_pause: bool,
    /// Longest pause, in minutes, when pausing is allowed.
    pub max_pause_minutes: u32,
    /// Seconds a prompt waits for an answer (10 to 3600).
    pub prompt_timeout_s: u32,
    /// What an unanswered prompt does.
    pub prompt_timeout_choice: TimeoutChoice,
    /// Document extraction limits.
    pub extraction: ExtractionLimits,
}

impl Default for AgentSettings {
    fn default() -> Self {
        AgentSettings {
            checkin_interval_s: 300,
            send_previews: false,
            allow_pause: false,
            max_pause_minutes: 15,
            prompt_timeout_s: 120,
            prompt_timeout_choice: TimeoutChoice::Cancel,
            extraction: ExtractionLimits::default(),
        }
    }
}

impl AgentSettings {
    /// Parses and range-checks `agent.toml`.
    pub(crate) fn compile(name: &str, text: &str, problems: &mut Problems) -> AgentSettings {
        let s: AgentSettings = match toml::from_str(text) {
            Ok(s) => s,
            Err(e) => {
                problems.push(toml_error(name, text, &e));
                return AgentSettings::default();
            }
        };
        let mut check = |key: &str, ok: bool, range: &str| {
            if !ok {
                let line = text
                    .lines()
                    .position(|l| l.trim_start().starts_with(key))
                    .map_or(1, |i| i + 1);
                problems.push(err(name, line, format!("`{key}` must be {range}")));
            }
        };
        check(
            "checkin_interval_s",
            (60..=3600).contains(&s.checkin_interval_s),
            "60 to 3600 seconds",
        );
        check(
            "prompt_timeout_s",
            (10..=3600).contains(&s.prompt_timeout_s),
            "10 to 3600 seconds",
        );
        check(
            "max_pause_minutes",
            (1..=1440).contains(&s.max_pause_minutes),
            "1 to 1440 minutes",
        );
        let x = &s.extraction;
        check(
            "max_bytes",
            (1 << 10..=1 << 40).contains(&x.max_bytes),
            "1 KiB to 1 TiB",
        );
        check(
            "max_decompressed_bytes",
            (1 << 10..=1 << 40).contains(&x.max_decompressed_bytes),
            "1 KiB to 1 TiB",
        );
        check(
            "max_ratio",
            (2..=100_000).contains(&x.max_ratio),
            "2 to 100000",
        );
        check("max_depth", (1..=64).contains(&x.max_depth), "1 to 64");
        check(
            "max_entries",
            (1..=10_000_000).contains(&x.max_entries),
            "1 to 10000000",
        );
        check(
            "time_budget_ms",
            (10..=600_000).contains(&x.time_budget_ms),
            "10 to 600000 ms",
        );
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_ranges() {
        let mut p = Vec::new();
        assert_eq!(
            AgentSettings::compile("agent.toml", "", &mut p),
            AgentSettings::default()
        );
        assert!(p.is_empty());
        let s = AgentSettings::compile(
            "agent.toml",
            "send_previews = true\ncheckin_interval_s = 1\n[extraction]\nmax_depth = 0\n",
            &mut p,
        );
        assert!(s.send_previews);
        let msgs: Vec<String> = p.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            msgs,
            [
                "agent.toml:2: `checkin_interval_s` must be 60 to 3600 seconds",
                "agent.toml:4: `max_depth` must be 1 to 64"
            ]
        );
        p.clear();
        AgentSettings::compile("agent.toml", "checkin = 5\n", &mut p);
        assert!(
            p[0].to_string()
                .starts_with("agent.toml:1: unknown field `checkin`"),
            "{p:?}"
        );
    }
}
