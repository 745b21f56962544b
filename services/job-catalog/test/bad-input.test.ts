import { status } from '@grpc/grpc-js';
import { jobService } from '@chrono/contracts';
import { unary, unaryError } from '@chrono/testkit';
import { oneTimeJob, startCatalogFixture, writeCounts, type CatalogFixture } from './catalog-fixture';

// Each bad input is INVALID_ARGUMENT with a message naming the field, stores nothing and publishes no event.
describe('bad input', () => {
  let f: CatalogFixture;
  let existing: string;
  beforeAll(async () => {
    f = await startCatalogFixture({ MAX_PAYLOAD_BYTES: '1024', MAX_JOB_BYTES: '4096' });
    existing = (await unary(f.client.createJob.bind(f.client), oneTimeJob(), f.alice)).id;
  });
  afterAll(() => f?.close());

  const counts = () => writeCounts(f.database);

  const creates: Array<[string, Partial<jobService.CreateJobRequest>, string, string]> = [
    ['no name', { name: '' }, 'name', 'name is required'],
    ['a 201-character name', { name: 'n'.repeat(201) }, 'name', 'name must be at most 200 characters'],
    ['an unknown type', { type: 'sometimes' }, 'type', 'type must be one of one_time, recurring, got "sometimes"'],
    ['no type', { type: '' }, 'type', 'type is required: one of one_time, recurring'],
    [
      'no scheduledAt',
      { scheduledAt: undefined },
      'scheduledAt',
      'scheduledAt is required (RFC 3339, e.g. 2026-01-20T10:00:00Z)',
    ],
    [
      'a scheduledAt in the year 20000',
      { scheduledAt: new Date('+020000-01-01T00:00:00Z') },
      'scheduledAt',
      'scheduledAt must be a time between 1970-01-01 and 9999-12-31',
    ],
    [
      'a scheduledAt before 1970',
      { scheduledAt: new Date('-000001-01-01T00:00:00Z') },
      'scheduledAt',
      'scheduledAt must be a time between 1970-01-01 and 9999-12-31',
    ],
    [
      'an unknown recurrence pattern',
      { type: 'recurring', recurrencePattern: 'fortnightly' },
      'recurrencePattern',
      'recurrencePattern must be one of hourly, daily, weekly, monthly, got "fortnightly"',
    ],
    [
      'a recurring job without pattern or cron',
      { type: 'recurring' },
      'recurrencePattern',
      'a recurring job needs a recurrencePattern (hourly, daily, weekly, monthly) or a cronExpression',
    ],
    [
      'a one-time job with a pattern',
      { recurrencePattern: 'daily' },
      'recurrencePattern',
      'recurrencePattern is only for recurring jobs',
    ],
    [
      'both a pattern and a cron expression',
      { type: 'recurring', recurrencePattern: 'daily', cronExpression: '0 * * * *' },
      'cronExpression',
      'give either recurrencePattern or cronExpression, not both',
    ],
    [
      'an invalid cron expression',
      { type: 'recurring', cronExpression: '61 * * * *' },
      'cronExpression',
      'cronExpression',
    ],
    [
      'an unknown time zone',
      { type: 'recurring', cronExpression: '0 * * * *', timezone: 'Mars/Olympus' },
      'timezone',
      'timezone',
    ],
    [
      'a cron expression that never matches (February 30)',
      { type: 'recurring', cronExpression: '0 0 30 2 *' },
      'cronExpression',
      'cronExpression "0 0 30 2 *" never matches a date (e.g. February 30)',
    ],
    [
      'a cron expression whose every time daylight saving skips',
      { type: 'recurring', cronExpression: '* * 2 * 3 +0#2', timezone: 'America/New_York' },
      'cronExpression',
      'cronExpression "* * 2 * 3 +0#2" never runs in America/New_York',
    ],
    ['maxRetries above 20', { maxRetries: 21 }, 'maxRetries', 'maxRetries must be between 0 and 20, got 21'],
    ['negative maxRetries', { maxRetries: -1 }, 'maxRetries', 'maxRetries must be between 0 and 20, got -1'],
    [
      'an oversized payload',
      { payload: { blob: 'x'.repeat(2000) } },
      'payload',
      'payload must be at most 1024 bytes of JSON',
    ],
    [
      'a timeout of 0 seconds',
      { timeoutSeconds: 0 },
      'timeoutSeconds',
      'timeoutSeconds must be between 1 and 86400, got 0',
    ],
    [
      'an http target without a URL',
      { target: { http: { url: 'not a url', headers: {}, body: undefined } } },
      'target.http.url',
      'target.http.url must be an absolute http or https URL',
    ],
    [
      'a nats target with a wildcard subject',
      { target: { nats: { subject: 'orders.*', data: undefined } } },
      'target.nats.subject',
      'target.nats.subject must be a subject without wildcards or spaces',
    ],
  ];

  it.each(creates)('CreateJob refuses %s', async (_case, overrides, _field, message) => {
    const before = await counts();
    const error = await unaryError(f.client.createJob.bind(f.client), oneTimeJob(overrides), f.alice);
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.details).toContain(message);
    expect(await counts()).toEqual(before);
  });

  it.each(['', 'abc', '1; drop table catalog.jobs', '00000000-0000-4000-8000-00000000000g'])(
    'refuses the malformed id %p on every job RPC',
    async (id) => {
      const before = await counts();
      for (const method of [
        'getJob',
        'updateJob',
        'cancelJob',
        'rescheduleJob',
        'deleteJob',
        'listJobExecutions',
        'listOccurrences',
        'listNotificationDeliveries',
      ] as const) {
        const error = await unaryError(
          (f.client[method] as (...args: never[]) => unknown).bind(f.client) as never,
          // UpdateJob's encoder iterates its repeated field; the others ignore it.
          { id, scheduledAt: new Date(), notifications: [] },
          f.alice,
        );
        expect([error.code, error.details]).toEqual([
          status.INVALID_ARGUMENT,
          id ? 'id must be a UUID' : 'id is required',
        ]);
      }
      expect(await counts()).toEqual(before);
    },
  );

  it('UpdateJob and RescheduleJob refuse bad fields and change nothing', async () => {
    const before = await counts();
    const job = await unary(f.client.getJob.bind(f.client), { id: existing }, f.alice);
    const updates: Array<[Partial<jobService.UpdateJobRequest>, string]> = [
      [{ name: '' }, 'name is required'],
      [{ recurrencePattern: 'daily' }, 'recurrencePattern is only for recurring jobs'],
      [{ type: 'recurring' }, 'a recurring job needs a recurrencePattern'],
      [{ maxRetries: 50 }, 'maxRetries must be between 0 and 20, got 50'],
    ];
    for (const [fields, message] of updates) {
      const error = await unaryError(
        f.client.updateJob.bind(f.client),
        jobService.UpdateJobRequest.fromPartial({ id: existing, ...fields }),
        f.alice,
      );
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      expect(error.details).toContain(message);
    }
    const reschedule = await unaryError(
      f.client.rescheduleJob.bind(f.client),
      { id: existing, scheduledAt: undefined },
      f.alice,
    );
    expect([reschedule.code, reschedule.details]).toEqual([
      status.INVALID_ARGUMENT,
      'scheduledAt is required (RFC 3339, e.g. 2026-01-20T10:00:00Z)',
    ]);
    expect(await unary(f.client.getJob.bind(f.client), { id: existing }, f.alice)).toEqual(job);
    expect(await counts()).toEqual(before);
  });
});
