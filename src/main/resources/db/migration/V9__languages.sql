-- The language mail to a client or contact is written in (a tag such as pl or fr-CA): it picks the
-- templates' language overrides.
ALTER TABLE clients ADD COLUMN language VARCHAR(35);
ALTER TABLE contacts ADD COLUMN language VARCHAR(35);
