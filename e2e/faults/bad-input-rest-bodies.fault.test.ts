import { BadInputSweep, big, injection, validJob as job, zeros, type RestCase } from './support/bad-input-sweep';

// A sweep of malformed requests over REST (through the gateway) and gRPC: each is answered 4xx (or
// its gRPC code) with a message naming the field, nothing is stored, and nothing answers 5xx.
// This part: the bodies of POST /jobs.
describe('fault: bad input sweep, REST job bodies', () => {
  const sweep = new BadInputSweep();
  const rest: RestCase[] = [
    ['a name that is a number', 'POST', '/jobs', { ...job, name: 42 }, 400, /name/],
    ['no name', 'POST', '/jobs', { ...job, name: undefined }, 400, /name/],
    ['no type', 'POST', '/jobs', { ...job, type: undefined }, 400, /type/],
    ['an unknown type', 'POST', '/jobs', { ...job, type: 'sometimes' }, 400, /type/],
    ['a type that is an object', 'POST', '/jobs', { ...job, type: { one: 'time' } }, 400, /type/],
    ['no scheduledAt', 'POST', '/jobs', { ...job, scheduledAt: undefined }, 400, /scheduledAt/],
    [
      'an impossible scheduledAt',
      'POST',
      '/jobs',
      { ...job, scheduledAt: '2026-02-30T25:00:00Z' },
      400,
      /scheduled_?at/i,
    ],
    ['a 30th of February', 'POST', '/jobs', { ...job, scheduledAt: '2026-02-30T10:00:00Z' }, 400, /scheduled_?at/i],
    [
      'a 29th of February in a common year',
      'POST',
      '/jobs',
      { ...job, scheduledAt: '2027-02-29T00:00:00Z' },
      400,
      /scheduled_?at/i,
    ],
    ['a 31st of April', 'POST', '/jobs', { ...job, scheduledAt: '2026-04-31T10:00:00Z' }, 400, /scheduled_?at/i],
    ['a scheduledAt that is not a date', 'POST', '/jobs', { ...job, scheduledAt: 'tomorrow' }, 400, /scheduled_?at/i],
    ['a scheduledAt that is a number', 'POST', '/jobs', { ...job, scheduledAt: 1_767_225_600 }, 400, /scheduled_?at/i],
    [
      'an unknown recurrencePattern',
      'POST',
      '/jobs',
      { ...job, type: 'recurring', recurrencePattern: 'fortnightly' },
      400,
      /recurrencePattern/,
    ],
    [
      'an out-of-range cron expression',
      'POST',
      '/jobs',
      { ...job, type: 'recurring', cronExpression: '61 * * * *' },
      400,
      /cronExpression/,
    ],
    [
      'a cron expression in words',
      'POST',
      '/jobs',
      { ...job, type: 'recurring', cronExpression: 'every day at noon' },
      400,
      /cronExpression/,
    ],
    [
      'a cron expression with a shell command',
      'POST',
      '/jobs',
      { ...job, type: 'recurring', cronExpression: '0 * * * *; rm -rf /' },
      400,
      /cronExpression/,
    ],
    [
      'an injection-shaped time zone',
      'POST',
      '/jobs',
      { ...job, type: 'recurring', cronExpression: '0 * * * *', timezone: injection },
      400,
      /timezone/,
    ],
    ['maxRetries as a word', 'POST', '/jobs', { ...job, maxRetries: 'three' }, 400, /max_?retries/i],
    ['maxRetries above 20', 'POST', '/jobs', { ...job, maxRetries: 21 }, 400, /maxRetries/],
    ['a fractional maxRetries', 'POST', '/jobs', { ...job, maxRetries: 1.5 }, 400, /max_?retries/i],
    ['maxRetries beyond int32', 'POST', '/jobs', { ...job, maxRetries: 99_999_999_999 }, 400, /max_?retries/i],
    ['a negative timeoutSeconds', 'POST', '/jobs', { ...job, timeoutSeconds: -1 }, 400, /timeoutSeconds/],
    ['a payload that is an array', 'POST', '/jobs', { ...job, payload: [1, 2] }, 400, /payload/],
    ['an oversized payload', 'POST', '/jobs', { ...job, payload: { blob: big } }, 400, /payload/],
    // The case: 250,000 zeros are 500 KB of JSON and 2.75 MB as an event, far over MAX_JOB_BYTES.
    [
      'an http body too big as an event',
      'POST',
      '/jobs',
      { ...job, target: { http: { url: 'https://example.com/hook', body: { zeros: zeros } } } },
      400,
      /^target\.http\.body is too big: .*\(MAX_JOB_BYTES\)/,
    ],
    [
      'an update that makes the job too big',
      'PUT',
      '/jobs/{existing}',
      { target: { http: { url: 'https://example.com/hook', body: { zeros: zeros } } } },
      400,
      /^target\.http\.body is too big/,
    ],
    [
      'a file: target URL',
      'POST',
      '/jobs',
      { ...job, target: { http: { url: 'file:///etc/passwd' } } },
      400,
      /target\.http\.url/,
    ],
    [
      'a wildcard NATS subject',
      'POST',
      '/jobs',
      { ...job, target: { nats: { subject: '>' } } },
      400,
      /target\.nats\.subject/,
    ],
  ];
  sweep.refusesOverRest(rest);
  sweep.leavesOnlyTheValidJob();
});
