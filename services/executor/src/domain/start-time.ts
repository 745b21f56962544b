/**
 * The longest an executor holds a run that came before its due time. The scheduler hands runs over
 * at most DISPATCH_LEAD (at most 1 s) early; a longer wait could only come from clocks far apart.
 */
export const MAX_EARLY_START_MS = 1000;

/** When to start an attempt handed over at `nowMs`, in epoch ms: its due time if that is still ahead (within MAX_EARLY_START_MS), else now. */
export function startTimeOf(dueAt: Date | undefined, nowMs: number): number {
  if (!dueAt) return nowMs;
  return Math.min(Math.max(nowMs, dueAt.getTime()), nowMs + MAX_EARLY_START_MS);
}
