-- Addresses that must not get automatic mail for a while (or until cleared), from bounces.
CREATE TABLE address_blocks (
    id          BIGSERIAL PRIMARY KEY,
    address     VARCHAR(320) NOT NULL,
    reason      VARCHAR(60)  NOT NULL,
    detail      TEXT,
    created_at  TIMESTAMPTZ  NOT NULL,
    until       TIMESTAMPTZ,             -- NULL: until an operator clears it
    cleared_at  TIMESTAMPTZ,
    cleared_by  VARCHAR(200)
);
CREATE INDEX address_blocks_active ON address_blocks(address) WHERE cleared_at IS NULL;

-- Cases that drew a mail flood: no automatic mail about them for a while.
CREATE TABLE case_blocks (
    id          BIGSERIAL PRIMARY KEY,
    case_id     BIGINT       NOT NULL REFERENCES cases(id),
    reason      VARCHAR(60)  NOT NULL,
    detail      TEXT,
    created_at  TIMESTAMPTZ  NOT NULL,
    until       TIMESTAMPTZ  NOT NULL,
    cleared_at  TIMESTAMPTZ,
    cleared_by  VARCHAR(200)
);
CREATE INDEX case_blocks_active ON case_blocks(case_id) WHERE cleared_at IS NULL;

-- Why an outbox row was not sent (NOT_SENT, BLOCKED); written with the row, never skipped silently.
ALTER TABLE outbox ADD COLUMN not_sent_reason TEXT;
CREATE INDEX outbox_recipient_created ON outbox(lower(recipient), created_at);
