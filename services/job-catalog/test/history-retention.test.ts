import { randomUUID } from 'node:crypto';
import { eventTypes, execution } from '@chrono/contracts';
import { publishMessage } from '@chrono/kit';
import { unary, waitFor } from '@chrono/testkit';
import { oneTimeJob, startCatalogFixture, type CatalogFixture } from './catalog-fixture';

const KEEP = 5;
const MAX_RESULT_BYTES = 1024;

// Execution history is pruned by age and by count per job, and oversized results are stored as a marker.
describe('bounded execution history', () => {
  let f: CatalogFixture;
  beforeAll(async () => {
    f = await startCatalogFixture({
      EXECUTION_RETENTION: '1h',
      OCCURRENCE_RETENTION: '2h',
      EXECUTION_MAX_PER_JOB: String(KEEP),
      EXECUTION_PRUNE_INTERVAL: '200ms',
      MAX_RESULT_BYTES: String(MAX_RESULT_BYTES),
    });
  });
  afterAll(() => f?.close());

  const newJob = async () => (await unary(f.client.createJob.bind(f.client), oneTimeJob(), f.alice)).id;
  // History rows written straight into the table, one per age (in ms), with run ids `<prefix><age>`.
  const insertHistory = (jobId: string, prefix: string, agesMs: number[]) =>
    f.database.query(
      `insert into catalog.job_executions (id, job_id, run_id, attempt_number, status, started_at, completed_at, created_at)
       select gen_random_uuid(), $1, $2 || age, 1, 'success', now() - age * interval '1 millisecond', now() - age * interval '1 millisecond', now() - age * interval '1 millisecond'
       from unnest($3::bigint[]) as age`,
      [jobId, prefix, agesMs],
    );
  const runIds = async (jobId: string) =>
    (
      await f.database.query<{ run_id: string }>(
        'select run_id from catalog.job_executions where job_id = $1 order by created_at desc',
        [jobId],
      )
    ).map((row) => row.run_id);
  const succeeded = (jobId: string, runId: string, result: unknown) =>
    publishMessage(
      f.nats.jetstream(),
      `executions.succeeded.${jobId}`,
      eventTypes.executionEvent,
      execution.ExecutionEvent,
      {
        jobId,
        runId,
        attempt: 1,
        kind: execution.ExecutionEventKind.EXECUTION_EVENT_KIND_SUCCEEDED,
        startedAt: new Date(),
        completedAt: new Date(),
        result,
        errorMessage: '',
        executorId: 'test',
        userId: '',
        dueAt: undefined,
        occurrenceAt: undefined,
      },
      randomUUID(),
    );

  it('deletes history older than EXECUTION_RETENTION and keeps the rest', async () => {
    const jobId = await newJob();
    const hour = 3_600_000;
    await insertHistory(jobId, 'old-', [3 * hour, 2 * hour, hour + 60_000, 30 * 60_000, 60_000]);
    await waitFor(async () => (await runIds(jobId)).length === 2, { what: 'the rows older than an hour to go' });
    expect(await runIds(jobId)).toEqual(['old-60000', 'old-1800000']);
  });

  it('deletes occurrence-ledger rows due before OCCURRENCE_RETENTION and keeps the rest', async () => {
    const jobId = await newJob();
    const hour = 3_600_000;
    await f.database.query(
      `insert into catalog.job_occurrences (job_id, due_at, outcome)
       select $1, now() - age * interval '1 millisecond', 'missed' from unnest($2::bigint[]) as age`,
      [jobId, [5 * hour, 2 * hour + 60_000, 90 * 60_000, 60_000]],
    );
    const left = async () =>
      Number(
        (
          await f.database.query<{ n: string }>('select count(*) as n from catalog.job_occurrences where job_id = $1', [
            jobId,
          ])
        )[0].n,
      );
    await waitFor(async () => (await left()) === 2, { what: 'the occurrences due over two hours ago to go' });
  });

  it('cuts a job that gets a new run back to its newest EXECUTION_MAX_PER_JOB rows', async () => {
    const jobId = await newJob();
    const minutes = Array.from({ length: 8 }, (_, i) => (i + 1) * 60_000);
    await insertHistory(jobId, 'run-', minutes);
    const other = await newJob();
    await insertHistory(other, 'other-', minutes);

    await succeeded(jobId, 'run-now', { ok: true });
    await waitFor(async () => (await runIds(jobId)).length === KEEP, { what: 'the job cut back to its newest rows' });
    expect(await runIds(jobId)).toEqual(['run-now', 'run-60000', 'run-120000', 'run-180000', 'run-240000']);
    // A job that ran no more is left to the age limit.
    expect(await runIds(other)).toHaveLength(8);
  });

  it('stores a result over MAX_RESULT_BYTES as a marker with its size and beginning, and a smaller one as it is', async () => {
    const jobId = await newJob();
    const big = { rows: 'x'.repeat(5000) };
    await succeeded(jobId, 'run-big', big);
    await succeeded(jobId, 'run-small', { rows: 3 });
    const page = await waitFor(
      async () => {
        const executions = await unary(f.client.listJobExecutions.bind(f.client), { id: jobId }, f.alice);
        return executions.total === 2 && executions;
      },
      { what: 'both outcomes recorded' },
    );
    const byRun = Object.fromEntries(
      (
        await f.database.query<{ run_id: string; result: unknown }>(
          'select run_id, result from catalog.job_executions where job_id = $1',
          [jobId],
        )
      ).map((row) => [row.run_id, row.result]),
    );
    const json = JSON.stringify(big);
    expect(byRun['run-big']).toEqual({ truncated: true, bytes: Buffer.byteLength(json), preview: json.slice(0, 256) });
    expect(byRun['run-small']).toEqual({ rows: 3 });
    expect(page.items.map((item) => item.result)).toContainEqual({
      truncated: true,
      bytes: json.length,
      preview: json.slice(0, 256),
    });
  });
});
