import { Migration } from '@mikro-orm/migrations';

/**
 * For job-catalog's occurrence ledger: the occurrence a row's run is for (a retry or a deferred run is
 * due later than it), and how far the missed-occurrence sweep has reported a waiting row's missed
 * occurrences (so that it does not report them again each tick).
 */
export class Migration20261214OccurrenceLedger extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table scheduler.schedules add column occurrence_at timestamptz null');
    this.addSql('alter table scheduler.schedules add column missed_reported_until timestamptz null');
  }

  override async down(): Promise<void> {
    this.addSql('alter table scheduler.schedules drop column missed_reported_until');
    this.addSql('alter table scheduler.schedules drop column occurrence_at');
  }
}
