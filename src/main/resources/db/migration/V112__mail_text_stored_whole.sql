-- Subjects, names and file names of real mail can be any length: store them whole. VARCHAR(n) to TEXT
-- is a change of the catalogue only in PostgreSQL (no table rewrite). Message-IDs stay bounded: they
-- are indexed, and the raw mail keeps the whole value.
ALTER TABLE inbound_mail  ALTER COLUMN subject           TYPE TEXT;
ALTER TABLE inbound_mail  ALTER COLUMN from_address      TYPE TEXT;
ALTER TABLE cases         ALTER COLUMN subject           TYPE TEXT;
ALTER TABLE cases         ALTER COLUMN sender_name       TYPE TEXT;
ALTER TABLE cases         ALTER COLUMN sender_address    TYPE TEXT;
ALTER TABLE case_messages ALTER COLUMN subject           TYPE TEXT;
ALTER TABLE case_messages ALTER COLUMN from_address      TYPE TEXT;
ALTER TABLE case_comments ALTER COLUMN author            TYPE TEXT;
ALTER TABLE attachments   ALTER COLUMN filename          TYPE TEXT;
ALTER TABLE attachments   ALTER COLUMN original_filename TYPE TEXT;
ALTER TABLE attachments   ALTER COLUMN content_type      TYPE TEXT;
ALTER TABLE outbox        ALTER COLUMN subject           TYPE TEXT;
ALTER TABLE outbox        ALTER COLUMN sender            TYPE TEXT;
ALTER TABLE outbox        ALTER COLUMN reply_to          TYPE TEXT;
ALTER TABLE quarantine    ALTER COLUMN subject           TYPE TEXT;
ALTER TABLE case_messages ALTER COLUMN automatic         TYPE TEXT;
