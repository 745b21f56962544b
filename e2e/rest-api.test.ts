import { randomBytes } from 'node:crypto';
import { waitFor } from '@chrono/testkit';
import { RunningSystem } from './support/running-system';

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

// The REST API of the original design, walked over HTTP through the gateway, with the whole system running.
describe('the REST API of the original design', () => {
  let system: RunningSystem;
  let token: string;
  let otherToken: string;
  const email = `user-${randomBytes(4).toString('hex')}@example.com`;

  beforeAll(async () => {
    system = await RunningSystem.start();
  });
  afterAll(() => system?.stop());

  const getJob = (id: string, as = token) => system.call('GET', `/jobs/${id}`, { token: as });
  const executions = (id: string) => system.call('GET', `/jobs/${id}/executions`, { token });

  it('registers a user as the design shows it, and refuses a second account with the same email (409)', async () => {
    const { status, body } = await system.call('POST', '/auth/register', {
      body: { email, password: 'SecurePassword123!', name: 'John Doe' },
    });
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'user']);
    expect(body.user).toEqual({
      id: expect.any(String),
      email,
      name: 'John Doe',
      isActive: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    token = body.access_token;

    const again = await system.call('POST', '/auth/register', {
      body: { email, password: 'SecurePassword123!', name: 'John Doe' },
    });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ code: 6, message: 'an account with this email already exists', details: [] });
    otherToken = (
      await system.call('POST', '/auth/register', {
        body: { email: `other-${email}`, password: 'SecurePassword123!', name: 'Other' },
      })
    ).body.access_token;
  });

  it('logs in, and answers a wrong password with 401', async () => {
    const { status, body } = await system.call('POST', '/auth/login', {
      body: { email, password: 'SecurePassword123!' },
    });
    expect(status).toBe(200);
    expect(body.user.email).toBe(email);
    expect(body.access_token).toEqual(expect.any(String));
    const wrong = await system.call('POST', '/auth/login', { body: { email, password: 'not-the-password' } });
    expect([wrong.status, wrong.body.message]).toEqual([401, 'invalid email or password']);
  });

  it('refuses job routes without a token or with a bad one (401), and bad bodies (400)', async () => {
    expect((await system.call('GET', '/jobs')).status).toBe(401);
    expect((await system.call('GET', '/jobs', { token: 'not.a.token' })).status).toBe(401);
    const malformed = await system.call('POST', '/jobs', { token, body: '{"name": ' });
    expect(malformed.status).toBe(400);
    const wrongType = await system.call('POST', '/jobs', {
      token,
      body: { name: 'x', type: 'one_time', scheduledAt: 'next tuesday' },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.message).toContain('scheduledAt');
    const unknownType = await system.call('POST', '/jobs', {
      token,
      body: { name: 'x', type: 'sometimes', scheduledAt: inSeconds(60) },
    });
    expect([unknownType.status, unknownType.body.message]).toEqual([
      400,
      'type must be one of one_time, recurring, got "sometimes"',
    ]);
    expect((await system.call('GET', '/jobs', { token })).body.total).toBe(0);
  });

  it('runs a one-time job created with the documented body and shows one successful execution', async () => {
    const { status, body: job } = await system.call('POST', '/jobs', {
      token,
      body: {
        name: 'Send Weekly Report',
        description: 'Generate and send weekly analytics report',
        type: 'one_time',
        payload: { reportType: 'analytics', recipients: ['admin@example.com'] },
        scheduledAt: inSeconds(2),
        maxRetries: 3,
      },
    });
    expect(status).toBe(200);
    expect(job).toMatchObject({
      name: 'Send Weekly Report',
      type: 'one_time',
      status: 'pending',
      retryCount: 0,
      maxRetries: 3,
      isActive: true,
      payload: { reportType: 'analytics', recipients: ['admin@example.com'] },
    });
    const done = await waitFor(
      async () => (await getJob(job.id)).body.status === 'completed' && (await getJob(job.id)).body,
      { timeoutMs: 20_000, what: 'the job to complete' },
    );
    expect(done).toMatchObject({
      status: 'completed',
      isActive: false,
      result: { reportType: 'analytics', recipients: ['admin@example.com'] },
    });
    const history = await waitFor(
      async () => (await executions(job.id)).body.total === 1 && (await executions(job.id)).body,
      { what: 'one execution' },
    );
    expect(history).toMatchObject({ total: 1, page: 1, limit: 10 });
    expect(history.items[0]).toMatchObject({
      jobId: job.id,
      status: 'success',
      attemptNumber: 1,
      startedAt: expect.any(String),
      completedAt: expect.any(String),
      createdAt: expect.any(String),
    });
    expect(new Date(history.items[0].startedAt).getTime()).toBeGreaterThanOrEqual(new Date(job.scheduledAt).getTime());
  });

  it("hides another user's job (404) and deletes a job (then 404)", async () => {
    const { body: job } = await system.call('POST', '/jobs', {
      token,
      body: { name: 'mine', type: 'one_time', scheduledAt: '2030-01-20T10:00:00Z' },
    });
    expect((await getJob(job.id, otherToken)).status).toBe(404);
    expect((await system.call('DELETE', `/jobs/${job.id}`, { token: otherToken })).status).toBe(404);
    const deleted = await system.call('DELETE', `/jobs/${job.id}`, { token });
    expect(deleted.status).toBe(200);
    const gone = await getJob(job.id);
    expect([gone.status, gone.body]).toEqual([404, { code: 5, message: 'job not found', details: [] }]);
  });
});
