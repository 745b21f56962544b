import type { MikroORM } from '@mikro-orm/postgresql';
import { gauge, lazily } from '../metrics/metrics-registry';

/** What knex's connection pool (tarn) tells of itself. */
interface PoolCounts {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

let pool: PoolCounts | undefined;

const poolGauge = lazily(() =>
  gauge({
    name: 'chrono_db_pool_connections',
    help: "PostgreSQL connections of this process's pool by state: in_use, idle, and waiting (requests waiting for a connection).",
    labelNames: ['state'] as const,
    collect() {
      if (!pool) return;
      this.set({ state: 'in_use' }, pool.numUsed());
      this.set({ state: 'idle' }, pool.numFree());
      this.set({ state: 'waiting' }, pool.numPendingAcquires());
    },
  }),
);

/** Reports the process's database pool at each scrape (read from the pool in memory, no query). */
export function registerPoolMetrics(orm: MikroORM): void {
  pool = (orm.em.getConnection().getKnex().client as { pool?: PoolCounts }).pool;
  poolGauge();
}
