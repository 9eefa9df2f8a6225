-- Run as samverkan_owner (or a superuser) after every `samverkan migrate`:
--   psql -v ON_ERROR_STOP=1 -d samverkan -U samverkan_owner -f deploy/postgres-grants.sql
-- Idempotent. The app's role reads and writes rows; the audit log only grows.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO samverkan_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO samverkan_app;
REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM samverkan_app;

-- The audit log (ADR 0007): entries are appended and read, never changed or removed; the chain's head moves forward
-- (UPDATE, checked by its trigger) but is never removed. The triggers of the migrations refuse the same on top.
REVOKE UPDATE, DELETE ON disclosures_auditentry FROM samverkan_app;
REVOKE DELETE ON disclosures_auditchainhead FROM samverkan_app;
