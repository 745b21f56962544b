import { Client } from 'pg';
import type { ScratchDatabase } from '@chrono/testkit';

const CHUNK = 250_000;

/**
 * Adds `count` pending one-time jobs, due evenly over the next month from an hour from now, straight
 * into job-catalog's and the scheduler's tables, each a copy of `templateJobId` (a job created
 * through the API, so that every column holds what the services write). Going through CreateJob and
 * the events would take longer than the whole bench may run; the point is the scheduler's behaviour
 * with a big table. Stops between chunks once `deadlineMs` has passed. Ends with VACUUM ANALYZE, as
 * autovacuum would after such a load. Resolves to the number of jobs added.
 */
export async function fillSchedule(
  database: ScratchDatabase,
  templateJobId: string,
  count: number,
  deadlineMs: number,
): Promise<number> {
  let first = 0;
  for (; first < count && Date.now() < deadlineMs; first += CHUNK) {
    await database.query(
      `with fresh as (
         select gen_random_uuid() as id, g, now() + interval '1 hour' + g * ((interval '30 days' - interval '1 hour') / $3::int) as at
         from generate_series($1::int, $2::int) g),
       jobs as (
         insert into catalog.jobs (id, user_id, name, description, type, status, payload, scheduled_at, recurrence_pattern, cron_expression, timezone, target,
           timeout_seconds, max_retries, retry_count, next_run_at, is_active, version, state_sequence, created_at, updated_at)
         select fresh.id, t.user_id, 'scale-' || fresh.g, t.description, t.type, t.status, t.payload, fresh.at, t.recurrence_pattern, t.cron_expression, t.timezone, t.target,
           t.timeout_seconds, t.max_retries, t.retry_count, fresh.at, t.is_active, t.version, t.state_sequence, now(), now()
         from fresh, catalog.jobs t where t.id = $4::uuid)
       insert into scheduler.schedules (job_id, user_id, job_version, type, scheduled_at, recurrence_pattern, cron_expression, timezone, payload, target,
         timeout_ms, max_retries, state, status, next_run_at, run_id, attempt, retry_count, sequence, updated_at)
       select fresh.id, s.user_id, s.job_version, s.type, fresh.at, s.recurrence_pattern, s.cron_expression, s.timezone, s.payload, s.target,
         s.timeout_ms, s.max_retries, s.state, s.status, fresh.at, gen_random_uuid(), s.attempt, s.retry_count, s.sequence, now()
       from fresh, scheduler.schedules s where s.job_id = $4::uuid`,
      [first, Math.min(count, first + CHUNK) - 1, count, templateJobId],
    );
  }
  await database.query('vacuum analyze catalog.jobs');
  await database.query('vacuum analyze scheduler.schedules');
  return Math.min(first, count);
}

// The scheduler's claim (ScheduleStore.claimDue) with its default look-ahead (1 s), batch (1000) and lease (10 s).
const CLAIM = `explain (analyze, buffers)
  with due as (
    select job_id from scheduler.schedules
    where state = 'scheduled' and next_run_at <= now() + (1000 * interval '1 millisecond') and (lease_until is null or lease_until < now())
    order by next_run_at limit 1000 for update skip locked)
  update scheduler.schedules s set lease_owner = 'bench-explain', lease_until = now() + (10000 * interval '1 millisecond')
  from due where s.job_id = due.job_id returning s.*`;

/** The plan and timing of the due-row claim, on the table as it is and with a full batch due; nothing is changed (rolled back). */
export interface ClaimPlans {
  idle: string;
  fullBatch: string;
  /** Execution Time of each, ms. */
  idleMs: number;
  fullBatchMs: number;
  usesIndex: boolean;
}

export async function explainClaim(database: ScratchDatabase): Promise<ClaimPlans> {
  const plans = await inRolledBackTransaction(database, [
    CLAIM,
    `update scheduler.schedules set next_run_at = now() where job_id in (select job_id from scheduler.schedules where state = 'scheduled' order by next_run_at limit 1000)`,
    CLAIM,
  ]);
  const idle = plans[0];
  const fullBatch = plans[2];
  const executionMs = (plan: string) => Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? Number.NaN);
  return {
    idle,
    fullBatch,
    idleMs: executionMs(idle),
    fullBatchMs: executionMs(fullBatch),
    usesIndex: idle.includes('schedules_due') && fullBatch.includes('schedules_due'),
  };
}

// One transaction on one connection, rolled back: the claim's UPDATE must not really take rows.
async function inRolledBackTransaction(database: ScratchDatabase, statements: string[]): Promise<string[]> {
  const env = database.env;
  const client = new Client({
    host: env.DB_HOST,
    port: Number(env.DB_PORT),
    user: env.DB_USERNAME,
    password: env.DB_PASSWORD,
    database: env.DB_DATABASE,
  });
  await client.connect();
  try {
    await client.query('begin');
    const out: string[] = [];
    for (const sql of statements) {
      const result = await client.query<{ 'QUERY PLAN': string }>(sql);
      out.push(result.rows.map((row) => row['QUERY PLAN']).join('\n'));
    }
    await client.query('rollback');
    return out;
  } finally {
    await client.end();
  }
}
