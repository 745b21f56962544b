-- Generated from packages/contracts/src/access by `npm run access-files`; do not edit.
-- The services' login roles; passwords from the environment of psql (the PostgreSQL container).
\getenv chrono_auth_password AUTH_DB_PASSWORD
\getenv chrono_job_catalog_password JOB_CATALOG_DB_PASSWORD
\getenv chrono_scheduler_password SCHEDULER_DB_PASSWORD
do $$ begin if not exists (select from pg_roles where rolname = 'chrono_auth') then create role chrono_auth; end if; end $$;
alter role chrono_auth with login nosuperuser nocreatedb nocreaterole noinherit password :'chrono_auth_password';
do $$ begin if not exists (select from pg_roles where rolname = 'chrono_job_catalog') then create role chrono_job_catalog; end if; end $$;
alter role chrono_job_catalog with login nosuperuser nocreatedb nocreaterole noinherit password :'chrono_job_catalog_password';
do $$ begin if not exists (select from pg_roles where rolname = 'chrono_scheduler') then create role chrono_scheduler; end if; end $$;
alter role chrono_scheduler with login nosuperuser nocreatedb nocreaterole noinherit password :'chrono_scheduler_password';
