import { InvalidArgumentError } from '@chrono/kit';
import type { Job } from './job';
import { checkJobSize } from './job-size';

const job: Job = {
  id: '7d0c2f4e-1111-4a1b-8c1d-000000000001',
  userId: '7d0c2f4e-1111-4a1b-8c1d-000000000002',
  name: 'report',
  type: 'one_time',
  status: 'pending',
  payload: { a: 1 },
  scheduledAt: new Date('2030-01-01T00:00:00Z'),
  timeoutSeconds: 60,
  catchUpWindowMs: 0,
  overlapPolicy: 'skip',
  maxRetries: 3,
  retryCount: 0,
  isActive: true,
  version: 1,
  stateSequence: 0,
  createdAt: new Date(),
  updatedAt: new Date(),
};
// A stand-in for the encoded size: the JSON length, which is enough to check the blame.
const measure = (j: Job) => JSON.stringify(j).length;

function refusal(of: Job, max: number): InvalidArgumentError {
  try {
    checkJobSize(of, max, measure);
  } catch (error) {
    return error as InvalidArgumentError;
  }
  throw new Error('not refused');
}

describe('checkJobSize', () => {
  it('lets a job within the limit through', () => {
    expect(() => checkJobSize(job, measure(job), measure)).not.toThrow();
  });

  it.each<[string, Partial<Job>]>([
    ['payload', { payload: { big: 'p'.repeat(3000) }, description: 'd'.repeat(1000) }],
    [
      'target.http.body',
      { target: { http: { url: 'https://example.com', body: 'b'.repeat(3000) } }, payload: { p: 'p'.repeat(1000) } },
    ],
    ['target.http.headers', { target: { http: { url: 'https://example.com', headers: { h: 'h'.repeat(3000) } } } }],
    ['target.nats.data', { target: { nats: { subject: 'a.b', data: ['d'.repeat(3000)] } } }],
    ['description', { description: 'd'.repeat(3000), payload: { p: 'p'.repeat(1000) } }],
  ])('names %s when it takes the most room, with its share', (field, fields) => {
    const big = { ...job, ...fields };
    const error = refusal(big, 2000);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(
      new RegExp(
        `^${field.replace(/\./g, '\\.')} is too big: the job would take ${measure(big)} bytes once encoded, more than the 2000 allowed \\(MAX_JOB_BYTES\\); ${field.replace(/\./g, '\\.')} takes (\\d+) of them$`,
      ),
    );
    const share = Number(/takes (\d+) of them/.exec(error.message)![1]);
    expect(share).toBeGreaterThan(3000);
    expect(share).toBeLessThan(3100);
  });
});
