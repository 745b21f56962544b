import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { waitFor } from '@chrono/testkit';
import { ChronoCommand } from './chrono-command';

// The real `chrono` binary against the whole running system.
describe('chrono, the command line', () => {
  let chrono: ChronoCommand;
  const email = `cli-${randomBytes(4).toString('hex')}@example.com`;
  const password = 'long-enough-1';

  beforeAll(async () => {
    chrono = await ChronoCommand.start();
  }, 120_000);
  afterAll(() => chrono?.stop());

  it('answers --help on every command with exit code 0', async () => {
    const commands = [[], ['register'], ['login'], ['logout'], ['whoami'], ['jobs'], ['preview'], ['completion']];
    const jobs = [
      'create',
      'list',
      'get',
      'update',
      'pause',
      'resume',
      'cancel',
      'reschedule',
      'delete',
      'trigger',
    ].concat(['runs', 'occurrences', 'watch']);
    for (const words of [...commands, ...jobs.map((name) => ['jobs', name])]) {
      const { code, stdout } = await chrono.run(...words, '--help');
      expect([words.join(' '), code]).toEqual([words.join(' '), 0]);
      expect(stdout).toContain(`Usage: chrono ${words.join(' ')}`.trim());
    }
  });

  it('registers, keeps the token in a 0600 file, logs out and logs in again', async () => {
    const registered = await chrono.run('register', '--email', email, '--password', password, '--name', 'Cli User');
    expect(registered).toMatchObject({ code: 0, stdout: expect.stringContaining(email) });
    expect(statSync(chrono.configFile).mode & 0o777).toBe(0o600);
    const stored = readFileSync(chrono.configFile, 'utf8');
    expect(JSON.parse(stored)).toMatchObject({ email, token: expect.any(String), refreshToken: expect.any(String) });
    expect((await chrono.json('whoami')).email).toBe(email);

    expect((await chrono.run('logout')).code).toBe(0);
    // The session ended on the server too: the tokens kept before logout are refused (refresh included).
    writeFileSync(chrono.configFile, stored);
    await waitFor(() => chrono.run('whoami'), { timeoutMs: 3000, until: ({ code }) => code !== 0 });
    expect((await chrono.run('logout')).code).toBe(0);
    const signedOut = await chrono.run('whoami');
    expect(signedOut).toMatchObject({
      code: 1,
      stderr: 'chrono: not signed in: run chrono login --email E --password P\n',
    });
    const wrong = await chrono.run('login', '--email', email, '--password', 'not-the-password');
    expect(wrong).toMatchObject({ code: 1, stderr: 'chrono: invalid email or password\n' });
    expect((await chrono.run('login', '--email', email, '--password', password)).code).toBe(0);
    expect((await chrono.json('whoami')).email).toBe(email);
  });

  it('creates a one-time job that runs, and shows its runs as a table and as JSON', async () => {
    const job = await chrono.json('jobs', 'create', '--name', 'soon', '--in', '1s', '--payload', '{"n": 7}');
    expect(job).toMatchObject({ name: 'soon', type: 'one_time', status: 'pending', payload: { n: 7 } });
    const runs = await waitFor(() => chrono.json('jobs', 'runs', job.id), {
      until: (found: any[]) => found.length > 0,
      what: 'the job to run',
    });
    expect(runs[0]).toMatchObject({ status: 'success', attemptNumber: 1, result: { n: 7 } });
    const table = await chrono.run('jobs', 'runs', job.id);
    expect(table.stdout).toMatch(/^ATTEMPT\s+STATUS\s+STARTED\s+TOOK\s+ERROR/);
    expect(table.stdout).toMatch(/1\s+success\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \((now|\d+s ago)\)/);

    // Its one occurrence in the ledger, as JSON and as a table, and counted in the job's stats.
    const [occurrence] = await waitFor(() => chrono.json('jobs', 'occurrences', job.id), {
      until: (found: any[]) => found[0]?.outcome === 'succeeded',
      what: 'the occurrence to be recorded as succeeded',
    });
    expect(occurrence).toMatchObject({ attempts: [{ attemptNumber: 1, status: 'success', executionId: runs[0].id }] });
    const ledger = await chrono.run('jobs', 'occurrences', job.id, '--from', job.scheduledAt);
    expect(ledger.stdout).toMatch(/^DUE\s+OUTCOME\s+LATE\s+ATTEMPTS\s+RUN\n.*succeeded\s+\d+ ms\s+1\s+/);
    expect((await chrono.run('jobs', 'get', job.id)).stdout).toMatch(/last 24 h:\s+1 due: 1 succeeded, 0 failed/);
  });

  it('creates a cron job, lists jobs as a table and as JSON, gets and cancels it', async () => {
    const cron = await chrono.json(
      'jobs',
      'create',
      '--name',
      'weekly',
      '--at',
      'now',
      '--cron',
      '0 9 * * 1',
      '--tz',
      'Europe/Paris',
      '--overlap',
      'buffer_one',
    );
    // Its time zone shows in the list and get below.
    expect(cron).toMatchObject({ type: 'recurring', cronExpression: '0 9 * * 1', overlapPolicy: 'buffer_one' });

    const table = await chrono.run('jobs', 'list');
    expect(table.code).toBe(0);
    const [heading, ...rows] = table.stdout.trimEnd().split('\n');
    expect(heading).toMatch(/^ID\s+NAME\s+STATUS\s+SCHEDULE\s+NEXT RUN$/);
    expect(rows[0]).toMatch(
      new RegExp(`^${cron.id}\\s+weekly\\s+pending\\s+cron 0 9 \\* \\* 1 \\(Europe/Paris\\)\\s+.*\\(in \\d+[dhm]\\)$`),
    );
    expect((await chrono.json('jobs', 'list', '--all')).map((job: any) => job.name)).toEqual(['weekly', 'soon']);
    expect(await chrono.json('jobs', 'list', '--type', 'recurring')).toHaveLength(1);

    expect((await chrono.run('jobs', 'get', cron.id)).stdout).toMatch(/schedule:\s+cron 0 9 \* \* 1 \(Europe\/Paris\)/);
    expect((await chrono.run('jobs', 'get', cron.id)).stdout).toMatch(/overlap:\s+buffer_one/);
    expect((await chrono.json('jobs', 'cancel', cron.id)).status).toBe('cancelled');
    expect(await chrono.json('jobs', 'list', '--status', 'cancelled')).toMatchObject([{ id: cron.id }]);
  });

  it('previews a cron expression as a table, JSON and YAML', async () => {
    const runs = await chrono.json('preview', '--cron', '0 9 * * *', '--tz', 'UTC', '-n', '3');
    expect(runs).toHaveLength(3);
    expect(runs.every((run: string) => run.endsWith('T09:00:00.000Z'))).toBe(true);
    expect((await chrono.run('preview', '--cron', '0 9 * * *')).stdout).toMatch(/^RUNS AT\n(.*\(in .*\)\n){5}$/);
    expect((await chrono.run('preview', '--every', 'daily', '-n', '1', '-o', 'yaml')).stdout).toMatch(/^- \d{4}-/);
  });

  it('follows a job with watch until Ctrl-C', async () => {
    const job = await chrono.json('jobs', 'create', '--name', 'watched', '--in', '1h');
    const watcher = chrono.spawn('jobs', 'watch', job.id, '--interval', '200ms');
    let output = '';
    watcher.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => watcher.on('exit', resolve));
    try {
      await waitFor(() => output.includes('job pending'), { what: 'watch to print the status' });
      expect((await chrono.run('jobs', 'trigger', job.id)).code).toBe(0);
      await waitFor(() => output.includes('attempt 1 success'), { what: 'watch to print the run' });
    } finally {
      watcher.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  });

  it('reschedules and deletes a job; a missing one is exit 1 with the message', async () => {
    const job = await chrono.json('jobs', 'create', '--name', 'moved', '--in', '1h');
    expect((await chrono.json('jobs', 'reschedule', job.id, '--at', '2030-01-01T00:00:00Z')).scheduledAt).toBe(
      '2030-01-01T00:00:00.000Z',
    );
    expect(await chrono.run('jobs', 'delete', job.id)).toMatchObject({ code: 0, stderr: `deleted ${job.id}\n` });
    expect(await chrono.run('jobs', 'get', job.id)).toMatchObject({ code: 1, stderr: 'chrono: job not found\n' });
  });

  it('pauses, lists paused jobs, resumes, and sets the catch-up window at create and update', async () => {
    const args = ['jobs', 'create', '--name', 'pausable', '--in', '1h', '--every', 'daily', '--catch-up-window', '1h'];
    const job = await chrono.json(...args);
    expect(job).toMatchObject({ status: 'pending', catchUpWindow: { seconds: 3600 } });
    expect((await chrono.run('jobs', 'get', job.id)).stdout).toMatch(/catch-up window:\s+3600s/);

    const paused = await chrono.run('jobs', 'pause', job.id);
    expect(paused).toMatchObject({ code: 0, stdout: expect.stringMatching(/status:\s+paused/) });
    expect((await chrono.json('jobs', 'pause', job.id)).status).toBe('paused');
    expect(await chrono.json('jobs', 'list', '--status', 'paused')).toMatchObject([{ id: job.id }]);
    expect(await chrono.run('jobs', 'trigger', job.id)).toMatchObject({
      code: 1,
      stderr: 'chrono: a paused job cannot be triggered; resume it first\n',
    });
    const changed = await chrono.json('jobs', 'update', job.id, '--catch-up-window', '30m', '--max-retries', '1');
    expect(changed).toMatchObject({ status: 'paused', maxRetries: 1, catchUpWindow: { seconds: 1800 } });

    expect((await chrono.json('jobs', 'resume', job.id)).status).toBe('pending');
    expect(await chrono.json('jobs', 'list', '--status', 'paused')).toEqual([]);
    expect((await chrono.json('jobs', 'cancel', job.id)).status).toBe('cancelled');
    expect(await chrono.run('jobs', 'pause', job.id)).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^chrono: a cancelled job cannot be paused/),
    });
    expect(await chrono.run('jobs', 'update', job.id)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('nothing to change'),
    });
  });

  it('refuses bad input the services reject with exit 1 and the field named, never a stack trace', async () => {
    const cron = await chrono.run('jobs', 'create', '--name', 'x', '--in', '1m', '--cron', '61 * * * *');
    expect(cron).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^chrono: cronExpression "61 \* \* \* \*" is invalid/),
    });
    const zone = await chrono.run('preview', '--cron', '* * * * *', '--tz', 'Mars/Olympus');
    expect(zone).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^chrono: timezone "Mars\/Olympus" is not an IANA time zone/),
    });
    const retries = await chrono.run('jobs', 'create', '--name', 'x', '--in', '1m', '--max-retries', '50');
    expect(retries).toMatchObject({ code: 1, stderr: expect.stringContaining('maxRetries') });
    for (const outcome of [cron, zone, retries]) expect(outcome.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses usage mistakes with exit 2 and the flag named', async () => {
    const when = await chrono.run('jobs', 'create', '--name', 'x', '--in', 'soon');
    expect(when).toMatchObject({ code: 2, stderr: expect.stringContaining('--in must be a duration') });
    const every = await chrono.run('jobs', 'create', '--name', 'x', '--in', '1m', '--every', 'often');
    expect(every).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("'--every <pattern>' argument 'often' is invalid"),
    });
    expect((await chrono.run('jobs', 'create', '--in', '1m')).stderr).toContain("required option '--name <name>'");
    expect((await chrono.run('jobs', 'frobnicate')).code).toBe(2);
  });

  it('prints a completion script, and completes subcommands and options', async () => {
    expect((await chrono.run('completion', 'bash')).stdout).toContain('complete -o default -F _chrono_complete chrono');
    expect((await chrono.run('__complete', 'jobs')).stdout.split('\n')).toEqual(
      expect.arrayContaining(['create', 'watch']),
    );
    expect((await chrono.run('__complete', 'jobs', 'create')).stdout.split('\n')).toEqual(
      expect.arrayContaining(['--cron', '--every', '--output']),
    );
  });
});
