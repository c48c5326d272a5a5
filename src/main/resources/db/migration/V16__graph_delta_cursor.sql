-- Microsoft Graph accounts: where the delta query of each account's folder stands, and the messages it
-- found that are not handled yet. Both change together, in one transaction per delta page, so a restart
-- neither misses a message nor takes one twice.
CREATE TABLE graph_cursors (
    account_id text PRIMARY KEY,
    mailbox    text NOT NULL,
    folder     text NOT NULL,
    link       text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE graph_pending (
    account_id text NOT NULL,
    message_id text NOT NULL,
    seq        bigserial,
    found_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, message_id)
);
