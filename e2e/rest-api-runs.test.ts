import { randomBytes } from 'node:crypto';
import { waitFor } from '@chrono/testkit';
import { RunningSystem } from './support/running-system';

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

// Jobs created over the REST API of the original design run when they should: cancelled, rescheduled, recurring;
// then the list of them (its type filter finds the recurring job made here), gets and updates.
describe('the REST API of the original design: when jobs run, and the list of them', () => {
  let system: RunningSystem;
  let token: string;

  beforeAll(async () => {
    system = await RunningSystem.start();
    token = (await system.signUp('John Doe')).access_token;
  });
  afterAll(() => system?.stop());

  const getJob = (id: string, as = token) => system.call('GET', `/jobs/${id}`, { token: as });
  const executions = (id: string) => system.call('GET', `/jobs/${id}/executions`, { token });

  it('never runs a cancelled job', async () => {
    const { body: job } = await system.call('POST', '/jobs', {
      token,
      body: { name: 'cancel me', type: 'one_time', scheduledAt: inSeconds(2) },
    });
    const cancelled = await system.call('POST', `/jobs/${job.id}/cancel`, { token });
    expect([cancelled.status, cancelled.body.status, cancelled.body.isActive]).toEqual([200, 'cancelled', false]);
    const { body: marker } = await system.call('POST', '/jobs', {
      token,
      body: { name: 'marker', type: 'one_time', scheduledAt: inSeconds(3) },
    });
    await waitFor(async () => (await getJob(marker.id)).body.status === 'completed', {
      timeoutMs: 20_000,
      what: 'a job due later to complete',
    });
    expect((await getJob(job.id)).body.status).toBe('cancelled');
    expect((await executions(job.id)).body.total).toBe(0);
  });

  it('runs a rescheduled job at its new time, not its old one', async () => {
    const { body: job } = await system.call('POST', '/jobs', {
      token,
      body: { name: 'move me', type: 'one_time', scheduledAt: inSeconds(3600) },
    });
    const at = inSeconds(2);
    const moved = await system.call('POST', `/jobs/${job.id}/reschedule`, { token, body: { scheduledAt: at } });
    // The same instant; proto3 JSON writes 0, 3, 6 or 9 fractional digits (`.160Z` stays, `.000Z` is dropped).
    expect(moved.body.status).toBe('pending');
    expect(new Date(moved.body.scheduledAt).toISOString()).toBe(at);
    const done = await waitFor(
      async () => (await getJob(job.id)).body.status === 'completed' && (await executions(job.id)).body,
      { timeoutMs: 20_000, what: 'the rescheduled run' },
    );
    expect(new Date(done.items[0].startedAt).getTime()).toBeGreaterThanOrEqual(new Date(at).getTime());
  });

  it('creates jobs in one call with POST /jobs:batchCreate, all or none, and runs them', async () => {
    const requests = ['first', 'second', 'third'].map((name) => ({
      name,
      type: 'one_time',
      scheduledAt: inSeconds(2),
    }));
    const headers = { 'idempotency-key': `batch-${randomBytes(4).toString('hex')}` };
    const created = await system.call('POST', '/jobs:batchCreate', { token, headers, body: { requests } });
    expect([created.status, created.body.jobs.map((j: { name: string }) => j.name)]).toEqual([
      200,
      ['first', 'second', 'third'],
    ]);
    const replayed = await system.call('POST', '/jobs:batchCreate', { token, headers, body: { requests } });
    expect(replayed.body).toEqual(created.body);
    const refused = await system.call('POST', '/jobs:batchCreate', {
      token,
      body: { requests: [requests[0], { ...requests[1], type: 'recurring', cronExpression: '61 * * * *' }] },
    });
    expect([refused.status, refused.body.message]).toEqual([
      400,
      expect.stringContaining('requests[1].cronExpression'),
    ]);
    for (const job of created.body.jobs)
      await waitFor(async () => (await getJob(job.id)).body.status === 'completed', {
        timeoutMs: 20_000,
        what: `batch job ${job.name} to complete`,
      });
  });

  it("moves a recurring job's nextRunAt on after each run", async () => {
    // Anchored so that its first hourly occurrence is two seconds away.
    const anchor = new Date(Date.now() - 3600_000 + 2000).toISOString();
    const { body: job } = await system.call('POST', '/jobs', {
      token,
      body: {
        name: 'Daily Backup',
        description: 'Perform daily database backup',
        type: 'recurring',
        recurrencePattern: 'hourly',
        scheduledAt: anchor,
        maxRetries: 5,
      },
    });
    expect(job).toMatchObject({ type: 'recurring', recurrencePattern: 'hourly', status: 'pending' });
    const first = new Date(job.nextRunAt).getTime();
    const after = await waitFor(
      async () => {
        const current = (await getJob(job.id)).body;
        return (
          current.nextRunAt && new Date(current.nextRunAt).getTime() > first && current.status === 'pending' && current
        );
      },
      { timeoutMs: 20_000, what: 'nextRunAt to move on' },
    );
    expect(new Date(after.nextRunAt).getTime() - first).toBe(3600_000);
    const [run] = (await executions(job.id)).body.items;
    // The execution keeps the occurrence it ran for, so how late it started is known. Compared as a time:
    // JSON drops a timestamp's fraction when it is zero ("…:23Z"), as it is for one anchor in a thousand.
    expect(run.status).toBe('success');
    expect(new Date(run.dueAt).getTime()).toBe(first);
    expect(new Date(run.startedAt).getTime()).toBeGreaterThanOrEqual(first);
  });

  it('lists, filters, gets and updates with the documented query parameters and bodies', async () => {
    const { body: job } = await system.call('POST', '/jobs', {
      token,
      body: { name: 'Listed', type: 'one_time', scheduledAt: '2030-01-20T10:00:00Z' },
    });
    const pending = await system.call('GET', '/jobs?status=pending&page=1&limit=10', { token });
    expect(pending.status).toBe(200);
    expect(pending.body.items.every((j: { status: string }) => j.status === 'pending')).toBe(true);
    expect(pending.body.items.map((j: { id: string }) => j.id)).toContain(job.id);
    const today = new Date().toISOString().slice(0, 10);
    const filtered = await system.call('GET', `/jobs?type=recurring&fromDate=${today}&toDate=${today}`, { token });
    expect(filtered.body.items.map((j: { name: string }) => j.name)).toEqual(['Daily Backup']);
    const named = await system.call('GET', `/jobs?name=${encodeURIComponent('daily BACK')}`, { token });
    expect(named.body).toMatchObject({ items: [{ name: 'Daily Backup' }], total: 1 });
    const tooLong = await system.call('GET', `/jobs?name=${'n'.repeat(201)}`, { token });
    expect([tooLong.status, tooLong.body.message]).toEqual([400, 'name must be at most 200 characters, got 201']);
    const all = (await system.call('GET', '/jobs?limit=100', { token })).body;
    const page = await system.call('GET', '/jobs?page=2&limit=2', { token });
    expect(page.body).toEqual({ items: all.items.slice(2, 4), page: 2, limit: 2, total: all.total });
    expect(all.items.map((j: { createdAt: string }) => j.createdAt)).toEqual(
      all.items
        .map((j: { createdAt: string }) => j.createdAt)
        .sort()
        .reverse(),
    );
    expect((await system.call('GET', '/jobs?limit=500', { token })).status).toBe(400);
    expect((await system.call('GET', '/jobs?status=finished', { token })).status).toBe(400);

    expect((await getJob(job.id)).body).toMatchObject({ id: job.id, name: 'Listed' });
    const updated = await system.call('PUT', `/jobs/${job.id}`, {
      token,
      body: { name: 'Updated Job Name', scheduledAt: '2030-01-25T10:00:00Z' },
    });
    expect(updated.body).toMatchObject({
      name: 'Updated Job Name',
      scheduledAt: '2030-01-25T10:00:00Z',
      nextRunAt: '2030-01-25T10:00:00Z',
    });
  });
});
