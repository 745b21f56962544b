import { status } from '@grpc/grpc-js';
import { GatewayProcess, sampleSum, scrape, signUp, unary, unaryError, waitFor } from '@chrono/testkit';
import { oneTimeJob, startCatalogFixture, writeCounts, type CatalogFixture } from './catalog-fixture';
import { publishState } from './progress-publishers';

const QUOTA = 3;
const REFUSAL = `too many active jobs: a user may have at most ${QUOTA} pending, running or paused jobs (MAX_ACTIVE_JOBS_PER_USER); cancel or delete some first`;

// MAX_ACTIVE_JOBS_PER_USER over gRPC and REST, with the count kept by triggers in the real PostgreSQL.
describe('the quota of active jobs per user', () => {
  let f: CatalogFixture;
  let gateway: GatewayProcess;
  beforeAll(async () => {
    f = await startCatalogFixture({ MAX_ACTIVE_JOBS_PER_USER: String(QUOTA) });
    gateway = await GatewayProcess.start({ AUTH_GRPC_URL: f.auth.address, JOB_CATALOG_GRPC_URL: f.catalog.address });
  });
  afterAll(async () => {
    await gateway?.stop();
    await f?.close();
  });

  const create = (who: Record<string, string>) => unary(f.client.createJob.bind(f.client), oneTimeJob(), who);
  const createError = (who: Record<string, string>) => unaryError(f.client.createJob.bind(f.client), oneTimeJob(), who);
  const jobsOf = async (userId: string) =>
    Number(
      (await f.database.query<{ n: string }>('select count(*) as n from catalog.jobs where user_id = $1', [userId]))[0]
        .n,
    );
  // The trigger-kept count must always equal a count of the jobs themselves.
  const counted = async (userId: string) => {
    const [row] = await f.database.query<{ kept: string | null; real: string }>(
      `select (select sum(active) from catalog.active_job_counts where user_id = $1) as kept,
              (select count(*) from catalog.jobs where user_id = $1 and status in ('pending', 'running')) as real`,
      [userId],
    );
    return { kept: Number(row.kept ?? 0), real: Number(row.real) };
  };
  const finish = (jobId: string, sequence: number) => publishState(f, jobId, sequence, { status: 'completed' });

  it('refuses a create past the quota with RESOURCE_EXHAUSTED naming it, stores nothing, and leaves other users alone', async () => {
    const dora = await signUp(f.auth.address, 'dora');
    const jobs = [];
    for (let i = 0; i < QUOTA; i++) jobs.push(await create(dora));
    const userId = jobs[0].userId;
    const refusals = async () =>
      sampleSum((await scrape(await f.catalog.metricsUrl())).samples, 'chrono_quota_refusals_total', {
        quota: 'active_jobs',
      });
    const before = await refusals();
    const written = await writeCounts(f.database);
    const error = await createError(dora);
    expect([error.code, error.details]).toEqual([status.RESOURCE_EXHAUSTED, REFUSAL]);
    expect(await refusals()).toBe(before + 1);
    expect(await jobsOf(userId)).toBe(QUOTA);
    // No created event either: the statement writes the events of the jobs it stored only.
    expect(await writeCounts(f.database)).toEqual(written);
    await create(f.bob);
    expect(await counted(userId)).toEqual({ kept: QUOTA, real: QUOTA });
  });

  it('frees room when a job is cancelled, finishes or is deleted, and counts a finished job rescheduled as active again', async () => {
    const erin = await signUp(f.auth.address, 'erin');
    const [a, b, c] = [await create(erin), await create(erin), await create(erin)];
    const userId = a.userId;

    await unary(f.client.cancelJob.bind(f.client), { id: a.id }, erin);
    const d = await create(erin);
    expect((await createError(erin)).code).toBe(status.RESOURCE_EXHAUSTED);

    await finish(b.id, 1);
    await waitFor(async () => (await counted(userId)).kept === QUOTA - 1, {
      what: 'the finished job to leave the count',
    });
    await create(erin);
    // The cancelled job would be a fourth active one.
    const reschedule = await unaryError(
      f.client.rescheduleJob.bind(f.client),
      { id: a.id, scheduledAt: new Date(Date.now() + 3_600_000) },
      erin,
    );
    expect([reschedule.code, reschedule.details]).toEqual([status.RESOURCE_EXHAUSTED, REFUSAL]);
    expect((await unary(f.client.getJob.bind(f.client), { id: a.id }, erin)).status).toBe('cancelled');

    await unary(f.client.deleteJob.bind(f.client), { id: c.id }, erin);
    const revived = await unary(
      f.client.rescheduleJob.bind(f.client),
      { id: a.id, scheduledAt: new Date(Date.now() + 3_600_000) },
      erin,
    );
    expect(revived.status).toBe('pending');
    // Rescheduling a job that is still pending moves it and takes no more room.
    await unary(
      f.client.rescheduleJob.bind(f.client),
      { id: d.id, scheduledAt: new Date(Date.now() + 7_200_000) },
      erin,
    );
    expect(await counted(userId)).toEqual({ kept: QUOTA, real: QUOTA });
  });

  it("takes exactly the quota from a burst of concurrent creates, which share commits with another user's", async () => {
    const [fred, hank] = [await signUp(f.auth.address, 'fred'), await signUp(f.auth.address, 'hank')];
    // Creates that arrive while one is written share the next statement, which checks the quota of each owner.
    const results = await Promise.allSettled([
      ...Array.from({ length: 12 }, () => create(fred)),
      ...Array.from({ length: QUOTA }, () => create(hank)),
    ]);
    const fredsResults = results.slice(0, 12);
    const created = fredsResults.filter(
      (r): r is PromiseFulfilledResult<Awaited<ReturnType<typeof create>>> => r.status === 'fulfilled',
    );
    for (const refused of fredsResults.filter((r): r is PromiseRejectedResult => r.status === 'rejected'))
      expect([refused.reason.code, refused.reason.details]).toEqual([status.RESOURCE_EXHAUSTED, REFUSAL]);
    expect(created).toHaveLength(QUOTA);
    expect(results.slice(12).map((r) => r.status)).toEqual(Array(QUOTA).fill('fulfilled'));
    const userId = created[0].value.userId;
    expect(await counted(userId)).toEqual({ kept: QUOTA, real: QUOTA });
    expect(await jobsOf(userId)).toBe(QUOTA);
    expect((await createError(fred)).code).toBe(status.RESOURCE_EXHAUSTED);
  });

  it('answers 429 over REST with the same message', async () => {
    const gina = await signUp(f.auth.address, 'gina');
    const body = { name: 'report', type: 'one_time', scheduledAt: '2030-01-20T10:00:00Z' };
    for (let i = 0; i < QUOTA; i++)
      expect((await gateway.call('POST', '/jobs', { body, headers: gina })).status).toBe(200);
    const refused = await gateway.call('POST', '/jobs', { body, headers: gina });
    expect(refused).toEqual({ status: 429, json: { code: status.RESOURCE_EXHAUSTED, message: REFUSAL, details: [] } });
  });
});
