import type { MikroORM } from '@mikro-orm/postgresql';
import type { Gauge } from 'prom-client';
import type { Logger } from 'pino';
import { gauge, lazily } from '../metrics/metrics-registry';
import { sharedSample } from '../metrics/shared-sample';

interface OutboxSample {
  depth: number;
  oldestAgeSeconds: number;
  setAside: number;
}

// A scrape waits at most this long for PostgreSQL; past it the outbox series are left out of that scrape.
const SAMPLE_TIMEOUT_MS = 2000;

/** The registered outboxes by schema, and how to sample each. */
const outboxes = new Map<string, () => Promise<OutboxSample>>();

// Each gauge collects on its own; the two collections of one scrape share the query in flight.
const createGauges = lazily(() => [
  gauge({
    name: 'chrono_outbox_unpublished_messages',
    help: 'Messages written to the outbox and not yet published to JetStream (with, for at most 100 ms, those just published, which the relay deletes in its next round).',
    labelNames: ['schema'] as const,
    collect() {
      return collectAll(this, (sample) => sample.depth);
    },
  }),
  gauge({
    name: 'chrono_outbox_oldest_unpublished_age_seconds',
    help: 'How long the oldest unpublished outbox message has waited, in seconds (0 when none waits).',
    labelNames: ['schema'] as const,
    collect() {
      return collectAll(this, (sample) => sample.oldestAgeSeconds);
    },
  }),
  gauge({
    name: 'chrono_outbox_set_aside_messages',
    help: 'Outbox messages set aside because they can never be published (each one a message nobody received).',
    labelNames: ['schema'] as const,
    collect() {
      return collectAll(this, (sample) => sample.setAside);
    },
  }),
]);

/**
 * Reports the depth of `<schema>.outbox` (rows not yet published), the age of its oldest
 * unpublished row and the rows set aside, read from PostgreSQL at each scrape. All three come from one
 * query on the partial indexes, run at most once at a time per process whatever the scrape rate. When
 * PostgreSQL does not answer within 2 s the series are left out of the scrape rather than reported
 * stale or as zero.
 */
export function registerOutboxMetrics(orm: MikroORM, schema: string, log: Logger): void {
  createGauges();
  outboxes.set(
    schema,
    sharedSample(
      () =>
        readOutbox(orm, schema).catch((error: unknown) => {
          log.warn({ err: error, schema }, 'cannot read the outbox for metrics');
          throw error;
        }),
      SAMPLE_TIMEOUT_MS,
    ),
  );
}

async function collectAll(metric: Gauge<'schema'>, pick: (sample: OutboxSample) => number): Promise<void> {
  await Promise.all(
    [...outboxes].map(async ([schema, sample]) => {
      try {
        metric.set({ schema }, pick(await sample()));
      } catch {
        metric.remove({ schema });
      }
    }),
  );
}

async function readOutbox(orm: MikroORM, schema: string): Promise<OutboxSample> {
  // seq orders rows as they were written, so the first unpublished by seq is the oldest (found by the index).
  // Each part is served by a partial index: unpublished rows, and set-aside rows.
  const [row] = await orm.em
    .getConnection()
    .execute<Array<{ depth: string; oldest: string | null; set_aside: string }>>(
      `select (select count(*) from ${schema}.outbox where published_at is null and set_aside_at is null) as depth,
       extract(epoch from now() - (select created_at from ${schema}.outbox where published_at is null and set_aside_at is null order by seq limit 1)) as oldest,
       (select count(*) from ${schema}.outbox where set_aside_at is not null) as set_aside`,
    );
  return {
    depth: Number(row.depth),
    oldestAgeSeconds: Math.max(0, Number(row.oldest ?? 0)),
    setAside: Number(row.set_aside),
  };
}
