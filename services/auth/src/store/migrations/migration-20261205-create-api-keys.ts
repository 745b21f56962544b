import { Migration } from '@mikro-orm/migrations';

/**
 * API keys. A key is kept only as its sha256 (it has 256 random bits: nothing to guess from the hash);
 * a revoked key's row is deleted. last_used_at is written at most once a minute per key.
 */
export class Migration20261205CreateApiKeys extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table auth.api_keys (
      id uuid primary key,
      user_id uuid not null references auth.users (id) on delete cascade,
      name varchar(100) not null,
      key_hash text not null unique,
      created_at timestamptz not null,
      last_used_at timestamptz)`);
    this.addSql('create index api_keys_by_user on auth.api_keys (user_id, created_at)');
  }

  override async down(): Promise<void> {
    this.addSql('drop table auth.api_keys');
  }
}
