import { waitFor } from '@chrono/testkit';
import { RunningSystem } from './support/running-system';

// POST /jobs/{id}/pause and /resume, GET /jobs?status=paused and catchUpWindow, through the gateway
// and every service: a paused job does not run while a control job beside it does.
describe('pausing and resuming over REST', () => {
  let system: RunningSystem;
  let token: string;

  beforeAll(async () => {
    system = await RunningSystem.start();
    token = (await system.signUp('Pat Pause')).access_token;
  });
  afterAll(() => system?.stop());

  const post = (route: string, body?: unknown) => system.call('POST', route, { token, body });
  const getJob = async (id: string) => (await system.call('GET', `/jobs/${id}`, { token })).body;
  const runs = async (id: string): Promise<number> =>
    (await system.call('GET', `/jobs/${id}/executions`, { token })).body.total;
  const everySecond = async (name: string, extra = {}) =>
    (await post('/jobs', { name, type: 'recurring', cronExpression: '* * * * * *', scheduledAt: new Date(), ...extra }))
      .body;
  const moreRuns = async (id: string, count: number) => {
    const target = (await runs(id)) + count;
    await waitFor(async () => (await runs(id)) >= target, { timeoutMs: 30_000, what: `${count} more runs of ${id}` });
  };

  it('keeps a paused job from running across its due times, lists it as paused, and resumes it', async () => {
    const job = await everySecond('paused every second', { catchUpWindow: '0s' });
    const control = await everySecond('control every second');
    expect(job.catchUpWindow).toBe('0s');
    await moreRuns(job.id, 1);

    const paused = await post(`/jobs/${job.id}/pause`);
    expect([paused.status, paused.body.status, paused.body.isActive]).toEqual([200, 'paused', true]);
    expect(paused.body.nextRunAt).toBeUndefined();
    expect((await post(`/jobs/${job.id}/pause`)).body).toEqual(paused.body);
    const listed = (await system.call('GET', '/jobs?status=paused&limit=100', { token })).body;
    expect(listed.items.map((item: { id: string }) => item.id)).toEqual([job.id]);

    // A run handed out before the pause may still finish: count once the control job ran twice more.
    await moreRuns(control.id, 2);
    const whilePaused = await runs(job.id);
    await moreRuns(control.id, 3);
    expect(await runs(job.id)).toBe(whilePaused);
    expect((await getJob(job.id)).status).toBe('paused');

    const resumed = await post(`/jobs/${job.id}/resume`);
    expect([resumed.status, resumed.body.status]).toEqual([200, 'pending']);
    await moreRuns(job.id, 1);
    expect((await post(`/jobs/${job.id}/resume`)).body.status).toMatch(/^(pending|running)$/);
    for (const id of [job.id, control.id]) await post(`/jobs/${id}/cancel`);
  });

  it('refuses to pause a cancelled job and a catch-up window out of bounds, naming the problem', async () => {
    const { body: job } = await post('/jobs', {
      name: 'cancelled',
      type: 'one_time',
      scheduledAt: '2030-01-20T10:00:00Z',
    });
    await post(`/jobs/${job.id}/cancel`);
    const refused = await post(`/jobs/${job.id}/pause`);
    expect([refused.status, refused.body.message]).toEqual([
      400,
      expect.stringContaining('a cancelled job cannot be paused'),
    ]);

    for (const catchUpWindow of ['-5s', '700000s']) {
      const bad = await post('/jobs', {
        name: 'bad window',
        type: 'one_time',
        scheduledAt: '2030-01-20T10:00:00Z',
        catchUpWindow,
      });
      expect([bad.status, bad.body.message]).toEqual([400, expect.stringContaining('catchUpWindow')]);
    }
    const updated = await system.call('PUT', `/jobs/${job.id}`, { token, body: { catchUpWindow: '3600s' } });
    expect([updated.status, updated.body.catchUpWindow]).toEqual([200, '3600s']);
  });
});
