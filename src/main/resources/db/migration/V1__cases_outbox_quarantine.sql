CREATE SEQUENCE case_number_seq START WITH 1001;

CREATE TABLE clients (
    id          BIGSERIAL PRIMARY KEY,
    name        VARCHAR(300) NOT NULL UNIQUE
);

CREATE TABLE contacts (
    id          BIGSERIAL PRIMARY KEY,
    email       VARCHAR(320) NOT NULL UNIQUE,
    name        VARCHAR(300),
    kind        VARCHAR(20)  NOT NULL,
    client_id   BIGINT REFERENCES clients(id)
);

-- Every mail taken from an account, whatever became of it: the idempotency record and the raw mail.
CREATE TABLE inbound_mail (
    id              BIGSERIAL PRIMARY KEY,
    account         VARCHAR(100)  NOT NULL,
    idempotency_key VARCHAR(1100) NOT NULL,
    message_id      VARCHAR(998),
    from_address    VARCHAR(998),
    subject         VARCHAR(998),
    received_at     TIMESTAMPTZ   NOT NULL,
    outcome         VARCHAR(40)   NOT NULL,
    outcome_detail  TEXT,
    defects         TEXT,
    raw             BYTEA NOT NULL,
    CONSTRAINT inbound_mail_key UNIQUE (account, idempotency_key)
);

CREATE TABLE cases (
    id              BIGSERIAL PRIMARY KEY,
    number          BIGINT        NOT NULL UNIQUE DEFAULT nextval('case_number_seq'),
    account         VARCHAR(100)  NOT NULL,
    subject         VARCHAR(998)  NOT NULL,
    sender_address  VARCHAR(998),
    sender_name     VARCHAR(998),
    contact_id      BIGINT REFERENCES contacts(id),
    status          VARCHAR(30)   NOT NULL,
    queue           VARCHAR(100),
    created_at      TIMESTAMPTZ   NOT NULL,
    updated_at      TIMESTAMPTZ   NOT NULL
);

CREATE TABLE case_messages (
    id              BIGSERIAL PRIMARY KEY,
    case_id         BIGINT        NOT NULL REFERENCES cases(id),
    inbound_mail_id BIGINT REFERENCES inbound_mail(id),
    direction       VARCHAR(10)   NOT NULL,
    message_id      VARCHAR(998),
    from_address    VARCHAR(998),
    subject         VARCHAR(998),
    body_text       TEXT,
    body_html       TEXT,
    created_at      TIMESTAMPTZ   NOT NULL
);
CREATE INDEX case_messages_case ON case_messages(case_id);
CREATE INDEX case_messages_message_id ON case_messages(message_id);

CREATE TABLE case_comments (
    id              BIGSERIAL PRIMARY KEY,
    case_id         BIGINT        NOT NULL REFERENCES cases(id),
    case_message_id BIGINT REFERENCES case_messages(id),
    author          VARCHAR(998),
    body            TEXT          NOT NULL,
    created_at      TIMESTAMPTZ   NOT NULL
);
CREATE INDEX case_comments_case ON case_comments(case_id);

CREATE TABLE attachments (
    id                BIGSERIAL PRIMARY KEY,
    case_id           BIGINT        NOT NULL REFERENCES cases(id),
    case_message_id   BIGINT REFERENCES case_messages(id),
    filename          VARCHAR(400)  NOT NULL,
    original_filename VARCHAR(998),
    content_type      VARCHAR(255)  NOT NULL,
    size              BIGINT        NOT NULL,
    content_id        VARCHAR(998),
    inline            BOOLEAN       NOT NULL,
    sha256            CHAR(64)      NOT NULL,
    content           BYTEA NOT NULL
);
CREATE INDEX attachments_case ON attachments(case_id);

-- Mail to send, written in the transaction of the change that caused it.
CREATE TABLE outbox (
    id              BIGSERIAL PRIMARY KEY,
    event_key       VARCHAR(1100) NOT NULL UNIQUE,
    event           VARCHAR(60)   NOT NULL,
    case_id         BIGINT REFERENCES cases(id),
    account         VARCHAR(100),
    recipient       VARCHAR(998)  NOT NULL,
    sender          VARCHAR(998)  NOT NULL,
    reply_to        VARCHAR(998),
    subject         VARCHAR(998)  NOT NULL,
    body_text       TEXT          NOT NULL,
    body_html       TEXT,
    message_id      VARCHAR(998)  NOT NULL,
    in_reply_to     VARCHAR(998),
    references_ids  TEXT,
    auto_submitted  VARCHAR(30)   NOT NULL,
    status          VARCHAR(20)   NOT NULL,
    attempts        INT           NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ   NOT NULL,
    last_error      TEXT,
    created_at      TIMESTAMPTZ   NOT NULL,
    sent_at         TIMESTAMPTZ
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);

CREATE TABLE delivery_attempts (
    id              BIGSERIAL PRIMARY KEY,
    outbox_id       BIGINT        NOT NULL REFERENCES outbox(id),
    attempted_at    TIMESTAMPTZ   NOT NULL,
    outcome         VARCHAR(20)   NOT NULL,
    error           TEXT
);
CREATE INDEX delivery_attempts_outbox ON delivery_attempts(outbox_id);

-- Failed tries per mail; kept apart from the mail's own transaction, which rolled back.
CREATE TABLE inbound_failures (
    account         VARCHAR(100)  NOT NULL,
    idempotency_key VARCHAR(1100) NOT NULL,
    attempts        INT           NOT NULL,
    reasons         TEXT          NOT NULL,
    last_failed_at  TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (account, idempotency_key)
);

CREATE TABLE quarantine (
    id              BIGSERIAL PRIMARY KEY,
    account         VARCHAR(100)  NOT NULL,
    idempotency_key VARCHAR(1100) NOT NULL,
    message_id      VARCHAR(998),
    subject         VARCHAR(998),
    reasons         TEXT          NOT NULL,
    attempts        INT           NOT NULL,
    raw             BYTEA NOT NULL,
    quarantined_at  TIMESTAMPTZ   NOT NULL,
    replayed_at     TIMESTAMPTZ,
    replayed_by     VARCHAR(200)
);

-- Mail and attachment bytes are dense (compressed files, images, base64): pglz spends much effort for
-- little gain on them. Use lz4 where the server has it, else store them out of line uncompressed.
DO $$
BEGIN
    ALTER TABLE inbound_mail ALTER COLUMN raw SET COMPRESSION lz4;
    ALTER TABLE attachments  ALTER COLUMN content SET COMPRESSION lz4;
    ALTER TABLE quarantine   ALTER COLUMN raw SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    ALTER TABLE inbound_mail ALTER COLUMN raw SET STORAGE EXTERNAL;
    ALTER TABLE attachments  ALTER COLUMN content SET STORAGE EXTERNAL;
    ALTER TABLE quarantine   ALTER COLUMN raw SET STORAGE EXTERNAL;
END $$;
