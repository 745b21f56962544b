import { ApiError } from '../src/api/api-error';
import { parsePayload, toNewJob, type JobForm } from '../src/form/job-form';
import { scheduleInWords } from '../src/format/schedule-words';
import { duration, relativeTime } from '../src/format/time';
import { zonedToIso } from '../src/format/zoned-time';

describe('the console’s formatting and form logic', () => {
  it('reads a wall-clock time in an IANA zone, across daylight saving', () => {
    expect(zonedToIso('2026-12-04T02:00', 'Europe/Berlin')).toBe('2026-12-04T01:00:00.000Z');
    expect(zonedToIso('2026-07-04T02:00:30', 'Europe/Berlin')).toBe('2026-07-04T00:00:30.000Z');
    expect(zonedToIso('2026-03-08T12:00', 'America/New_York')).toBe('2026-03-08T16:00:00.000Z');
    expect(zonedToIso('2026-12-04T02:00', 'Mars/Olympus')).toBeUndefined();
    expect(zonedToIso('yesterday', 'UTC')).toBeUndefined();
  });

  it('says when a job runs in words', () => {
    const base = { type: 'recurring' as const, scheduledAt: '2026-12-07T02:00:00Z' };
    expect(scheduleInWords({ ...base, type: 'one_time' })).toBe('once');
    expect(scheduleInWords({ ...base, recurrencePattern: 'daily' })).toBe('every day at 02:00 UTC');
    expect(scheduleInWords({ ...base, recurrencePattern: 'weekly' })).toBe('every Monday at 02:00 UTC');
    expect(scheduleInWords({ ...base, cronExpression: '0 2 * * *', timezone: 'Europe/Berlin' })).toBe(
      'At 02:00, Europe/Berlin time',
    );
  });

  it('finds the field an INVALID_ARGUMENT names, and no field for other codes', () => {
    expect(new ApiError(400, 3, 'cronExpression "61 * * * *" is invalid: minute 61').field).toBe('cronExpression');
    expect(new ApiError(400, 3, 'target.http.url must be an absolute http or https URL').field).toBe('target.http.url');
    expect(new ApiError(401, 16, 'invalid email or password').field).toBeUndefined();
  });

  it('takes a payload that is a JSON object only', () => {
    expect(parsePayload('{"a": 1}')).toEqual({ value: { a: 1 } });
    expect(parsePayload('[1]').error).toMatch(/^payload must be a JSON object/);
    expect(parsePayload('{"a": ').error).toMatch(/^payload is not valid JSON/);
  });

  it('builds the CreateJob body of a cron job, anchored where its start is', () => {
    const form: JobForm = {
      ...{ name: 'nightly', description: '', type: 'recurring', schedule: 'cron', runAt: '2026-12-04T02:00' },
      ...{ timezone: 'Europe/Berlin', pattern: 'daily', cronExpression: '30 2 * * *', payload: '{"k": "v"}' },
      ...{ target: 'nats', httpUrl: '', httpMethod: 'POST', natsSubject: 'users.u1.x', maxRetries: '2' },
      ...{ timeoutSeconds: '', catchUpWindow: '', overlapPolicy: 'buffer_one' },
    };
    expect(toNewJob(form)).toEqual({
      errors: {},
      job: {
        ...{
          name: 'nightly',
          type: 'recurring',
          scheduledAt: '2026-12-04T01:00:00.000Z',
          cronExpression: '30 2 * * *',
        },
        ...{
          timezone: 'Europe/Berlin',
          payload: { k: 'v' },
          maxRetries: 2,
          target: { nats: { subject: 'users.u1.x' } },
          overlapPolicy: 'buffer_one',
        },
      },
    });
    // A one-time job has nothing to overlap: the policy is not sent.
    expect(toNewJob({ ...form, type: 'one_time' }).job?.overlapPolicy).toBeUndefined();
    expect(toNewJob({ ...form, payload: '{' }).errors.payload).toMatch(/^payload is not valid JSON/);
  });

  it('writes times relative to now and durations in the unit that fits', () => {
    const now = Date.parse('2026-12-04T02:00:00Z');
    expect(relativeTime('2026-12-04T02:05:00Z', now)).toBe('in 5 minutes');
    expect(relativeTime('2026-12-04T00:00:00Z', now)).toBe('2 hours ago');
    expect(duration('2026-12-04T02:00:00Z', '2026-12-04T02:00:03.200Z')).toBe('3.2 s');
    expect(duration('2026-12-04T02:00:00Z', '2026-12-04T02:00:00.420Z')).toBe('420 ms');
  });
});
