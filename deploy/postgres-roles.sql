-- Samverkan's PostgreSQL roles (deploy/README.md). Run as a superuser: psql -v ON_ERROR_STOP=1 -f postgres-roles.sql
-- Two roles:
--   samverkan_owner  owns the schema and every table; only `samverkan migrate` logs in as it (not the services).
--   samverkan_app    what the web server, the worker and the scheduler use (DATABASE_URL in /etc/samverkan/env):
--                    reads and writes rows, never TRUNCATE, never ALTER or DROP (it owns nothing), and on the audit
--                    log only SELECT and INSERT.
-- Passwords: set them with \password afterwards (or use peer/cert authentication in pg_hba.conf).

CREATE ROLE samverkan_owner LOGIN;
CREATE ROLE samverkan_app LOGIN;
CREATE DATABASE samverkan OWNER samverkan_owner ENCODING 'UTF8' TEMPLATE template0;

\connect samverkan

-- Nobody else creates anything in the schema; the app only uses it.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO samverkan_owner;
GRANT USAGE ON SCHEMA public TO samverkan_app;

-- Tables and sequences the migration role creates from now on: rows only (no TRUNCATE, REFERENCES or TRIGGER).
ALTER DEFAULT PRIVILEGES FOR ROLE samverkan_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO samverkan_app;
ALTER DEFAULT PRIVILEGES FOR ROLE samverkan_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO samverkan_app;

-- After the first `samverkan migrate` (and after every later one: it is idempotent), run deploy/postgres-grants.sql.
