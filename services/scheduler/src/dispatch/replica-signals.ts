import type { Client } from 'pg';
import { newDatabaseClient, type DatabaseSettings, type Logger } from '@chrono/kit';
import { parseRevoke, type Revoke } from '../store/revoke-signal';
import { REVOKE_CHANNEL, WAKEUP_CHANNEL } from '../store/schedule-store';

export interface ReplicaSignalHandlers {
  /** A row became due at this epoch ms. */
  wake(atMs: number): void;
  /** A job changed; a copy of its row claimed before that change is stale. */
  revoke(revoke: Revoke): void;
}

/**
 * LISTENs on PostgreSQL for the NOTIFYs that schedule changes send, so every replica learns at once
 * of a row due soon or a claim gone stale. Reconnects after a lost connection; the dispatcher's poll
 * covers the gap.
 */
export class ReplicaSignals {
  private client?: Client;
  private stopped = false;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly db: DatabaseSettings,
    private readonly handlers: ReplicaSignalHandlers,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const client = newDatabaseClient(this.db);
    client.on('notification', ({ channel, payload }) => {
      if (channel === WAKEUP_CHANNEL) this.handlers.wake(Number(payload));
      else if (channel === REVOKE_CHANNEL && payload) this.handlers.revoke(parseRevoke(payload));
    });
    client.on('error', () => this.reconnectLater());
    client.on('end', () => this.reconnectLater());
    try {
      await client.connect();
      await client.query(`listen ${WAKEUP_CHANNEL}`);
      await client.query(`listen ${REVOKE_CHANNEL}`);
      this.client = client;
    } catch (error) {
      this.log.warn({ err: error }, 'cannot listen for replica signals; retrying');
      await client.end().catch(() => undefined);
      this.reconnectLater();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }

  private reconnectLater(): void {
    if (this.stopped || this.retry) return;
    this.client = undefined;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.start();
    }, 1000);
  }
}
