import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { Migration } from '@mikro-orm/migrations';
import {
  EnvReader,
  metricsRegistry,
  openDatabase,
  outboxSetAsideSql,
  outboxTraceParentSql,
  outboxTableSql,
  readDatabaseSettings,
  registerOutboxMetrics,
  type MikroORM,
} from '@chrono/kit';
import { parsePrometheusText, scratchDatabase, type Sample } from '@chrono/testkit';

class CreateOutbox extends Migration {
  override async up(): Promise<void> {
    this.addSql('create schema if not exists box');
    for (const sql of [...outboxTableSql('box'), ...outboxSetAsideSql('box'), ...outboxTraceParentSql('box')])
      this.addSql(sql);
  }
}

// The outbox gauges read the real table at scrape time: depth and age of what waits to be published.
describe('outbox metrics', () => {
  const database = scratchDatabase();
  let orm: MikroORM;

  beforeAll(async () => {
    orm = await openDatabase({
      settings: readDatabaseSettings(new EnvReader(database.env)),
      schema: 'box',
      entities: [],
      migrations: [{ name: 'CreateOutbox', class: CreateOutbox }],
      log: pino({ level: 'silent' }),
    });
    registerOutboxMetrics(orm, 'box', pino({ level: 'silent' }));
  });

  afterAll(async () => {
    await orm?.close();
    await database.drop();
  });

  const outboxSamples = async (): Promise<Sample[]> =>
    parsePrometheusText(await metricsRegistry.metrics()).filter((sample) => sample.name.startsWith('chrono_outbox_'));
  const valueOf = (samples: Sample[], name: string) =>
    samples.find((sample) => sample.name === name && sample.labels.schema === 'box')?.value;
  const write = (ageSeconds: number, published: boolean) =>
    database.query(
      `insert into box.outbox (id, subject, type, body, created_at, published_at) values ($1, 'a.b', 'T', '\\x00', now() - make_interval(secs => $2), $3)`,
      [randomUUID(), ageSeconds, published ? new Date() : null],
    );

  it('reports 0 unpublished messages and an age of 0 for an empty outbox', async () => {
    const samples = await outboxSamples();
    expect(valueOf(samples, 'chrono_outbox_set_aside_messages')).toBe(0);
    expect(valueOf(samples, 'chrono_outbox_unpublished_messages')).toBe(0);
    expect(valueOf(samples, 'chrono_outbox_oldest_unpublished_age_seconds')).toBe(0);
  });

  it('counts the unpublished rows and ages the oldest of them; published rows do not count', async () => {
    await write(3600, true);
    await write(90, false);
    await write(5, false);
    await write(0, false);
    const samples = await outboxSamples();
    expect(valueOf(samples, 'chrono_outbox_unpublished_messages')).toBe(3);
    const age = valueOf(samples, 'chrono_outbox_oldest_unpublished_age_seconds')!;
    expect(age).toBeGreaterThanOrEqual(90);
    expect(age).toBeLessThan(3600);

    await database.query('update box.outbox set published_at = now() where published_at is null');
    const drained = await outboxSamples();
    expect(valueOf(drained, 'chrono_outbox_unpublished_messages')).toBe(0);
    expect(valueOf(drained, 'chrono_outbox_oldest_unpublished_age_seconds')).toBe(0);
  });

  it('counts set-aside rows on their own gauge, not as unpublished', async () => {
    await write(600, false);
    await database.query(
      "update box.outbox set set_aside_at = now(), set_aside_reason = 'too big' where published_at is null",
    );
    const samples = await outboxSamples();
    expect(valueOf(samples, 'chrono_outbox_set_aside_messages')).toBe(1);
    expect(valueOf(samples, 'chrono_outbox_unpublished_messages')).toBe(0);
    expect(valueOf(samples, 'chrono_outbox_oldest_unpublished_age_seconds')).toBe(0);
    await database.query('delete from box.outbox where set_aside_at is not null');
  });

  it('leaves the series out of a scrape when PostgreSQL cannot be read, rather than reporting 0, and the scrape still succeeds', async () => {
    await write(30, false);
    await database.query('alter table box.outbox rename to outbox_away');
    try {
      const samples = await outboxSamples();
      expect(samples.filter((sample) => sample.labels.schema === 'box')).toEqual([]);
    } finally {
      await database.query('alter table box.outbox_away rename to outbox');
    }
    expect(valueOf(await outboxSamples(), 'chrono_outbox_unpublished_messages')).toBe(1);
  });
});
