import { Migration } from '@mikro-orm/migrations';

/**
 * Each job's overlap policy, read at dispatch and at the outcome; every row before it is `skip`
 * (today's behaviour). A constant default adds the column without rewriting the table.
 */
export class Migration20261213OverlapPolicy extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      "alter table scheduler.schedules add column overlap_policy text not null default 'skip' check (overlap_policy in ('skip', 'buffer_one', 'cancel_previous', 'allow'))",
    );
  }

  override async down(): Promise<void> {
    this.addSql('alter table scheduler.schedules drop column overlap_policy');
  }
}
