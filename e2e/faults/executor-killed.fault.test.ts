import { scratchDatabase, waitFor } from '@chrono/testkit';
import type { ChronoSystem } from './support/chrono-system';
import { FaultRig } from './support/fault-rig';
import { JobSubmitter, oneTimeJob } from './support/job-submitter';
import type { JobTarget } from './support/job-target';
import { settleOutcomes } from './support/outcome-ledger';

const JOBS = 50;

// An executor dies (SIGKILL: no clean-up, no hand-back) while it runs 50 jobs; the requests it held
// unacked come back after the ack wait, and a second executor runs every one to its outcome.
describe('fault: an executor killed in the middle of 50 running jobs', () => {
  const database = scratchDatabase('chrono_fault');
  let target: JobTarget;
  let system: ChronoSystem;
  let rig: FaultRig;

  beforeAll(async () => {
    rig = await FaultRig.start({
      database,
      target: { gated: true },
      system: {
        env: {
          'job-catalog': { RATE_LIMIT_WRITES_PER_SECOND: '10000', RATE_LIMIT_WRITE_BURST: '10000' },
          executor: { EXECUTOR_ACK_WAIT: '3s', EXECUTOR_CONCURRENCY: '64', EXECUTOR_MAX_SLOTS_PER_USER: '64' },
        },
      },
    });
    ({ target, system } = rig);
  });

  afterAll(() => rig?.close());

  it('has another executor finish every job, each exactly once successfully, none left running', async () => {
    const [doomed] = system.live('executor');
    const submitter = new JobSubmitter(
      () => system.jobs,
      system.authorization,
      (i) => oneTimeJob(i, new Date(), { target: target.jobTarget, timeoutSeconds: 60 }),
    );
    await submitter.submit(JOBS);
    expect(submitter.refused).toEqual({});

    // All 50 are running on the first executor (it is the only one), waiting on the closed gate.
    await waitFor(() => target.holding === JOBS, { timeoutMs: 60_000, what: `${JOBS} calls waiting at the target` });
    await waitFor(
      async () =>
        Number(
          (await database.query<{ n: string }>("select count(*) as n from catalog.jobs where status = 'running'"))[0].n,
        ) === JOBS,
      { timeoutMs: 30_000, what: 'job-catalog to show the jobs running' },
    );

    await system.startService('executor');
    expect(await doomed.stop('SIGKILL')).toBeNull();
    target.openGate();

    const report = await settleOutcomes('executor killed mid-run', database.query, submitter.submitted, 90_000);
    expect(report).toMatchObject({ submitted: JOBS, reachedOutcome: JOBS, duplicates: 0, stuck: 0, missing: 0 });
    // Each job was called by the killed executor and again by the survivor.
    for (const id of submitter.submitted) expect(target.callsOf(id)).toBeGreaterThanOrEqual(2);
    const attempts = await database.query<{ n: string }>(
      "select count(*) as n from catalog.job_executions where status = 'success'",
    );
    expect(Number(attempts[0].n)).toBe(JOBS);
  });
});
