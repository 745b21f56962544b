import type { NamedMigration } from '@chrono/kit';
import { Migration20261129CreateSchedulerSchema } from './migration-20261129-create-scheduler-schema';
import { Migration20261201OutboxSetAside } from './migration-20261201-outbox-set-aside';
import { Migration20261210RunBudgets } from './migration-20261210-run-budgets';
import { Migration20261212RoomForHotUpdates } from './migration-20261212-room-for-hot-updates';
import { Migration20261212TraceContext } from './migration-20261212-trace-context';
import { Migration20261213ChangeCount } from './migration-20261213-change-count';
import { Migration20261213OverlapPolicy } from './migration-20261213-overlap-policy';
import { Migration20261213RunsInFlight } from './migration-20261213-runs-in-flight';
import { Migration20261212PauseAndCatchUp } from './migration-20261212-pause-and-catch-up';
import { Migration20261214OccurrenceLedger } from './migration-20261214-occurrence-ledger';

/** Every migration of the scheduler schema, oldest first. */
export const migrations: NamedMigration[] = [
  { name: 'Migration20261129CreateSchedulerSchema', class: Migration20261129CreateSchedulerSchema },
  { name: 'Migration20261201OutboxSetAside', class: Migration20261201OutboxSetAside },
  { name: 'Migration20261210RunBudgets', class: Migration20261210RunBudgets },
  { name: 'Migration20261212RoomForHotUpdates', class: Migration20261212RoomForHotUpdates },
  { name: 'Migration20261212TraceContext', class: Migration20261212TraceContext },
  { name: 'Migration20261212PauseAndCatchUp', class: Migration20261212PauseAndCatchUp },
  { name: 'Migration20261213ChangeCount', class: Migration20261213ChangeCount },
  { name: 'Migration20261214OccurrenceLedger', class: Migration20261214OccurrenceLedger },
  { name: 'Migration20261213OverlapPolicy', class: Migration20261213OverlapPolicy },
  { name: 'Migration20261213RunsInFlight', class: Migration20261213RunsInFlight },
];
