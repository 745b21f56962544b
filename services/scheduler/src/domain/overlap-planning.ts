import { nextRunAfter, type Schedule as Recurrence } from '@chrono/recurrence';
import type { Schedule } from './schedule';

/**
 * How the overlap policies change the planner's decisions. `skip` changes nothing and costs nothing:
 * every function here returns at once for it (and for one-time jobs, which have no next occurrence).
 *
 * - buffer_one: at the outcome, the first occurrence after the attempt started runs next; when it came
 *   due while the attempt ran, that is at once, with its own due time (so it shows as late). Later ones
 *   that came due meanwhile are skipped: at most one waits.
 * - cancel_previous: at dispatch, the attempt's deadline is brought forward to the job's next
 *   occurrence; when that passes with the attempt still in flight, the lost-run sweep supersedes it:
 *   the attempt is cancelled and a new run starts for the occurrence that came due.
 */

/**
 * buffer_one's next run after an attempt that was due at `dueAt` and started at `startedAt` (undefined
 * when its dispatch is not recorded yet: the due time stands in): the first occurrence after it
 * started, whether it came due while it ran (buffered: due now, late) or comes due later. Undefined
 * for the other policies.
 */
export function bufferedRunAt(
  schedule: Pick<Schedule, 'overlapPolicy' | 'type'>,
  recurrence: Recurrence,
  run: { dueAt?: Date; startedAt?: Date },
): Date | undefined {
  if (schedule.overlapPolicy !== 'buffer_one' || schedule.type !== 'recurring' || !run.dueAt) return undefined;
  const from = run.startedAt && run.startedAt > run.dueAt ? run.startedAt : run.dueAt;
  return nextRunAfter(recurrence, from);
}

/**
 * The deadline of an attempt dispatched at `now`: `deadlineAt` (timeout plus grace), or under
 * cancel_previous the job's next occurrence after `now` when that is sooner. Only then does the sweep
 * look at the row before its real deadline.
 */
export function overlapDeadline(
  schedule: Pick<Schedule, 'overlapPolicy' | 'type'>,
  recurrence: () => Recurrence,
  now: Date,
  deadlineAt: Date,
): Date {
  if (schedule.overlapPolicy !== 'cancel_previous' || schedule.type !== 'recurring') return deadlineAt;
  const next = nextRunAfter(recurrence(), now);
  return next < deadlineAt ? next : deadlineAt;
}

// How many occurrences supersededRunAt steps over looking for the latest one due.
const MAX_STEPS = 100;

/**
 * cancel_previous: the occurrence the run in flight gives way to, at `now`: the latest one due
 * after the attempt was dispatched (a sweep that comes late starts the newest, not each missed one),
 * or undefined when none has come due yet (or the policy is another).
 */
export function supersededRunAt(schedule: Schedule, recurrence: Recurrence, now: Date): Date | undefined {
  if (schedule.overlapPolicy !== 'cancel_previous' || schedule.type !== 'recurring') return undefined;
  if (schedule.state !== 'dispatched') return undefined;
  const from = schedule.dispatchedAt ?? schedule.dueAt;
  if (!from) return undefined;
  let latest: Date | undefined;
  let next = nextRunAfter(recurrence, from);
  for (let step = 0; next <= now && step < MAX_STEPS; step++) {
    latest = next;
    next = nextRunAfter(recurrence, next);
  }
  return latest;
}
