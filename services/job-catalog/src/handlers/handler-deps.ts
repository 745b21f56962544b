import type { JobService } from '../domain/job-service';
import type { IdempotencyKeys } from '../limits/idempotency-keys';
import type { WriteRateLimiter } from '../limits/write-rate-limiter';

/** What the RPC handlers of JobService need. */
export interface JobHandlerDeps {
  jobs: JobService;
  /** Applied to every change (create, update, cancel, reschedule, delete). */
  limiter: WriteRateLimiter;
  idempotency: IdempotencyKeys;
}
