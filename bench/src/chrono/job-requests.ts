import type { jobService } from '@chrono/contracts';

/** The bench's one-time job: no target (the default no-op handler), due at `dueMs`. */
export function oneTimeJobRequest(name: string, dueMs: number): jobService.CreateJobRequest {
  return {
    name,
    type: 'one_time',
    payload: {},
    scheduledAt: new Date(dueMs),
    target: undefined,
    catchUpWindow: undefined,
    notifications: [],
  };
}
