import { InvalidArgumentError } from '@chrono/kit';
import type { Job } from './job';

/** The most bytes any event of the job can take once encoded (the encoding lives outside the domain). */
export type JobMeasure = (job: Job) => number;

/** A field a client can make large: how to read it, and how to set it (its empty value to leave it out). */
interface LargeField {
  name: string;
  empty: unknown;
  get(job: Job): unknown;
  set(job: Job, value: unknown): Job;
}

type HttpTarget = Extract<NonNullable<Job['target']>, { http: unknown }>['http'];
type NatsTarget = Extract<NonNullable<Job['target']>, { nats: unknown }>['nats'];

const field = (name: keyof Job, empty: unknown): LargeField => ({
  name,
  empty,
  get: (job) => job[name],
  set: (job, value) => ({ ...job, [name]: value }),
});
const httpField = (name: keyof HttpTarget, empty: unknown): LargeField => ({
  name: `target.http.${name}`,
  empty,
  get: (job) => (job.target && 'http' in job.target ? job.target.http[name] : undefined),
  set: (job, value) =>
    job.target && 'http' in job.target ? { ...job, target: { http: { ...job.target.http, [name]: value } } } : job,
});
const natsField = (name: keyof NatsTarget, empty: unknown): LargeField => ({
  name: `target.nats.${name}`,
  empty,
  get: (job) => (job.target && 'nats' in job.target ? job.target.nats[name] : undefined),
  set: (job, value) =>
    job.target && 'nats' in job.target ? { ...job, target: { nats: { ...job.target.nats, [name]: value } } } : job,
});

const LARGE_FIELDS: LargeField[] = [
  field('payload', {}),
  httpField('body', undefined),
  httpField('headers', undefined),
  httpField('url', ''),
  natsField('data', undefined),
  natsField('subject', ''),
  field('description', undefined),
  field('name', ''),
  field('cronExpression', undefined),
];

/**
 * Refuses a job whose events would take more than `maxJobBytes` (MAX_JOB_BYTES): INVALID_ARGUMENT
 * naming the field that takes the most room, so that the client knows what to shrink.
 */
export function checkJobSize(job: Job, maxJobBytes: number, measure: JobMeasure): void {
  const size = measure(job);
  if (size <= maxJobBytes) return;
  // Each field's share: the job without any large field, then with that one alone (each large value is encoded once more).
  const bare = LARGE_FIELDS.reduce((stripped, large) => large.set(stripped, large.empty), job);
  const bareSize = measure(bare);
  let blamed = LARGE_FIELDS[0];
  let share = -1;
  for (const large of LARGE_FIELDS) {
    const own = measure(large.set(bare, large.get(job))) - bareSize;
    if (own > share) [blamed, share] = [large, own];
  }
  throw new InvalidArgumentError(
    blamed.name,
    `${blamed.name} is too big: the job would take ${size} bytes once encoded, more than the ${maxJobBytes} allowed (MAX_JOB_BYTES); ${blamed.name} takes ${share} of them`,
  );
}
