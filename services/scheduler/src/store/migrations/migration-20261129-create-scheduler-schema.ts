import { createSchemaSql, outboxTableSql } from '@chrono/kit';
import { Migration } from '@mikro-orm/migrations';

/** One schedule row per job, and the outbox of the states and synthetic outcomes the scheduler publishes. */
export class Migration20261129CreateSchedulerSchema extends Migration {
  override async up(): Promise<void> {
    this.addSql(createSchemaSql('scheduler'));
    this.addSql(`create table scheduler.schedules (
      job_id uuid primary key,
      user_id uuid not null,
      job_version integer not null,
      type text not null,
      scheduled_at timestamptz not null,
      recurrence_pattern text,
      cron_expression text,
      timezone text,
      payload jsonb not null,
      target jsonb,
      timeout_ms integer not null,
      max_retries integer not null,
      state text not null check (state in ('scheduled', 'dispatched', 'idle', 'deleted')),
      status text not null,
      next_run_at timestamptz,
      run_id uuid not null,
      attempt integer not null,
      retry_count integer not null,
      due_at timestamptz,
      dispatched_at timestamptz,
      deadline_at timestamptz,
      sequence integer not null,
      lease_owner text,
      lease_until timestamptz,
      updated_at timestamptz not null default now())`);
    // The due-row query and the lost-run sweep each read one small partial index.
    this.addSql("create index schedules_due on scheduler.schedules (next_run_at) where state = 'scheduled'");
    this.addSql("create index schedules_deadline on scheduler.schedules (deadline_at) where state = 'dispatched'");
    for (const sql of outboxTableSql('scheduler')) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql('drop table scheduler.outbox');
    this.addSql('drop table scheduler.schedules');
  }
}
