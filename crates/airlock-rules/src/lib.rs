//! The shipped rules directory (`rules/`: policy, agent settings, AUP, detectors, EDM sets, the
//! AI tool register), embedded at build time. The CLI scans with it when no rules are given;
//! the server seeds its first policy revision from it.

use airlock_policy::RuleFile;

include!(concat!(env!("OUT_DIR"), "/default_rules.rs"));

/// The shipped rules directory as rule files, sorted by path.
pub fn default_files() -> Vec<RuleFile> {
    DEFAULT_RULES
        .iter()
        .map(|(n, t)| RuleFile::new(*n, *t))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_shipped_rules_compile() {
        let files = super::default_files();
        assert!(files.iter().any(|f| f.path == "policy.toml"));
        assert!(files.iter().any(|f| f.path.starts_with("tools/")));
        airlock_policy::Policy::compile(&files).unwrap();
    }
}
