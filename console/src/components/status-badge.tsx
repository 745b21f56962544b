import type { Job } from '../api/types';

/** A job's or an execution's status as a badge; the word itself carries the meaning, the colour only helps. */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status}`}>{status}</span>;
}

/** The outcome of a job's latest attempt: the catalog clears `errorMessage` when an attempt succeeds. */
export function LastOutcome({ job }: { job: Pick<Job, 'completedAt' | 'errorMessage'> }) {
  if (!job.completedAt) return <>—</>;
  return job.errorMessage ? (
    <span title={job.errorMessage}>
      <StatusBadge status="failed" />
    </span>
  ) : (
    <StatusBadge status="success" />
  );
}
