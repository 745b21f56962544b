import type { catalog, jobService } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import { toJobAnswer } from './job-message';
import type { JobHandlerDeps } from './handler-deps';
import { createInput } from './job-request';

/** CreateJob; with `idempotency-key` metadata a retry returns the job the first request created. */
export function createJob({
  jobs,
  limiter,
  idempotency,
}: JobHandlerDeps): UnaryHandler<jobService.CreateJobRequest, catalog.Job> {
  return async (request, ctx) => {
    const userId = ctx.requireUserId();
    await limiter.take(userId);
    const key = ctx.metadata.get('idempotency-key')[0];
    if (typeof key !== 'string' || key === '') {
      const job = await jobs.create(userId, createInput(request));
      ctx.annotate({ jobId: job.id });
      return toJobAnswer(job);
    }
    const {
      jobIds: [jobId],
      replayed,
    } = await idempotency.once(userId, key, request, async () => [
      (await jobs.create(userId, createInput(request))).id,
    ]);
    ctx.annotate({ jobId, replayed });
    return toJobAnswer(await jobs.get(userId, jobId));
  };
}
