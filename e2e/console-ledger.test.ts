import type { Browser, Page } from 'playwright-core';
import { waitFor } from '@chrono/testkit';
import { captureAndCheck, openBrowser } from './support/browser';
import { RunningSystem, SIGN_UP_PASSWORD } from './support/running-system';

// The console's view of a recurring job's occurrence ledger (the counts of the last day and week, and
// each occurrence with its outcome and lateness), and its overlap policy set from the edit form.
describe('the web console’s occurrences and overlap policy', () => {
  let system: RunningSystem;
  let browser: Browser;
  let page: Page;
  let token: string;
  let email: string;
  let jobId: string;

  beforeAll(async () => {
    system = await RunningSystem.start();
    const signedUp = await system.signUp('Ledger Viewer');
    [token, email] = [signedUp.access_token, signedUp.user.email];
    ({ browser, page } = await openBrowser());
  });
  afterAll(async () => {
    if (jobId) await system?.call('POST', `/jobs/${jobId}/cancel`, { token, body: {} });
    await browser?.close();
    await system?.stop();
  });

  const heading = (name: string) => page.getByRole('heading', { name, exact: true });

  it('shows a running every-second job’s occurrences and their counts', async () => {
    const created = await system.call('POST', '/jobs', {
      token,
      body: { name: 'every second', type: 'recurring', cronExpression: '* * * * * *', scheduledAt: new Date() },
    });
    expect(created.status).toBe(200);
    jobId = created.body.id;
    await waitFor(
      async () => (await system.call('GET', `/jobs/${jobId}`, { token })).body.stats?.last24h?.succeeded >= 2,
      { timeoutMs: 20_000, what: 'two succeeded occurrences in the ledger' },
    );

    await page.goto(`${system.url}/sign-in`);
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(SIGN_UP_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await heading('Jobs').waitFor();
    await page.goto(`${system.url}/job/${jobId}`);
    await heading('Occurrences').waitFor();
    const section = page.getByRole('region', { name: 'Occurrences' });
    await section.getByText(/^\d+ due in the last 24 hours: \d+ succeeded, 0 failed/).waitFor();
    await section.getByRole('cell', { name: 'succeeded' }).first().waitFor();
    expect(await section.getByRole('row').count()).toBeGreaterThan(2);
    expect(await captureAndCheck(page, 'job-occurrences')).toEqual([]);
  });

  it('sets the overlap policy from the edit form', async () => {
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    const overlap = page.getByLabel('When a run is still going', { exact: true });
    expect(await overlap.inputValue()).toBe('skip');
    await overlap.selectOption('buffer_one');
    await page.getByRole('button', { name: 'Save changes', exact: true }).click();
    await page.getByRole('status').getByText('Saved: overlapPolicy changed.').waitFor();
    await page.locator('.fields').getByText('buffer_one', { exact: true }).waitFor();
    expect((await system.call('GET', `/jobs/${jobId}`, { token })).body.overlapPolicy).toBe('buffer_one');
  });
});
