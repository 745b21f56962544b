import { healthStatus, PrivateNats, scratchDatabase, waitFor } from '@chrono/testkit';
import type { ChronoSystem } from './support/chrono-system';
import { FaultRig } from './support/fault-rig';
import { JobSubmitter, oneTimeJob } from './support/job-submitter';
import { JOB_WORK_MS, type JobTarget } from './support/job-target';
import { settleOutcomes } from './support/outcome-ledger';

// NATS (JetStream with its file store) dies and comes back while jobs are being created and run.
// Creating a job needs only PostgreSQL (its event waits in the outbox), so creation goes on; every
// service reconnects by itself, and every job created before, during and after runs once.
describe('fault: NATS restarted while jobs are being created and run', () => {
  const database = scratchDatabase('chrono_fault');
  let nats: PrivateNats;
  let system: ChronoSystem;
  let rig: FaultRig;
  let target: JobTarget;

  beforeAll(async () => {
    rig = await FaultRig.start({
      database,
      target: { delayMs: JOB_WORK_MS },
      system: {
        env: {
          'job-catalog': { RATE_LIMIT_WRITES_PER_SECOND: '10000', RATE_LIMIT_WRITE_BURST: '10000' },
          executor: { EXECUTOR_CONCURRENCY: '200', EXECUTOR_MAX_SLOTS_PER_USER: '200' },
        },
      },
    });
    ({ nats, target, system } = rig);
  });

  afterAll(() => rig?.close());

  it('loses no job: every one runs once after the services reconnect, none left running', async () => {
    // Each job is due a second or two after it is created, so runs are in flight when NATS dies.
    const submitter = new JobSubmitter(
      () => system.jobs,
      system.authorization,
      (i) => oneTimeJob(i, new Date(Date.now() + 1000 + (i % 10) * 100), { target: target.jobTarget }),
    );
    submitter.start(2, 25);
    const ran = async () =>
      Number(
        (
          await database.query<{ n: string }>(
            "select count(*) as n from catalog.job_executions where status = 'success'",
          )
        )[0].n,
      );
    await waitFor(async () => (await ran()) >= 30, { timeoutMs: 60_000, what: 'the first jobs to run' });
    const runningAtKill = Number(
      (await database.query<{ n: string }>("select count(*) as n from catalog.jobs where status = 'running'"))[0].n,
    );

    await nats.kill();
    const createdBeforeOutage = submitter.submitted.length;
    await waitFor(async () => (await healthStatus(system.live('job-catalog')[0].address)) === 'NOT_SERVING', {
      what: 'job-catalog to report NATS down',
    });
    // Jobs are still created while NATS is down: their events wait in the outbox.
    await waitFor(() => submitter.submitted.length >= createdBeforeOutage + 100, {
      timeoutMs: 30_000,
      what: 'jobs created during the outage',
    });
    const createdDuringOutage = submitter.submitted.length - createdBeforeOutage;

    await nats.restart();
    await waitFor(
      async () =>
        (await Promise.all(system.processes.map((p) => healthStatus(p.address)))).every((s) => s === 'SERVING'),
      { timeoutMs: 60_000, what: 'every service to serve again' },
    );
    const afterRestart = submitter.submitted.length;
    await waitFor(() => submitter.submitted.length >= afterRestart + 40, {
      timeoutMs: 30_000,
      what: 'jobs created after the restart',
    });
    await submitter.stop();
    console.log(
      `[faults] NATS restart: ${runningAtKill} jobs running at the kill; ${createdBeforeOutage} created before the outage, ${createdDuringOutage} during it, ${submitter.submitted.length - createdBeforeOutage - createdDuringOutage} after`,
    );

    expect(submitter.refused).toEqual({});
    const report = await settleOutcomes('NATS restarted', database.query, submitter.submitted, 120_000);
    expect(report).toMatchObject({
      submitted: submitter.submitted.length,
      reachedOutcome: submitter.submitted.length,
      duplicates: 0,
      stuck: 0,
      missing: 0,
    });
  });
});
