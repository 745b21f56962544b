// What the CronSchedule tests share.
import { CronSchedule } from './cron-schedule';
import { InvalidScheduleError } from './invalid-schedule-error';

/** The next `count` runs of `expression` in `zone` strictly after `after`, as ISO strings. */
export function runs(expression: string, zone: string, after: string, count: number): string[] {
  const schedule = CronSchedule.parse(expression, zone);
  const result: string[] = [];
  let cursor = new Date(after);
  for (let i = 0; i < count; i++) {
    const run = schedule.nextAfter(cursor);
    if (!run) break;
    result.push(run.toISOString());
    cursor = run;
  }
  return result;
}

/** The refusal of `expression`; fails when it is accepted. */
export function parseError(expression: string, zone?: string): InvalidScheduleError {
  try {
    CronSchedule.parse(expression, zone);
  } catch (error) {
    if (error instanceof InvalidScheduleError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(expression)} to be refused`);
}
