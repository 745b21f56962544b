import { dispatch, topology } from '@chrono/contracts';
import { connect, type NatsConnection, type Subscription } from 'nats';

/** When the scheduler published a job's dispatch request, and for which due time (epoch ms). */
export interface Dispatched {
  dueMs: number;
  dispatchedMs: number;
}

/**
 * Listens to the dispatch subject with a plain NATS subscription, which receives a copy of every
 * request the scheduler publishes without taking it from the executors' work queue, and keeps the
 * scheduler's own `dueAt` and `dispatchedAt` of each job's first request. A request published again
 * for the same attempt (its claim lapsed before the dispatch was recorded; JetStream drops it as a
 * duplicate, but a plain subscriber still sees it) is counted in `republished`.
 */
export class DispatchTap {
  readonly seen = new Map<string, Dispatched>();
  /** The first request of each run (one occurrence of a job and its retries), by run id. */
  readonly runs = new Map<string, Dispatched & { jobId: string }>();
  readonly republished = new Set<string>();
  private readonly attempts = new Set<string>();

  private constructor(
    private readonly nc: NatsConnection,
    private readonly subscription: Subscription,
  ) {}

  static async open(natsUrl: string): Promise<DispatchTap> {
    const nc = await connect({ servers: natsUrl, name: 'bench-dispatch-tap' });
    const subscription = nc.subscribe(topology.dispatch.subject);
    const tap = new DispatchTap(nc, subscription);
    void (async () => {
      for await (const message of subscription) {
        const request = dispatch.DispatchRequest.decode(message.data);
        if (!request.dueAt || !request.dispatchedAt) continue;
        const seen = { dueMs: request.dueAt.getTime(), dispatchedMs: request.dispatchedAt.getTime() };
        const attempt = `${request.runId}:${request.attempt}`;
        if (tap.attempts.has(attempt)) tap.republished.add(request.jobId);
        tap.attempts.add(attempt);
        if (!tap.seen.has(request.jobId)) tap.seen.set(request.jobId, seen);
        if (!tap.runs.has(request.runId)) tap.runs.set(request.runId, { ...seen, jobId: request.jobId });
      }
    })();
    await nc.flush();
    return tap;
  }

  async close(): Promise<void> {
    this.subscription.unsubscribe();
    await this.nc.close();
  }
}
