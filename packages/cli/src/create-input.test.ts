import { createInput } from './create-input';
import { UsageError } from './usage-error';

const now = new Date('2026-01-16T02:00:00Z');

describe('createInput', () => {
  it('turns the flags into a job', () => {
    const input = createInput(
      {
        name: 'report',
        in: '30s',
        cron: '0 9 * * 1',
        tz: 'Europe/Paris',
        payload: '{"to":"ops"}',
        maxRetries: 2,
        timeout: '2m',
        catchUpWindow: '1h',
      },
      now,
    );
    expect(input).toMatchObject({
      name: 'report',
      scheduledAt: new Date('2026-01-16T02:00:30Z'),
      cronExpression: '0 9 * * 1',
      timezone: 'Europe/Paris',
      payload: { to: 'ops' },
      maxRetries: 2,
      timeoutSeconds: 120,
      catchUpWindowSeconds: 3600,
    });
  });

  it('makes --url an http target', () => {
    expect(createInput({ name: 'ping', at: 'now', url: 'https://example.com/hook' }, now).target).toEqual({
      http: { url: 'https://example.com/hook', headers: {}, body: undefined },
    });
  });

  it('takes a catch-up window of 0s, which means run once', () => {
    expect(createInput({ name: 'x', in: '1m', catchUpWindow: '0s' }, now).catchUpWindowSeconds).toBe(0);
  });

  it.each([
    [{ payload: '{not json' }, /^--payload is not valid JSON/],
    [{ payload: '[1, 2]' }, /^--payload must be a JSON object/],
    [{ tz: 'UTC' }, '--tz applies only with --cron'],
    [{ timeout: '1500ms' }, '--timeout must be whole seconds, got "1500ms"'],
    [{ catchUpWindow: '0.5s' }, '--catch-up-window must be whole seconds, got "0.5s"'],
  ])('refuses %p naming the flag', (flags, message) => {
    const create = () => createInput({ name: 'x', in: '1m', ...flags }, now);
    expect(create).toThrow(UsageError);
    expect(create).toThrow(message);
  });
});
