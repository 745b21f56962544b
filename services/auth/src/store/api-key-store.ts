import { runSql, type MikroORM } from '@chrono/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ApiKey, ApiKeyRepository, FoundApiKey } from '../domain/api-key';

// Timestamps come back from a raw query as text.
interface KeyRow {
  id: string;
  user_id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

/** API keys in PostgreSQL (auth.api_keys), in plain SQL. */
export class ApiKeyStore implements ApiKeyRepository {
  constructor(private readonly orm: MikroORM) {}

  async insertWithin(key: ApiKey & { keyHash: string }, max: number): Promise<boolean> {
    return this.em().transactional(async (em) => {
      // The user's row lock makes concurrent creates of one user count one after the other.
      await runSql(em, 'select 1 from auth.users where id = ? for update', [key.userId]);
      const [{ n }] = await runSql<{ n: string }>(em, 'select count(*) as n from auth.api_keys where user_id = ?', [
        key.userId,
      ]);
      if (Number(n) >= max) return false;
      await runSql(em, 'insert into auth.api_keys (id, user_id, name, key_hash, created_at) values (?, ?, ?, ?, ?)', [
        key.id,
        key.userId,
        key.name,
        key.keyHash,
        key.createdAt,
      ]);
      return true;
    });
  }

  async list(userId: string): Promise<ApiKey[]> {
    const rows = await runSql<KeyRow>(
      this.em(),
      `select id, user_id, name, created_at, last_used_at from auth.api_keys
        where user_id = ? order by created_at desc, id`,
      [userId],
    );
    return rows.map((row) => ({
      id: row.id,
      userId: row.user_id,
      name: row.name,
      createdAt: new Date(row.created_at),
      ...(row.last_used_at && { lastUsedAt: new Date(row.last_used_at) }),
    }));
  }

  async delete(userId: string, id: string): Promise<boolean> {
    const rows = await runSql(this.em(), 'delete from auth.api_keys where id = ? and user_id = ? returning id', [
      id,
      userId,
    ]);
    return rows.length > 0;
  }

  async deleteAll(userId: string): Promise<void> {
    await runSql(this.em(), 'delete from auth.api_keys where user_id = ?', [userId]);
  }

  async findActive(keyHash: string): Promise<FoundApiKey | undefined> {
    const [row] = await runSql<Pick<KeyRow, 'id' | 'user_id' | 'last_used_at'>>(
      this.em(),
      `select k.id, k.user_id, k.last_used_at from auth.api_keys k join auth.users u on u.id = k.user_id
        where k.key_hash = ? and u.is_active`,
      [keyHash],
    );
    if (!row) return undefined;
    return { id: row.id, userId: row.user_id, ...(row.last_used_at && { lastUsedAt: new Date(row.last_used_at) }) };
  }

  async touch(id: string, withinMs: number): Promise<void> {
    // The condition keeps replicas that saw the same stale time from writing it again.
    await runSql(
      this.em(),
      `update auth.api_keys set last_used_at = now()
        where id = ? and (last_used_at is null or last_used_at < now() - ?::int * interval '1 millisecond')`,
      [id, withinMs],
    );
  }

  private em(): EntityManager {
    return this.orm.em.fork();
  }
}
