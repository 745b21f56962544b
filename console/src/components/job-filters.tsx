import type { JobQuery } from '../api/client';
import type { JobStatus, JobType } from '../api/types';

// The longest name a job may have, which is also the longest search the server takes.
const MAX_NAME_LENGTH = 200;

export const STATUSES: JobStatus[] = ['pending', 'running', 'paused', 'completed', 'failed', 'cancelled'];

export interface Filters extends Omit<JobQuery, 'page' | 'limit'> {
  /** The search box as typed; the jobs page sends it to the server once typing pauses. */
  name: string;
}

/** The filters of the jobs list; every change goes back to page 1. */
export function JobFilters({ value, onChange }: { value: Filters; onChange(next: Filters): void }) {
  const set = (patch: Partial<Filters>) => onChange({ ...value, ...patch });
  return (
    <form className="filters" role="search" aria-label="Filter jobs" onSubmit={(event) => event.preventDefault()}>
      <label>
        Status
        <select
          value={value.status ?? ''}
          onChange={(event) => set({ status: (event.target.value || undefined) as JobStatus | undefined })}
        >
          <option value="">any</option>
          {STATUSES.map((status) => (
            <option key={status}>{status}</option>
          ))}
        </select>
      </label>
      <label>
        Type
        <select
          value={value.type ?? ''}
          onChange={(event) => set({ type: (event.target.value || undefined) as JobType | undefined })}
        >
          <option value="">any</option>
          <option value="one_time">one-time</option>
          <option value="recurring">recurring</option>
        </select>
      </label>
      <label>
        Created from
        <input type="date" value={value.fromDate ?? ''} onChange={(event) => set({ fromDate: event.target.value })} />
      </label>
      <label>
        Created to
        <input type="date" value={value.toDate ?? ''} onChange={(event) => set({ toDate: event.target.value })} />
      </label>
      <label>
        Name
        <input
          type="search"
          maxLength={MAX_NAME_LENGTH}
          value={value.name}
          onChange={(event) => set({ name: event.target.value })}
        />
      </label>
    </form>
  );
}
