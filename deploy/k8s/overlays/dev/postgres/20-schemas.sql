-- Generated from packages/contracts/src/access by `npm run access-files`; do not edit.
-- Each service's role owns its schema and reaches nothing else. Idempotent; run as an administrator
-- in chrono's database (also to move a database that one shared role used onto the per-service roles).
do $$ begin if not exists (select from pg_roles where rolname = 'chrono_auth') then create role chrono_auth nologin; end if; end $$;
do $$ begin if not exists (select from pg_roles where rolname = 'chrono_job_catalog') then create role chrono_job_catalog nologin; end if; end $$;
do $$ begin if not exists (select from pg_roles where rolname = 'chrono_scheduler') then create role chrono_scheduler nologin; end if; end $$;
do $$ begin execute format('revoke all on database %I from public', current_database()); end $$;
do $$ begin execute format('grant connect on database %I to chrono_auth, chrono_job_catalog, chrono_scheduler', current_database()); end $$;
revoke all on schema public from public;
create schema if not exists auth authorization chrono_auth;
alter schema auth owner to chrono_auth;
do $$ declare object record; begin
  for object in select c.relkind, c.oid::regclass as name from pg_class c
      where c.relnamespace = 'auth'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
      order by c.relkind = 'S' loop
    if object.relkind = 'S' and (select pg_get_userbyid(relowner) from pg_class where oid = object.name) = 'chrono_auth' then
      continue;
    end if;
    execute format('alter %s %s owner to chrono_auth',
      case object.relkind when 'S' then 'sequence' when 'v' then 'view' when 'm' then 'materialized view'
        when 'f' then 'foreign table' else 'table' end, object.name);
  end loop;
  for object in select p.oid::regprocedure as name from pg_proc p where p.pronamespace = 'auth'::regnamespace loop
    execute format('alter routine %s owner to chrono_auth', object.name);
  end loop;
end $$;
create schema if not exists catalog authorization chrono_job_catalog;
alter schema catalog owner to chrono_job_catalog;
do $$ declare object record; begin
  for object in select c.relkind, c.oid::regclass as name from pg_class c
      where c.relnamespace = 'catalog'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
      order by c.relkind = 'S' loop
    if object.relkind = 'S' and (select pg_get_userbyid(relowner) from pg_class where oid = object.name) = 'chrono_job_catalog' then
      continue;
    end if;
    execute format('alter %s %s owner to chrono_job_catalog',
      case object.relkind when 'S' then 'sequence' when 'v' then 'view' when 'm' then 'materialized view'
        when 'f' then 'foreign table' else 'table' end, object.name);
  end loop;
  for object in select p.oid::regprocedure as name from pg_proc p where p.pronamespace = 'catalog'::regnamespace loop
    execute format('alter routine %s owner to chrono_job_catalog', object.name);
  end loop;
end $$;
create schema if not exists scheduler authorization chrono_scheduler;
alter schema scheduler owner to chrono_scheduler;
do $$ declare object record; begin
  for object in select c.relkind, c.oid::regclass as name from pg_class c
      where c.relnamespace = 'scheduler'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
      order by c.relkind = 'S' loop
    if object.relkind = 'S' and (select pg_get_userbyid(relowner) from pg_class where oid = object.name) = 'chrono_scheduler' then
      continue;
    end if;
    execute format('alter %s %s owner to chrono_scheduler',
      case object.relkind when 'S' then 'sequence' when 'v' then 'view' when 'm' then 'materialized view'
        when 'f' then 'foreign table' else 'table' end, object.name);
  end loop;
  for object in select p.oid::regprocedure as name from pg_proc p where p.pronamespace = 'scheduler'::regnamespace loop
    execute format('alter routine %s owner to chrono_scheduler', object.name);
  end loop;
end $$;
