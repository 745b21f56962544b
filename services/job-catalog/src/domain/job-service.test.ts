import {
  AbortedError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  ResourceExhaustedError,
} from '@chrono/kit';
import type { Job } from './job';
import type { CreateJobInput } from './job-input';
import { JobService } from './job-service';
import { InMemoryJobs, limits } from './in-memory-jobs.test-fixtures';

const ALICE = '00000000-0000-4000-8000-00000000000a';
const BOB = '00000000-0000-4000-8000-00000000000b';
const now = new Date('2026-03-01T12:00:00Z');
const daily: CreateJobInput = {
  name: 'backup',
  type: 'recurring',
  recurrencePattern: 'daily',
  scheduledAt: new Date('2026-02-20T09:00:00Z'),
};
const oneTime: CreateJobInput = { name: 'report', type: 'one_time', scheduledAt: new Date('2026-03-01T13:00:00Z') };

// Every rule of JobService against an in-memory repository, with a fixed clock.
describe('JobService', () => {
  let jobs: InMemoryJobs;
  let service: JobService;
  beforeEach(() => {
    jobs = new InMemoryJobs();
    service = new JobService(
      jobs,
      limits,
      () => 100,
      () => now,
    );
  });
  const finish = (job: Job, status: Job['status']) => jobs.jobs.set(job.id, { ...job, status, isActive: false });

  it('creates a batch in order, or nothing when one entry is bad, naming the entry and field', async () => {
    const created = await service.createMany(ALICE, [daily, oneTime]);
    expect(created.map((job) => job.name)).toEqual(['backup', 'report']);
    expect(await service.getMany(ALICE, [created[1].id, created[0].id])).toEqual([created[1], created[0]]);
    const before = jobs.changes.length;
    const bad = service.createMany(ALICE, [oneTime, { ...daily, recurrencePattern: 'yearly' }]);
    await expect(bad).rejects.toThrow(
      new InvalidArgumentError(
        'requests[1].recurrencePattern',
        'requests[1].recurrencePattern must be one of hourly, daily, weekly, monthly, got "yearly"',
      ),
    );
    await expect(bad).rejects.toMatchObject({ field: 'requests[1].recurrencePattern' });
    expect(jobs.changes.length).toBe(before);
  });

  it('creates a pending, active job whose next run is counted from its clock, not the missed runs', async () => {
    const job = await service.create(ALICE, daily);
    expect(job).toMatchObject({
      userId: ALICE,
      status: 'pending',
      isActive: true,
      version: 1,
      maxRetries: 3,
      createdAt: now,
    });
    expect(job.nextRunAt).toEqual(new Date('2026-03-02T09:00:00Z'));
    expect(jobs.changes).toEqual([`created ${job.id}`]);
  });

  it('refuses bad input naming the field, and stores nothing', async () => {
    for (const [input, field] of [
      [{ ...oneTime, name: '' }, 'name'],
      [{ ...oneTime, type: 'sometimes' }, 'type'],
      [{ ...oneTime, recurrencePattern: 'daily' }, 'recurrencePattern'],
      [{ ...daily, payload: { blob: 'x'.repeat(2000) } }, 'payload'],
      [{ ...oneTime, maxRetries: 21 }, 'maxRetries'],
    ] as const) {
      const error = await service.create(ALICE, input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error).toMatchObject({ field });
    }
    expect(jobs.jobs.size).toBe(0);
  });

  it('holds each user to MAX_ACTIVE_JOBS_PER_USER active jobs, finished ones aside', async () => {
    const first = await service.create(ALICE, oneTime);
    await service.create(ALICE, oneTime);
    await expect(service.create(ALICE, oneTime)).rejects.toThrow(ResourceExhaustedError);
    await expect(service.create(BOB, oneTime)).resolves.toMatchObject({ userId: BOB });
    finish(first, 'completed');
    await expect(service.create(ALICE, oneTime)).resolves.toMatchObject({ status: 'pending' });
  });

  it("answers another user's job exactly as a missing one", async () => {
    const job = await service.create(ALICE, oneTime);
    for (const call of [
      () => service.get(BOB, job.id),
      () => service.update(BOB, job.id, { name: 'mine now' }),
      () => service.cancel(BOB, job.id),
      () => service.delete(BOB, job.id),
    ])
      await expect(call()).rejects.toThrow(new NotFoundError('job not found'));
    await expect(service.get(ALICE, '00000000-0000-4000-8000-000000000999')).rejects.toThrow(NotFoundError);
  });

  it("moves an active job's next run when its schedule changes, and leaves a finished job's alone", async () => {
    const job = await service.create(ALICE, oneTime);
    const moved = await service.update(ALICE, job.id, { scheduledAt: new Date('2026-03-05T08:00:00Z') });
    expect(moved).toMatchObject({ nextRunAt: new Date('2026-03-05T08:00:00Z'), version: 2 });
    finish(moved, 'completed');
    const kept = await service.update(ALICE, job.id, { scheduledAt: new Date('2026-03-06T08:00:00Z') });
    expect(kept).toMatchObject({ status: 'completed', nextRunAt: moved.nextRunAt, version: 3 });
  });

  it('cancels once, refuses to cancel a completed job, and reschedules any job back to pending', async () => {
    const job = await service.create(ALICE, oneTime);
    const cancelled = await service.cancel(ALICE, job.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', isActive: false, nextRunAt: undefined, version: 2 });
    expect(await service.cancel(ALICE, job.id)).toMatchObject({ version: 2 });
    const revived = await service.reschedule(ALICE, job.id, new Date('2026-03-03T10:00:00Z'));
    expect(revived).toMatchObject({
      status: 'pending',
      isActive: true,
      retryCount: 0,
      nextRunAt: new Date('2026-03-03T10:00:00Z'),
    });
    finish(revived, 'completed');
    await expect(service.cancel(ALICE, job.id)).rejects.toThrow(
      new FailedPreconditionError('a completed job cannot be cancelled'),
    );
    expect(jobs.changes).toEqual([`created ${job.id}`, `cancelled ${job.id}`, `rescheduled ${job.id}`]);
  });

  it('starts a change over when another one got there first, and gives up after five tries', async () => {
    const job = await service.create(ALICE, oneTime);
    jobs.conflicts = 2;
    expect(await service.update(ALICE, job.id, { name: 'renamed' })).toMatchObject({ name: 'renamed', version: 2 });
    jobs.conflicts = 5;
    await expect(service.update(ALICE, job.id, { name: 'again' })).rejects.toThrow(AbortedError);
    jobs.conflicts = 5;
    await expect(service.delete(ALICE, job.id)).rejects.toThrow(AbortedError);
    await service.delete(ALICE, job.id);
    expect(jobs.jobs.size).toBe(0);
  });
});
