import { addToOutbox, runSql, type MikroORM, type OutboxMessage, type OutboxWakeup } from '@chrono/kit';
import type { Schedule } from '../domain/schedule';
import { BATCH_SUBJECTS } from '../events/messages';
import { fromRow, type ScheduleRow } from './schedule-columns';

/** What the missed-occurrence sweep reads and writes of the schedule rows (see MissedOccurrenceSweeper). */
export class MissedOccurrenceStore {
  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: OutboxWakeup,
  ) {}

  /**
   * Recurring rows waiting for a run more than `graceMs` overdue (see MissedOccurrenceSweeper), most overdue first,
   * leaving out those reported up to the newest occurrence they could have to report.
   */
  async waitingOverdue(graceMs: number, limit: number): Promise<Schedule[]> {
    const rows = await runSql<ScheduleRow>(
      this.orm.em.fork(),
      `select * from scheduler.schedules where state = 'scheduled' and type = 'recurring'
         and next_run_at < now() - (? * interval '1 millisecond')
         and coalesce(missed_reported_until, next_run_at) < now() - (greatest(?, catch_up_window_ms) * interval '1 millisecond')
       order by next_run_at limit ?`,
      [graceMs, graceMs, limit],
    );
    return rows.map(fromRow);
  }

  /**
   * Records that the missed occurrences of `row`'s waiting run were reported up to `until`, with the
   * message reporting them, if the row still waits for that run and nobody reported further meanwhile;
   * resolves to whether it did. Not a change of the row: no claim is taken back.
   */
  async reportMissed(row: Schedule, until: Date, message: OutboxMessage): Promise<boolean> {
    const done = await this.orm.em.fork().transactional(async (em) => {
      const updated = await runSql<{ job_id: string }>(
        em,
        `update scheduler.schedules set missed_reported_until = ?
         where job_id = ? and run_id = ? and state = 'scheduled' and missed_reported_until is not distinct from ?::timestamptz
         returning job_id`,
        [until, row.jobId, row.runId, row.missedReportedUntil ?? null],
      );
      if (updated.length === 0) return false;
      await addToOutbox(em, 'scheduler', [message], BATCH_SUBJECTS);
      return true;
    });
    if (done) this.outbox.written();
    return done;
  }
}
