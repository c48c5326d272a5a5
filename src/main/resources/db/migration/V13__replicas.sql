-- Replicas. Who owns which account's poller: one row per account route, held by renewing it before it
-- expires (times are the database's, so replicas' clocks never matter).
CREATE TABLE cluster_leases (
    namespace   VARCHAR(200) PRIMARY KEY,
    owner       VARCHAR(200) NOT NULL,
    acquired_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ  NOT NULL
);

-- The replicas alive right now (each renews its row), so accounts can be spread over them.
CREATE TABLE cluster_members (
    member_id VARCHAR(200) PRIMARY KEY,
    seen_at   TIMESTAMPTZ  NOT NULL
);

-- A mail is claimed in the transaction that records it: the replica whose insert does nothing lost the
-- race and leaves the mail to the one that won.
CREATE TABLE inbound_claims (
    account         VARCHAR(200)  NOT NULL,
    idempotency_key VARCHAR(1100) NOT NULL,
    claimed_at      TIMESTAMPTZ   NOT NULL DEFAULT now(),
    PRIMARY KEY (account, idempotency_key)
);
