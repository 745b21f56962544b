import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { captureAndCheck, openBrowser } from './support/browser';
import { chartLabelOfOne, newestExecution, recordSearches } from './support/console-checks';
import { RunningSystem } from './support/running-system';

// The web console in Debian's Chromium against the system as `npm start` runs it: a user's day from
// creating an account to signing out, with axe-core's check and screenshots of every page at desktop
// and phone size. The steps run in order on one page, as a user would click through them.
describe('the web console', () => {
  let system: RunningSystem;
  let browser: Browser;
  let page: Page;
  const email = `console-${randomBytes(4).toString('hex')}@example.com`;
  const password = 'SecurePassword123!';
  const suffix = randomBytes(3).toString('hex');
  let cronJobUrl: string;

  beforeAll(async () => {
    system = await RunningSystem.start();
    ({ browser, page } = await openBrowser());
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  const field = (label: string) => page.getByLabel(label, { exact: true });
  const button = (name: string) => page.getByRole('button', { name, exact: true });
  const heading = (name: string) => page.getByRole('heading', { name, exact: true });
  const invalid = async (label: string) => (await field(label).getAttribute('aria-invalid')) === 'true';
  const storage = () =>
    page.evaluate<string>('JSON.stringify([Object.keys(sessionStorage), Object.keys(localStorage)])');

  it('creates an account, showing the server’s refusal on the field it names first', async () => {
    await page.goto(`${system.url}/`);
    await heading('Sign in to chrono').waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await captureAndCheck(page, 'sign-in')).toEqual([]);

    await button('Create an account').click();
    await field('Name').fill('Console User');
    await field('Email').fill(email);
    await field('Password').fill('short');
    await button('Create account').click();
    await page.getByText('password must be at least 8 characters').waitFor();
    expect([await invalid('Password'), await invalid('Email')]).toEqual([true, false]);

    await field('Password').fill(password);
    await button('Create account').click();
    await heading('Jobs').waitFor();
    expect(await storage()).toBe('[["chrono.session"],[]]');
  });

  it('signs out, refuses a wrong password with the server’s message, and signs in', async () => {
    await button('Sign out').click();
    await heading('Sign in to chrono').waitFor();
    expect(await storage()).toBe('[[],[]]');
    await field('Email').fill(email);
    await field('Password').fill('not the password');
    await button('Sign in').click();
    await page.getByRole('alert').getByText('invalid email or password').waitFor();
    await field('Password').fill(password);
    await button('Sign in').click();
    await heading('Jobs').waitFor();
    await page.getByText('No jobs match.').waitFor();
  });

  it('creates a one-time job due in a second and sees it complete with a success execution', async () => {
    await page.getByRole('link', { name: 'New job' }).first().click();
    await heading('New job').waitFor();
    await field('Name').fill(`once ${suffix}`);
    await field('Time zone').fill('UTC');
    await field('Run at').fill(new Date(Date.now() + 1500).toISOString().slice(0, 19));
    await field('Payload (JSON object)').fill('{"report": "daily"');
    expect(await invalid('Payload (JSON object)')).toBe(true);
    await field('Payload (JSON object)').fill('{"report": "daily"}');
    await button('Create job').click();
    await heading(`once ${suffix}`).waitFor();
    await page.locator('table.executions').getByText('success', { exact: true }).waitFor({ timeout: 30_000 });
    await page.locator('.fields').getByText('completed', { exact: true }).waitFor();
    expect(await heading('Executions').isVisible()).toBe(true);
    await page.getByRole('img', { name: /^Durations of the last 1 attempt, .*; start lateness of 1, / }).waitFor();
    expect(await captureAndCheck(page, 'job')).toEqual([]);
  });

  it('previews a cron job’s runs, shows refusals on their fields, and creates it', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New job' }).click();
    await field('Name').fill(`nightly ${suffix}`);
    await page.getByRole('radio', { name: 'Recurring' }).check();
    await field('Cron expression').fill('61 * * * *');
    await page.getByText(/minute 61 is out of range/).waitFor();
    expect(await invalid('Cron expression')).toBe(true);

    await field('Cron expression').fill('30 2 * * *');
    await field('Time zone').fill('Europe/Berlin');
    await page.getByText('At 02:30, Europe/Berlin time').waitFor();
    const runs = page.getByRole('region', { name: 'Next five runs' }).getByRole('listitem');
    await runs.nth(4).waitFor();
    expect(await runs.count()).toBe(5);
    expect(await invalid('Cron expression')).toBe(false);
    expect(await captureAndCheck(page, 'new-job')).toEqual([]);

    await field('Retries').fill('21');
    await button('Create job').click();
    await page.getByText('maxRetries must be between 0 and 20, got 21').waitFor();
    expect(await invalid('Retries')).toBe(true);
    await field('Retries').fill('2');
    await button('Create job').click();
    await heading(`nightly ${suffix}`).waitFor();
    cronJobUrl = page.url();
    const nextRuns = page.getByRole('region', { name: 'Next runs' }).getByRole('listitem');
    await nextRuns.nth(4).waitFor();
    expect(await nextRuns.count()).toBe(5);
  });

  it('edits the cron job from its page, the server’s refusal on the field it names first', async () => {
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await heading(`Edit “nightly ${suffix}”`).waitFor();
    expect([await field('Name').inputValue(), await field('Cron expression').inputValue()]).toEqual([
      `nightly ${suffix}`,
      '30 2 * * *',
    ]);
    await field('Retries').fill('21');
    await button('Save changes').click();
    await page.getByText('maxRetries must be between 0 and 20, got 21').waitFor();
    expect([await invalid('Retries'), await invalid('Name')]).toEqual([true, false]);
    expect(await captureAndCheck(page, 'edit-job')).toEqual([]);
    await field('Retries').fill('4');
    await field('Cron expression').fill('45 3 * * *');
    await field('Catch-up window (seconds)').fill('3600');
    await button('Save changes').click();
    await page.getByRole('status').getByText('Saved: cronExpression, maxRetries, catchUpWindow changed.').waitFor();
    expect(await heading(`nightly ${suffix}`).isVisible()).toBe(true);
    await page.locator('.fields').getByText('45 3 * * *', { exact: true }).waitFor();
    await page.locator('.fields').getByText('0 of 4 used in this run').waitFor();
    await page.locator('.fields').getByText('missed runs of the last 3600 s run after a pause or downtime').waitFor();
  });

  it('pauses the cron job, finds it under the paused filter, and resumes it', async () => {
    await button('Pause').click();
    await page.getByRole('status').getByText('Paused: the job is paused.').waitFor();
    await page.locator('.fields').getByText('none while paused: resume it to plan the next run').waitFor();
    await button('Resume').waitFor();
    expect(await button('Pause').count()).toBe(0);
    await button('Trigger now').click();
    await page.getByRole('alert').getByText('a paused job cannot be triggered; resume it first').waitFor();
    expect(await captureAndCheck(page, 'paused-job')).toEqual([]);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    await page.getByLabel('Status').selectOption('paused');
    await page.getByRole('link', { name: `once ${suffix}` }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: `nightly ${suffix}` }).click();
    await button('Resume').click();
    await page
      .getByRole('status')
      .getByText(/^Resumed: the job is pending, next run .+\.$/)
      .waitFor();
    await button('Pause').waitFor();
    expect(page.url()).toBe(cronJobUrl);
  });

  it('triggers the cron job now, cancels it, and shows the refusal of a trigger after that', async () => {
    await button('Trigger now').click();
    await page
      .getByRole('status')
      .getByText(/^Triggered: run .+ was dispatched\.$/)
      .waitFor();
    await page.locator('table.executions').getByText('success', { exact: true }).waitFor({ timeout: 30_000 });
    // A recurring job's run has its lateness too: startedAt − dueAt, the due time the execution carries.
    const run = await newestExecution(system, page, cronJobUrl);
    await page.getByRole('img', { name: chartLabelOfOne(run) }).waitFor();
    await button('Cancel job').click();
    await page.getByRole('status').getByText('Cancelled: the job is cancelled.').waitFor();
    await button('Trigger now').click();
    await page.getByRole('alert').getByText('a cancelled job cannot be triggered; reschedule it first').waitFor();
  });

  it('filters the jobs by type and status', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    await page.getByRole('link', { name: `once ${suffix}` }).waitFor();
    await page.getByLabel('Type').selectOption('recurring');
    await page.getByRole('link', { name: `once ${suffix}` }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: `nightly ${suffix}` }).waitFor();
    await page.getByLabel('Type').selectOption('');
    await page.getByLabel('Status').selectOption('completed');
    await page.getByRole('link', { name: `nightly ${suffix}` }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: `once ${suffix}` }).waitFor();
    await page.getByLabel('Status').selectOption('');
    await page.getByRole('link', { name: `nightly ${suffix}` }).waitFor();
    expect(await captureAndCheck(page, 'jobs')).toEqual([]);
  });

  it('searches the jobs by name on the server, once typing pauses', async () => {
    const searches = recordSearches(page);
    const typed = `NIGHTLY ${suffix}`;
    await field('Name').pressSequentially(typed, { delay: 30 });
    await page.getByRole('link', { name: `once ${suffix}` }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: `nightly ${suffix}` }).waitFor();
    searches.stop();
    // One search for what was typed (the live refresh may repeat it), none for each key on the way.
    expect([...new Set(searches.names)]).toEqual([typed]);
    await field('Name').fill('');
    await page.getByRole('link', { name: `once ${suffix}` }).waitFor();
  });

  it('deletes a job only after its confirmation, then signs out', async () => {
    await page.goto(cronJobUrl);
    await button('Delete').click();
    await page.getByRole('alertdialog').waitFor();
    expect(await captureAndCheck(page, 'delete-confirmation')).toEqual([]);
    await button('Delete for good').click();
    await heading('Jobs').waitFor();
    await page.getByRole('link', { name: `once ${suffix}` }).waitFor();
    expect(await page.getByRole('link', { name: `nightly ${suffix}` }).count()).toBe(0);

    await button('Sign out').click();
    await heading('Sign in to chrono').waitFor();
    expect(await storage()).toBe('[[],[]]');
    await page.goto(`${system.url}/new`);
    await heading('Sign in to chrono').waitFor();
  });
});
