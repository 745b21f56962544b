// What the planner's unit tests share: a planner with fixed ids and jitter, a job, a time.
import { SchedulePlanner } from './schedule-planner';
import type { JobSnapshot, Schedule } from './schedule';

export const now = new Date('2026-03-01T12:00:00Z');
let ids = 0;
/** A planner with fixed jitter (0.5) and run ids run-1, run-2, ... */
export const planner = new SchedulePlanner(
  { baseDelayMs: 5000, maxDelayMs: 60_000 },
  { newId: () => `run-${++ids}`, random: () => 0.5 },
);

export function job(overrides: Partial<JobSnapshot> = {}): JobSnapshot {
  return {
    id: 'j1',
    userId: 'u1',
    type: 'one_time',
    status: 'pending',
    scheduledAt: new Date('2026-03-01T13:00:00Z'),
    payload: { a: 1 },
    timeoutSeconds: 30,
    catchUpWindowMs: 0,
    overlapPolicy: 'skip',
    maxRetries: 2,
    retryCount: 0,
    ...overrides,
  };
}
export function applied(decision: ReturnType<SchedulePlanner['applyJobEvent']>): Schedule {
  if (decision.kind !== 'apply') throw new Error(`expected apply, got ${decision.kind}`);
  return decision.schedule;
}
