//! Saving and publishing rules from the console: every edit compiles the whole rules directory
//! first (nothing is saved when it does not compile; the problems come back as
//! `file:line: message`), is saved as a new revision, and may then be signed and published as
//! the next bundle version, waking the agents waiting in long-polls.

use super::error::{ConsoleError, Result};
use crate::db::policy::Revision;
use crate::state::Shared;
use airlock_policy::{Policy, RuleFile};

/// Compiles files off the async workers; the problems as `file:line: message` lines.
pub async fn compile(files: Vec<RuleFile>) -> Result<std::result::Result<Policy, Vec<String>>> {
    tokio::task::spawn_blocking(move || {
        Policy::compile(&files).map_err(|e| e.0.iter().map(|p| p.to_string()).collect())
    })
    .await
    .map_err(|e| ConsoleError::internal("compiling the rules", e))
}

/// The latest revision (there is always one: the server saves the shipped rules on first start).
pub async fn latest(s: &Shared) -> Result<Revision> {
    s.db.revision(None)
        .await?
        .ok_or_else(|| ConsoleError::Internal("no rule revision is stored yet".into()))
}

/// Replaces (or adds) files of a revision, keeping every other file byte-identical.
pub fn replace(files: &[RuleFile], changed: &[RuleFile]) -> Vec<RuleFile> {
    let mut out: Vec<RuleFile> = files
        .iter()
        .map(|f| {
            changed
                .iter()
                .find(|c| c.path == f.path)
                .unwrap_or(f)
                .clone()
        })
        .collect();
    for c in changed {
        if !files.iter().any(|f| f.path == c.path) {
            out.push(c.clone());
        }
    }
    out
}

/// What saving produced.
pub enum Saved {
    /// The new revision's number.
    Revision(i64),
    /// Nothing was saved: the rules do not compile.
    Invalid(Vec<String>),
}

/// Compiles `files` and, when they compile, saves them as a new revision by `who`.
pub async fn save(s: &Shared, who: &str, files: Vec<RuleFile>, message: &str) -> Result<Saved> {
    if let Err(problems) = compile(files.clone()).await? {
        return Ok(Saved::Invalid(problems));
    }
    let id = s.db.save_revision(&files, who, message).await?;
    s.db.audit(who, "save_revision", &format!("revision {id}: {message}"))
        .await?;
    Ok(Saved::Revision(id))
}

/// Signs and stores revision `rev` as the next bundle and tells long-polling agents. Returns
/// the bundle version.
pub async fn publish(s: &Shared, who: &str, rev: &Revision, origin: &str) -> Result<i64> {
    let version = crate::signing::publish(&s.db, &s.signer, rev.id, &rev.files, origin, who)
        .await
        .map_err(|e| ConsoleError::internal("publishing the bundle", format!("{e:#}")))?;
    let b = s.db.bundle(Some(version)).await?.ok_or_else(|| {
        ConsoleError::Internal(format!("bundle {version} vanished after publishing"))
    })?;
    s.announce_bundle(version, b.sha256);
    s.db.audit(
        who,
        "publish",
        &format!("bundle {version} from revision {} ({origin})", rev.id),
    )
    .await?;
    Ok(version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_keeps_other_files() {
        let files = vec![RuleFile::new("a", "1"), RuleFile::new("b", "2")];
        let out = replace(&files, &[RuleFile::new("b", "3"), RuleFile::new("c", "4")]);
        assert_eq!(
            out,
            vec![
                RuleFile::new("a", "1"),
                RuleFile::new("b", "3"),
                RuleFile::new("c", "4")
            ]
        );
    }
}
