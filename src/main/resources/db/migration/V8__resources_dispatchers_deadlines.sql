-- Resources hold cases (a case's queue names its resource). A resource's address receives the
-- auto-mail about the cases it holds and sends it; escalation moves a case to its escalation resource.
CREATE TABLE resources (
    name                 VARCHAR(100) PRIMARY KEY,
    email                VARCHAR(320),
    display_name         VARCHAR(300),
    escalation_resource  VARCHAR(100)
);

-- Employees with dispatcher rights; the acting dispatcher of a case is the one who forwarded it.
ALTER TABLE contacts ADD COLUMN dispatcher BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE cases ADD COLUMN dispatcher_id BIGINT REFERENCES contacts(id);

ALTER TABLE cases ADD COLUMN deadline_at TIMESTAMPTZ;
ALTER TABLE cases ADD COLUMN deadline_passed_at TIMESTAMPTZ;
CREATE INDEX cases_deadline_due ON cases(deadline_at) WHERE deadline_passed_at IS NULL;

-- Days may be fractional, so a demo or a trial region can follow up within minutes.
ALTER TABLE regions ALTER COLUMN follow_up_days TYPE NUMERIC(9, 5);
