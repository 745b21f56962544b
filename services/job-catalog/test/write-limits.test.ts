import { randomUUID } from 'node:crypto';
import { credentials, status } from '@grpc/grpc-js';
import { jobService } from '@chrono/contracts';
import { signUp, unary, unaryError, waitFor } from '@chrono/testkit';
import { oneTimeJob, startCatalogFixture, type CatalogFixture } from './catalog-fixture';

// Idempotency keys and the per-user write rate limit, both kept in the real Redis.
describe('idempotency keys and write limits', () => {
  let f: CatalogFixture;
  beforeAll(async () => {
    f = await startCatalogFixture();
  });
  afterAll(() => f?.close());

  const jobCount = async () =>
    Number((await f.database.query<{ n: string }>('select count(*) as n from catalog.jobs'))[0].n);
  const create = (
    headers: Record<string, string>,
    request = oneTimeJob({ scheduledAt: new Date('2030-03-01T00:00:00Z') }),
  ) => unary(f.client.createJob.bind(f.client), request, headers);

  it('returns the first job to a retry with the same key, and stores one job', async () => {
    const key = randomUUID();
    const before = await jobCount();
    const first = await create({ ...f.alice, 'idempotency-key': key });
    const retries = await Promise.all([1, 2, 3].map(() => create({ ...f.alice, 'idempotency-key': key })));
    for (const retry of retries) expect(retry).toEqual(first);
    expect(await jobCount()).toBe(before + 1);
  });

  it('keeps keys per user, and refuses a key reused for a different request', async () => {
    const key = randomUUID();
    const alices = await create({ ...f.alice, 'idempotency-key': key });
    const bobs = await create({ ...f.bob, 'idempotency-key': key });
    expect(bobs.id).not.toBe(alices.id);
    const error = await unaryError(f.client.createJob.bind(f.client), oneTimeJob({ name: 'something else' }), {
      ...f.alice,
      'idempotency-key': key,
    });
    expect([error.code, error.details]).toEqual([
      status.INVALID_ARGUMENT,
      'idempotency-key was already used for a different request',
    ]);
  });

  it('lets a corrected retry reuse the key of a request that was refused', async () => {
    const key = randomUUID();
    const refused = await unaryError(f.client.createJob.bind(f.client), oneTimeJob({ name: '' }), {
      ...f.alice,
      'idempotency-key': key,
    });
    expect(refused.code).toBe(status.INVALID_ARGUMENT);
    const created = await create({ ...f.alice, 'idempotency-key': key }, oneTimeJob({ name: 'fixed' }));
    expect(created.name).toBe('fixed');
  });

  it("limits each user's writes with a token bucket, and refills it", async () => {
    const limited = await f.startCatalog({ RATE_LIMIT_WRITE_BURST: '3', RATE_LIMIT_WRITES_PER_SECOND: '2' });
    const client = new jobService.JobServiceClient(limited.address, credentials.createInsecure());
    try {
      // A new user starts with a full bucket.
      const carol = await signUp(f.auth.address, 'carol');
      for (let i = 0; i < 3; i++) await unary(client.createJob.bind(client), oneTimeJob(), carol);
      const error = await unaryError(client.createJob.bind(client), oneTimeJob(), carol);
      expect(error.code).toBe(status.RESOURCE_EXHAUSTED);
      expect(error.details).toBe(
        'too many changes: at most 2 a second per user, 3 at once (RATE_LIMIT_WRITES_PER_SECOND, RATE_LIMIT_WRITE_BURST); try again in 1 s',
      );
      expect(error.metadata.get('retry-after')).toEqual(['1']);
      // Reads are not limited, and another user has a bucket of their own.
      await unary(client.listJobs.bind(client), {}, carol);
      await unary(client.createJob.bind(client), oneTimeJob(), f.bob);
      // At 2 tokens a second the bucket refills: a refused write takes no token, so polling is fair.
      const refilled = await waitFor(() => unary(client.createJob.bind(client), oneTimeJob(), carol), {
        timeoutMs: 5000,
        what: 'a refilled token',
      });
      expect(refilled.status).toBe('pending');
    } finally {
      client.close();
    }
  });
});
