import { nextRunAfter, type Schedule as Recurrence } from '@chrono/recurrence';
import type { OccurrenceNote, PassedOver, Schedule } from './schedule';
import { recurrenceOf } from './schedule-recurrence';

/** The most passed-over occurrences one state lists (the newest); older ones are only counted. */
export const MAX_NOTES = 1000;
/** The most passed-over occurrences counted for one state; beyond that they are neither listed nor counted. */
export const MAX_COUNTED = 10_000;

/**
 * The occurrences strictly after `after` and strictly before `before` (the run's occurrence and the
 * next run's), which a recurring job passed over: those due at or before `startedAt` (already due
 * when the run started, and not caught up on) were missed, later ones came due while the run was in
 * flight and were skipped. Undefined when there are none, which costs one step of the schedule: a
 * job that passed nothing over enumerates nothing.
 */
export function passedOver(recurrence: Recurrence, after: Date, before: Date, startedAt: Date): PassedOver | undefined {
  let at = nextRunAfter(recurrence, after);
  if (at >= before) return undefined;
  const all: OccurrenceNote[] = [];
  for (; at < before && all.length < MAX_COUNTED; at = nextRunAfter(recurrence, at))
    all.push({ dueAt: at, outcome: at <= startedAt ? 'missed' : 'skipped' });
  const notes = all.slice(-MAX_NOTES);
  return { notes, omitted: all.length - notes.length };
}

/**
 * The occurrences a recurring job passed over between the run that just ended (started at
 * `startedAt`, see runStartOf) and its next run at `nextAt` (see passedOver), leaving out those the
 * missed-occurrence sweep reported already.
 */
export function passedOverByRun(schedule: Schedule, startedAt: Date, nextAt: Date): PassedOver | undefined {
  const occurrence = schedule.occurrenceAt ?? schedule.dueAt ?? schedule.nextRunAt;
  if (!occurrence) return undefined;
  const reported = schedule.missedReportedUntil;
  const after = reported && reported > occurrence ? reported : occurrence;
  return passedOver(recurrenceOf(schedule), after, nextAt, startedAt);
}

/**
 * What the missed-occurrence sweep reports for a waiting recurring row at `now`: the occurrences after
 * its next run (which still runs, late) that its catch-up policy will not run whatever happens next,
 * because they are older than both the grace period and the catch-up window (a run catches up only on
 * occurrences within the window at its end, which only moves later). At most MAX_NOTES, the oldest
 * after what it reported already (`missedReportedUntil`), and where it got to; undefined when there is
 * nothing new (one step of the schedule). One-time jobs are never missed by the sweep: they always run.
 */
export function doomedOccurrences(
  row: Schedule,
  now: Date,
  graceMs: number,
): { passedOver: PassedOver; reportedUntil: Date } | undefined {
  if (row.type !== 'recurring' || row.state !== 'scheduled' || !row.nextRunAt) return undefined;
  const until = now.getTime() - Math.max(graceMs, row.catchUpWindowMs);
  const after = Math.max(row.nextRunAt.getTime(), row.missedReportedUntil?.getTime() ?? 0);
  if (after >= until) return undefined;
  const recurrence = recurrenceOf(row);
  const notes: OccurrenceNote[] = [];
  for (
    let at = nextRunAfter(recurrence, new Date(after));
    at.getTime() < until && notes.length < MAX_NOTES;
    at = nextRunAfter(recurrence, at)
  )
    notes.push({ dueAt: at, outcome: 'missed' });
  if (notes.length === 0) return undefined;
  return { passedOver: { notes, omitted: 0 }, reportedUntil: notes[notes.length - 1].dueAt };
}
