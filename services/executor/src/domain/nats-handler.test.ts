import type { TargetRules } from '@chrono/targets';
import type { Job } from './job-handler';
import { NatsHandler } from './nats-handler';

const owner = 'u1';
const job = (subject: string, data?: unknown, userId = owner): Job => ({
  jobId: 'j1',
  runId: 'r1',
  userId,
  attempt: 1,
  payload: { p: 1 },
  target: { http: undefined, nats: { subject, data } },
  timeoutMs: 0,
  dueAt: undefined,
  dispatchedAt: undefined,
  occurrenceAt: undefined,
});
const rules: TargetRules = {
  natsSubjects: ['orders.>'],
  reservedSubjects: ['jobs.events.>', 'dispatch.jobs', 'executions.>'],
  httpMaxTimeoutSeconds: 3600,
};

describe('NatsHandler', () => {
  const sent: Array<{ subject: string; data: string; headers: Record<string, string> }> = [];
  const handler = new NatsHandler(
    async (subject, data, headers) => void sent.push({ subject, data: Buffer.from(data).toString(), headers }),
    rules,
  );
  beforeEach(() => (sent.length = 0));

  it("publishes the data as JSON, or the payload when there is none, under the owner's prefix or an operator's subject", async () => {
    expect(await handler.run(job('users.u1.orders.created', 'text'))).toEqual({ subject: 'users.u1.orders.created' });
    await handler.run(job('orders.created'));
    expect(sent.map((s) => [s.subject, s.data])).toEqual([
      ['users.u1.orders.created', '"text"'],
      ['orders.created', '{"p":1}'],
    ]);
    expect(sent[0].headers).toMatchObject({ 'Chrono-Job-Id': 'j1', 'Content-Type': 'application/json' });
  });

  it.each([
    ['executions.failed.j2', 'target.nats.subject "executions.failed.j2" is reserved for the system\'s own messages'],
    ['$JS.API.INFO', 'target.nats.subject "$JS.API.INFO" is reserved for the system\'s own messages'],
    [
      'users.u2.orders',
      'target.nats.subject "users.u2.orders" is not under your own prefix: subjects under users. belong to the user they name, and yours is users.u1.',
    ],
    [
      'billing.run',
      'target.nats.subject "billing.run" is not open to jobs: publish under users.u1. (such as users.u1.billing.run) or on a subject the operator allows (NATS_TARGET_SUBJECTS: orders.>)',
    ],
    [
      'a.*',
      'target.nats.subject must be a subject without wildcards or spaces, such as users.u1.orders.created, got "a.*"',
    ],
  ])('refuses %s with the message job-catalog gives, and publishes nothing', async (subject, message) => {
    await expect(handler.run(job(subject))).rejects.toThrow(expect.objectContaining({ name: 'JobError', message }));
    expect(sent).toEqual([]);
  });

  it('judges the subject by the owner the dispatch request names', async () => {
    await handler.run(job('users.u2.orders', undefined, 'u2'));
    expect(sent.map((s) => s.subject)).toEqual(['users.u2.orders']);
  });
});
