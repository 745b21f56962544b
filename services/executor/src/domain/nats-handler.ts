import { checkNatsSubject, type TargetRules } from '@chrono/targets';
import { checkedByTargetRules, JobError } from './job-error';
import type { Job, JobHandler } from './job-handler';

/** Sends a message on a NATS subject; resolves once the server has it. */
export type NatsPublish = (subject: string, data: Uint8Array, headers: Record<string, string>) => Promise<void>;

/**
 * Runs jobs with a nats target: publishes `data` (the payload when unset) as JSON on the subject and
 * succeeds once the server has it. The subject must pass the rules of @chrono/targets for the job's
 * owner: under `users.<owner id>.`, or on a subject NATS_TARGET_SUBJECTS opens; never one of the
 * system's own, so that a job cannot forge dispatch requests or outcomes, nor another user's.
 */
export class NatsHandler implements JobHandler {
  readonly name = 'nats';
  readonly description =
    'Publishes a message on a NATS subject: {"nats": {"subject" (under users.<your user id>.), "data" (the payload)}}; succeeds once the server has it.';

  constructor(
    private readonly publish: NatsPublish,
    private readonly rules: TargetRules,
  ) {}

  async run(job: Job): Promise<unknown> {
    const target = job.target?.nats;
    if (!target) throw new JobError('target.nats is missing');
    const subject = checkedByTargetRules(() => checkNatsSubject(target.subject, job.userId, this.rules));
    const data = target.data !== undefined ? target.data : (job.payload ?? null);
    const headers = {
      'Content-Type': 'application/json',
      'Chrono-Job-Id': job.jobId,
      'Chrono-Run-Id': job.runId,
      'Chrono-Attempt': String(job.attempt),
    };
    await this.publish(subject, Buffer.from(JSON.stringify(data)), headers);
    return { subject };
  }
}
