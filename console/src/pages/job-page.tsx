import { useState } from 'react';
import { Link } from 'wouter';
import { messageOf } from '../api/api-error';
import type { ApiClient } from '../api/client';
import type { Job } from '../api/types';
import { ExecutionsTable } from '../components/executions-table';
import { JobActions } from '../components/job-actions';
import { JobFields } from '../components/job-fields';
import { Notice } from '../components/notice';
import { OccurrencesSection } from '../components/occurrences-section';
import { Pagination } from '../components/pagination';
import { RunsChart } from '../components/runs-chart';
import { RunsPreview } from '../components/runs-preview';
import { runTimings } from '../format/run-timing';
import { useLoader } from '../hooks/use-loader';
import { useSession } from '../session';

const REFRESH_MS = 3000;
const RUNS_AHEAD = 5;

/** The next runs of a job: its nextRunAt, then what PreviewRuns gives after it (cron) or from it (pattern). */
async function nextRuns(api: ApiClient, job: Job): Promise<string[]> {
  if (!job.nextRunAt) return [];
  if (job.type === 'one_time') return [job.nextRunAt];
  const { runs = [] } = await api.previewRuns({
    cronExpression: job.cronExpression,
    recurrencePattern: job.cronExpression ? undefined : job.recurrencePattern,
    timezone: job.cronExpression ? job.timezone : undefined,
    start: job.nextRunAt,
    count: RUNS_AHEAD - 1,
  });
  return [job.nextRunAt, ...runs];
}

/** One job: its fields, next runs, actions and execution history, refreshed while open. */
export function JobPage({ id }: { id: string }) {
  const { api } = useSession();
  const [page, setPage] = useState(1);
  const job = useLoader(() => api.getJob(id), id, REFRESH_MS);
  const executions = useLoader(() => api.executions(id, page), `${id}:${page}`, REFRESH_MS);
  const schedule = job.data && `${job.data.nextRunAt}:${job.data.cronExpression}:${job.data.recurrencePattern}`;
  const saved = (window.history.state as { saved?: string[] } | null)?.saved;
  const runs = useLoader(() => (job.data ? nextRuns(api, job.data) : Promise.resolve([])), schedule ?? '');

  if (!job.data)
    return (
      <>
        <p>
          <Link href="/">← Jobs</Link>
        </p>
        {job.error !== undefined ? <Notice kind="error">{messageOf(job.error)}</Notice> : <p>Loading…</p>}
      </>
    );
  return (
    <>
      <p>
        <Link href="/">← Jobs</Link>
      </p>
      <h1>{job.data.name}</h1>
      <JobActions
        job={job.data}
        onChanged={() => (job.reload(), executions.reload())}
        saved={saved && (saved.length ? `Saved: ${saved.join(', ')} changed.` : 'Saved: nothing had changed.')}
      />
      <div className="columns">
        <section aria-label="Fields">
          <h2>Details</h2>
          <JobFields job={job.data} />
        </section>
        <RunsPreview heading="Next runs" runs={runs.data} error={runs.error} />
      </div>
      <OccurrencesSection job={job.data} />
      <section aria-labelledby="executions">
        <h2 id="executions">Executions</h2>
        {executions.error !== undefined && <Notice kind="error">{messageOf(executions.error)}</Notice>}
        {executions.data && executions.data.items.length === 0 && <p>No attempts yet.</p>}
        {executions.data && executions.data.items.length > 0 && (
          <>
            <RunsChart timings={runTimings(executions.data.items)} />
            <ExecutionsTable executions={executions.data.items} />
            <Pagination
              page={page}
              limit={executions.data.limit}
              total={executions.data.total}
              onPage={setPage}
              label="attempts"
            />
          </>
        )}
      </section>
    </>
  );
}
