import { waitFor } from '@chrono/testkit';

type Query = <R = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<R[]>;

/** What became of the jobs a scenario submitted. */
export interface OutcomeReport {
  submitted: number;
  /** Completed with a recorded successful execution, or failed with every attempt recorded as failed. */
  reachedOutcome: number;
  /** Jobs with more than one successful execution. */
  duplicates: number;
  /** Jobs still `running` in job-catalog, or with an attempt in flight in the scheduler. */
  stuck: number;
  /** Jobs that never showed up in job-catalog. */
  missing: number;
  /** Ids of the jobs that did not reach an outcome, or ran twice (for the failure message). */
  offenders: string[];
}

interface JobRow {
  id: string;
  status: string;
  max_retries: number;
  successes: string;
  failures: string;
  schedule_state: string | null;
}

/**
 * Reads the invariant every fault scenario ends on from the database: every job submitted ran to a
 * recorded outcome, no job has two successful executions, and nothing is stuck in running.
 */
async function readOutcomes(query: Query, submitted: string[]): Promise<OutcomeReport> {
  const rows = await query<JobRow>(
    `select j.id, j.status, j.max_retries,
            (select count(*) from catalog.job_executions e where e.job_id = j.id and e.status = 'success') as successes,
            (select count(*) from catalog.job_executions e where e.job_id = j.id and e.status = 'failed') as failures,
            (select s.state from scheduler.schedules s where s.job_id = j.id) as schedule_state
     from catalog.jobs j where j.id = any($1::uuid[])`,
    [submitted],
  );
  const reached = (row: JobRow) =>
    (row.status === 'completed' && Number(row.successes) >= 1) ||
    (row.status === 'failed' && Number(row.successes) === 0 && Number(row.failures) === row.max_retries + 1);
  const offenders = rows.filter((row) => !reached(row) || Number(row.successes) > 1 || row.schedule_state !== 'idle');
  return {
    submitted: submitted.length,
    reachedOutcome: rows.filter(reached).length,
    duplicates: rows.filter((row) => Number(row.successes) > 1).length,
    stuck: rows.filter((row) => row.status === 'running' || row.schedule_state === 'dispatched').length,
    missing: submitted.length - rows.length,
    offenders: offenders
      .map(
        (row) =>
          `${row.id} ${row.status} successes=${row.successes} failures=${row.failures} schedule=${row.schedule_state}`,
      )
      .slice(0, 20),
  };
}

/**
 * Waits until every submitted job has reached its outcome and its schedule is idle (or `timeoutMs`
 * passes), then prints the scenario's counts and resolves to them for the test's assertions.
 */
export async function settleOutcomes(
  scenario: string,
  query: Query,
  submitted: string[],
  timeoutMs = 120_000,
): Promise<OutcomeReport> {
  let report = await readOutcomes(query, submitted);
  try {
    report = await waitFor(
      async () => {
        const now = await readOutcomes(query, submitted);
        return now.reachedOutcome === now.submitted && now.offenders.length === 0 ? now : undefined;
      },
      { timeoutMs, intervalMs: 500, what: `${scenario}: every job to reach its outcome` },
    );
  } catch {
    report = await readOutcomes(query, submitted);
  }
  console.log(
    `[faults] ${scenario}: submitted ${report.submitted}, reached an outcome ${report.reachedOutcome}, duplicates ${report.duplicates}, stuck ${report.stuck}` +
      (report.missing ? `, missing ${report.missing}` : '') +
      (report.offenders.length ? `\n  not settled: ${report.offenders.join('\n  ')}` : ''),
  );
  return report;
}
