import { outboxTraceParentSql } from '@chrono/kit';
import { Migration } from '@mikro-orm/migrations';

/**
 * Keeps trace contexts: of each message with its outbox row, and of the job event that last set a
 * schedule with its row, which the job's runs are dispatched in (a one-time job) or linked to (a recurring one).
 */
export class Migration20261212TraceContext extends Migration {
  override async up(): Promise<void> {
    for (const sql of outboxTraceParentSql('scheduler')) this.addSql(sql);
    this.addSql('alter table scheduler.schedules add column trace_parent text');
  }
}
