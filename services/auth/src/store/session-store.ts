import { runSql, type MikroORM } from '@chrono/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Rotation, SessionRepository } from '../domain/session';

interface TokenRow {
  session_id: string;
  user_id: string;
  used: boolean;
  live: boolean;
}

/** Sessions and refresh tokens in PostgreSQL (auth.sessions, auth.refresh_tokens), in plain SQL. */
export class SessionStore implements SessionRepository {
  constructor(private readonly orm: MikroORM) {}

  async start(session: { id: string; userId: string; tokenHash: string; expiresAt: Date }): Promise<void> {
    await this.em().transactional(async (em) => {
      await runSql(em, 'insert into auth.sessions (id, user_id, created_at) values (?, ?, now())', [
        session.id,
        session.userId,
      ]);
      await insertToken(em, session.id, session.tokenHash, session.expiresAt);
    });
  }

  async rotate(oldHash: string, next: { tokenHash: string; expiresAt: Date }): Promise<Rotation> {
    return this.em().transactional(async (em) => {
      // The row lock makes two concurrent uses of one token queue: the second sees it spent.
      const [row] = await runSql<TokenRow>(
        em,
        `select t.session_id, s.user_id, t.used_at is not null as used,
                (s.ended_at is null and t.expires_at > now()) as live
           from auth.refresh_tokens t join auth.sessions s on s.id = t.session_id
          where t.token_hash = ? for update of t`,
        [oldHash],
      );
      if (!row) return { kind: 'invalid' };
      const ids = { sessionId: row.session_id, userId: row.user_id };
      if (row.used) {
        await runSql(em, 'update auth.sessions set ended_at = now() where id = ? and ended_at is null', [
          row.session_id,
        ]);
        return { kind: 'reused', ...ids };
      }
      if (!row.live) return { kind: 'invalid' };
      await runSql(em, 'update auth.refresh_tokens set used_at = now() where token_hash = ?', [oldHash]);
      await insertToken(em, row.session_id, next.tokenHash, next.expiresAt);
      return { kind: 'rotated', ...ids };
    });
  }

  async end(userId: string, sessionId: string): Promise<boolean> {
    const rows = await runSql(
      this.em(),
      'update auth.sessions set ended_at = now() where id = ? and user_id = ? and ended_at is null returning id',
      [sessionId, userId],
    );
    return rows.length > 0;
  }

  async endAll(userId: string): Promise<string[]> {
    const rows = await runSql<{ id: string }>(
      this.em(),
      'update auth.sessions set ended_at = now() where user_id = ? and ended_at is null returning id',
      [userId],
    );
    return rows.map((row) => row.id);
  }

  private em(): EntityManager {
    return this.orm.em.fork();
  }
}

async function insertToken(em: EntityManager, sessionId: string, tokenHash: string, expiresAt: Date): Promise<void> {
  await runSql(
    em,
    'insert into auth.refresh_tokens (token_hash, session_id, created_at, expires_at) values (?, ?, now(), ?)',
    [tokenHash, sessionId, expiresAt],
  );
}
