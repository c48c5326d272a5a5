-- Who an incoming mail of a case was addressed to (To and Cc, lower case, one per line): someone copied
-- on a participant's mail is on the case, so their reply is no outsider's.
ALTER TABLE case_messages ADD COLUMN recipients TEXT;
