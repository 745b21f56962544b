import { Migration } from '@mikro-orm/migrations';

/**
 * Notifications: each job's list (JSON, header values sealed), each user's signing secret (sealed
 * with TARGET_SECRETS_KEY), and the deliveries, newest first per job. Deliveries go with their job.
 */
export class Migration20261213Notifications extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table catalog.jobs add column notifications jsonb');
    this.addSql(`create table catalog.notification_secrets (
      user_id uuid primary key,
      secret text not null,
      created_at timestamptz not null)`);
    this.addSql(`create table catalog.notification_deliveries (
      id uuid primary key,
      job_id uuid not null references catalog.jobs (id) on delete cascade,
      user_id uuid not null,
      -- the place of the notification in the job's list, and the JSON body, sent as it is on every attempt
      notification_index integer not null,
      body text not null,
      event text not null check (event in ('failed', 'final_failure', 'succeeded', 'missed', 'recovered')),
      url text not null,
      state text not null check (state in ('pending', 'delivered', 'failed')),
      attempts integer not null default 0,
      last_status_code integer,
      last_error text,
      execution_id uuid,
      created_at timestamptz not null,
      last_attempt_at timestamptz)`);
    this.addSql(
      'create index notification_deliveries_by_job on catalog.notification_deliveries (job_id, created_at desc, id)',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table catalog.notification_deliveries');
    this.addSql('drop table catalog.notification_secrets');
    this.addSql('alter table catalog.jobs drop column notifications');
  }
}
