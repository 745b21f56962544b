import { waitFor } from '@chrono/testkit';
import { RunningSystem, SIGN_UP_PASSWORD } from './support/running-system';

// DELETE /auth/me on the whole system: auth has job-catalog cancel the account's jobs (as CancelJob
// does, so the scheduler takes them off the schedule), then disables the account, ends its sessions
// and revokes its API keys.
describe('DELETE /auth/me', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await RunningSystem.start();
  });
  afterAll(() => system?.stop());

  const signUp = () => system.signUp('Leaving');
  const everySecond = (token: string, name: string) =>
    system.call('POST', '/jobs', {
      token,
      body: { name, type: 'recurring', cronExpression: '* * * * * *', scheduledAt: new Date().toISOString() },
    });
  const runsOf = async (jobId: string) =>
    Number(
      (
        await system.database.query<{ n: string }>(
          'select count(*) as n from catalog.job_executions where job_id = $1',
          [jobId],
        )
      )[0].n,
    );

  it("cancels the user's jobs, which stop running, and refuses its tokens and keys", async () => {
    const leaving = await signUp();
    const token = leaving.access_token;
    const recurring = (await everySecond(token, 'every second')).body;
    const later = (
      await system.call('POST', '/jobs', {
        token,
        body: { name: 'later', type: 'one_time', scheduledAt: new Date(Date.now() + 3600_000).toISOString() },
      })
    ).body;
    const key = (await system.call('POST', '/auth/api-keys', { token, body: { name: 'robot' } })).body.key;
    await waitFor(() => runsOf(recurring.id), { timeoutMs: 20_000, what: 'the recurring job to run' });

    const deleted = await system.call('DELETE', '/auth/me', { token });
    expect(deleted).toEqual({ status: 200, body: {} });
    const statuses = await system.database.query<{ id: string; status: string; next_run_at: Date | null }>(
      'select id, status, next_run_at from catalog.jobs where user_id = $1 order by created_at',
      [leaving.user.id],
    );
    expect(statuses).toEqual([
      { id: recurring.id, status: 'cancelled', next_run_at: null },
      { id: later.id, status: 'cancelled', next_run_at: null },
    ]);

    // It stops running: another user's job of the same cadence runs three more times meanwhile. A run
    // already dispatched when the job was cancelled may still finish.
    const runsAtDeletion = await runsOf(recurring.id);
    const other = await signUp();
    const marker = (await everySecond(other.access_token, 'marker')).body;
    await waitFor(() => runsOf(marker.id), {
      timeoutMs: 20_000,
      what: 'the marker to run 3 times',
      until: (n) => n >= 3,
    });
    expect(await runsOf(recurring.id)).toBeLessThanOrEqual(runsAtDeletion + 1);

    for (const credential of [token, key]) {
      const refused = await waitFor(() => system.call('GET', '/jobs', { token: credential }), {
        timeoutMs: 3000,
        what: 'the deleted account to be refused',
        until: ({ status }) => status === 401,
      });
      expect(refused.body.code).toBe(16);
    }
    const login = await system.call('POST', '/auth/login', {
      body: { email: (await statusOfUser(leaving.user.id)).email, password: SIGN_UP_PASSWORD },
    });
    expect(login.status).toBe(401);
  });

  const statusOfUser = async (id: string) =>
    (
      await system.database.query<{ email: string; is_active: boolean }>(
        'select email, is_active from auth.users where id = $1',
        [id],
      )
    )[0];
});
