-- A quarantined mail is replayed on request; who asked and how it went are kept on the row.
ALTER TABLE quarantine ADD COLUMN replay_requested_at TIMESTAMPTZ;
ALTER TABLE quarantine ADD COLUMN replay_requested_by VARCHAR(200);
ALTER TABLE quarantine ADD COLUMN replay_result TEXT;
CREATE INDEX quarantine_key ON quarantine(account, idempotency_key);
