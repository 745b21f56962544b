import { dispatch, eventTypes } from '@chrono/contracts';
import { decodeEvent, PoisonMessageError, TYPE_HEADER } from '@chrono/kit';
import type { JsMsg } from 'nats';
import type { Job } from '../domain/job-handler';

// Ids go into subjects (`executions.<kind>.<job id>`) and message ids, so they must be one subject token.
const ID = /^[^\s.*>:]{1,128}$/;

/**
 * Decodes a dispatch request. A PoisonMessageError when it is not one, or lacks the job and run ids
 * without which no outcome can be published.
 */
export function decodeDispatchRequest(msg: JsMsg): Job {
  const type = msg.headers?.get(TYPE_HEADER) || undefined;
  const job: Job = decodeEvent({ type, data: msg.data }, eventTypes.dispatchRequest, dispatch.DispatchRequest, {
    typeOptional: true,
  });
  // Bytes that are no protobuf at all often decode to an empty message, so a missing id says "not one" too.
  if (!job.jobId) throw new PoisonMessageError(`not a ${eventTypes.dispatchRequest}: it has no jobId`);
  if (!job.runId) throw new PoisonMessageError(`not a ${eventTypes.dispatchRequest}: it has no runId`);
  if (!ID.test(job.jobId))
    throw new PoisonMessageError(`jobId must be an id without spaces, dots, colons or wildcards, got "${job.jobId}"`);
  if (!ID.test(job.runId))
    throw new PoisonMessageError(`runId must be an id without spaces, dots, colons or wildcards, got "${job.runId}"`);
  return job;
}
