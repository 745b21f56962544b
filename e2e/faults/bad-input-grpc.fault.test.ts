import { status } from '@grpc/grpc-js';
import type { jobService } from '@chrono/contracts';
import { unary, unaryError } from '@chrono/testkit';
import { BadInputSweep, big, injection } from './support/bad-input-sweep';
import { oneTimeJob } from './support/job-submitter';

// A sweep of malformed requests over REST (through the gateway) and gRPC: each is answered 4xx (or
// its gRPC code) with a message naming the field, nothing is stored, and nothing answers 5xx.
// This part: gRPC.
describe('fault: bad input sweep, gRPC', () => {
  const sweep = new BadInputSweep();

  // [case, request fields on top of a valid job, gRPC status, what the message must name]
  const creates: Array<[string, Partial<jobService.CreateJobRequest>, status, RegExp]> = [
    ['no name', { name: '' }, status.INVALID_ARGUMENT, /name/],
    ['an unknown type', { type: 'ONE_TIME' }, status.INVALID_ARGUMENT, /type/],
    ['no scheduledAt', { scheduledAt: undefined }, status.INVALID_ARGUMENT, /scheduledAt/],
    [
      'a scheduledAt in the year 20000',
      { scheduledAt: new Date('+020000-01-01T00:00:00Z') },
      status.INVALID_ARGUMENT,
      /scheduledAt/,
    ],
    [
      'a scheduledAt before year 1',
      { scheduledAt: new Date('-000001-01-01T00:00:00Z') },
      status.INVALID_ARGUMENT,
      /scheduledAt/,
    ],
    [
      'an invalid cron expression',
      { type: 'recurring', cronExpression: '0 0 31 2 *' },
      status.INVALID_ARGUMENT,
      /cronExpression/,
    ],
    [
      'an injection-shaped cron expression',
      { type: 'recurring', cronExpression: injection },
      status.INVALID_ARGUMENT,
      /cronExpression/,
    ],
    [
      'an unknown recurrence pattern',
      { type: 'recurring', recurrencePattern: 'DAILY' },
      status.INVALID_ARGUMENT,
      /recurrencePattern/,
    ],
    ['an oversized payload', { payload: { blob: big } }, status.INVALID_ARGUMENT, /payload/],
    [
      'a description and payload too big together',
      { description: 'd'.repeat(9000), payload: { zeros: Array(30_000).fill(0) } },
      status.INVALID_ARGUMENT,
      /^payload is too big/,
    ],
    ['a negative maxRetries', { maxRetries: -5 }, status.INVALID_ARGUMENT, /maxRetries/],
    ['a timeout of two days', { timeoutSeconds: 172_800 }, status.INVALID_ARGUMENT, /timeoutSeconds/],
  ];

  it.each(creates)('gRPC CreateJob refuses %s, storing nothing', async (_case, fields, code, field) => {
    const before = await sweep.stored();
    const error = await unaryError(
      sweep.system.jobs.createJob.bind(sweep.system.jobs),
      { ...oneTimeJob(1, new Date(Date.now() + 3_600_000)), ...fields },
      sweep.token,
    );
    expect([status[error.code], error.details]).toEqual([status[code], expect.stringMatching(field)]);
    expect(await sweep.stored()).toEqual(before);
  });

  it.each<[string, jobService.ListJobsRequest, RegExp]>([
    ['a negative page', { page: -2_147_483_648 }, /page/],
    ['page 0', { page: 0 }, /page/],
    ['a limit of 2^31 - 1', { limit: 2_147_483_647 }, /limit/],
    ['an unknown status', { status: 'RUNNING' }, /status/],
    ['an injection-shaped type', { type: injection }, /type/],
  ])('gRPC ListJobs refuses %s', async (_case, request, field) => {
    const error = await unaryError(sweep.system.jobs.listJobs.bind(sweep.system.jobs), request, sweep.token);
    expect([status[error.code], error.details]).toEqual(['INVALID_ARGUMENT', expect.stringMatching(field)]);
  });

  it('answers the largest page number with an empty page, not an error or a 5xx', async () => {
    const grpc = await unary(
      sweep.system.jobs.listJobs.bind(sweep.system.jobs),
      { page: 2_147_483_647, limit: 100 },
      sweep.token,
    );
    expect(grpc).toEqual({ items: [], total: 1, page: 2_147_483_647, limit: 100 });
    const rest = await sweep.system.gateway!.call('GET', '/jobs?page=2147483647&limit=100', { headers: sweep.token });
    expect(rest).toEqual({ status: 200, json: { items: [], total: 1, page: 2_147_483_647, limit: 100 } });
  });

  sweep.leavesOnlyTheValidJob();
});
