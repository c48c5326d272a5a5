-- Client notifications are set up per region (which events, reply-to, portal URL, follow-up days,
-- which statuses notify); a client must be in the region and opted in.
CREATE TABLE regions (
    name                  VARCHAR(100) PRIMARY KEY,
    notifications_active  BOOLEAN      NOT NULL DEFAULT FALSE,
    events                TEXT,          -- comma-separated: request-accepted, request-rejected, case-opened,
                                         -- status-changed, case-closed, follow-up
    reply_to              VARCHAR(320),
    portal_url            VARCHAR(1000),
    follow_up_days        INT,
    notify_statuses       TEXT           -- comma-separated statuses that notify on status-changed
);

-- What happened to a case and who did it.
CREATE TABLE case_events (
    id          BIGSERIAL PRIMARY KEY,
    case_id     BIGINT       NOT NULL REFERENCES cases(id),
    event       VARCHAR(60)  NOT NULL,
    detail      TEXT,
    actor       VARCHAR(200) NOT NULL,
    at          TIMESTAMPTZ  NOT NULL
);
CREATE INDEX case_events_case ON case_events(case_id);

ALTER TABLE cases ADD COLUMN follow_up_due_at TIMESTAMPTZ;
ALTER TABLE cases ADD COLUMN follow_up_done_at TIMESTAMPTZ;
CREATE INDEX cases_follow_up_due ON cases(follow_up_due_at) WHERE follow_up_done_at IS NULL;
