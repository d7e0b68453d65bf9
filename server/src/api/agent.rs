//! The agent API (`/api/agent/v1`): enroll, check-in with long-poll, bundle download, event
//! batches, AUP acknowledgments and access requests. The device is always the token's device:
//! nothing in a body or path can name another one.

use super::body::json;
use super::error::ApiError;
use crate::db::now;
use crate::state::Shared;
use airlock_wire::validate::{self, MAX_BATCH};
use airlock_wire::{
    AccessRequest, AccessRequestList, AupAck, AupAckResponse, BundleRef, CheckinRequest,
    CheckinResponse, EnrollRequest, EnrollResponse, EventBatch, EventBatchResponse, EventResult,
    EventStatus, UploadLimits,
};
use axum::body::Body;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use std::net::SocketAddr;
use std::time::Duration;

/// Largest enroll, check-in and small bodies.
const SMALL: usize = 16 * 1024;
/// Largest event batch on the wire, and inflated.
const BATCH_WIRE: usize = 1024 * 1024;
const BATCH_INFLATED: usize = 4 * 1024 * 1024;
/// How far a request's `sent_at` may be from server time.
const SKEW_S: u64 = 300;

/// The device of a request's bearer token, after its rate limit.
async fn device(s: &Shared, headers: &HeaderMap) -> Result<String, ApiError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "missing_token",
                "send the device token as `Authorization: Bearer <token>` (enroll first)",
            )
        })?;
    if token.len() > 200 {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_token",
            "the device token is not valid",
        ));
    }
    let id = s.db.device_of_token(token).await?.ok_or_else(|| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_token",
            "the device token is unknown or revoked: enroll again",
        )
    })?;
    if let Err(wait) = s.limits.device.take(&id) {
        s.metrics.add("rate_limited", 1);
        return Err(ApiError::rate_limited(wait));
    }
    Ok(id)
}

fn fresh(sent_at: u64) -> Result<(), ApiError> {
    let t = now();
    if sent_at.saturating_add(SKEW_S) < t || sent_at > t.saturating_add(SKEW_S) {
        return Err(ApiError::bad(
            "stale_request",
            format!(
                "the request says it was sent at {sent_at} but server time is {t}: \
                 requests older than {SKEW_S} s are refused as replays; check the device clock"
            ),
        ));
    }
    Ok(())
}

async fn not_replayed(s: &Shared, device: &str, request_id: &str) -> Result<(), ApiError> {
    validate::id("request_id", request_id)
        .map_err(|e| ApiError::bad("invalid_field", e.to_string()))?;
    if !s.db.first_use_of_request(device, request_id).await? {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "replayed_request",
            "this request id was already used: send a fresh request id for each attempt",
        ));
    }
    Ok(())
}

fn invalid(e: validate::Invalid) -> ApiError {
    ApiError::bad("invalid_field", e.to_string())
}

/// `POST /enroll`.
pub async fn enroll(
    State(s): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<EnrollResponse>, ApiError> {
    let ip = super::client_ip(&s, peer, &headers);
    if let Err(wait) = s.limits.enroll_ip.take(&ip) {
        s.metrics.add("rate_limited", 1);
        return Err(ApiError::rate_limited(wait));
    }
    if let Err(wait) = s.limits.enroll_all.take(&()) {
        s.metrics.add("rate_limited", 1);
        s.db.raise_alert(
            None,
            "enroll_flood",
            "enrollments exceed the global rate",
            &format!("enroll_flood:{}", now() / 3600),
        )
        .await?;
        return Err(ApiError::rate_limited(wait));
    }
    let req: EnrollRequest = json(&headers, body, SMALL, SMALL).await?;
    // The body is read before taking a slot: slow senders must not hold slots.
    let _permit = s.limits.admit().ok_or_else(ApiError::busy)?;
    validate::enroll(&req).map_err(invalid)?;
    if s.db.is_blocked(&req.machine.machine_id).await? {
        tracing::warn!(peer = %ip, "enrollment refused: the machine is blocked");
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "machine_blocked",
            "IT revoked this machine: it cannot enroll until IT allows it again",
        ));
    }
    let Some(e) =
        s.db.enroll(&req.enroll_secret, &req.machine, &req.agent_version)
            .await?
    else {
        s.metrics.add("enroll_refused", 1);
        tracing::warn!(peer = %ip, "enrollment refused: unknown or revoked secret");
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_enroll_secret",
            "the enrollment secret is unknown or revoked: ask IT for the current one",
        ));
    };
    s.metrics.add("enrollments", 1);
    if let Some(old) = &e.replaced {
        s.db.audit(
            "agent",
            "re-enrollment",
            &format!("device {old} replaced by {}", e.device_id),
        )
        .await?;
    }
    tracing::info!(device = %e.device_id, replaced = ?e.replaced, "device enrolled");
    Ok(Json(EnrollResponse {
        device_id: e.device_id,
        device_token: e.token,
        tenant: s.config.tenant.clone(),
        server_time: now(),
        checkin_interval_s: s.config.checkin_interval_s,
    }))
}

/// Checks the reported queue for gaps and resets, raising alerts. One read in the common case
/// (the stored epoch, sequence number and event count come in one query); a write only when
/// the epoch changes (first report, or a queue created anew). A sequence number that advances
/// within the epoch is recorded by the batched check-in write.
async fn check_queue(s: &Shared, device: &str, c: &CheckinRequest) -> Result<(), ApiError> {
    let q = &c.queue;
    if q.epoch.is_empty() {
        return Ok(());
    }
    let Some(known) = s.db.queue_state(device, &q.epoch).await? else {
        return Ok(());
    };
    if known.epoch != q.epoch {
        if !known.epoch.is_empty() {
            s.db.raise_alert(
                Some(device),
                "queue_reset",
                &format!("the device's event queue was created anew (epoch {} -> {}): events may be lost", known.epoch, q.epoch),
                &format!("queue_reset:{device}:{}", q.epoch),
            )
            .await?;
        }
        s.db.set_queue(device, &q.epoch, q.last_seq).await?;
    }
    if q.pending == 0 && q.last_seq > 0 {
        // Events the server rejected were dead-lettered by the agent: not missing.
        let missing = (q.last_seq.min(i64::MAX as u64) as i64)
            .saturating_sub(known.stored)
            .saturating_sub(q.dead_letter.min(i64::MAX as u64) as i64);
        if missing > 0 {
            s.db.raise_alert(
                Some(device),
                "seq_gap",
                &format!(
                    "{missing} of {} events of queue {} never arrived though the device says none are pending",
                    q.last_seq, q.epoch
                ),
                &format!("seq_gap:{device}:{}", q.epoch),
            )
            .await?;
        }
    }
    Ok(())
}

/// `POST /checkin`: records the report, answers at once if a newer bundle exists, otherwise
/// holds the answer up to `wait_s` until one is published.
pub async fn checkin(
    State(s): State<Shared>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<CheckinResponse>, ApiError> {
    let device = device(&s, &headers).await?;
    let c: CheckinRequest = {
        let c: CheckinRequest = json(&headers, body, SMALL, SMALL).await?;
        // The body is read before taking a slot: slow senders must not hold slots.
        let _permit = s.limits.admit().ok_or_else(ApiError::busy)?;
        validate::checkin(&c).map_err(invalid)?;
        fresh(c.sent_at)?;
        check_queue(&s, &device, &c).await?;
        for signal in &c.health.tamper_signals {
            s.db.raise_alert(
                Some(&device),
                "tamper",
                &format!("the agent reports `{signal}`"),
                &format!("tamper:{device}:{signal}"),
            )
            .await?;
        }
        s.buffer_checkin(&device, now(), c.clone());
        c
    };
    let mut rx = s.latest.subscribe();
    let newer = |l: &(i64, String)| l.0 > c.policy.version as i64;
    if !newer(&rx.borrow()) && c.wait_s > 0 {
        if let Some(_slot) = s.limits.wait_slot() {
            let hold = c.wait_s.min(s.config.max_wait_s);
            // Answer a little early, at a random point, so agents do not come back in lockstep.
            let jitter = if hold > 4 {
                rand::random::<u64>() % (hold / 4)
            } else {
                0
            };
            let _ =
                tokio::time::timeout(Duration::from_secs(hold - jitter), rx.wait_for(newer)).await;
        }
    }
    let latest = rx.borrow().clone();
    let bundle = newer(&latest).then(|| BundleRef {
        version: latest.0 as u64,
        sha256: latest.1.clone(),
        path: airlock_wire::paths::bundle(latest.0 as u64),
    });
    let base = s.config.checkin_interval_s;
    let spread = (base / 10).max(1);
    Ok(Json(CheckinResponse {
        server_time: now(),
        next_checkin_s: base - spread + rand::random::<u64>() % (2 * spread + 1),
        bundle,
        upload: UploadLimits {
            max_batch: MAX_BATCH as u64,
            max_bytes: BATCH_INFLATED as u64,
        },
    }))
}

/// `GET /bundles/{version}`: a signed bundle file.
pub async fn bundle(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(version): Path<String>,
) -> Result<Response, ApiError> {
    let _device = device(&s, &headers).await?;
    let v: i64 =
        version.parse().ok().filter(|v| *v > 0).ok_or_else(|| {
            ApiError::bad("invalid_version", "a bundle version is a positive number")
        })?;
    let _permit = s.limits.admit().ok_or_else(ApiError::busy)?;
    let b = s.db.bundle(Some(v)).await?.ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown_bundle",
            format!("there is no bundle version {v}"),
        )
    })?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (
                header::CACHE_CONTROL,
                "private, max-age=31536000, immutable",
            ),
        ],
        b.file,
    )
        .into_response())
}

/// `POST /events`: stores each event once; answers per event, in order.
pub async fn events(
    State(s): State<Shared>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<EventBatchResponse>, ApiError> {
    let device = device(&s, &headers).await?;
    let batch: EventBatch = json(&headers, body, BATCH_WIRE, BATCH_INFLATED).await?;
    // The body is read before taking a slot: slow senders must not hold slots.
    let _permit = s.limits.admit().ok_or_else(ApiError::busy)?;
    fresh(batch.sent_at)?;
    validate::id("queue_epoch", &batch.queue_epoch).map_err(invalid)?;
    if batch.events.len() > MAX_BATCH {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "batch_too_large",
            format!("a batch holds at most {MAX_BATCH} events"),
        ));
    }
    not_replayed(&s, &device, &batch.request_id).await?;
    let mut out: Vec<Option<EventResult>> = vec![None; batch.events.len()];
    let mut good = Vec::new();
    let mut good_at = Vec::new();
    for (i, e) in batch.events.iter().enumerate() {
        match validate::event(&format!("events[{i}]"), e) {
            Ok(()) => {
                good.push(e.clone());
                good_at.push(i);
            }
            Err(err) => {
                out[i] = Some(EventResult {
                    // Echoed only when it is a plain id (it may be anything).
                    event_id: if validate::id("", &e.event_id).is_ok() {
                        e.event_id.clone()
                    } else {
                        String::new()
                    },
                    status: EventStatus::Rejected,
                    error: Some(err.to_string()),
                    guidance: None,
                })
            }
        }
    }
    let rejected = batch.events.len() - good.len();
    let (statuses, created) =
        s.db.store_events(
            &device,
            &batch.queue_epoch,
            &good,
            s.config.webhook_url.is_some(),
        )
        .await?;
    s.metrics.add("events_created", created.len() as u64);
    s.metrics
        .add("events_duplicate", (good.len() - created.len()) as u64);
    s.metrics.add("events_rejected", rejected as u64);
    for ((i, e), st) in good_at.into_iter().zip(&good).zip(statuses) {
        out[i] = Some(EventResult {
            event_id: e.event_id.clone(),
            status: st,
            error: None,
            guidance: guidance(&s, e).await?,
        });
    }
    let out: Vec<EventResult> = out.into_iter().flatten().collect();
    if !created.is_empty() {
        tracing::info!(device = %device, created = created.len(), "events stored");
    }
    Ok(Json(EventBatchResponse {
        server_time: now(),
        results: out,
    }))
}

/// What the reporter of a self-report is told: what happens next, how to delete the
/// conversation in that tool, and the notification deadline the security team works to.
async fn guidance(
    s: &Shared,
    e: &airlock_wire::Event,
) -> Result<Option<airlock_wire::Guidance>, ApiError> {
    let airlock_wire::EventKind::SelfReport { tool, .. } = &e.kind else {
        return Ok(None);
    };
    let deletion = crate::console::deletion::for_tool(s, tool.id.as_deref()).await?;
    let notify_by = now() + 72 * 3600;
    Ok(Some(airlock_wire::Guidance {
        next: vec![
            "Thank you: reporting quickly is the right thing to do, and it is not a disciplinary matter.".into(),
            "Delete the conversation now, following the steps below, and do not paste the data again.".into(),
            "IT security has been notified and will contact you; keep a note of what was shared and when.".into(),
            format!(
                "If personal data was involved, the security team decides by {} whether the data protection \
                 authority must be notified (72 hours under GDPR).",
                airlock_policy::time::rfc3339(notify_by)
            ),
        ],
        delete_steps: deletion.with_url_step(),
        notify_by,
    }))
}

/// `POST /aup-acks`.
pub async fn aup_ack(
    State(s): State<Shared>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<AupAckResponse>, ApiError> {
    let device = device(&s, &headers).await?;
    let a: AupAck = json(&headers, body, SMALL, SMALL).await?;
    // The body is read before taking a slot: slow senders must not hold slots.
    let _permit = s.limits.admit().ok_or_else(ApiError::busy)?;
    fresh(a.sent_at)?;
    validate::aup_ack(&a).map_err(invalid)?;
    not_replayed(&s, &device, &a.request_id).await?;
    let created = s.db.store_ack(&device, &a).await?;
    Ok(Json(AupAckResponse {
        status: if created {
            EventStatus::Created
        } else {
            EventStatus::Duplicate
        },
    }))
}

/// `POST /access-requests`.
pub async fn file_access_request(
    State(s): State<Shared>,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<AupAckResponse>), ApiError> {
    let device = device(&s, &headers).await?;
    let a: AccessRequest = json(&headers, body, SMALL, SMALL).await?;
    // The body is read before taking a slot: slow senders must not hold slots.
    let _permit = s.limits.admit().ok_or_else(ApiError::busy)?;
    fresh(a.sent_at)?;
    validate::access_request(&a).map_err(invalid)?;
    not_replayed(&s, &device, &a.request_id).await?;
    let created = s.db.store_access_request(&device, &a).await?;
    Ok(if created {
        (
            StatusCode::CREATED,
            Json(AupAckResponse {
                status: EventStatus::Created,
            }),
        )
    } else {
        (
            StatusCode::OK,
            Json(AupAckResponse {
                status: EventStatus::Duplicate,
            }),
        )
    })
}

/// `GET /access-requests`: the device's own.
pub async fn list_access_requests(
    State(s): State<Shared>,
    headers: HeaderMap,
) -> Result<Json<AccessRequestList>, ApiError> {
    let device = device(&s, &headers).await?;
    let _permit = s.limits.admit().ok_or_else(ApiError::busy)?;
    Ok(Json(AccessRequestList {
        requests: s.db.device_access_requests(&device).await?,
    }))
}
