import type { NamedMigration } from '@chrono/kit';
import { Migration20261129CreateCatalogSchema } from './migration-20261129-create-catalog-schema';
import { Migration20261201OutboxSetAside } from './migration-20261201-outbox-set-aside';
import { Migration20261210CountActiveJobs } from './migration-20261210-count-active-jobs';
import { Migration20261210IndexExecutionsByAge } from './migration-20261210-index-executions-by-age';
import { Migration20261211IndexExecutionsByCompletion } from './migration-20261211-index-executions-by-completion';
import { Migration20261212RoomForHotUpdates } from './migration-20261212-room-for-hot-updates';
import { Migration20261212OutboxTraceContext } from './migration-20261212-outbox-trace-context';
import { Migration20261212ExecutionDueAt } from './migration-20261212-execution-due-at';
import { Migration20261212PauseAndCatchUp } from './migration-20261212-pause-and-catch-up';
import { Migration20261214OccurrenceLedger } from './migration-20261214-occurrence-ledger';
import { Migration20261213OverlapPolicy } from './migration-20261213-overlap-policy';
import { Migration20261213Notifications } from './migration-20261213-notifications';

/** Every migration of the catalog schema, oldest first. */
export const migrations: NamedMigration[] = [
  { name: 'Migration20261129CreateCatalogSchema', class: Migration20261129CreateCatalogSchema },
  { name: 'Migration20261201OutboxSetAside', class: Migration20261201OutboxSetAside },
  { name: 'Migration20261210CountActiveJobs', class: Migration20261210CountActiveJobs },
  { name: 'Migration20261210IndexExecutionsByAge', class: Migration20261210IndexExecutionsByAge },
  { name: 'Migration20261211IndexExecutionsByCompletion', class: Migration20261211IndexExecutionsByCompletion },
  { name: 'Migration20261212RoomForHotUpdates', class: Migration20261212RoomForHotUpdates },
  { name: 'Migration20261212OutboxTraceContext', class: Migration20261212OutboxTraceContext },
  { name: 'Migration20261212ExecutionDueAt', class: Migration20261212ExecutionDueAt },
  { name: 'Migration20261212PauseAndCatchUp', class: Migration20261212PauseAndCatchUp },
  { name: 'Migration20261214OccurrenceLedger', class: Migration20261214OccurrenceLedger },
  { name: 'Migration20261213OverlapPolicy', class: Migration20261213OverlapPolicy },
  { name: 'Migration20261213Notifications', class: Migration20261213Notifications },
];
