import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { waitFor } from '@chrono/testkit';
import {
  AlreadyExistsError,
  ChronoClient,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
} from '@chrono/client';
import { ServicesFixture } from './services-fixture';

const HOUR = 3_600_000;

// Every method of the client against the real services, and the typed errors they answer with.
describe('ChronoClient against the running services', () => {
  let services: ServicesFixture;
  let chrono: ChronoClient;
  const email = `client-${randomBytes(4).toString('hex')}@example.com`;
  const password = 'long-enough-1';
  const clients: ChronoClient[] = [];
  const client = (options: ConstructorParameters<typeof ChronoClient>[0] = {}) => {
    const made = new ChronoClient({ addresses: services.addresses, ...options });
    clients.push(made);
    return made;
  };

  beforeAll(async () => {
    services = await ServicesFixture.start({
      scheduler: { RATE_LIMIT_PREVIEWS_PER_SECOND: '1', RATE_LIMIT_PREVIEW_BURST: '3' },
    });
    chrono = client();
  }, 300_000);
  afterAll(async () => {
    for (const made of clients) made.close();
    await services?.close();
  });

  it('registers, then signs in, and the token it keeps answers me()', async () => {
    const registered = await chrono.auth.register({ email, password, name: 'Client Test' });
    expect(registered.user).toMatchObject({ email, name: 'Client Test', isActive: true });
    expect(registered.user.createdAt).toBeInstanceOf(Date);
    await expect(chrono.auth.register({ email, password, name: 'Again' })).rejects.toBeInstanceOf(AlreadyExistsError);
    const loggedIn = await chrono.auth.login({ email, password });
    expect(loggedIn.accessToken).toEqual(expect.any(String));
    expect((await chrono.auth.me()).email).toBe(email);
    expect((await chrono.auth.jwks())[0]).toMatchObject({ kty: 'EC', alg: 'ES256', use: 'sig' });
  });

  it('refuses a wrong password and a call without a token as UnauthenticatedError', async () => {
    await expect(chrono.auth.login({ email, password: 'wrong-password' })).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(client().jobs.listPage()).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('signs in with its credentials when it has no token, and again when the token is refused', async () => {
    expect((await client({ credentials: { email, password } }).auth.me()).email).toBe(email);
    const stale = client({ token: 'not.a.token', credentials: { email, password } });
    expect((await stale.jobs.listPage()).total).toEqual(expect.any(Number));
  });

  it('creates, gets, updates, reschedules, lists, cancels and deletes a job, with plain types', async () => {
    const at = new Date(Date.now() + HOUR);
    const job = await chrono.jobs.create({ name: 'report', scheduledAt: at, payload: { to: ['ops'], n: 1 } });
    expect(job).toMatchObject({ name: 'report', type: 'one_time', status: 'pending', payload: { to: ['ops'], n: 1 } });
    expect(job.scheduledAt).toEqual(at);
    expect(await chrono.jobs.get(job.id)).toMatchObject({ id: job.id, nextRunAt: at });

    const updated = await chrono.jobs.update(job.id, {
      name: 'weekly report',
      recurrencePattern: 'weekly',
      type: 'recurring',
    });
    expect(updated).toMatchObject({ name: 'weekly report', type: 'recurring', recurrencePattern: 'weekly' });
    const later = new Date(at.getTime() + HOUR);
    expect((await chrono.jobs.reschedule(job.id, later)).scheduledAt).toEqual(later);

    const cron = await chrono.jobs.create({
      name: 'cron',
      scheduledAt: new Date(),
      cronExpression: '0 9 * * 1',
      timezone: 'Europe/Paris',
    });
    expect(cron).toMatchObject({ type: 'recurring', cronExpression: '0 9 * * 1', timezone: 'Europe/Paris' });
    const page = await chrono.jobs.listPage({ type: 'recurring', limit: 1 });
    expect(page).toMatchObject({ total: 2, page: 1, limit: 1, items: [{ id: cron.id }] });

    expect((await chrono.jobs.cancel(cron.id)).status).toBe('cancelled');
    await expect(chrono.jobs.trigger(cron.id)).rejects.toBeInstanceOf(FailedPreconditionError);
    await chrono.jobs.delete(cron.id);
    const gone = await chrono.jobs.get(cron.id).catch((error: unknown) => error);
    expect(gone).toBeInstanceOf(NotFoundError);
    expect(gone).toMatchObject({ codeName: 'NOT_FOUND', code: 5 });
  });

  it('triggers a job now, and its executions show the run', async () => {
    const job = await chrono.jobs.create({ name: 'now', scheduledAt: new Date(Date.now() + HOUR), payload: { a: 1 } });
    const run = await chrono.jobs.trigger(job.id);
    expect(run).toMatchObject({ jobId: job.id, runId: expect.any(String), dueAt: expect.any(Date) });
    const { items } = await waitFor(() => chrono.jobs.executions(job.id), {
      until: (page) => page.items.length > 0,
      what: 'the triggered run to be recorded',
    });
    expect(items[0]).toMatchObject({ jobId: job.id, status: 'success', attemptNumber: 1, result: { a: 1 } });
    expect(items[0].startedAt).toBeInstanceOf(Date);
    // A triggered run is an occurrence of its own, due at the trigger, in the job's occurrence ledger.
    const ledger = await waitFor(() => chrono.jobs.occurrences(job.id, { from: new Date(Date.now() - HOUR) }), {
      until: (page) => page.items[0]?.outcome === 'succeeded',
      what: 'the triggered run in the ledger',
    });
    expect(ledger.items).toEqual([
      expect.objectContaining({
        dueAt: run.dueAt,
        runId: run.runId,
        attempts: [{ attemptNumber: 1, executionId: items[0].id, status: 'success' }],
      }),
    ]);
    expect((await chrono.jobs.get(job.id)).stats?.last24h).toMatchObject({ occurrences: 1, succeeded: 1 });
  });

  it('previews a cron expression in a zone as Dates', async () => {
    const start = new Date('2026-03-07T00:00:00Z');
    const runs = await chrono.schedules.preview({
      cronExpression: '30 2 * * *',
      timezone: 'America/New_York',
      start,
      count: 3,
    });
    expect(runs.map((run) => run.toISOString())).toEqual([
      '2026-03-07T07:30:00.000Z',
      '2026-03-08T07:00:00.000Z',
      '2026-03-09T06:30:00.000Z',
    ]);
  });

  it('answers bad input with InvalidArgumentError naming the field, and creates nothing', async () => {
    const before = (await chrono.jobs.listPage()).total;
    const error = await chrono.jobs
      .create({ name: 'bad', scheduledAt: new Date(), cronExpression: '61 * * * *' })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ field: 'cronExpression', message: expect.stringContaining('minute 61') });
    const zone = await chrono.schedules
      .preview({ cronExpression: '* * * * *', timezone: 'Mars/Olympus' })
      .catch((thrown: unknown) => thrown);
    expect(zone).toMatchObject({ field: 'timezone' });
    expect((await chrono.jobs.listPage()).total).toBe(before);
  });

  it('answers a spent budget with RateLimitedError and its retryAfter', async () => {
    const other = client();
    await other.auth.register({ email: `other-${email}`, password, name: 'Other' });
    const previews = Array.from({ length: 6 }, () =>
      other.schedules.preview({ recurrencePattern: 'daily' }).catch((error: unknown) => error),
    );
    const limited = (await Promise.all(previews)).find((result) => result instanceof RateLimitedError);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfter).toBeGreaterThanOrEqual(1);
    expect((limited as RateLimitedError).metadata.get('retry-after')).toHaveLength(1);
  });

  it('runs the example: it creates a recurring job and prints its runs as they come', async () => {
    const example = path.join(__dirname, '..', 'examples', 'follow-recurring-job.js');
    const env = {
      ...process.env,
      CHRONO_EMAIL: `example-${email}`,
      CHRONO_PASSWORD: password,
      CHRONO_AUTH_URL: services.addresses.auth,
      CHRONO_JOB_CATALOG_URL: services.addresses.jobCatalog,
      CHRONO_SCHEDULER_URL: services.addresses.scheduler,
      RUNS: '1',
    };
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(process.execPath, [example], { env, timeout: 45_000 }, (error, out, err) =>
        resolve({ code: error ? 1 : 0, stdout: out, stderr: err }),
      ),
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^created [0-9a-f-]{36}; next run \S+\nrun success at \S+: {"hello":"world"}\n$/);
  }, 60_000);
});
