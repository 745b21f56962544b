import { jobService, type catalog } from '@chrono/contracts';
import { unary, waitFor } from '@chrono/testkit';
import { RunningSystem } from './support/running-system';
import { ServiceClients } from './support/service-clients';
import { SlowTarget } from './support/slow-target';

// Each overlap policy with a slow job (an http target that answers late) on an every-2-seconds cron,
// through the gateway or gRPC and every service: what the target saw and the executions recorded.
describe('overlap policies end to end, with a slow job every 2 seconds', () => {
  let system: RunningSystem;
  let clients: ServiceClients;
  let target: SlowTarget;
  let token: string;

  beforeAll(async () => {
    target = await SlowTarget.start();
    system = await RunningSystem.start({ HTTP_TARGET_ALLOW_HOSTS: '127.0.0.1' });
    clients = ServiceClients.of(system);
    token = (await system.signUp('Olive Overlap')).access_token;
  });
  afterAll(async () => {
    clients?.close();
    await system?.stop();
    await target?.stop();
  });

  const asUser = () => ({ authorization: `Bearer ${token}` });
  const everyTwoSeconds = (tag: string, holdMs: number) => ({
    name: `overlap ${tag}`,
    type: 'recurring',
    cronExpression: '*/2 * * * * *',
    scheduledAt: new Date(),
    timeoutSeconds: 30,
    maxRetries: 0,
    target: { http: { url: target.url(tag, holdMs), headers: {} } },
  });
  const createOverGrpc = (tag: string, holdMs: number, overlapPolicy?: string) =>
    unary(
      clients.jobs.createJob.bind(clients.jobs),
      jobService.CreateJobRequest.fromPartial({ ...everyTwoSeconds(tag, holdMs), overlapPolicy }),
      asUser(),
    );
  const executionsOverGrpc = async (id: string): Promise<catalog.JobExecution[]> =>
    (await unary(clients.jobs.listJobExecutions.bind(clients.jobs), { id, limit: 100 }, asUser())).items
      .slice()
      .sort((a, b) => a.startedAt!.getTime() - b.startedAt!.getTime());
  const succeeded = async (id: string, count: number) =>
    waitFor(
      async () => {
        const done = (await executionsOverGrpc(id)).filter((execution) => execution.status === 'success');
        return done.length >= count && done;
      },
      { timeoutMs: 40_000, what: `${count} runs of ${id}` },
    );
  const cancel = (id: string) => unary(clients.jobs.cancelJob.bind(clients.jobs), { id }, asUser());
  const ms = (date: Date | undefined) => date!.getTime();

  it('skip (gRPC): runs never overlap, and an occurrence due while one ran never runs', async () => {
    const job = await createOverGrpc('skip', 3000);
    expect(job.overlapPolicy).toBe('skip');
    const runs = (await succeeded(job.id, 3)).slice(0, 3);
    await cancel(job.id);
    for (let i = 1; i < runs.length; i++) {
      expect(ms(runs[i].startedAt)).toBeGreaterThanOrEqual(ms(runs[i - 1].completedAt));
      // Due after the run before it ended: the occurrences due during it were skipped.
      expect(ms(runs[i].dueAt)).toBeGreaterThanOrEqual(ms(runs[i - 1].completedAt) - 50);
    }
    const calls = target.callsOf('skip');
    for (let i = 1; i < calls.length; i++) expect(calls[i].start).toBeGreaterThanOrEqual(calls[i - 1].end ?? Infinity);
  });

  it('buffer_one (gRPC): runs back to back, each one due while the previous ran, late but never overlapping', async () => {
    const job = await createOverGrpc('buffer', 3000, 'buffer_one');
    expect(job.overlapPolicy).toBe('buffer_one');
    const runs = (await succeeded(job.id, 4)).slice(0, 4);
    await cancel(job.id);
    for (let i = 1; i < runs.length; i++) {
      const previousEnd = ms(runs[i - 1].completedAt);
      expect(ms(runs[i].startedAt)).toBeGreaterThanOrEqual(previousEnd);
      // The buffered occurrence keeps its own due time, during the previous run: it shows as late.
      expect(ms(runs[i].dueAt)).toBeLessThan(previousEnd);
      expect(ms(runs[i].dueAt)).toBeGreaterThan(ms(runs[i - 1].startedAt));
      expect(ms(runs[i].startedAt) - ms(runs[i].dueAt)).toBeGreaterThan(500);
    }
    // Only one waited: two occurrences (4 s) never both ran after one 3-second run.
    const dues = runs.map((run) => ms(run.dueAt));
    for (let i = 1; i < dues.length; i++) expect(dues[i] - dues[i - 1]).toBeGreaterThanOrEqual(2000);
  });

  it('cancel_previous (REST): the run in flight is cut short and recorded cancelled, and the new one starts', async () => {
    const post = (body: unknown) => system.call('POST', '/jobs', { token, body });
    const { status, body: job } = await post({
      ...everyTwoSeconds('cancel', 20_000),
      overlapPolicy: 'cancel_previous',
    });
    expect([status, job.overlapPolicy]).toEqual([200, 'cancel_previous']);
    const executions = async () =>
      (await system.call('GET', `/jobs/${job.id}/executions?limit=100`, { token })).body.items as Array<{
        status: string;
        errorMessage?: string;
      }>;
    await waitFor(async () => (await executions()).filter((e) => e.status === 'cancelled').length >= 2, {
      timeoutMs: 40_000,
      what: 'two cancelled executions',
    });
    await system.call('POST', `/jobs/${job.id}/cancel`, { token });
    const cancelled = (await executions()).filter((e) => e.status === 'cancelled');
    expect(cancelled[0].errorMessage).toContain('cancel_previous');
    // The executor aborted the calls (their AbortSignal), long before their 20 s, and a new call
    // followed each at once.
    const calls = target.callsOf('cancel');
    const cut = calls.filter((call) => call.aborted);
    expect(cut.length).toBeGreaterThanOrEqual(2);
    for (const call of cut) expect(call.end! - call.start).toBeLessThan(10_000);
    for (const call of cut.slice(0, 2)) {
      const next = calls.find((other) => other.start >= call.start && other !== call);
      expect(next).toBeDefined();
      expect(Math.abs(next!.start - call.end!)).toBeLessThan(3000);
    }
  });

  it('allow (gRPC): runs overlap, each recorded, and only allow jobs keep runs apart from their row', async () => {
    const job = await createOverGrpc('allow', 5000, 'allow');
    expect(job.overlapPolicy).toBe('allow');
    const runs = (await succeeded(job.id, 3)).slice(0, 3);
    await cancel(job.id);
    // Started before the previous one finished, each due at its own occurrence, 2 s apart.
    for (let i = 1; i < runs.length; i++) {
      expect(ms(runs[i].startedAt)).toBeLessThan(ms(runs[i - 1].completedAt));
      expect(ms(runs[i].dueAt) - ms(runs[i - 1].dueAt)).toBe(2000);
    }
    const [{ count }] = await system.database.query<{ count: string }>(
      'select count(*) from scheduler.runs_in_flight where job_id <> $1',
      [job.id],
    );
    expect(Number(count)).toBe(0);
  });

  it('refuses an unknown policy and a non-skip one-time job, naming overlapPolicy; an update applies it', async () => {
    const bad = await system.call('POST', '/jobs', {
      token,
      body: { ...everyTwoSeconds('bad', 0), overlapPolicy: 'sometimes' },
    });
    expect([bad.status, bad.body.message]).toEqual([400, expect.stringContaining('overlapPolicy')]);
    const oneTime = await system.call('POST', '/jobs', {
      token,
      body: { name: 'once', type: 'one_time', scheduledAt: '2030-01-20T10:00:00Z', overlapPolicy: 'buffer_one' },
    });
    expect([oneTime.status, oneTime.body.message]).toEqual([400, expect.stringContaining('overlapPolicy')]);

    const job = await createOverGrpc('update', 0);
    const updated = await unary(
      clients.jobs.updateJob.bind(clients.jobs),
      jobService.UpdateJobRequest.fromPartial({ id: job.id, overlapPolicy: 'buffer_one' }),
      asUser(),
    );
    expect(updated.overlapPolicy).toBe('buffer_one');
    expect((await system.call('GET', `/jobs/${job.id}`, { token })).body.overlapPolicy).toBe('buffer_one');
    await cancel(job.id);
  });
});
