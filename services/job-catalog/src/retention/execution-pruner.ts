import type { Logger } from '@chrono/kit';
import type { ExecutionHistoryStore } from '../store/execution-history-store';

export interface HistoryRetention {
  /** How long history rows are kept, in ms (EXECUTION_RETENTION, 30 days). */
  retentionMs: number;
  /** How many rows are kept per job, the newest (EXECUTION_MAX_PER_JOB, 1000). */
  maxPerJob: number;
  /** How often it prunes, in ms (EXECUTION_PRUNE_INTERVAL, 1 minute). */
  pruneIntervalMs: number;
  /** How long occurrence-ledger rows are kept after their due time, in ms (OCCURRENCE_RETENTION, 30 days). */
  occurrenceRetentionMs: number;
}

// Rows per delete statement, and jobs per count check: small enough that no statement takes long.
const BATCH_ROWS = 500;
const JOBS_PER_BATCH = 100;

/**
 * Keeps execution history bounded, on an interval: rows older than the retention go (oldest first),
 * and jobs that got new rows since the last round are cut back to their newest `maxPerJob`. Every
 * replica prunes: the age deletes skip rows another replica is deleting, and each replica trims the
 * jobs whose outcomes it recorded itself (a job it does not hear of again is left to the age limit).
 */
export class ExecutionPruner {
  private readonly touchedJobs = new Set<string>();
  private timer?: NodeJS.Timeout;
  private pruning?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly store: ExecutionHistoryStore,
    private readonly retention: HistoryRetention,
    private readonly log: Logger,
  ) {}

  /** These jobs got new history rows: their count is checked at the next round. */
  touched(jobIds: Iterable<string>): void {
    for (const jobId of jobIds) this.touchedJobs.add(jobId);
  }

  start(): void {
    this.timer = setInterval(() => {
      this.pruning ??= this.prune()
        .catch((error: unknown) =>
          this.log.warn({ err: error }, 'pruning execution history failed; trying again next round'),
        )
        .finally(() => (this.pruning = undefined));
    }, this.retention.pruneIntervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.pruning;
  }

  /** One round; resolves to the rows deleted by age and by count (occurrences of the ledger by age in `byAge` too). */
  async prune(): Promise<{ byAge: number; byCount: number }> {
    const cutoff = new Date(Date.now() - this.retention.retentionMs);
    const dueCutoff = new Date(Date.now() - this.retention.occurrenceRetentionMs);
    const byAge =
      (await this.repeat(() => this.store.deleteRecordedBefore(cutoff, BATCH_ROWS))) +
      (await this.repeat(() => this.store.deleteOccurrencesDueBefore(dueCutoff, BATCH_ROWS)));
    const jobs = [...this.touchedJobs];
    this.touchedJobs.clear();
    let byCount = 0;
    for (let i = 0; i < jobs.length && !this.stopped; i += JOBS_PER_BATCH) {
      const batch = jobs.slice(i, i + JOBS_PER_BATCH);
      byCount += await this.repeat(() => this.store.deleteBeyondNewest(batch, this.retention.maxPerJob, BATCH_ROWS));
    }
    if (byAge + byCount > 0) this.log.info({ byAge, byCount }, 'execution history pruned');
    return { byAge, byCount };
  }

  // Runs a batched delete until a batch comes back short.
  private async repeat(deleteBatch: () => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await deleteBatch();
      total += deleted;
      if (deleted < BATCH_ROWS || this.stopped) return total;
    }
  }
}
