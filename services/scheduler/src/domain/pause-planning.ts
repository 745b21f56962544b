import { resumedRunAt } from './catch-up';
import { passedOver } from './passed-over';
import type { Schedule } from './schedule';
import { recurrenceOf } from './schedule-recurrence';

/**
 * A row paused: never claimed while `paused`. A waiting row keeps its `nextRunAt` as the run to resume
 * from; an attempt in flight keeps its `dueAt` and deadline, so that its outcome is still settled (a
 * run handed to the executors before the pause may finish). A finished row stays as it is: its end is
 * already on its way to job-catalog.
 */
export function pausedRow(row: Schedule): Schedule {
  if (row.state !== 'scheduled' && row.state !== 'dispatched') return row;
  return { ...row, state: 'paused', status: 'paused' };
}

/**
 * A paused row after an attempt's outcome settled it (`settled`, as the outcome would leave it
 * unpaused): an end of the job stands (a one-time job completed or out of retries), anything else
 * (a retry, the next occurrence) waits, paused, for the resume.
 */
export function settledWhilePaused(settled: Schedule): Schedule {
  if (settled.state === 'idle') return settled;
  return { ...settled, state: 'paused', status: 'paused' };
}

/**
 * A paused row resumed at `now`: an attempt still in flight goes back to waiting for its outcome (or
 * the lost-run rule); otherwise the next run follows resumedRunAt, as a fresh run (`newRun`) or the
 * pending retry. A one-time job whose time passed outside its catch-up window ends `failed` without
 * running: it was missed.
 */
export function resumedRow(row: Schedule, now: Date, newRun: (row: Schedule, at: Date) => Schedule): Schedule {
  if (row.state !== 'paused') return row;
  if (row.dueAt) return { ...row, state: 'dispatched', status: 'running', nextRunAt: undefined };
  const retrying = row.attempt > 1;
  const plannedAt = row.nextRunAt ?? now;
  const recurrence = recurrenceOf(row);
  const windowMs = row.catchUpWindowMs;
  const at = resumedRunAt({ type: row.type, recurrence, plannedAt, windowMs, retrying }, now);
  if (!at) {
    const notes = [{ dueAt: row.occurrenceAt ?? plannedAt, outcome: 'missed' as const }];
    return { ...row, state: 'idle', status: 'failed', nextRunAt: undefined, passedOver: { notes, omitted: 0 } };
  }
  if (retrying) return { ...row, state: 'scheduled', status: 'pending', nextRunAt: at };
  // Missed with a window of 0: the run now stands for the occurrence it waited for (late), and the
  // later ones it passes over are reported when it ends. With a window, the occurrences before the one
  // it resumes from were missed.
  if (at.getTime() === now.getTime() && plannedAt < now) return { ...newRun(row, at), occurrenceAt: plannedAt };
  const missed =
    plannedAt < now && at > plannedAt ? passedOver(recurrence, new Date(plannedAt.getTime() - 1), at, now) : undefined;
  // A missed occurrence that runs late starts a catch-up (see catchUpAfterRun).
  return { ...newRun(row, at), catchUpRuns: at < now ? 1 : 0, passedOver: missed };
}
