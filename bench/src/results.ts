import type { ClaimPlans } from './chrono/scale-setup';
import type { ClosedLoopResult } from './load';
import type { RecurringResult } from './recurring';
import type { RunResult } from './stats';

/** The scale scenario of one system. */
export interface ScaleResults {
  /** Pending jobs it held (fewer than asked when the time budget ran out, see `notes`). */
  jobs: number;
  fillSeconds: number;
  burst?: RunResult;
  steady?: RunResult;
  memory?: Record<string, number>;
  /** This system only: the due-row claim's plans. */
  claim?: ClaimPlans;
  notes: string[];
}

/** The API scenario at one concurrency. */
export interface ApiResults {
  concurrency: number;
  /** CreateJob over gRPC for this system; the client library's enqueue call for a peer. */
  call: ClosedLoopResult;
  /** This system only: POST /jobs through the REST gateway. */
  rest?: ClosedLoopResult;
}

/** Everything measured on one system. */
export interface SystemResults {
  name: string;
  tuning: string[];
  /** The API scenario at each concurrency. */
  api?: ApiResults[];
  /** Jobs created and ready to fire per second, at the API scenario's best concurrency. */
  takenInPerSecond?: number;
  /** Jobs created through the bulk call (CreateJobs, addBulk, addJobs) and ready to fire, per second. */
  bulkPerSecond?: number;
  burst?: RunResult;
  steady?: RunResult;
  /** The fast steady scenario (BENCH_FAST_RATE a second). */
  fastSteady?: RunResult;
  /** The recurring scenario (BENCH_RECURRING_JOBS jobs every second for BENCH_RECURRING_SECONDS). */
  recurring?: RecurringResult;
  memory?: Record<string, number>;
  scale?: ScaleResults;
  /** Why the system's runs stopped early, if they did. */
  error?: string;
}
