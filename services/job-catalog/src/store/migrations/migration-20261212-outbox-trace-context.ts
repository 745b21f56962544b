import { outboxTraceParentSql } from '@chrono/kit';
import { Migration } from '@mikro-orm/migrations';

/** Keeps the trace context of each lifecycle event with its outbox row, so the trace of a request goes on across NATS. */
export class Migration20261212OutboxTraceContext extends Migration {
  override async up(): Promise<void> {
    for (const sql of outboxTraceParentSql('catalog')) this.addSql(sql);
  }
}
