import { InvalidArgumentError } from '@chrono/kit';
import { JobService } from '../domain/job-service';
import { InMemoryJobs, limits } from '../domain/in-memory-jobs.test-fixtures';
import { checkNotifications } from './notification-spec';

const ALICE = '00000000-0000-4000-8000-00000000000a';
const now = new Date('2026-03-01T12:00:00Z');
const hook = { on: ['failed'], http: { url: 'https://hooks.example.com/a', headers: { Authorization: 'Bearer t0' } } };
const check = (input: unknown[]) => checkNotifications(input, undefined, limits.targets, limits.targetSecrets);

function refusal(action: () => unknown): InvalidArgumentError {
  try {
    action();
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error;
    throw error;
  }
  throw new Error('expected INVALID_ARGUMENT');
}

describe('checkNotifications', () => {
  it('names the field of an unknown event, a bad url and a header the executor sets', () => {
    expect(refusal(() => check([hook, { ...hook, on: ['exploded'] }])).field).toBe('notifications[1].on[0]');
    expect(refusal(() => check([{ ...hook, on: [] }])).field).toBe('notifications[0].on');
    const badUrl = refusal(() => check([{ ...hook, http: { url: 'ftp://x' } }]));
    expect([badUrl.field, badUrl.message]).toEqual([
      'notifications[0].http.url',
      'notifications[0].http.url must be an absolute http or https URL, got "ftp://x"',
    ]);
    expect(refusal(() => check([{ ...hook, http: { url: 'https://x' } }, { on: ['failed'] }])).field).toBe(
      'notifications[1].http.url',
    );
    const signature = { ...hook, http: { url: 'https://x', headers: { 'Chrono-Signature': 'forged' } } };
    expect(refusal(() => check([signature])).field).toBe('notifications[0].http.headers');
  });

  it('takes at most 10', () => {
    expect(check(Array(10).fill(hook))).toHaveLength(10);
    expect(refusal(() => check(Array(11).fill(hook))).field).toBe('notifications');
  });

  it('seals header values and drops repeated events', () => {
    const [checked] = check([{ ...hook, on: ['failed', 'failed', 'recovered'] }]);
    expect(checked.on).toEqual(['failed', 'recovered']);
    const sealed = checked.http.headers?.Authorization as string;
    // The whole value: a two-letter piece of it turns up in the random base64 of a sealed value now and then.
    expect(sealed).toMatch(/^enc:v1:/);
    expect(sealed).not.toContain('Bearer t0');
    expect(limits.targetSecrets.open(sealed)).toBe('Bearer t0');
  });
});

describe('JobService with notifications', () => {
  const service = new JobService(
    new InMemoryJobs(),
    limits,
    () => 100,
    () => now,
  );
  const base = { name: 'n', type: 'one_time', scheduledAt: new Date('2026-03-01T13:00:00Z') };

  it('keeps a header sent as *** on update, replaces the list whole, and clears it on request', async () => {
    const job = await service.create(ALICE, { ...base, notifications: [hook] });
    const kept = await service.update(ALICE, job.id, {
      notifications: [{ on: ['succeeded'], http: { url: hook.http.url, headers: { Authorization: '***' } } }],
    });
    expect(kept.notifications?.[0].on).toEqual(['succeeded']);
    expect(limits.targetSecrets.open(kept.notifications?.[0].http.headers?.Authorization as string)).toBe('Bearer t0');
    expect((await service.update(ALICE, job.id, { name: 'm' })).notifications).toHaveLength(1);
    expect((await service.update(ALICE, job.id, { clearNotifications: true })).notifications).toBeUndefined();
    await expect(
      service.update(ALICE, job.id, { clearNotifications: true, notifications: [hook] }),
    ).rejects.toMatchObject({ field: 'clearNotifications' });
  });
});
