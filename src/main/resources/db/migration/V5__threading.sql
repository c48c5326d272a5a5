-- Replies join their case by the case number in the subject, or by a Message-ID we stored.
ALTER TABLE cases ADD COLUMN closed_at TIMESTAMPTZ;
ALTER TABLE cases ADD COLUMN linked_case_id BIGINT REFERENCES cases(id);
ALTER TABLE cases ADD COLUMN unknown_reference VARCHAR(200);
ALTER TABLE case_messages ADD COLUMN non_participant BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE case_messages ADD COLUMN automatic VARCHAR(200);   -- why it is an auto-reply or report
ALTER TABLE case_comments ADD COLUMN non_participant BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX outbox_message_id ON outbox(message_id);
CREATE INDEX case_messages_created ON case_messages(case_id, created_at);
