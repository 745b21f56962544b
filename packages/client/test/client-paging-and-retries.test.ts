import { randomUUID } from 'node:crypto';
import { ChronoClient, InvalidArgumentError } from '@chrono/client';
import { ServicesFixture } from './services-fixture';

const inAnHour = () => new Date(Date.now() + 3_600_000);

// The async iterator over many pages, and creates that are safe to retry: through a restart of job-catalog,
// and when the caller repeats one with the same idempotency key.
describe('ChronoClient paging and retries', () => {
  let services: ServicesFixture;
  let chrono: ChronoClient;

  beforeAll(async () => {
    services = await ServicesFixture.start({
      'job-catalog': { RATE_LIMIT_WRITES_PER_SECOND: '10000', RATE_LIMIT_WRITE_BURST: '10000' },
    });
    // A deadline long enough to wait out a restart of job-catalog on a loaded machine.
    chrono = new ChronoClient({ addresses: services.addresses, deadlineMs: 60_000 });
    await chrono.auth.register({ email: `paging-${randomUUID()}@example.com`, password: 'long-enough-1', name: 'P' });
  }, 300_000);
  afterAll(async () => {
    chrono?.close();
    await services?.close();
  });

  const names = async (filter: Parameters<ChronoClient['jobs']['list']>[0] = {}) => {
    const seen: string[] = [];
    for await (const job of chrono.jobs.list(filter)) seen.push(job.name);
    return seen;
  };

  it('iterates over every one of 250 jobs, newest first, across pages', async () => {
    for (let start = 0; start < 250; start += 25) {
      await Promise.all(
        Array.from({ length: 25 }, (_, i) => chrono.jobs.create({ name: `job-${start + i}`, scheduledAt: inAnHour() })),
      );
    }
    const all = await names();
    expect(all).toHaveLength(250);
    expect(new Set(all).size).toBe(250);
    expect(await names({ status: 'cancelled' })).toEqual([]);
  });

  it('returns the first job when a create is repeated with the same idempotency key', async () => {
    const idempotencyKey = randomUUID();
    const input = { name: 'once', scheduledAt: inAnHour(), payload: { n: 1 } };
    const first = await chrono.jobs.create(input, { idempotencyKey });
    const again = await chrono.jobs.create(input, { idempotencyKey });
    expect(again.id).toBe(first.id);
    expect((await names()).filter((name) => name === 'once')).toHaveLength(1);
  });

  it('creates many jobs in one call, in order, once per idempotency key, and names a bad entry', async () => {
    const inputs = ['batch-a', 'batch-b', 'batch-c'].map((name) => ({ name, scheduledAt: inAnHour() }));
    const idempotencyKey = randomUUID();
    const jobs = await chrono.jobs.createMany(inputs, { idempotencyKey });
    expect(jobs.map((job) => job.name)).toEqual(['batch-a', 'batch-b', 'batch-c']);
    expect(await chrono.jobs.createMany(inputs, { idempotencyKey })).toEqual(jobs);
    const refused = await chrono.jobs
      .createMany([
        { name: 'fine', scheduledAt: inAnHour() },
        { name: 'bad', scheduledAt: inAnHour(), cronExpression: '61 * * * *' },
      ])
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InvalidArgumentError);
    expect(refused).toMatchObject({ field: 'requests[1].cronExpression' });
    expect((await names()).filter((name) => name.startsWith('batch-') || name === 'fine')).toHaveLength(3);
  });

  it('makes exactly one job from a create sent while job-catalog restarts', async () => {
    const restart = await services.stopCatalog();
    // The call goes out while nothing listens; the client holds it (waitForReady, retries) until job-catalog is back.
    const creating = chrono.jobs.create({ name: 'through a restart', scheduledAt: inAnHour() });
    await restart();
    const job = await creating;
    expect(job.name).toBe('through a restart');
    expect((await names()).filter((name) => name === 'through a restart')).toHaveLength(1);
  });
});
