import { ConfigError } from '@chrono/kit';
import { DEVELOPMENT_TARGET_SECRETS_KEY } from '@chrono/targets';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to the shared topology and the documented settings', () => {
    expect(loadConfig({})).toMatchObject({
      dispatch: { stream: 'DISPATCH', subject: 'dispatch.jobs', consumer: 'executors' },
      concurrency: 32,
      maxSlotsPerUser: 16,
      maxQueueWaitMs: 45_000,
      maxAckPending: 20_000,
      ackWaitMs: 30_000,
      heartbeatMs: 10_000,
      shutdownGraceMs: 25_000,
      defaultJobTimeoutMs: 60_000,
      httpAllowHosts: [],
      httpMaxResponseBytes: 65_536,
      httpMaxTimeoutSeconds: 3600,
      natsTargetSubjects: [],
    });
  });

  it('uses the development key for target secrets unless it is set, and requires one in production', () => {
    const key = Buffer.alloc(32, 1).toString('base64');
    const previous = Buffer.alloc(32, 2).toString('base64');
    expect(loadConfig({}).targetSecrets).toEqual({ key: DEVELOPMENT_TARGET_SECRETS_KEY, previousKeys: [] });
    expect(
      loadConfig({ NODE_ENV: 'production', TARGET_SECRETS_KEY: key, TARGET_SECRETS_PREVIOUS_KEYS: previous })
        .targetSecrets,
    ).toEqual({ key, previousKeys: [previous] });
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow('TARGET_SECRETS_KEY is required in production');
    expect(() => loadConfig({ TARGET_SECRETS_KEY: 'c2hvcnQ=' })).toThrow('TARGET_SECRETS_KEY must be 32 bytes');
  });

  it('derives the heartbeat from the ack wait unless it is set', () => {
    expect(loadConfig({ EXECUTOR_ACK_WAIT: '3s' }).heartbeatMs).toBe(1000);
    expect(loadConfig({ EXECUTOR_ACK_WAIT: '3s', EXECUTOR_HEARTBEAT: '2500ms' }).heartbeatMs).toBe(2500);
  });

  it("bounds one user's slots at half the concurrency by default, at least 1, and at most the concurrency", () => {
    expect(loadConfig({ EXECUTOR_CONCURRENCY: '5' }).maxSlotsPerUser).toBe(2);
    expect(loadConfig({ EXECUTOR_CONCURRENCY: '1' }).maxSlotsPerUser).toBe(1);
    expect(loadConfig({ EXECUTOR_CONCURRENCY: '8', EXECUTOR_MAX_SLOTS_PER_USER: '8' }).maxSlotsPerUser).toBe(8);
    expect(() => loadConfig({ EXECUTOR_CONCURRENCY: '8', EXECUTOR_MAX_SLOTS_PER_USER: '9' })).toThrow(
      'EXECUTOR_MAX_SLOTS_PER_USER must be at most EXECUTOR_CONCURRENCY (8), got 9',
    );
  });

  it('reads the allow list in lower case', () => {
    expect(loadConfig({ HTTP_TARGET_ALLOW_HOSTS: 'LocalHost, 127.0.0.1,10.0.0.0/8' }).httpAllowHosts).toEqual([
      'localhost',
      '127.0.0.1',
      '10.0.0.0/8',
    ]);
  });

  it('reads the rules on targets as job-catalog does, and refuses what @chrono/targets refuses', () => {
    expect(loadConfig({ NATS_TARGET_SUBJECTS: 'orders.>, alerts.*', HTTP_TARGET_MAX_TIMEOUT: '10m' })).toMatchObject({
      natsTargetSubjects: ['orders.>', 'alerts.*'],
      httpMaxTimeoutSeconds: 600,
    });
    expect(() => loadConfig({ NATS_TARGET_SUBJECTS: 'orders.>.x' })).toThrow(
      'NATS_TARGET_SUBJECTS entries must be subjects or patterns with * and > (such as orders.>), got "orders.>.x"',
    );
    expect(() => loadConfig({ HTTP_TARGET_MAX_TIMEOUT: '1500ms' })).toThrow(
      'HTTP_TARGET_MAX_TIMEOUT must be whole seconds from 1s to 24h, got 1.5 s',
    );
  });

  it('names each bad setting', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({
        EXECUTOR_ACK_WAIT: '500ms',
        EXECUTOR_CONCURRENCY: 'many',
        DEFAULT_JOB_TIMEOUT: '0',
        EXECUTOR_DISPATCH_STREAM: 'a.b',
        HTTP_TARGET_MAX_RESPONSE_BYTES: '0',
        EXECUTOR_MAX_QUEUE_WAIT: '200ms',
        EXECUTOR_MAX_ACK_PENDING: '10',
        HTTP_TARGET_CONNECT_TIMEOUT: '50ms',
        HTTP_TARGET_IDLE_TIMEOUT: 'never',
      });
    } catch (caught) {
      error = caught as ConfigError;
    }
    expect(error?.problems).toEqual([
      'EXECUTOR_CONCURRENCY must be a whole number, got "many"',
      'EXECUTOR_DISPATCH_STREAM must be letters, digits, _ or -, got "a.b"',
      'HTTP_TARGET_MAX_RESPONSE_BYTES must be between 1 and 524288, got 0',
      'HTTP_TARGET_IDLE_TIMEOUT must be a duration such as 30s, 15m or 24h, got "never"',
      'EXECUTOR_ACK_WAIT must be at least 1s, got 500 ms',
      'DEFAULT_JOB_TIMEOUT must be more than 0',
      'EXECUTOR_MAX_QUEUE_WAIT must be at least 1s, got 200 ms',
      'EXECUTOR_MAX_ACK_PENDING must be at least EXECUTOR_CONCURRENCY (32), got 10',
      'HTTP_TARGET_CONNECT_TIMEOUT must be at least 100ms, got 50 ms',
    ]);
  });
});
