//! How to delete a conversation in a tool, for self-reports (the agent's answer and the incident
//! page): the `deletion` table of the tool's entry in the AI tool register of the latest rule
//! revision (`rules/tools/README.md`), or the register's generic steps for tools without one.
//! The register is compiled once per revision and kept.

use crate::db::DbError;
use crate::state::Shared;
use airlock_policy::Register;
use std::sync::Arc;

/// Deletion guidance for one tool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deletion {
    /// The steps, in order.
    pub steps: Vec<String>,
    /// The vendor's page where deletion starts, when the register names one.
    pub url: Option<String>,
}

impl Deletion {
    /// The steps with the vendor's page as a last step (for answers that carry text only).
    pub fn with_url_step(&self) -> Vec<String> {
        let mut out = self.steps.clone();
        if let Some(u) = &self.url {
            out.push(format!("The vendor's page for this: {u}"));
        }
        out
    }
}

/// The register of the latest revision, compiled (cached per revision).
async fn register(s: &Shared) -> Result<Option<Arc<Register>>, DbError> {
    let Some((latest, ..)) = s.db.revisions(1).await?.into_iter().next() else {
        return Ok(None);
    };
    if let Some((id, reg)) = s.registers.lock().ok().and_then(|c| c.clone()) {
        if id == latest {
            return Ok(Some(reg));
        }
    }
    let Some(rev) = s.db.revision(Some(latest)).await? else {
        return Ok(None);
    };
    let compiled = tokio::task::spawn_blocking(move || Register::from_files(&rev.files)).await;
    let Ok(Ok(reg)) = compiled else {
        // Saved revisions compile; if this one does not, the generic steps still help.
        tracing::warn!(
            revision = latest,
            "the register does not compile: generic deletion steps"
        );
        return Ok(None);
    };
    let reg = Arc::new(reg);
    if let Ok(mut c) = s.registers.lock() {
        *c = Some((latest, reg.clone()));
    }
    Ok(Some(reg))
}

/// How to delete a conversation in the tool with this register id.
pub async fn for_tool(s: &Shared, tool_id: Option<&str>) -> Result<Deletion, DbError> {
    let reg = register(s).await?.unwrap_or_default();
    let d = reg.deletion(tool_id);
    Ok(Deletion {
        steps: d.steps().into_iter().map(str::to_string).collect(),
        url: d.url().map(str::to_string),
    })
}
