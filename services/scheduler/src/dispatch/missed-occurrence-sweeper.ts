import type { Logger } from '@chrono/kit';
import { doomedOccurrences } from '../domain/passed-over';
import { stateMessage } from '../events/messages';
import type { MissedOccurrenceStore } from '../store/missed-occurrence-store';

/** How many waiting rows one sweep looks at. */
const ROWS_PER_SWEEP = 500;

/**
 * Reports occurrences recorded nowhere else as missed: a recurring job waiting for a run more than
 * `graceMs` overdue (the scheduler was down or too busy) has occurrences after it that its catch-up
 * policy will not run (see doomedOccurrences). Each is announced once to job-catalog's occurrence
 * ledger, at most 1,000 a row per sweep, and the row remembers how far it got (a guarded update, so
 * two replicas sweeping at once report a stretch once, and the ledger's unique key drops a repeat).
 * It changes nothing about which runs happen: the row's run and claims stay as they are.
 */
export class MissedOccurrenceSweeper {
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<unknown>;

  constructor(
    private readonly store: MissedOccurrenceStore,
    private readonly log: Logger,
    private readonly graceMs: number,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweep()
        .catch((error: unknown) => this.log.warn({ err: error }, 'missed-occurrence sweep failed'))
        .finally(() => (this.sweeping = undefined));
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** One sweep; resolves to how many occurrences it reported missed. */
  async sweep(): Promise<number> {
    let reported = 0;
    for (const row of await this.store.waitingOverdue(this.graceMs, ROWS_PER_SWEEP)) {
      const now = new Date();
      const doomed = doomedOccurrences(row, now, this.graceMs);
      if (!doomed) continue;
      // The row's own state again (same sequence: job-catalog keeps the state it has), with the notes.
      const message = stateMessage({ ...row, passedOver: doomed.passedOver }, now);
      if (await this.store.reportMissed(row, doomed.reportedUntil, message)) {
        reported += doomed.passedOver.notes.length;
        this.log.info(
          { jobId: row.jobId, missed: doomed.passedOver.notes.length, until: doomed.reportedUntil },
          'occurrences missed',
        );
      }
    }
    return reported;
  }
}
