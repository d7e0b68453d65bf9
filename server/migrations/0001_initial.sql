-- Airlock server schema, version 1. The same SQL runs on SQLite and PostgreSQL: ids are text,
-- times are Unix seconds in BIGINT, JSON is stored as TEXT.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE enroll_secrets (
    id          TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL UNIQUE,
    label       TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    created_by  TEXT NOT NULL,
    revoked_at  BIGINT
);

CREATE TABLE devices (
    id             TEXT PRIMARY KEY,
    machine_id     TEXT NOT NULL,
    hostname       TEXT NOT NULL,
    os             TEXT NOT NULL,
    os_version     TEXT NOT NULL,
    user_name      TEXT,
    agent_version  TEXT NOT NULL,
    policy_version BIGINT NOT NULL DEFAULT 0,
    policy_state   TEXT NOT NULL DEFAULT 'none',
    policy_error   TEXT,
    enrolled_at    BIGINT NOT NULL,
    last_seen      BIGINT NOT NULL,
    secret_id      TEXT NOT NULL,
    replaced_by    TEXT,
    queue_epoch    TEXT NOT NULL DEFAULT '',
    last_seq       BIGINT NOT NULL DEFAULT 0,
    pending        BIGINT NOT NULL DEFAULT 0,
    dead_letter    BIGINT NOT NULL DEFAULT 0,
    unrecorded     BIGINT NOT NULL DEFAULT 0,
    tamper         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX devices_machine ON devices (machine_id);

CREATE TABLE device_tokens (
    token_hash TEXT PRIMARY KEY,
    device_id  TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX device_tokens_device ON device_tokens (device_id);

-- Request ids seen recently, per device: a replayed request is refused.
CREATE TABLE seen_requests (
    device_id  TEXT NOT NULL,
    request_id TEXT NOT NULL,
    seen_at    BIGINT NOT NULL,
    PRIMARY KEY (device_id, request_id)
);
CREATE INDEX seen_requests_time ON seen_requests (seen_at);

-- Events (incidents, self-reports, false positives, tools seen, tamper signals).
CREATE TABLE events (
    id             TEXT PRIMARY KEY,
    device_id      TEXT NOT NULL,
    event_id       TEXT NOT NULL,
    queue_epoch    TEXT NOT NULL,
    seq            BIGINT NOT NULL,
    kind           TEXT NOT NULL,
    occurred_at    BIGINT NOT NULL,
    received_at    BIGINT NOT NULL,
    policy_version BIGINT NOT NULL,
    user_name      TEXT,
    tool_id        TEXT,
    tool_name      TEXT,
    tool_tier      BIGINT,
    tool_domain    TEXT,
    action         TEXT,
    outcome        TEXT,
    data_class     TEXT,
    detectors      TEXT NOT NULL DEFAULT '',
    body           TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'new',
    UNIQUE (device_id, event_id)
);
CREATE INDEX events_received ON events (received_at);
CREATE INDEX events_device_seq ON events (device_id, queue_epoch, seq);
CREATE INDEX events_kind ON events (kind, received_at);

CREATE TABLE event_notes (
    id          TEXT PRIMARY KEY,
    event_ref   TEXT NOT NULL,
    author      TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    status_from TEXT NOT NULL,
    status_to   TEXT NOT NULL,
    note        TEXT NOT NULL
);
CREATE INDEX event_notes_event ON event_notes (event_ref);

-- Per-tool usage seen on the fleet (registered or not), per user.
CREATE TABLE tool_sightings (
    tool_key   TEXT NOT NULL,
    user_key   TEXT NOT NULL,
    tool_id    TEXT,
    tool_name  TEXT NOT NULL,
    domain     TEXT,
    app        TEXT,
    visits     BIGINT NOT NULL,
    first_seen BIGINT NOT NULL,
    last_seen  BIGINT NOT NULL,
    PRIMARY KEY (tool_key, user_key)
);

CREATE TABLE aup_acks (
    device_id   TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    aup_version TEXT NOT NULL,
    acked_at    BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (device_id, user_name, aup_version)
);

CREATE TABLE access_requests (
    id          TEXT PRIMARY KEY,
    device_id   TEXT NOT NULL,
    access_id   TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    tool_id     TEXT,
    tool_name   TEXT NOT NULL,
    tool_tier   BIGINT,
    data_class  TEXT NOT NULL,
    reason      TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending',
    created_at  BIGINT NOT NULL,
    decided_at  BIGINT,
    decided_by  TEXT,
    note        TEXT,
    UNIQUE (device_id, access_id)
);

-- Alerts for the dashboard: sequence gaps, queue resets, silent devices, tamper signals.
CREATE TABLE alerts (
    id         TEXT PRIMARY KEY,
    device_id  TEXT,
    kind       TEXT NOT NULL,
    detail     TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    closed_at  BIGINT,
    dedupe     TEXT NOT NULL UNIQUE
);

-- Rule revisions: every saved state of the rules directory (JSON list of files).
CREATE TABLE rule_revisions (
    id         BIGINT PRIMARY KEY,
    files      TEXT NOT NULL,
    author     TEXT NOT NULL,
    message    TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Signed bundles, by their tenant-wide monotonic version.
CREATE TABLE bundles (
    version    BIGINT PRIMARY KEY,
    revision   BIGINT NOT NULL,
    sha256     TEXT NOT NULL,
    file       TEXT NOT NULL,
    issued_at  BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    origin     TEXT NOT NULL,
    created_by TEXT NOT NULL
);

CREATE TABLE admins (
    name          TEXT PRIMARY KEY,
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    disabled      BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,
    admin      TEXT NOT NULL,
    csrf       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE audit_log (
    id     TEXT PRIMARY KEY,
    at     BIGINT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);

-- Events waiting to be delivered to the SIEM webhook.
CREATE TABLE webhook_outbox (
    event_ref    TEXT PRIMARY KEY,
    attempts     BIGINT NOT NULL DEFAULT 0,
    next_attempt BIGINT NOT NULL,
    last_error   TEXT
);
