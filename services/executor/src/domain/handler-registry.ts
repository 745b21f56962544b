import { JobError } from './job-error';
import type { Job, JobHandler } from './job-handler';

/** The handlers an executor has, found by the member of the job's target they are named after. */
export class HandlerRegistry {
  private readonly handlers = new Map<string, JobHandler>();

  constructor(handlers: JobHandler[]) {
    for (const handler of handlers) this.handlers.set(handler.name, handler);
  }

  /** Every handler, in the order they were registered. */
  list(): JobHandler[] {
    return [...this.handlers.values()];
  }

  /** The handler for the job's target ("default" when it has none); a JobError when no handler knows it. */
  handlerFor(job: Job): JobHandler {
    const name = this.targetName(job);
    const handler = this.handlers.get(name);
    if (!handler) throw new JobError(`unknown target "${name}"`);
    return handler;
  }

  private targetName(job: Job): string {
    if (!job.target) return 'default';
    const members = Object.entries(job.target)
      .filter(([, value]) => value !== undefined)
      .map(([member]) => member);
    // A target member added to the contract after this executor was built decodes as an empty target.
    if (members.length === 0) {
      const known = this.list()
        .map((handler) => handler.name)
        .filter((name) => name !== 'default');
      throw new JobError(`unknown target: it sets none of ${known.join(', ')}`);
    }
    if (members.length > 1)
      throw new JobError(`ambiguous target: it sets ${members.join(' and ')}, but only one may be set`);
    return members[0];
  }
}
