-- Who may write in and where their cases go: offices, jobs, clients, contacts, employees, tenants.
CREATE TABLE offices (
    id                  BIGSERIAL PRIMARY KEY,
    name                VARCHAR(300) NOT NULL UNIQUE,
    default_assignee_id BIGINT REFERENCES contacts(id)
);

CREATE TABLE jobs (
    id                  BIGSERIAL PRIMARY KEY,
    number              VARCHAR(100) NOT NULL UNIQUE,
    component           VARCHAR(100),
    name                VARCHAR(300),
    client_id           BIGINT REFERENCES clients(id),
    default_assignee_id BIGINT REFERENCES contacts(id)
);

ALTER TABLE clients ADD COLUMN region VARCHAR(100);
ALTER TABLE clients ADD COLUMN default_job_id BIGINT REFERENCES jobs(id);
ALTER TABLE clients ADD COLUMN default_component VARCHAR(100);
ALTER TABLE clients ADD COLUMN email_domains TEXT;            -- comma-separated, lower case
ALTER TABLE clients ADD COLUMN email VARCHAR(320);            -- where client notifications go
ALTER TABLE clients ADD COLUMN notify BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE contacts ADD COLUMN office_id BIGINT REFERENCES offices(id);
ALTER TABLE contacts ADD COLUMN default_job_id BIGINT REFERENCES jobs(id);
CREATE UNIQUE INDEX contacts_email_lower ON contacts(lower(email));

-- Agency-wide settings, one row per key (default_job: a job number).
CREATE TABLE agency_settings (
    key    VARCHAR(100) PRIMARY KEY,
    value  TEXT
);

ALTER TABLE cases ADD COLUMN client_id BIGINT REFERENCES clients(id);
ALTER TABLE cases ADD COLUMN job_id BIGINT REFERENCES jobs(id);
ALTER TABLE cases ADD COLUMN component VARCHAR(100);
ALTER TABLE cases ADD COLUMN office_id BIGINT REFERENCES offices(id);
ALTER TABLE cases ADD COLUMN assignee_id BIGINT REFERENCES contacts(id);
ALTER TABLE cases ADD COLUMN unregistered BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE cases ADD COLUMN assignment TEXT;                 -- which rule chose target and assignee
CREATE INDEX cases_unregistered ON cases(unregistered) WHERE unregistered;

-- Attachments that go along with an outbox mail (the assignee's notice carries the case's files).
CREATE TABLE outbox_attachments (
    outbox_id     BIGINT NOT NULL REFERENCES outbox(id),
    attachment_id BIGINT NOT NULL REFERENCES attachments(id),
    PRIMARY KEY (outbox_id, attachment_id)
);
