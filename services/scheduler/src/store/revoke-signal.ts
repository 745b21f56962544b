/** What a REVOKE says: this job's row changed, and how many changes it has had with this one. */
export interface Revoke {
  jobId: string;
  changeCount: number;
}

/** The NOTIFY payload of a REVOKE: `<job id> <change count>`. */
export function revokePayload(jobId: string, changeCount: number): string {
  return `${jobId} ${changeCount}`;
}

/**
 * Reads a REVOKE's payload. A bare job id (as replicas before the change count sent) revokes any
 * claim of the job.
 */
export function parseRevoke(payload: string): Revoke {
  const [jobId, count] = payload.split(' ');
  const changeCount = Number(count);
  return { jobId, changeCount: count !== undefined && Number.isInteger(changeCount) ? changeCount : Infinity };
}
