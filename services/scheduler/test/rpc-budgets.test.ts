import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import { scheduler } from '@chrono/contracts';
import { GatewayProcess, ServiceProcess, signUp, unary, unaryError, waitFor } from '@chrono/testkit';

import { jobOf, Kind, SchedulerFixture } from './scheduler-fixture';

// The budgets of PreviewRuns and TriggerNow (the changes budget, the runs-per-minute quota), with tokens from a real auth service.
describe('SchedulerService budgets and quotas', () => {
  let f: SchedulerFixture;
  let auth: ServiceProcess;
  let client: scheduler.SchedulerServiceClient;
  let gateway: GatewayProcess;

  // Small budgets, so that the limits show within a few calls.
  const limits = {
    MAX_RUNS_PER_USER_PER_MINUTE: '2',
    RATE_LIMIT_WRITES_PER_SECOND: '1',
    RATE_LIMIT_WRITE_BURST: '8',
    RATE_LIMIT_PREVIEWS_PER_SECOND: '1',
    RATE_LIMIT_PREVIEW_BURST: '10',
    // Unknown ids are answered at once, so that calls come faster than the budget refills.
    TRIGGER_NOW_WAIT_FOR_JOB: '0s',
  };
  const userIdOf = (who: Record<string, string>): string =>
    JSON.parse(Buffer.from(who.authorization.split('.')[1], 'base64url').toString()).sub;

  beforeAll(async () => {
    f = await SchedulerFixture.start();
    auth = await ServiceProcess.start('auth', { ...f.database.env, BCRYPT_ROUNDS: '4' });
    const replica = await f.startScheduler({ AUTH_GRPC_URL: auth.address, ...limits });
    client = new scheduler.SchedulerServiceClient(replica.address, credentials.createInsecure());
    gateway = await GatewayProcess.start({ AUTH_GRPC_URL: auth.address, SCHEDULER_GRPC_URL: replica.address });
  });
  afterAll(async () => {
    client?.close();
    await gateway?.stop();
    await auth?.stop();
    await f?.close();
  });

  it('refuses a TriggerNow past the runs-per-minute quota, naming it, and triggers nothing', async () => {
    const hank = await signUp(auth.address, 'hank');
    const jobs = [1, 2, 3].map(() => jobOf({ userId: userIdOf(hank), scheduledAt: new Date(Date.now() + 3_600_000) }));
    for (const job of jobs) await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, job);
    await waitFor(
      async () =>
        (await f.database.query('select 1 from scheduler.schedules where user_id = $1', [userIdOf(hank)])).length === 3,
      { what: 'the three rows' },
    );

    // A bucket of two runs: both triggered runs go out at once (a triggered run is not charged again when claimed).
    for (const job of jobs.slice(0, 2)) await unary(client.triggerNow.bind(client), { id: job.id }, hank);
    await waitFor(() => jobs.slice(0, 2).every((job) => f.dispatchesOf(job.id).length === 1), {
      what: 'both triggered runs',
    });
    const error = await unaryError(client.triggerNow.bind(client), { id: jobs[2].id }, hank);
    expect(error.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(error.details).toMatch(
      /^too many runs: at most 2 runs a minute per user \(MAX_RUNS_PER_USER_PER_MINUTE\); try again in (\d+) s$/,
    );
    const waitS = Number(/in (\d+) s$/.exec(error.details)![1]);
    expect(waitS).toBeGreaterThan(20);
    expect(waitS).toBeLessThanOrEqual(30);
    expect(error.metadata.get('retry-after')).toEqual([String(waitS)]);
    const [row] = await f.database.query<{ state: string; next_run_at: Date }>(
      'select state, next_run_at from scheduler.schedules where job_id = $1',
      [jobs[2].id],
    );
    expect(row.state).toBe('scheduled');
    expect(row.next_run_at.getTime()).toBeGreaterThan(Date.now() + 3_000_000);
  });

  const exhausted = (outcome: unknown) => (outcome as { code?: number }).code === status.RESOURCE_EXHAUSTED;

  it("takes a token of the user's budget of changes for each TriggerNow", async () => {
    const ivan = await signUp(auth.address, 'ivan');
    const { refusal, passed } = await untilRefused(
      () => unary(client.triggerNow.bind(client), { id: '00000000-0000-4000-8000-000000000000' }, ivan),
      exhausted,
      30,
    );
    expect(passed).toBeGreaterThanOrEqual(8);
    const error = refusal as ServiceError;
    expect(error.details).toBe(
      'too many changes: at most 1 a second per user, 8 at once (RATE_LIMIT_WRITES_PER_SECOND, RATE_LIMIT_WRITE_BURST); try again in 1 s',
    );
    expect(error.metadata.get('retry-after')).toEqual(['1']);
  });

  it('gives PreviewRuns a budget of its own, over gRPC and as 429 over REST', async () => {
    const judy = await signUp(auth.address, 'judy');
    const request = { cronExpression: '*/5 * * * *', count: 3, start: undefined };
    const { refusal, passed } = await untilRefused(
      () => unary(client.previewRuns.bind(client), request, judy),
      exhausted,
      40,
    );
    expect(passed).toBeGreaterThanOrEqual(10);
    const error = refusal as ServiceError;
    expect(error.details).toBe(
      'too many previews: at most 1 a second per user, 10 at once (RATE_LIMIT_PREVIEWS_PER_SECOND, RATE_LIMIT_PREVIEW_BURST); try again in 1 s',
    );
    expect(error.metadata.get('retry-after')).toEqual(['1']);
    // Spending it leaves the budget of changes alone.
    expect(
      (await unaryError(client.triggerNow.bind(client), { id: '00000000-0000-4000-8000-000000000000' }, judy)).code,
    ).toBe(status.NOT_FOUND);

    const karl = await signUp(auth.address, 'karl');
    const post = () =>
      fetch(`${gateway.url}/schedules/preview`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...karl },
        body: JSON.stringify({ cronExpression: '*/5 * * * *', count: 3 }),
      });
    const { refusal: response } = await untilRefused(post, (outcome) => (outcome as Response).status === 429, 40);
    const refused = response as Response;
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toEqual({
      code: status.RESOURCE_EXHAUSTED,
      message: expect.stringMatching(/^too many previews: /),
      details: [],
    });
  });

  // Calls `call` until it is refused (at most `attempts` times); resolves to the refusal and how many calls went through first.
  async function untilRefused<T>(
    call: () => Promise<T>,
    refused: (outcome: T | Error) => boolean,
    attempts: number,
  ): Promise<{ refusal: T | Error; passed: number }> {
    for (let passed = 0; passed < attempts; passed++) {
      const outcome = await call().catch((error: Error) => error);
      if (refused(outcome)) return { refusal: outcome, passed };
    }
    throw new Error(`not refused after ${attempts} calls`);
  }
});
