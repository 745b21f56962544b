import { status } from '@grpc/grpc-js';
import { healthStatus, PrivateNats, unaryError, waitFor } from '@chrono/testkit';
import { ChronoSystem } from './support/chrono-system';
import { JobSubmitter, oneTimeJob } from './support/job-submitter';
import { JOB_WORK_MS, JobTarget } from './support/job-target';
import { settleOutcomes } from './support/outcome-ledger';
import { PrivatePostgres } from './support/private-postgres';

// PostgreSQL crashes (immediate shutdown) and comes back while jobs are being created and run. While
// it is down, requests fail fast with UNAVAILABLE (503 over REST); once it is back, every service
// carries on by itself, and every job whose creation was acknowledged runs once.
describe('fault: PostgreSQL restarted while jobs are being created and run', () => {
  let postgres: PrivatePostgres;
  let nats: PrivateNats;
  let target: JobTarget;
  let system: ChronoSystem;

  beforeAll(async () => {
    postgres = await PrivatePostgres.start();
    nats = await PrivateNats.start();
    target = await JobTarget.start({ delayMs: JOB_WORK_MS });
    system = await ChronoSystem.start({
      database: postgres.env(),
      natsUrl: nats.url,
      gateway: true,
      env: {
        'job-catalog': { RATE_LIMIT_WRITES_PER_SECOND: '10000', RATE_LIMIT_WRITE_BURST: '10000' },
        executor: { EXECUTOR_CONCURRENCY: '200', EXECUTOR_MAX_SLOTS_PER_USER: '200' },
      },
    });
  });

  afterAll(async () => {
    await system?.stop();
    await target?.close();
    await nats?.stop();
    await postgres?.stop();
  });

  const query = <R = Record<string, unknown>>(sql: string, params?: unknown[]) => postgres.query<R>(sql, params);

  it('answers UNAVAILABLE while it is down, recovers by itself, and runs every acknowledged job once', async () => {
    const submitter = new JobSubmitter(
      () => system.jobs,
      system.authorization,
      (i) => oneTimeJob(i, new Date(Date.now() + 1000 + (i % 10) * 100), { target: target.jobTarget }),
    );
    submitter.start(2, 25);
    const ran = async () =>
      Number(
        (await query<{ n: string }>("select count(*) as n from catalog.job_executions where status = 'success'"))[0].n,
      );
    await waitFor(async () => (await ran()) >= 30, { timeoutMs: 60_000, what: 'the first jobs to run' });
    const runningAtCrash = Number(
      (await query<{ n: string }>("select count(*) as n from catalog.jobs where status = 'running'"))[0].n,
    );

    await postgres.crash();
    const createdBeforeOutage = submitter.submitted.length;
    const catalog = system.live('job-catalog')[0];
    await waitFor(async () => (await healthStatus(catalog.address)) === 'NOT_SERVING', {
      timeoutMs: 30_000,
      what: 'job-catalog to report PostgreSQL down',
    });
    const grpc = await unaryError(
      system.jobs.createJob.bind(system.jobs),
      oneTimeJob(-1, new Date()),
      system.authorization,
    );
    expect([status[grpc.code], grpc.details]).toEqual(['UNAVAILABLE', expect.stringMatching(/unavailable/)]);
    const rest = await system.gateway!.call('POST', '/jobs', {
      body: { name: 'during the outage', type: 'one_time', scheduledAt: new Date().toISOString() },
      headers: system.authorization,
    });
    expect(rest).toEqual({ status: 503, json: { code: status.UNAVAILABLE, message: expect.any(String), details: [] } });
    expect((await system.gateway!.call('GET', '/jobs', { headers: system.authorization })).status).toBe(503);
    await waitFor(() => (submitter.refused.UNAVAILABLE ?? 0) >= 3, {
      timeoutMs: 30_000,
      what: 'the submitter to see creates refused',
    });
    const createdDuringOutage = submitter.submitted.length - createdBeforeOutage;

    await postgres.restart();
    // Nothing is restarted but PostgreSQL: creates succeed again and every service serves again.
    const afterRestart = submitter.submitted.length;
    await waitFor(() => submitter.submitted.length >= afterRestart + 50, {
      timeoutMs: 60_000,
      what: 'creates to succeed again',
    });
    await waitFor(
      async () =>
        (await Promise.all(system.processes.map((p) => healthStatus(p.address)))).every((s) => s === 'SERVING'),
      { timeoutMs: 60_000, what: 'every service to serve again' },
    );
    await submitter.stop();
    console.log(
      `[faults] PostgreSQL restart: ${runningAtCrash} jobs running at the crash; ${createdBeforeOutage} created before the outage, ${createdDuringOutage} during it, ` +
        `${submitter.submitted.length - createdBeforeOutage - createdDuringOutage} after; creates refused: ${JSON.stringify(submitter.refused)}`,
    );
    expect(submitter.refusedOtherThan('UNAVAILABLE')).toEqual({});

    const report = await settleOutcomes('PostgreSQL restarted', query, submitter.submitted, 120_000);
    expect(report).toMatchObject({
      submitted: submitter.submitted.length,
      reachedOutcome: submitter.submitted.length,
      duplicates: 0,
      stuck: 0,
      missing: 0,
    });
  });
});
