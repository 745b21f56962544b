import { randomUUID } from 'node:crypto';
import { eventTypes, jobEvent } from '@chrono/contracts';
import type { Logger, SetAsideHandler } from '@chrono/kit';
import { isStandIn, standInEvent } from '../events/job-event';

const KIND_NAMES: Record<number, string> = {
  [jobEvent.JobEventKind.JOB_EVENT_KIND_CREATED]: 'creation',
  [jobEvent.JobEventKind.JOB_EVENT_KIND_UPDATED]: 'latest change',
  [jobEvent.JobEventKind.JOB_EVENT_KIND_RESCHEDULED]: 'rescheduling',
  [jobEvent.JobEventKind.JOB_EVENT_KIND_CANCELLED]: 'cancellation',
  [jobEvent.JobEventKind.JOB_EVENT_KIND_DELETED]: 'deletion',
};

/**
 * What job-catalog does, in the relay's transaction, when a job's lifecycle event is set aside
 * because it can never be published: the job is marked `failed` with an error message that says why
 * (its owner sees it in GetJob), unless a later change of the job is already on its way, and a small
 * stand-in event of the same version takes the event's place, so that the scheduler neither keeps
 * running the version it had nor waits for the missing one (see standInEvent). A message it cannot
 * read is only set aside.
 */
export function stopUndeliverableJobs(log: Logger): SetAsideHandler {
  return async (message, sql) => {
    if (message.type !== eventTypes.jobEvent) return [];
    let event: jobEvent.JobEvent;
    try {
      event = jobEvent.JobEvent.decode(message.body);
    } catch (error) {
      log.warn(
        { outboxId: message.id, subject: message.subject, err: error },
        'a set-aside job event cannot be decoded; its job is left as it is',
      );
      return [];
    }
    if (!event.job?.id || isStandIn(event)) return [];
    if (event.kind !== jobEvent.JobEventKind.JOB_EVENT_KIND_DELETED) {
      const why = `stopped: its ${KIND_NAMES[event.kind] ?? 'change'} could not be delivered to the scheduler (${message.reason}); reschedule the job to run it again`;
      await sql(
        `update catalog.jobs set error_message = $3, updated_at = now(),
           status = case when version = $2 then 'failed' else status end,
           is_active = case when version = $2 then false else is_active end,
           next_run_at = case when version = $2 then null else next_run_at end
         where id = $1`,
        [event.job.id, event.version, why],
      );
    }
    log.warn(
      { jobId: event.job.id, version: event.version, outboxId: message.id },
      'job stopped: its event could not be published; a stand-in event takes its place',
    );
    return [standInEvent(event, randomUUID(), new Date())];
  };
}
