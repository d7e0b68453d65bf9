//! Background work of a running server: writing buffered check-ins, following the newest
//! bundle (so long-polls on every replica wake within a second of a publish elsewhere),
//! re-signing before expiry, flagging silent devices, and forgetting old request ids.

use crate::db::now;
use crate::state::Shared;
use std::time::Duration;

/// Starts the background tasks; they end when the runtime does.
pub fn spawn(s: Shared) {
    if let Some(url) = s.config.webhook_url.clone() {
        tokio::spawn(crate::webhook::run(
            s.db.clone(),
            url,
            s.config.tenant.clone(),
        ));
    }
    let st = s.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_millis(500));
        loop {
            tick.tick().await;
            flush_checkins(&st).await;
        }
    });
    let st = s.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        loop {
            tick.tick().await;
            match st.db.latest_bundle().await {
                Ok(Some((v, sha))) => st.announce_bundle(v, sha),
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "could not read the newest bundle"),
            }
        }
    });
    let st = s.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            match crate::signing::resign_if_due(&st.db, &st.signer, now()).await {
                Ok(Some(v)) => {
                    tracing::info!(version = v, "re-signed the bundle before it expires")
                }
                Ok(None) => {}
                Err(e) => tracing::error!(error = %e, "could not re-sign the bundle"),
            }
        }
    });
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            if let Err(e) = housekeeping(&s).await {
                tracing::warn!(error = %e, "housekeeping failed");
            }
        }
    });
}

/// Writes buffered check-ins in one transaction.
pub async fn flush_checkins(s: &Shared) {
    let batch = s.drain_checkins();
    if batch.is_empty() {
        return;
    }
    if let Err(e) = s.db.record_checkins(&batch).await {
        tracing::error!(error = %e, devices = batch.len(), "could not record check-ins; keeping them for the next try");
        for (d, t, r) in batch {
            s.keep_checkin(&d, t, r);
        }
    }
}

/// Flags silent devices and forgets old request ids.
pub async fn housekeeping(s: &Shared) -> Result<(), crate::db::DbError> {
    let t = now();
    for (id, host, last) in
        s.db.silent_devices(t.saturating_sub(s.config.silent_after_s))
            .await?
    {
        s.db.raise_alert(
            Some(&id),
            "silent",
            &format!("{host} has not checked in since {last} (Unix time)"),
            &format!("silent:{id}:{last}"),
        )
        .await?;
    }
    s.db.prune_requests(t.saturating_sub(3600)).await?;
    Ok(())
}
