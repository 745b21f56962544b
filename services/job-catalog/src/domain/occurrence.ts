import { InvalidArgumentError } from '@chrono/kit';
import { checkPage, parseDateBound } from './job-validation';

/** What became of an occurrence; none while its run is in flight. */
export const OCCURRENCE_OUTCOMES = ['succeeded', 'failed', 'skipped', 'missed', 'cancelled'] as const;
export type OccurrenceOutcome = (typeof OCCURRENCE_OUTCOMES)[number];

/** One attempt of a run, as its execution record holds it. */
export interface OccurrenceAttempt {
  attemptNumber: number;
  executionId: string;
  status: string;
}

/** One entry of a job's occurrence ledger. */
export interface Occurrence {
  dueAt: Date;
  outcome?: OccurrenceOutcome;
  runId?: string;
  dispatchedAt?: Date;
  startedAt?: Date;
  finishedAt?: Date;
  attempts: OccurrenceAttempt[];
}

/** How late a run started (its first attempt's start minus its due time), in ms; undefined until it started. */
export function latenessMs(occurrence: Occurrence): number | undefined {
  return occurrence.startedAt && occurrence.startedAt.getTime() - occurrence.dueAt.getTime();
}

/** The counts of one window (see OccurrenceStats in job.proto): `occurrences` is the sum of the others. */
export interface OccurrenceCounts {
  occurrences: number;
  succeeded: number;
  failed: number;
  skipped: number;
  missed: number;
  cancelled: number;
  inFlight: number;
  latenessP50Ms: number;
  latenessP99Ms: number;
}

/** A job's stats: the occurrences due in the last 24 hours and the last 7 days. */
export interface JobStats {
  last24h: OccurrenceCounts;
  last7d: OccurrenceCounts;
}

/** ListOccurrences before validation. */
export interface OccurrenceQueryInput {
  from?: string;
  to?: string;
  page?: number;
  limit?: number;
}

/** A checked ListOccurrences query: due times from and to (inclusive), and the page. */
export interface OccurrenceQuery {
  from?: Date;
  to?: Date;
  page: number;
  limit: number;
}

/** Checks ListOccurrences' filters and paging (INVALID_ARGUMENT naming the field), as ListJobs' are checked. */
export function checkOccurrenceQuery(input: OccurrenceQueryInput): OccurrenceQuery {
  const from = input.from === undefined ? undefined : parseDateBound('from', input.from, 'start');
  const to = input.to === undefined ? undefined : parseDateBound('to', input.to, 'end');
  if (from && to && from > to) throw new InvalidArgumentError('from', 'from must not be after to');
  return { from, to, ...checkPage(input) };
}
