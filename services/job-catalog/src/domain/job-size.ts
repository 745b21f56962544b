import { InvalidArgumentError } from '@chrono/kit';
import type { Job } from './job';

/** The most bytes any event of the job can take once encoded (the encoding lives outside the domain). */
export type JobMeasure = (job: Job) => number;

type Shrink = (job: Job) => Job | undefined;

const withHttp = (job: Job, change: (http: Extract<Job['target'], { http: unknown }>['http']) => object): Job | undefined =>
  job.target && 'http' in job.target ? { ...job, target: { http: { ...job.target.http, ...change(job.target.http) } } } : undefined;
const withNats = (job: Job, change: object): Job | undefined => (job.target && 'nats' in job.target ? { ...job, target: { nats: { ...job.target.nats, ...change } } } : undefined);

/** The fields a client can make large, and the job without each (undefined when the job has no such field). */
const LARGE_FIELDS: Array<[string, Shrink]> = [
  ['payload', (job) => ({ ...job, payload: {} })],
  ['target.http.body', (job) => withHttp(job, () => ({ body: undefined }))],
  ['target.http.headers', (job) => withHttp(job, () => ({ headers: undefined }))],
  ['target.http.url', (job) => withHttp(job, () => ({ url: '' }))],
  ['target.nats.data', (job) => withNats(job, { data: undefined })],
  ['target.nats.subject', (job) => withNats(job, { subject: '' })],
  ['description', (job) => ({ ...job, description: undefined })],
  ['name', (job) => ({ ...job, name: '' })],
  ['cronExpression', (job) => ({ ...job, cronExpression: undefined })],
];

/**
 * Refuses a job whose events would take more than `maxJobBytes` (MAX_JOB_BYTES): INVALID_ARGUMENT
 * naming the field that takes the most room, so that the client knows what to shrink.
 */
export function checkJobSize(job: Job, maxJobBytes: number, measure: JobMeasure): void {
  const size = measure(job);
  if (size <= maxJobBytes) return;
  let blamed = 'payload';
  let share = -1;
  for (const [field, shrink] of LARGE_FIELDS) {
    const smaller = shrink(job);
    const saved = smaller ? size - measure(smaller) : -1;
    if (saved > share) [blamed, share] = [field, saved];
  }
  throw new InvalidArgumentError(
    blamed,
    `${blamed} is too big: the job would take ${size} bytes once encoded, more than the ${maxJobBytes} allowed (MAX_JOB_BYTES); ${blamed} takes ${share} of them`,
  );
}
