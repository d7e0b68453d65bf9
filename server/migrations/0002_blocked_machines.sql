-- Machines IT revoked: enrollment refuses them until IT allows them again.
CREATE TABLE blocked_machines (
    machine_id TEXT PRIMARY KEY,
    blocked_at BIGINT NOT NULL,
    blocked_by TEXT NOT NULL,
    hostname   TEXT NOT NULL
);
