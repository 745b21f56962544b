import { Client } from 'pg';
import { scratchDatabase, testDatabaseEnv, waitFor } from '@chrono/testkit';
import type { ChronoSystem } from './support/chrono-system';
import { FaultRig } from './support/fault-rig';
import { JobSubmitter, oneTimeJob } from './support/job-submitter';
import { JOB_WORK_MS, type JobTarget } from './support/job-target';
import { settleOutcomes } from './support/outcome-ledger';

const JOBS = 100;

// job-catalog writes a job and its event in one transaction and publishes the event afterwards,
// from its outbox. Killed in between, it loses nothing: the next job-catalog publishes the rest.
describe('fault: job-catalog killed between writing jobs and publishing their events', () => {
  const database = scratchDatabase('chrono_fault');
  let target: JobTarget;
  let system: ChronoSystem;
  let rig: FaultRig;
  let relayLock: Client;

  beforeAll(async () => {
    rig = await FaultRig.start({
      database,
      target: { delayMs: JOB_WORK_MS },
      system: {
        catalogs: 0,
        env: {
          'job-catalog': { RATE_LIMIT_WRITES_PER_SECOND: '10000', RATE_LIMIT_WRITE_BURST: '10000' },
          executor: { EXECUTOR_CONCURRENCY: '200', EXECUTOR_MAX_SLOTS_PER_USER: '200' },
        },
      },
    });
    ({ target, system } = rig);
  });

  afterAll(async () => {
    await relayLock?.end().catch(() => undefined);
    await rig?.close();
  });

  const count = async (sql: string) => Number((await database.query<{ n: string }>(sql))[0].n);
  const job = (i: number) => oneTimeJob(i, new Date(), { target: target.jobTarget });

  it('has the next job-catalog publish the events the killed one had written but not sent', async () => {
    // The relay publishes only while it holds this lock; the test holds it, so events stay in the outbox.
    relayLock = new Client({
      host: testDatabaseEnv.DB_HOST,
      port: Number(testDatabaseEnv.DB_PORT),
      user: testDatabaseEnv.DB_USERNAME,
      password: testDatabaseEnv.DB_PASSWORD,
      database: database.name,
    });
    await relayLock.connect();
    await relayLock.query("select pg_advisory_lock(hashtext('catalog:outbox-relay'))");
    const doomed = await system.startService('job-catalog');
    const submitter = new JobSubmitter(() => system.jobs, system.authorization, job);
    await submitter.submit(JOBS);
    expect(submitter.refused).toEqual({});
    expect(await count('select count(*) as n from catalog.outbox where published_at is null')).toBe(JOBS);
    expect(await count('select count(*) as n from scheduler.schedules')).toBe(0);

    expect(await doomed.stop('SIGKILL')).toBeNull();
    await relayLock.end();
    await system.startService('job-catalog');

    const report = await settleOutcomes(
      'job-catalog killed before publishing',
      database.query,
      submitter.submitted,
      90_000,
    );
    expect(report).toMatchObject({ submitted: JOBS, reachedOutcome: JOBS, duplicates: 0, stuck: 0, missing: 0 });
    // The relay deletes what it published with its next round, a moment later.
    await waitFor(
      async () => (await count('select count(*) as n from catalog.outbox where published_at is null')) === 0,
      {
        what: 'the outbox empty',
      },
    );
  });

  it('loses no job it acknowledged when it is killed in the middle of a burst of creates', async () => {
    const submitter = new JobSubmitter(() => system.jobs, system.authorization, job);
    submitter.start(4, 5);
    await waitFor(() => submitter.submitted.length >= 150, { timeoutMs: 30_000, what: 'the burst to be under way' });
    expect(await system.live('job-catalog')[0].stop('SIGKILL')).toBeNull();
    await system.startService('job-catalog');
    const afterRestart = submitter.submitted.length;
    await waitFor(() => submitter.submitted.length >= afterRestart + 50, {
      timeoutMs: 30_000,
      what: 'creates on the new job-catalog',
    });
    await submitter.stop();
    console.log(
      `[faults] job-catalog killed during a burst: calls refused around the kill: ${JSON.stringify(submitter.refused)}`,
    );
    // Calls in flight or made while no job-catalog listened failed, as a client would see them fail.
    expect(submitter.refusedOtherThan('UNAVAILABLE')).toEqual({});

    const report = await settleOutcomes(
      'job-catalog killed during a burst',
      database.query,
      submitter.submitted,
      90_000,
    );
    expect(report).toMatchObject({
      submitted: submitter.submitted.length,
      reachedOutcome: submitter.submitted.length,
      duplicates: 0,
      stuck: 0,
      missing: 0,
    });
  });
});
