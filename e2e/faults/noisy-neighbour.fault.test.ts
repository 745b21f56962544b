import { status } from '@grpc/grpc-js';
import type { jobService } from '@chrono/contracts';
import { scratchDatabase, signUp, SilentServer, unary, unaryError, waitFor } from '@chrono/testkit';
import type { ChronoSystem } from './support/chrono-system';
import { FaultRig } from './support/fault-rig';
import { JobSubmitter, oneTimeJob } from './support/job-submitter';
import type { JobTarget } from './support/job-target';

const NEIGHBOUR_JOBS = 50;
const SILENT_JOBS = 64;
const FLOOD_WRITES = 600;

const everySecond = (name: string, fields: Partial<jobService.CreateJobRequest> = {}): jobService.CreateJobRequest =>
  oneTimeJob(0, new Date(), { name, type: 'recurring', cronExpression: '* * * * * *', maxRetries: 0, ...fields });

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

// One user does everything a careless or hostile user can do at once; another user, on the same
// system with its default limits, must not notice. Only the executors' allow-list is opened, so that
// jobs may call servers on this machine.
describe('fault: a noisy neighbour', () => {
  const database = scratchDatabase('chrono_fault');
  let target: JobTarget;
  let silent: SilentServer;
  let system: ChronoSystem;
  let rig: FaultRig;

  // A job target that calls the silent server (executors need HTTP_TARGET_ALLOW_HOSTS=127.0.0.1).
  const silentTarget = () => ({
    http: {
      url: `http://127.0.0.1:${silent.port}/never-answers`,
      method: 'POST',
      headers: {},
      body: undefined,
      timeoutMs: undefined,
    },
  });

  beforeAll(async () => {
    silent = await SilentServer.start();
    // The silent calls stay open for the whole test (a slot freed by the idle timeout and taken by
    // the next silent job could overlap its close by a moment and show 17); every other limit is the default.
    rig = await FaultRig.start({
      database,
      target: {},
      system: { env: { executor: { HTTP_TARGET_IDLE_TIMEOUT: '5m' } } },
    });
    ({ target, system } = rig);
  });

  afterAll(async () => {
    await rig?.close();
    await silent?.close();
  });

  const executionsOf = async (jobId: string) =>
    Number(
      (
        await database.query<{ n: string }>('select count(*) as n from catalog.job_executions where job_id = $1', [
          jobId,
        ])
      )[0].n,
    );

  it("leaves another user's jobs on time and their cancel honoured", async () => {
    const noisy = system.authorization;
    const neighbour = await signUp(system.live('auth')[0].address, 'neighbour');
    const jobs = system.jobs;
    const create = (request: jobService.CreateJobRequest, who: Record<string, string>) =>
      unary(jobs.createJob.bind(jobs), request, who);

    // 1. An oversized job (about 500 KB of JSON, 2.75 MB as an event) is refused and changes nothing.
    const oversized = await unaryError(
      jobs.createJob.bind(jobs),
      oneTimeJob(0, new Date(), {
        target: { http: { ...silentTarget().http, body: JSON.stringify(new Array(250_000).fill(0)) } },
      }),
      noisy,
    );
    expect(oversized.code).toBe(status.INVALID_ARGUMENT);
    expect(oversized.details).toMatch(/^target\.http\.body is too big/);

    // 2. 64 jobs calling a server that never answers, an every-second cron job, then a flood of writes.
    const silentJobs = new JobSubmitter(
      () => jobs,
      noisy,
      (i) => oneTimeJob(i, new Date(), { target: silentTarget(), timeoutSeconds: 600, maxRetries: 0 }),
    );
    await silentJobs.submit(SILENT_JOBS);
    expect(silentJobs.refused).toEqual({});
    const noisyCron = await create(everySecond('noisy every second'), noisy);
    const flood = new JobSubmitter(
      () => jobs,
      noisy,
      (i) => oneTimeJob(i, new Date(Date.now() + 3_600_000)),
    );
    const flooding = flood.submit(FLOOD_WRITES);

    // The silent server holds the noisy user's share of the executor's slots, and no more.
    await waitFor(() => silent.open, {
      until: (n) => n >= 16,
      timeoutMs: 60_000,
      what: '16 calls held open by the silent server',
    });

    // 3. Meanwhile the neighbour's 50 jobs, due 3 s from now, and an every-second job of their own.
    const due = new Date(Date.now() + 3000);
    const neighbourJobs = new JobSubmitter(
      () => jobs,
      neighbour,
      (i) => oneTimeJob(i, due, { target: target.jobTarget }),
    );
    await neighbourJobs.submit(NEIGHBOUR_JOBS);
    expect(neighbourJobs.refused).toEqual({});
    const neighbourCron = await create(everySecond('neighbour every second', { target: target.jobTarget }), neighbour);
    const neighbourClock = await create(everySecond('neighbour clock'), neighbour);
    await flooding;

    const rows = await waitFor(
      () =>
        database.query<{ lateness_ms: number }>(
          `select extract(epoch from e.started_at - j.scheduled_at) * 1000 as lateness_ms
         from catalog.job_executions e join catalog.jobs j on j.id = e.job_id where e.job_id = any($1::uuid[])`,
          [neighbourJobs.submitted],
        ),
      {
        until: (found) => found.length >= NEIGHBOUR_JOBS,
        timeoutMs: 60_000,
        what: `the neighbour's ${NEIGHBOUR_JOBS} jobs to run`,
      },
    );
    const lateness = rows.map((row) => Number(row.lateness_ms)).sort((a, b) => a - b);

    // 4. The neighbour cancels their recurring job once it has run twice; at most the run already
    //    dispatched may still start after the cancel is answered, and none after that.
    await waitFor(() => executionsOf(neighbourCron.id), {
      until: (n) => n >= 2,
      timeoutMs: 30_000,
      what: "the neighbour's every-second job to run twice",
    });
    await unary(jobs.cancelJob.bind(jobs), { id: neighbourCron.id }, neighbour);
    const cancelledAt = new Date();
    const clockRunsAtCancel = await executionsOf(neighbourClock.id);
    // Another every-second job of the neighbour's is the clock: three more of its runs, and the cancelled one would have run three times.
    await waitFor(() => executionsOf(neighbourClock.id), {
      until: (n) => n >= clockRunsAtCancel + 3,
      timeoutMs: 30_000,
      what: "three more runs of the neighbour's other every-second job",
    });
    const startedAfterCancel = Number(
      (
        await database.query<{ n: string }>(
          'select count(*) as n from catalog.job_executions where job_id = $1 and started_at > $2',
          [neighbourCron.id, cancelledAt],
        )
      )[0].n,
    );

    const report = {
      neighbourLatenessMs: {
        p50: Math.round(percentile(lateness, 50)),
        p99: Math.round(percentile(lateness, 99)),
        max: Math.round(lateness[lateness.length - 1]),
      },
      neighbourJobsRun: rows.length,
      floodWrites: { accepted: flood.submitted.length, refused: flood.refused },
      silentServerPeakConnections: silent.peak,
      noisyEverySecondRuns: await executionsOf(noisyCron.id),
      neighbourRunsStartedAfterCancel: startedAfterCancel,
    };
    console.log(`noisy neighbour: ${JSON.stringify(report)}`);

    expect(report.neighbourJobsRun).toBe(NEIGHBOUR_JOBS);
    expect(report.neighbourLatenessMs.p99).toBeLessThan(1000);
    // The write budget (100 at once, 50 a second) turned most of the flood away, with the right code only.
    expect(flood.submitted.length).toBeLessThan(FLOOD_WRITES);
    expect(flood.refusedOtherThan('RESOURCE_EXHAUSTED')).toEqual({});
    // EXECUTOR_MAX_SLOTS_PER_USER: half of the executor's 32 slots.
    expect(silent.peak).toBe(16);
    expect(startedAfterCancel).toBeLessThanOrEqual(1);
  });
});
