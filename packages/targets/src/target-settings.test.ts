import { targetSettingsProblems } from './target-settings';

describe('targetSettingsProblems', () => {
  it('accepts subject patterns and a timeout from 1 s to 24 h', () => {
    expect(
      targetSettingsProblems({ natsSubjects: ['orders.>', 'reports.*.daily', 'alerts'], httpMaxTimeoutSeconds: 3600 }),
    ).toEqual([]);
    expect(targetSettingsProblems({ natsSubjects: [], httpMaxTimeoutSeconds: 1 })).toEqual([]);
    expect(targetSettingsProblems({ natsSubjects: [], httpMaxTimeoutSeconds: 86_400 })).toEqual([]);
  });

  it('names every bad entry and a timeout out of range', () => {
    expect(targetSettingsProblems({ natsSubjects: ['ok.>', 'a..b', '>.x'], httpMaxTimeoutSeconds: 0.5 })).toEqual([
      'NATS_TARGET_SUBJECTS entries must be subjects or patterns with * and > (such as orders.>), got "a..b"',
      'NATS_TARGET_SUBJECTS entries must be subjects or patterns with * and > (such as orders.>), got ">.x"',
      'HTTP_TARGET_MAX_TIMEOUT must be whole seconds from 1s to 24h, got 0.5 s',
    ]);
    expect(targetSettingsProblems({ natsSubjects: [], httpMaxTimeoutSeconds: 86_401 })).toEqual([
      'HTTP_TARGET_MAX_TIMEOUT must be whole seconds from 1s to 24h, got 86401 s',
    ]);
  });
});
