import { eventsOf, matchNotifications, missedNotifications } from './notification-trigger';
import type { JobNotification } from './notification-spec';

const JOB = '00000000-0000-4000-8000-0000000000j1';
const notifications: JobNotification[] = [
  { on: ['failed', 'final_failure'], http: { url: 'https://a' } },
  { on: ['recovered', 'missed'], http: { url: 'https://b' } },
];

describe('notification triggers', () => {
  it('raise failed for each failure, final_failure when no retry is left, recovered after a failed run', () => {
    expect(eventsOf({ jobId: JOB, succeeded: false, final: false }, false)).toEqual(['failed']);
    expect(eventsOf({ jobId: JOB, succeeded: false, final: true }, false)).toEqual(['failed', 'final_failure']);
    expect(eventsOf({ jobId: JOB, succeeded: true, final: true }, false)).toEqual(['succeeded']);
    expect(eventsOf({ jobId: JOB, succeeded: true, final: true }, true)).toEqual(['succeeded', 'recovered']);
  });

  it('match one delivery per notification and event it listens to', () => {
    expect(matchNotifications(notifications, ['failed', 'final_failure'])).toEqual([
      { index: 0, url: 'https://a', event: 'failed' },
      { index: 0, url: 'https://a', event: 'final_failure' },
    ]);
    expect(matchNotifications(notifications, ['succeeded', 'recovered'])).toEqual([
      { index: 1, url: 'https://b', event: 'recovered' },
    ]);
    expect(matchNotifications(undefined, ['failed'])).toEqual([]);
  });

  it('turn missed occurrences into deliveries of the jobs that listen for them', () => {
    const dueAt = new Date('2026-03-01T10:00:00Z');
    const other = '00000000-0000-4000-8000-0000000000j2';
    const found = missedNotifications(
      [
        { jobId: JOB, dueAt },
        { jobId: other, dueAt },
      ],
      (jobId) => (jobId === JOB ? notifications : undefined),
    );
    expect(found).toEqual([{ jobId: JOB, dueAt, index: 1, url: 'https://b', event: 'missed' }]);
  });
});
