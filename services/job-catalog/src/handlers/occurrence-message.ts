import type { catalog } from '@chrono/contracts';
import { latenessMs, type Occurrence } from '../domain/occurrence';

/** An entry of the occurrence ledger as ListOccurrences answers it. */
export function toOccurrenceMessage(occurrence: Occurrence): catalog.Occurrence {
  return {
    dueAt: occurrence.dueAt,
    outcome: occurrence.outcome,
    dispatchedAt: occurrence.dispatchedAt,
    startedAt: occurrence.startedAt,
    finishedAt: occurrence.finishedAt,
    latenessMs: latenessMs(occurrence),
    runId: occurrence.runId,
    attempts: occurrence.attempts,
  };
}
