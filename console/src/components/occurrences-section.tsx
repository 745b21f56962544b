import { useState } from 'react';
import { messageOf } from '../api/api-error';
import type { Job, OccurrenceStats } from '../api/types';
import { useLoader } from '../hooks/use-loader';
import { useSession } from '../session';
import { Notice } from './notice';
import { Pagination } from './pagination';
import { StatusBadge } from './status-badge';
import { When } from './when';

const REFRESH_MS = 3000;

/** A window of the stats in a sentence: "12 due: 10 succeeded, 1 failed, …; late p50 4 ms, p99 40 ms". */
function statsInWords(window: string, stats?: OccurrenceStats): string {
  if (!stats?.occurrences) return `Nothing was due in the ${window}.`;
  const counts = `${stats.succeeded} succeeded, ${stats.failed} failed, ${stats.skipped} skipped, ${stats.missed} missed, ${stats.cancelled} cancelled, ${stats.inFlight} in flight`;
  const late = `started late by ${Math.round(stats.latenessP50Ms)} ms (median), ${Math.round(stats.latenessP99Ms)} ms (p99)`;
  return `${stats.occurrences} due in the ${window}: ${counts}; ${late}.`;
}

/** The job's occurrence ledger: what became of each time it was due, newest first, with the counts of the last day and week. */
export function OccurrencesSection({ job }: { job: Job }) {
  const { api } = useSession();
  const [page, setPage] = useState(1);
  const occurrences = useLoader(() => api.occurrences(job.id, page), `${job.id}:${page}`, REFRESH_MS);
  return (
    <section aria-labelledby="occurrences">
      <h2 id="occurrences">Occurrences</h2>
      <p>{statsInWords('last 24 hours', job.stats?.last24h)}</p>
      <p>{statsInWords('last 7 days', job.stats?.last7d)}</p>
      {occurrences.error !== undefined && <Notice kind="error">{messageOf(occurrences.error)}</Notice>}
      {occurrences.data && occurrences.data.items.length > 0 && (
        <>
          <table className="responsive">
            <thead>
              <tr>
                <th scope="col">Due</th>
                <th scope="col">Outcome</th>
                <th scope="col">Started late by</th>
                <th scope="col">Attempts</th>
              </tr>
            </thead>
            <tbody>
              {occurrences.data.items.map((occurrence) => (
                <tr key={occurrence.dueAt}>
                  <td data-label="Due">
                    <When iso={occurrence.dueAt} />
                  </td>
                  <td data-label="Outcome">
                    <StatusBadge status={occurrence.outcome ?? 'running'} />
                  </td>
                  <td data-label="Started late by">
                    {occurrence.latenessMs === undefined ? '—' : `${occurrence.latenessMs} ms`}
                  </td>
                  <td data-label="Attempts">{occurrence.attempts.length || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pagination
            page={page}
            limit={occurrences.data.limit}
            total={occurrences.data.total}
            onPage={setPage}
            label="occurrences"
          />
        </>
      )}
    </section>
  );
}
