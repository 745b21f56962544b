import { InvalidArgumentError } from '@chrono/kit';
import type { Job } from './job';
import type { CreateJobInput } from './job-input';
import { JobService } from './job-service';
import { InMemoryJobs, limits } from './in-memory-jobs.test-fixtures';

const ALICE = '00000000-0000-4000-8000-00000000000a';
const now = new Date('2026-03-01T12:00:00Z');
const hook: CreateJobInput = {
  name: 'hook',
  type: 'one_time',
  scheduledAt: new Date('2026-03-01T13:00:00Z'),
  target: { http: { url: 'https://api.example.com/hook', headers: { Authorization: 'Bearer t0', 'X-Key': 'k0' } } },
};
const headersOf = (job: Job) => (job.target && 'http' in job.target ? (job.target.http.headers ?? {}) : {});
const opened = (job: Job) =>
  Object.fromEntries(Object.entries(headersOf(job)).map(([name, value]) => [name, limits.targetSecrets.open(value)]));

// How JobService keeps http header values encrypted in what it stores and publishes.
describe('JobService and target secrets', () => {
  let service: JobService;
  beforeEach(() => {
    service = new JobService(
      new InMemoryJobs(),
      limits,
      () => 100,
      () => now,
    );
  });

  it('stores every header value of a new job encrypted', async () => {
    const job = await service.create(ALICE, hook);
    expect(Object.values(headersOf(job))).toEqual([
      expect.stringMatching(/^enc:v1:/),
      expect.stringMatching(/^enc:v1:/),
    ]);
    expect(opened(job)).toEqual({ Authorization: 'Bearer t0', 'X-Key': 'k0' });
  });

  it('keeps a value sent back as ***, replaces one sent anew, and leaves the target alone when it is not sent', async () => {
    const job = await service.create(ALICE, hook);
    const target = { http: { url: 'https://api.example.com/v2', headers: { Authorization: '***', 'X-Key': 'k1' } } };
    const updated = await service.update(ALICE, job.id, { target });
    expect(headersOf(updated).Authorization).toBe(headersOf(job).Authorization);
    expect(opened(updated)).toEqual({ Authorization: 'Bearer t0', 'X-Key': 'k1' });
    const renamed = await service.update(ALICE, job.id, { name: 'renamed', timeoutSeconds: 30 });
    expect(headersOf(renamed)).toEqual(headersOf(updated));
  });

  it('refuses *** for a header the job does not have, naming it', async () => {
    const job = await service.create(ALICE, hook);
    const target = { http: { url: 'https://api.example.com/hook', headers: { 'X-Other': '***' } } };
    await expect(service.update(ALICE, job.id, { target })).rejects.toThrow(InvalidArgumentError);
    await expect(service.create(ALICE, { ...hook, target })).rejects.toThrow('target.http.headers.X-Other is "***"');
  });
});
