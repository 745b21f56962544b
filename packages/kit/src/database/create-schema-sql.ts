/**
 * The SQL that creates `schema` unless it exists, for a service's first migration. Not `create schema
 * if not exists`: PostgreSQL checks the right to create schemas in the database before it looks for
 * the schema, and a service's own role has no such right where an administrator made the schema for it
 * (deploy/README.md, "Database roles").
 */
export function createSchemaSql(schema: string): string {
  return `do $$ begin if to_regnamespace('${schema}') is null then create schema ${schema}; end if; end $$`;
}
