import { outboxSetAsideSql } from '@chrono/kit';
import { Migration } from '@mikro-orm/migrations';

/** Lets the outbox relay set aside a state or outcome it can never publish, instead of retrying it forever. */
export class Migration20261201OutboxSetAside extends Migration {
  override async up(): Promise<void> {
    for (const sql of outboxSetAsideSql('scheduler')) this.addSql(sql);
  }
}
