import { JobError } from './job-error';
import type { Job, JobHandler } from './job-handler';

/** Sends a message on a NATS subject; resolves once the server has it. */
export type NatsPublish = (subject: string, data: Uint8Array, headers: Record<string, string>) => Promise<void>;

const TOKEN = /^[^\s.*>]+$/;

/**
 * Runs jobs with a nats target: publishes `data` (the payload when unset) as JSON on the subject and
 * succeeds once the server has it. Subjects of the system itself (its JetStream subjects, `$...`
 * and `_INBOX...`) are refused, so that a job cannot forge dispatch requests or outcomes.
 */
export class NatsHandler implements JobHandler {
  readonly name = 'nats';
  readonly description = 'Publishes a message on a NATS subject: {"nats": {"subject", "data" (the payload)}}; succeeds once the server has it.';

  /** `reservedSubjects`: subject patterns (with * and >) that jobs may not publish on. */
  constructor(
    private readonly publish: NatsPublish,
    private readonly reservedSubjects: string[],
  ) {}

  async run(job: Job): Promise<unknown> {
    const target = job.target?.nats;
    if (!target) throw new JobError('target.nats is missing');
    const subject = target.subject;
    if (!subject || !subject.split('.').every((token) => TOKEN.test(token))) {
      throw new JobError(`target.nats.subject must be a subject without wildcards or spaces, such as orders.created, got "${subject}"`);
    }
    if (this.isReserved(subject)) throw new JobError(`target.nats.subject "${subject}" is reserved for the system's own messages`);

    const data = target.data !== undefined ? target.data : (job.payload ?? null);
    const headers = { 'Content-Type': 'application/json', 'Chrono-Job-Id': job.jobId, 'Chrono-Run-Id': job.runId, 'Chrono-Attempt': String(job.attempt) };
    await this.publish(subject, Buffer.from(JSON.stringify(data)), headers);
    return { subject };
  }

  private isReserved(subject: string): boolean {
    return subject.startsWith('$') || subject.startsWith('_INBOX.') || this.reservedSubjects.some((pattern) => matches(pattern, subject));
  }
}

/** Whether a subject falls under a pattern (`*` one token, `>` one or more trailing tokens). */
function matches(pattern: string, subject: string): boolean {
  const want = pattern.split('.');
  const have = subject.split('.');
  for (let i = 0; i < want.length; i++) {
    if (want[i] === '>') return have.length > i;
    if (i >= have.length || (want[i] !== '*' && want[i] !== have[i])) return false;
  }
  return want.length === have.length;
}
