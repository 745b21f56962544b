import { randomUUID } from 'node:crypto';
import { BadInputSweep, validJob as job, type RestCase } from './support/bad-input-sweep';

// A sweep of malformed requests over REST (through the gateway) and gRPC: each is answered 4xx (or
// its gRPC code) with a message naming the field, nothing is stored, and nothing answers 5xx.
// This part: bodies that are no JSON object, list queries, ids, updates, reschedules and accounts.
describe('fault: bad input sweep, REST routes', () => {
  const sweep = new BadInputSweep();
  const rest: RestCase[] = [
    ['a body that is not JSON', 'POST', '/jobs', '{"name": "report",', 400, /JSON/],
    ['a body that is an array', 'POST', '/jobs', '[1, 2, 3]', 400, /JSON object/],
    [
      'a body over the gateway limit',
      'POST',
      '/jobs',
      { ...job, description: 'x'.repeat(1_100_000) },
      413,
      /larger than/,
    ],
    ['an unknown status filter', 'GET', '/jobs?status=done', undefined, 400, /status/],
    [
      'an injection-shaped status filter',
      'GET',
      `/jobs?status=${encodeURIComponent("pending' or '1'='1")}`,
      undefined,
      400,
      /status/,
    ],
    [
      'an injection-shaped fromDate',
      'GET',
      `/jobs?fromDate=${encodeURIComponent("2026-01-01' or 1=1 --")}`,
      undefined,
      400,
      /fromDate/,
    ],
    ['an impossible toDate', 'GET', '/jobs?toDate=2026-13-45', undefined, 400, /toDate/],
    ['a fromDate of the 30th of February', 'GET', '/jobs?fromDate=2026-02-30', undefined, 400, /fromDate/],
    ['a page number beyond int32', 'GET', '/jobs?page=99999999999', undefined, 400, /page/],
    ['a negative page number', 'GET', '/jobs?page=-1', undefined, 400, /page/],
    ['a page that is a word', 'GET', '/jobs?page=last', undefined, 400, /page/],
    ['a limit of 1000', 'GET', '/jobs?limit=1000', undefined, 400, /limit/],
    [
      'an executions page beyond int32',
      'GET',
      `/jobs/${randomUUID()}/executions?page=99999999999`,
      undefined,
      400,
      /page/,
    ],
    ['an injection-shaped job id', 'GET', `/jobs/${encodeURIComponent("1' or '1'='1")}`, undefined, 400, /id/],
    [
      'an injection-shaped id to delete',
      'DELETE',
      `/jobs/${encodeURIComponent('1; drop table catalog.jobs')}`,
      undefined,
      400,
      /id/,
    ],
    ['an update with a name that is a list', 'PUT', '/jobs/{existing}', { name: ['a', 'b'] }, 400, /name/],
    ['an update with an unknown type', 'PUT', '/jobs/{existing}', { type: 'weekly' }, 400, /type/],
    [
      'a reschedule to an impossible time',
      'POST',
      '/jobs/{existing}/reschedule',
      { scheduledAt: '2030-01-20T25:00:00Z' },
      400,
      /scheduled_?at/i,
    ],
    ['a reschedule without a time', 'POST', '/jobs/{existing}/reschedule', {}, 400, /scheduledAt/],
    ['a trigger of a malformed id', 'POST', `/jobs/not-a-uuid/trigger`, {}, 400, /id/],
    [
      'a preview of an invalid cron expression',
      'POST',
      '/schedules/preview',
      { cronExpression: '* * * * * * *', count: 3 },
      400,
      /cron/i,
    ],
    [
      'a preview of 10,000 runs',
      'POST',
      '/schedules/preview',
      { recurrencePattern: 'daily', count: 10_000 },
      400,
      /count/,
    ],
    [
      'a registration with an email that is a number',
      'POST',
      '/auth/register',
      { email: 42, password: 'long-enough-1', name: 'N' },
      400,
      /email/,
    ],
    [
      'a registration with an injection-shaped email',
      'POST',
      '/auth/register',
      { email: "a@b.c' or 1=1 --", password: 'long-enough-1', name: 'N' },
      400,
      /email/,
    ],
    [
      'a registration without a password',
      'POST',
      '/auth/register',
      { email: `p-${randomUUID()}@example.com`, name: 'N' },
      400,
      /password/,
    ],
    [
      'a registration with a 300-character name',
      'POST',
      '/auth/register',
      { email: `n-${randomUUID()}@example.com`, password: 'long-enough-1', name: 'n'.repeat(300) },
      400,
      /name/,
    ],
  ];
  sweep.refusesOverRest(rest);
  sweep.leavesOnlyTheValidJob();
});
