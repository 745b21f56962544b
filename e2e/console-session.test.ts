import { randomBytes } from 'node:crypto';
import type { Browser, Page, Request, Response } from 'playwright-core';
import { waitFor } from '@chrono/testkit';
import { captureAndCheck, openBrowser } from './support/browser';
import { RunningSystem } from './support/running-system';

// The console's session against a system whose access tokens live 3 s (JWT_EXPIRATION): it renews them
// ahead of expiry and after a 401, once for requests refused together (a refresh token presented twice
// ends the whole session), and signing out ends the session on the server; then wrong passwords lock
// the sign-in out.
describe('the web console’s session', () => {
  let system: RunningSystem;
  let browser: Browser;
  let page: Page;
  // Every refresh token the console sent, in order.
  const refreshes: string[] = [];
  const email = `session-${randomBytes(4).toString('hex')}@example.com`;
  const password = 'SecurePassword123!';
  const onRequest = (request: Request) => {
    if (new URL(request.url()).pathname === '/auth/refresh') refreshes.push(request.postDataJSON().refresh_token);
  };

  beforeAll(async () => {
    system = await RunningSystem.start({ JWT_EXPIRATION: '3s' });
    ({ browser, page } = await openBrowser());
    page.on('request', onRequest);
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  const stored = () =>
    page.evaluate<{ accessToken: string; refreshToken: string }>(
      'JSON.parse(sessionStorage.getItem("chrono.session"))',
    );
  const heading = (name: string) => page.getByRole('heading', { name, exact: true });
  const renewedFrom = (token: string, what: string) =>
    waitFor(async () => (await stored()).accessToken !== token && stored(), { timeoutMs: 10_000, what });

  it('stays signed in past the access token’s expiry, renewing it ahead of time', async () => {
    await page.goto(`${system.url}/sign-in`);
    await page.getByRole('button', { name: 'Create an account', exact: true }).click();
    await page.getByLabel('Name', { exact: true }).fill('Session User');
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Create account', exact: true }).click();
    await heading('Jobs').waitFor();
    const first = await stored();
    const second = await renewedFrom(first.accessToken, 'a first renewal');
    const third = await renewedFrom(second.accessToken, 'a second renewal');
    // Well past the first token's 3 s: it is refused, yet the console, polling the list, is still signed in.
    expect((await system.call('GET', '/jobs', { token: first.accessToken })).status).toBe(401);
    expect((await system.call('GET', '/jobs', { token: third.accessToken })).status).toBe(200);
    expect(await heading('Jobs').isVisible()).toBe(true);
    expect(refreshes.slice(0, 2)).toEqual([first.refreshToken, second.refreshToken]);
  });

  it('renews once when several requests are refused together, then carries on', async () => {
    // A session of its own (a second sign-in) to create the job with, so the console's tokens stay the console's.
    const login = await system.call('POST', '/auth/login', { body: { email, password } });
    const job = await system.call('POST', '/jobs', {
      token: login.body.access_token,
      body: {
        name: 'hourly report',
        type: 'recurring',
        recurrencePattern: 'hourly',
        scheduledAt: new Date(Date.now() + 3600_000).toISOString(),
      },
    });
    expect(job.body).toMatchObject({ name: 'hourly report' });
    // Just after a renewal, so that the page's timer is not about to renew while it is replaced.
    await renewedFrom((await stored()).accessToken, 'a renewal');
    // As after a night asleep: the stored access token no longer works and no timer has renewed it.
    await page.evaluate(`(() => {
      const session = JSON.parse(sessionStorage.getItem('chrono.session'));
      sessionStorage.setItem('chrono.session', JSON.stringify({ ...session, accessToken: 'expired', expiresAt: Date.now() + 3600000 }));
    })()`);
    const before = refreshes.length;
    let refused = 0;
    const onResponse = (response: Response) => void (response.status() === 401 && refused++);
    page.on('response', onResponse);
    await page.goto(`${system.url}/job/${job.body.id}`);
    await heading('hourly report').waitFor();
    await page.getByRole('region', { name: 'Next runs' }).getByRole('listitem').nth(4).waitFor();
    await page.locator('.fields').waitFor();
    page.off('response', onResponse);
    // The job, its executions and its next runs were asked for at once with the dead token; each refused
    // request renewing on its own would have sent the same refresh token twice (checked below).
    expect(refused).toBeGreaterThanOrEqual(2);
    // And the renewal after it, ahead of expiry: were a refresh token ever sent twice, the server would
    // have ended the session here and the console would be back at its sign-in.
    await renewedFrom((await stored()).accessToken, 'the renewal after the 401s');
    expect(refreshes.length - before).toBeGreaterThanOrEqual(2);
    expect(new Set(refreshes).size).toBe(refreshes.length);
    expect(await heading('hourly report').isVisible()).toBe(true);
  });

  it('signs out on the server: the last tokens are refused afterwards', async () => {
    const last = await stored();
    const logout = page.waitForRequest((request) => new URL(request.url()).pathname === '/auth/logout');
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await logout;
    await heading('Sign in to chrono').waitFor();
    expect(await page.evaluate('sessionStorage.length + localStorage.length')).toBe(0);
    // The services learn of the revocation within a second.
    await waitFor(async () => (await system.call('GET', '/jobs', { token: last.accessToken })).status === 401, {
      what: 'the signed-out access token to be refused',
    });
    const refresh = await system.call('POST', '/auth/refresh', { body: { refresh_token: last.refreshToken } });
    expect(refresh.status).toBe(401);
  });

  it('says when to try again once wrong passwords lock the sign-in out (HTTP 429)', async () => {
    // LOGIN_MAX_FAILURES (5) wrong passwords for this email from this address, then the refusal; the
    // test's own REDIS_KEY_PREFIX (scripts/jest/own-redis-keys.js) keeps these counts from any other run.
    const lockout = page.getByRole('alert').getByText(/too many failed logins; try again in \d+ s/);
    const signIn = page.getByRole('button', { name: 'Sign in', exact: true });
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    for (let attempt = 0; attempt < 10 && !(await lockout.isVisible()); attempt++) {
      // Waits for the previous answer: the button is disabled until then.
      await signIn.click();
      await page.getByRole('alert').waitFor();
    }
    await lockout.waitFor();
    await page
      .getByRole('alert')
      .getByText(/You can try again after \d\d:\d\d:\d\d\./)
      .waitFor();
    expect(await captureAndCheck(page, 'sign-in-locked')).toEqual([]);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await signIn.click();
    await page
      .getByRole('alert')
      .getByText(/too many failed logins/)
      .waitFor();
    expect(await heading('Sign in to chrono').isVisible()).toBe(true);
  });
});
