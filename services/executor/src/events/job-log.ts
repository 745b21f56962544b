import type { Logger } from '@chrono/kit';
import type { Job } from '../domain/job-handler';

type Level = 'info' | 'warn' | 'error';

/**
 * The log lines of one attempt, each with the job's ids. Not a pino child: a child serialises (and
 * redacts) its bindings as it is made, which every attempt paid even at a level that writes none of
 * its lines (4% of a busy executor's CPU); here the ids cost something only on a line written.
 */
export class JobLog {
  private readonly ids: Record<string, unknown>;

  constructor(
    private readonly log: Logger,
    job: Job,
  ) {
    this.ids = { jobId: job.jobId, runId: job.runId, attempt: job.attempt, requestId: `${job.runId}:${job.attempt}` };
  }

  info(fields: Record<string, unknown>, message: string): void {
    this.write('info', fields, message);
  }

  warn(fields: Record<string, unknown>, message: string): void {
    this.write('warn', fields, message);
  }

  error(fields: Record<string, unknown>, message: string): void {
    this.write('error', fields, message);
  }

  private write(level: Level, fields: Record<string, unknown>, message: string): void {
    if (this.log.isLevelEnabled(level)) this.log[level]({ ...this.ids, ...fields }, message);
  }
}
