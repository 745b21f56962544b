import type { jobService } from '@chrono/contracts';
import { InvalidArgumentError, type UnaryHandler } from '@chrono/kit';
import { checkBatchSize } from '../domain/new-job';
import type { JobHandlerDeps } from './handler-deps';
import { toJobAnswer } from './job-message';
import { createInput } from './job-request';

/**
 * CreateJobs: up to 1,000 jobs, all or none. Each job takes a token of the caller's write budget, so a
 * call can hold at most the budget's burst (RATE_LIMIT_WRITE_BURST); with `idempotency-key` metadata a
 * retry returns the jobs the first call created.
 */
export function createJobs({
  jobs,
  limiter,
  idempotency,
}: JobHandlerDeps): UnaryHandler<jobService.CreateJobsRequest, jobService.CreateJobsResponse> {
  return async (request, ctx) => {
    const userId = ctx.requireUserId();
    const inputs = request.requests.map(createInput);
    checkBatchSize(inputs.length);
    if (inputs.length > limiter.burst)
      throw new InvalidArgumentError(
        'requests',
        `requests may hold at most ${limiter.burst} jobs here: each job counts against the write budget, whose burst is ${limiter.burst} (RATE_LIMIT_WRITE_BURST)`,
      );
    await limiter.take(userId, inputs.length);
    const key = ctx.metadata.get('idempotency-key')[0];
    if (typeof key !== 'string' || key === '') {
      const created = await jobs.createMany(userId, inputs);
      ctx.annotate({ jobs: created.length });
      return { jobs: created.map(toJobAnswer) };
    }
    const { jobIds, replayed } = await idempotency.once(userId, key, request, async () =>
      (await jobs.createMany(userId, inputs)).map((job) => job.id),
    );
    ctx.annotate({ jobs: jobIds.length, replayed });
    return { jobs: (await jobs.getMany(userId, jobIds)).map(toJobAnswer) };
  };
}
