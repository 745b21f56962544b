import { JobRunStatus } from './gen/chrono/events/v1/job_state_changed';

/** The statuses the scheduler announces, as the REST API and the stores spell them. */
export type RunStatusName = 'pending' | 'running' | 'completed' | 'failed';

const BY_NAME: Record<RunStatusName, JobRunStatus> = {
  pending: JobRunStatus.JOB_RUN_STATUS_PENDING,
  running: JobRunStatus.JOB_RUN_STATUS_RUNNING,
  completed: JobRunStatus.JOB_RUN_STATUS_COMPLETED,
  failed: JobRunStatus.JOB_RUN_STATUS_FAILED,
};

/** The enum value of a status; throws for one the scheduler never announces (a cancelled job). */
export function runStatusOf(name: string): JobRunStatus {
  const status = BY_NAME[name as RunStatusName];
  if (status === undefined) throw new Error(`the scheduler does not announce the status "${name}"`);
  return status;
}

/** The name of an announced status, or undefined for UNSPECIFIED or a value this version does not know. */
export function runStatusName(status: JobRunStatus): RunStatusName | undefined {
  return (Object.keys(BY_NAME) as RunStatusName[]).find((name) => BY_NAME[name] === status);
}
