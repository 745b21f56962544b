import { retryDelayMs, stateAfter } from './notification-delivery';
import { newNotificationSecret, signNotification, verifyNotification } from '@chrono/targets';

describe('notification signatures (@chrono/targets) and retries', () => {
  const secret = newNotificationSecret();
  const body = JSON.stringify({ event: 'failed' });
  const at = new Date('2026-03-01T12:00:00Z');

  it('verify with the same secret, body and a fresh timestamp only', () => {
    const header = signNotification(secret, body, at);
    expect(header).toMatch(/^t=1772366400,v1=[0-9a-f]{64}$/);
    expect(verifyNotification(secret, body, header, at)).toBe(true);
    expect(verifyNotification(newNotificationSecret(), body, header, at)).toBe(false);
    expect(verifyNotification(secret, `${body} `, header, at)).toBe(false);
    expect(verifyNotification(secret, body, header, new Date(at.getTime() + 301_000))).toBe(false);
    expect(verifyNotification(secret, body, 'v1=abc', at)).toBe(false);
  });

  it('retry 8 times over about an hour, then give up', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((attempt) => retryDelayMs(attempt) as number);
    expect(delays[0]).toBe(30_000);
    expect(delays.reduce((a, b) => a + b) / 60_000).toBeCloseTo(63.5);
    expect(retryDelayMs(8)).toBeUndefined();
    expect(stateAfter({ attempt: 1, statusCode: 204 })).toBe('delivered');
    expect(stateAfter({ attempt: 1, statusCode: 500 })).toBe('pending');
    expect(stateAfter({ attempt: 8, error: 'timeout' })).toBe('failed');
  });
});
