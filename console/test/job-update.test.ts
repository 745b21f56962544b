import type { Job } from '../src/api/types';
import { toNewJob } from '../src/form/job-form';
import { changesOf, formOf } from '../src/form/job-update';

const job: Job = {
  id: '7d4c6a4e-3f0b-4c57-9d55-0a3b8a1f2e10',
  name: 'nightly',
  type: 'recurring',
  status: 'pending',
  payload: { report: 'daily' },
  scheduledAt: '2026-12-04T01:30:00Z',
  cronExpression: '30 2 * * *',
  timezone: 'Europe/Berlin',
  retryCount: 0,
  maxRetries: 2,
  isActive: true,
  createdAt: '2026-12-01T00:00:00Z',
  updatedAt: '2026-12-01T00:00:00Z',
  target: { http: { url: 'https://example.com/hook', method: 'POST', headers: { 'x-token': 'secret' } } },
  timeoutSeconds: 60,
};

describe('editing a job', () => {
  const before = toNewJob(formOf(job)).job!;

  it('fills the form from the job, its times in the job’s zone', () => {
    const form = formOf(job);
    expect(form).toMatchObject({ schedule: 'cron', runAt: '2026-12-04T02:30:00', maxRetries: '2', target: 'http' });
    expect(before.scheduledAt).toBe('2026-12-04T01:30:00.000Z');
  });

  it('shows the catch-up window in seconds and sends a changed one as a Duration', () => {
    expect(formOf(job).catchUpWindow).toBe('0');
    expect(formOf({ ...job, catchUpWindow: '3600s' }).catchUpWindow).toBe('3600');
    const widened = toNewJob({ ...formOf(job), catchUpWindow: '600' }).job!;
    expect(changesOf(job, before, widened).update).toEqual({ catchUpWindow: '600s' });
  });

  it('sends only the changed fields, keeping what the form does not show of a target', () => {
    expect(changesOf(job, before, before).update).toEqual({});
    const renamed = toNewJob({ ...formOf(job), name: 'renamed', maxRetries: '5' }).job!;
    expect(changesOf(job, before, renamed).update).toEqual({ name: 'renamed', maxRetries: 5 });
    const moved = toNewJob({ ...formOf(job), httpUrl: 'https://example.com/other' }).job!;
    expect(changesOf(job, before, moved).update).toEqual({
      target: { http: { url: 'https://example.com/other', method: 'POST', headers: { 'x-token': 'secret' } } },
    });
  });

  it('refuses to drop a target, which the API cannot do', () => {
    const dropped = toNewJob({ ...formOf(job), target: 'default' }).job!;
    expect(changesOf(job, before, dropped)).toEqual({
      errors: { target: expect.stringMatching(/^target cannot be removed/) },
    });
  });
});
