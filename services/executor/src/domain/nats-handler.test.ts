import type { Job } from './job-handler';
import { NatsHandler } from './nats-handler';

const job = (subject: string, data?: unknown): Job => ({
  jobId: 'j1', runId: 'r1', userId: 'u1', attempt: 1, payload: { p: 1 }, target: { http: undefined, nats: { subject, data } }, timeoutMs: 0, dueAt: undefined, dispatchedAt: undefined,
});

describe('NatsHandler', () => {
  const sent: Array<{ subject: string; data: string; headers: Record<string, string> }> = [];
  const handler = new NatsHandler(async (subject, data, headers) => void sent.push({ subject, data: Buffer.from(data).toString(), headers }), ['jobs.events.>', 'dispatch.jobs', 'executions.>']);
  beforeEach(() => (sent.length = 0));

  it('publishes the data as JSON, or the payload when there is none', async () => {
    expect(await handler.run(job('orders.created', 'text'))).toEqual({ subject: 'orders.created' });
    await handler.run(job('orders.created'));
    expect(sent.map((s) => s.data)).toEqual(['"text"', '{"p":1}']);
    expect(sent[0].headers).toMatchObject({ 'Chrono-Job-Id': 'j1', 'Content-Type': 'application/json' });
  });

  it.each(['executions.failed.j2', 'dispatch.jobs', 'jobs.events.x', '$JS.API.INFO', '_INBOX.abc'])('refuses the reserved subject %s', async (subject) => {
    await expect(handler.run(job(subject))).rejects.toThrow(`target.nats.subject "${subject}" is reserved for the system's own messages`);
    expect(sent).toEqual([]);
  });

  it.each(['', 'a..b', 'a.*', 'a.>', 'has space', '.lead'])('refuses the malformed subject %p', async (subject) => {
    await expect(handler.run(job(subject))).rejects.toThrow('target.nats.subject must be a subject without wildcards or spaces');
  });

  it('allows subjects that only look like reserved ones', async () => {
    await handler.run(job('dispatch.jobs.mine'));
    await handler.run(job('executions'));
    expect(sent.map((s) => s.subject)).toEqual(['dispatch.jobs.mine', 'executions']);
  });
});
