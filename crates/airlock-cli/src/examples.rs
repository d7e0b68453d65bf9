//! Runs every detector's inline examples against a compiled policy (part of `rules check`):
//! a detector whose own examples fail is reported as `file:line: message` like a syntax error.

use airlock_policy::Policy;

/// The failures, one line each.
pub fn check(policy: &Policy) -> Vec<String> {
    airlock_classifier::check_examples(policy.scanner())
        .into_iter()
        .map(|e| e.to_string())
        .collect()
}
