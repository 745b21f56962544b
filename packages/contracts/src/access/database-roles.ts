/**
 * The PostgreSQL role of each service that keeps data: it owns its own schema and nothing else, so a
 * service that is taken over cannot read another's tables (auth's password hashes and signing keys
 * above all). The executor keeps nothing and has no role. The deploy files are generated from these
 * (scripts/access-files.js); tests run the same SQL against a real PostgreSQL.
 */
export interface DatabaseRole {
  /** The service, as in `services`. */
  service: string;
  /** Its login role (DB_USERNAME). */
  role: string;
  /** The schema it owns; its migrations create their tables there. */
  schema: string;
  /** Where the deploy files take its password from (an environment variable of the PostgreSQL container). */
  passwordVariable: string;
}

export const databaseRoles: readonly DatabaseRole[] = [
  { service: 'auth', role: 'chrono_auth', schema: 'auth', passwordVariable: 'AUTH_DB_PASSWORD' },
  {
    service: 'job-catalog',
    role: 'chrono_job_catalog',
    schema: 'catalog',
    passwordVariable: 'JOB_CATALOG_DB_PASSWORD',
  },
  { service: 'scheduler', role: 'chrono_scheduler', schema: 'scheduler', passwordVariable: 'SCHEDULER_DB_PASSWORD' },
];

const identifier = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return name;
};

/**
 * Statements that give each role a login and its password (`password(role)` is the SQL expression of
 * it: a literal, or a psql variable), creating the role when it is missing. Run by an administrator.
 */
export function roleLoginSql(roles: readonly DatabaseRole[], password: (role: DatabaseRole) => string): string[] {
  return roles.flatMap((entry) => {
    const role = identifier(entry.role);
    return [
      `do $$ begin if not exists (select from pg_roles where rolname = '${role}') then create role ${role}; end if; end $$;`,
      `alter role ${role} with login nosuperuser nocreatedb nocreaterole noinherit password ${password(entry)};`,
    ];
  });
}

/**
 * Statements, run by an administrator in chrono's database (idempotent, and also right for a database
 * that one shared role used before): PUBLIC loses its rights on the database and on the schema
 * `public`; each role (created without a login when missing) may connect and owns its schema and
 * everything in it, and nobody else gets any right there.
 */
export function schemaOwnershipSql(roles: readonly DatabaseRole[]): string[] {
  const names = roles.map((entry) => identifier(entry.role));
  return [
    ...names.map(
      (role) =>
        `do $$ begin if not exists (select from pg_roles where rolname = '${role}') then create role ${role} nologin; end if; end $$;`,
    ),
    `do $$ begin execute format('revoke all on database %I from public', current_database()); end $$;`,
    `do $$ begin execute format('grant connect on database %I to ${names.join(', ')}', current_database()); end $$;`,
    'revoke all on schema public from public;',
    ...roles.flatMap((entry) => ownSchemaSql(identifier(entry.role), identifier(entry.schema))),
  ];
}

/** The schema, then its tables (with their indexes and sequences), remaining sequences and functions, handed to `role`. */
function ownSchemaSql(role: string, schema: string): string[] {
  return [
    `create schema if not exists ${schema} authorization ${role};`,
    `alter schema ${schema} owner to ${role};`,
    `do $$ declare object record; begin
  for object in select c.relkind, c.oid::regclass as name from pg_class c
      where c.relnamespace = '${schema}'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
      order by c.relkind = 'S' loop
    if object.relkind = 'S' and (select pg_get_userbyid(relowner) from pg_class where oid = object.name) = '${role}' then
      continue;
    end if;
    execute format('alter %s %s owner to ${role}',
      case object.relkind when 'S' then 'sequence' when 'v' then 'view' when 'm' then 'materialized view'
        when 'f' then 'foreign table' else 'table' end, object.name);
  end loop;
  for object in select p.oid::regprocedure as name from pg_proc p where p.pronamespace = '${schema}'::regnamespace loop
    execute format('alter routine %s owner to ${role}', object.name);
  end loop;
end $$;`,
  ];
}
