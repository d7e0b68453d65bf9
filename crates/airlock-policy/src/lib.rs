//! The policy engine and signed rule bundles of Airlock. Pure: no I/O beyond parsing, no async.
//!
//! - [`Policy::compile`] turns the files of a rules directory (detectors, the AI tool
//!   register, the decision matrix with overrides, tuning, the AUP, agent settings) into a
//!   validated policy, reporting every problem as `file:line: message`.
//! - [`Register::identify`] tells which AI tool is in focus (URL, desktop app, window title);
//!   an AI tool absent from the register is tier 4.
//! - [`Policy::decide`] turns a tool and a classifier verdict into a [`Decision`] with its
//!   reasons: which findings, which matrix cell, which override, which suppression.
//! - [`deletion`] holds each tool's steps for deleting a conversation, from the register.
//! - [`bundle`] signs and verifies bundles: root-signed key lists, signed snapshots, rollback
//!   and equivocation refusal, expiry reported as stale but still enforced.

pub mod bundle;
mod decide;
pub mod deletion;
mod files;
mod matrix;
mod policy;
mod register;
mod settings;
mod tier;
pub mod time;
mod tuning;

pub use decide::{Decision, Offers, Reason, Rule, Suppressed};
pub use files::{is_bundle_path, role_of, FileRole, RuleFile};
pub use matrix::{Matrix, Override, Target, DEFAULT_MATRIX};
pub use policy::{Aup, DetectorInfo, Policy};
pub use register::{Focus, Register, Tool, ToolSpec, KINDS};
pub use settings::{AgentSettings, ExtractionLimits, TimeoutChoice};
pub use tier::{Action, Column, Tier};
pub use tuning::{Mode, Suppression, Tuning};
