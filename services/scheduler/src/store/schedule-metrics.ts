import { gauge, sharedSample, type Logger, type MikroORM } from '@chrono/kit';

interface ScheduleSample {
  scheduled: number;
  dueNextMinute: number;
  overdue: number;
}

// A scrape waits at most this long for PostgreSQL; past it these series are left out of that scrape.
const SAMPLE_TIMEOUT_MS = 2000;
// A run this late and still not handed to an executor is overdue (well past any poll or lookahead).
const OVERDUE_AFTER_SECONDS = 5;

/**
 * Reports, at each scrape, the jobs that will still run (scheduled or in flight), the runs due within
 * the next minute, and the runs overdue: due more than 5 s ago and not yet dispatched. One query
 * serves all three (the due ones from the partial index of scheduled rows).
 */
export function registerScheduleMetrics(orm: MikroORM, log: Logger): void {
  const sample = sharedSample(
    () =>
      readSchedules(orm).catch((error: unknown) => {
        log.warn({ err: error }, 'cannot read the schedules for metrics');
        throw error;
      }),
    SAMPLE_TIMEOUT_MS,
  );
  const reported = (name: string, help: string, pick: (s: ScheduleSample) => number) =>
    gauge({
      name,
      help,
      async collect() {
        try {
          this.set(pick(await sample()));
        } catch {
          this.reset();
        }
      },
    });
  reported(
    'chrono_jobs_scheduled',
    'Jobs that will still run: waiting for their next run or running now.',
    (s) => s.scheduled,
  );
  reported(
    'chrono_jobs_due_next_minute',
    'Runs due within the next 60 s (or already due) and not yet dispatched.',
    (s) => s.dueNextMinute,
  );
  reported(
    'chrono_jobs_overdue',
    `Runs due more than ${OVERDUE_AFTER_SECONDS} s ago and not yet dispatched (the scheduler is down or behind).`,
    (s) => s.overdue,
  );
}

async function readSchedules(orm: MikroORM): Promise<ScheduleSample> {
  const [row] = await orm.em.getConnection().execute<Array<Record<keyof ScheduleSample, string>>>(
    `select (select count(*) from scheduler.schedules where state in ('scheduled', 'dispatched')) as "scheduled",
       (select count(*) from scheduler.schedules where state = 'scheduled' and next_run_at <= now() + interval '60 seconds') as "dueNextMinute",
       (select count(*) from scheduler.schedules where state = 'scheduled' and next_run_at < now() - interval '${OVERDUE_AFTER_SECONDS} seconds') as "overdue"`,
  );
  return { scheduled: Number(row.scheduled), dueNextMinute: Number(row.dueNextMinute), overdue: Number(row.overdue) };
}
