import { randomUUID } from 'node:crypto';
import { credentials, status } from '@grpc/grpc-js';
import { jobService } from '@chrono/contracts';
import { signUp, unary, unaryError, waitFor } from '@chrono/testkit';
import { jobEventsOf, oneTimeJob, startCatalogFixture, writeCounts, type CatalogFixture } from './catalog-fixture';

// CreateJobs over gRPC: order, all or nothing, the write budget per job, the active-jobs quota and idempotency.
describe('CreateJobs', () => {
  let f: CatalogFixture;
  beforeAll(async () => {
    f = await startCatalogFixture({ RATE_LIMIT_WRITE_BURST: '1000', RATE_LIMIT_WRITES_PER_SECOND: '1000' });
  });
  afterAll(() => f?.close());

  const counts = () => writeCounts(f.database);
  const createJobs = (requests: jobService.CreateJobRequest[], headers = f.alice, client = f.client) =>
    unary(client.createJobs.bind(client), { requests }, headers);
  const refusal = (requests: jobService.CreateJobRequest[], headers = f.alice, client = f.client) =>
    unaryError(client.createJobs.bind(client), { requests }, headers);

  it('stores every job and answers them in the order asked, each with its created event', async () => {
    const names = Array.from({ length: 300 }, (_, i) => `batch job ${i}`);
    const { jobs } = await createJobs(names.map((name) => oneTimeJob({ name })));
    expect(jobs.map((job) => job.name)).toEqual(names);
    expect(new Set(jobs.map((job) => job.id)).size).toBe(300);
    const stored = await f.database.query<{ id: string; name: string }>(
      'select id, name from catalog.jobs where id = any($1)',
      [jobs.map((job) => job.id)],
    );
    expect(new Map(stored.map((row) => [row.id, row.name]))).toEqual(new Map(jobs.map((job) => [job.id, job.name])));
    const got = await unary(f.client.getJob.bind(f.client), { id: jobs[299].id }, f.alice);
    // GetJob adds the job's occurrence stats (none yet); the rest is what CreateJobs answered.
    expect({ ...got, stats: undefined }).toEqual(jobs[299]);
    expect(got.stats?.last24h?.occurrences).toBe(0);
    // The relay publishes after the commit: wait for the event rather than read the stream at once.
    const events = await waitFor(() => jobEventsOf(f.nats, jobs[0].id), {
      until: (found) => found.length > 0,
      what: 'the created event of the first job',
    });
    expect(events).toEqual([expect.objectContaining({ version: 1, job: expect.objectContaining({ id: jobs[0].id }) })]);
  });

  it.each<[string, Partial<jobService.CreateJobRequest>, string]>([
    ['a bad cron expression', { type: 'recurring', cronExpression: '61 * * * *' }, 'requests[2].cronExpression'],
    ['a missing name', { name: '' }, 'requests[2].name'],
    ['a recurring job without a schedule', { type: 'recurring' }, 'requests[2].recurrencePattern: a recurring job'],
  ])('refuses the whole call for %s in one entry, naming it, and stores nothing', async (_case, bad, named) => {
    const before = await counts();
    const error = await refusal([oneTimeJob(), oneTimeJob(), oneTimeJob(bad), oneTimeJob()]);
    expect([error.code, error.details]).toEqual([status.INVALID_ARGUMENT, expect.stringContaining(named)]);
    expect(await counts()).toEqual(before);
  });

  it('refuses an empty call and one of more than 1,000 jobs', async () => {
    const empty = await refusal([]);
    expect([empty.code, empty.details]).toEqual([status.INVALID_ARGUMENT, 'requests must hold at least one job']);
    const many = await refusal(Array.from({ length: 1001 }, () => oneTimeJob({ payload: {}, description: '' })));
    expect([many.code, many.details]).toEqual([
      status.INVALID_ARGUMENT,
      'requests may hold at most 1000 jobs, got 1001',
    ]);
  });

  it('returns the first call’s jobs to a retry with the same idempotency key, and refuses the key for other jobs', async () => {
    const key = randomUUID();
    const before = await counts();
    const requests = [oneTimeJob({ name: 'first' }), oneTimeJob({ name: 'second' })];
    const first = await createJobs(requests, { ...f.alice, 'idempotency-key': key });
    const retries = await Promise.all([1, 2].map(() => createJobs(requests, { ...f.alice, 'idempotency-key': key })));
    for (const retry of retries) expect(retry).toEqual(first);
    expect(Number((await counts()).jobs)).toBe(Number(before.jobs) + 2);
    const other = await refusal([oneTimeJob({ name: 'third' })], { ...f.alice, 'idempotency-key': key });
    expect([other.code, other.details]).toEqual([
      status.INVALID_ARGUMENT,
      'idempotency-key was already used for a different request',
    ]);
  });

  it('takes a token of the write budget per job, and refuses a call larger than the burst', async () => {
    const limited = await f.startCatalog({ RATE_LIMIT_WRITE_BURST: '10', RATE_LIMIT_WRITES_PER_SECOND: '1' });
    const client = new jobService.JobServiceClient(limited.address, credentials.createInsecure());
    try {
      const carol = await signUp(f.auth.address, 'carol');
      const tooLarge = await refusal(
        Array.from({ length: 11 }, () => oneTimeJob()),
        carol,
        client,
      );
      expect([tooLarge.code, tooLarge.details]).toEqual([
        status.INVALID_ARGUMENT,
        expect.stringContaining('requests may hold at most 10 jobs here'),
      ]);
      await createJobs(
        Array.from({ length: 7 }, () => oneTimeJob()),
        carol,
        client,
      );
      // 3 tokens are left: 4 jobs are refused as a whole, and 3 still fit.
      const spent = await refusal(
        Array.from({ length: 4 }, () => oneTimeJob()),
        carol,
        client,
      );
      expect([spent.code, spent.details]).toEqual([status.RESOURCE_EXHAUSTED, expect.stringContaining('try again in')]);
      const { jobs } = await createJobs(
        Array.from({ length: 3 }, () => oneTimeJob()),
        carol,
        client,
      );
      expect(jobs).toHaveLength(3);
    } finally {
      client.close();
    }
  });

  it('counts every job against the active-jobs quota', async () => {
    const quota = await f.startCatalog({ MAX_ACTIVE_JOBS_PER_USER: '5' });
    const client = new jobService.JobServiceClient(quota.address, credentials.createInsecure());
    try {
      const dave = await signUp(f.auth.address, 'dave');
      await createJobs([oneTimeJob(), oneTimeJob(), oneTimeJob()], dave, client);
      const over = await refusal([oneTimeJob(), oneTimeJob(), oneTimeJob()], dave, client);
      expect([over.code, over.details]).toEqual([
        status.RESOURCE_EXHAUSTED,
        expect.stringContaining('too many active jobs'),
      ]);
      const { jobs } = await createJobs([oneTimeJob(), oneTimeJob()], dave, client);
      expect(jobs).toHaveLength(2);
    } finally {
      client.close();
    }
  });
});
