import { createSchemaSql, outboxTableSql } from '@chrono/kit';
import { Migration } from '@mikro-orm/migrations';

/** Jobs, their execution history, and the outbox of lifecycle events. */
export class Migration20261129CreateCatalogSchema extends Migration {
  override async up(): Promise<void> {
    this.addSql(createSchemaSql('catalog'));
    this.addSql(`create table catalog.jobs (
      id uuid primary key,
      user_id uuid not null,
      name varchar(200) not null,
      description text,
      type text not null check (type in ('one_time', 'recurring')),
      status text not null check (status in ('pending', 'running', 'completed', 'failed', 'cancelled')),
      payload jsonb not null,
      scheduled_at timestamptz not null,
      recurrence_pattern text check (recurrence_pattern in ('hourly', 'daily', 'weekly', 'monthly')),
      cron_expression text,
      timezone text,
      target jsonb,
      timeout_seconds integer not null,
      max_retries integer not null,
      retry_count integer not null default 0,
      started_at timestamptz,
      completed_at timestamptz,
      error_message text,
      result jsonb,
      next_run_at timestamptz,
      is_active boolean not null,
      version integer not null,
      state_sequence integer not null default 0,
      created_at timestamptz not null,
      updated_at timestamptz not null)`);
    // ListJobs: one user's jobs, newest first, optionally by status or type.
    this.addSql('create index jobs_user_created on catalog.jobs (user_id, created_at desc, id desc)');
    this.addSql('create index jobs_user_status_created on catalog.jobs (user_id, status, created_at desc)');
    this.addSql(`create table catalog.job_executions (
      id uuid primary key,
      job_id uuid not null references catalog.jobs (id) on delete cascade,
      run_id text not null,
      attempt_number integer not null,
      status text not null check (status in ('success', 'failed')),
      started_at timestamptz not null,
      completed_at timestamptz not null,
      error_message text,
      result jsonb,
      created_at timestamptz not null,
      -- the same outcome delivered twice is one row
      unique (run_id, attempt_number))`);
    this.addSql('create index job_executions_job_created on catalog.job_executions (job_id, created_at desc, id desc)');
    for (const sql of outboxTableSql('catalog')) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql('drop table catalog.outbox');
    this.addSql('drop table catalog.job_executions');
    this.addSql('drop table catalog.jobs');
  }
}
