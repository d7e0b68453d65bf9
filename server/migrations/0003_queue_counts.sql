-- Events stored per device and queue epoch, kept in the transaction that stores them, so a
-- check-in's sequence-gap test reads one row instead of counting the device's events.
CREATE TABLE queue_counts (
    device_id   TEXT NOT NULL,
    queue_epoch TEXT NOT NULL,
    stored      BIGINT NOT NULL,
    PRIMARY KEY (device_id, queue_epoch)
);
INSERT INTO queue_counts (device_id, queue_epoch, stored)
    SELECT device_id, queue_epoch, COUNT(*) FROM events GROUP BY device_id, queue_epoch;
