import { createSchemaSql } from '@chrono/kit';
import { Migration } from '@mikro-orm/migrations';

/** Users and signing keys. Emails are stored normalised, so a plain unique index makes them unique. */
export class Migration20261129CreateAuthSchema extends Migration {
  override async up(): Promise<void> {
    this.addSql(createSchemaSql('auth'));
    this.addSql(`create table auth.users (
      id uuid primary key,
      email varchar(254) not null unique,
      name varchar(100) not null,
      password_hash text not null,
      is_active boolean not null default true,
      created_at timestamptz not null,
      updated_at timestamptz not null)`);
    this.addSql(`create table auth.signing_keys (
      kid text primary key,
      algorithm text not null,
      private_key_pem text not null,
      created_at timestamptz not null)`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table auth.signing_keys');
    this.addSql('drop table auth.users');
  }
}
