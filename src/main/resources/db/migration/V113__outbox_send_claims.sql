-- A send is claimed by one sender (a token, renewed by its heartbeat while it works); the row is marked
-- just before DATA, so a sender that stops between DATA and recording the answer leaves a row that is
-- known to be UNCERTAIN rather than one that is sent again.
ALTER TABLE outbox ADD COLUMN claim_token     VARCHAR(64);
ALTER TABLE outbox ADD COLUMN claimed_by      VARCHAR(200);
ALTER TABLE outbox ADD COLUMN lease_until     TIMESTAMPTZ;
ALTER TABLE outbox ADD COLUMN data_started_at TIMESTAMPTZ;
CREATE INDEX outbox_sending ON outbox(lease_until) WHERE status = 'SENDING';
