import { MAX_NOTIFICATION_ATTEMPTS, notificationRetryDelayMs } from './notification-consumer';

describe('notificationRetryDelayMs', () => {
  it('doubles from the first delay and stops after the last attempt', () => {
    const delays = Array.from({ length: MAX_NOTIFICATION_ATTEMPTS }, (_, i) => notificationRetryDelayMs(i + 1, 30_000));
    expect(delays).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, undefined]);
  });

  it('follows NOTIFICATION_RETRY_DELAY', () => {
    expect([1, 2, 3].map((attempt) => notificationRetryDelayMs(attempt, 1000))).toEqual([1000, 2000, 4000]);
  });
});
