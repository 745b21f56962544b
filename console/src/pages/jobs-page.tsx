import { useState } from 'react';
import { Link } from 'wouter';
import { messageOf } from '../api/api-error';
import { JobFilters, type Filters } from '../components/job-filters';
import { JobsTable } from '../components/jobs-table';
import { Notice } from '../components/notice';
import { Pagination } from '../components/pagination';
import { useDebounced } from '../hooks/use-debounced';
import { useLoader } from '../hooks/use-loader';
import { useSession } from '../session';

const PAGE_SIZE = 20;
// The list refreshes itself while it is open, so runs show up without a reload.
const REFRESH_MS = 3000;
// A search goes to the server once typing pauses this long, not at every key.
const SEARCH_PAUSE_MS = 300;

/** The user's jobs: filters, one page of the table, pagination, refreshed live. */
export function JobsPage() {
  const { api } = useSession();
  const [filters, setFilters] = useState<Filters>({ name: '' });
  const [page, setPage] = useState(1);
  const name = useDebounced(filters.name.trim(), SEARCH_PAUSE_MS);
  const request = { ...filters, name: name || undefined, page, limit: PAGE_SIZE };
  const jobs = useLoader(() => api.listJobs(request), JSON.stringify(request), REFRESH_MS);
  const shown = jobs.data?.items ?? [];

  return (
    <>
      <div className="title-row">
        <h1>Jobs</h1>
        <Link href="/new" className="button">
          New job
        </Link>
      </div>
      <JobFilters
        value={filters}
        onChange={(next) => {
          setFilters(next);
          setPage(1);
        }}
      />
      {jobs.error !== undefined && <Notice kind="error">{messageOf(jobs.error)}</Notice>}
      {jobs.data && shown.length > 0 && <JobsTable jobs={shown} />}
      {jobs.data && shown.length === 0 && (
        <p className="empty">
          No jobs match. <Link href="/new">Create a job</Link>
        </p>
      )}
      {!jobs.data && jobs.loading && <p aria-busy="true">Loading…</p>}
      {jobs.data && <Pagination page={page} limit={PAGE_SIZE} total={jobs.data.total} onPage={setPage} label="jobs" />}
    </>
  );
}
