import type { RateLimiter } from '@chrono/kit';
import type { AccountJobs } from '../domain/account-jobs';
import type { JobService } from '../domain/job-service';
import type { IdempotencyKeys } from '../limits/idempotency-keys';
import type { OccurrenceQueryStore } from '../store/occurrence-query-store';

/** What the RPC handlers of JobService need. */
export interface JobHandlerDeps {
  jobs: JobService;
  accountJobs: AccountJobs;
  /** Applied to every change (create, update, cancel, reschedule, pause, resume, delete). */
  limiter: RateLimiter;
  idempotency: IdempotencyKeys;
  /** The occurrence ledger: ListOccurrences, and the stats of GetJob. */
  occurrences: OccurrenceQueryStore;
}
