import { Migration } from '@mikro-orm/migrations';

/**
 * Sessions and their refresh tokens. A refresh token is kept only as its sha256; a spent one stays
 * (used_at set) until its session is deleted with its user, so that its reuse can be recognised.
 */
export class Migration20261204CreateSessions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table auth.sessions (
      id uuid primary key,
      user_id uuid not null references auth.users (id) on delete cascade,
      created_at timestamptz not null,
      ended_at timestamptz)`);
    this.addSql('create index sessions_open_by_user on auth.sessions (user_id) where ended_at is null');
    this.addSql(`create table auth.refresh_tokens (
      token_hash text primary key,
      session_id uuid not null references auth.sessions (id) on delete cascade,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz)`);
    this.addSql('create index refresh_tokens_by_session on auth.refresh_tokens (session_id)');
  }

  override async down(): Promise<void> {
    this.addSql('drop table auth.refresh_tokens');
    this.addSql('drop table auth.sessions');
  }
}
