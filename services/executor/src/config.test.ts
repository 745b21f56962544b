import { ConfigError } from '@chrono/kit';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to the shared topology and the documented settings', () => {
    expect(loadConfig({})).toMatchObject({
      dispatch: { stream: 'DISPATCH', subject: 'dispatch.jobs', consumer: 'executors' },
      concurrency: 32,
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

  it('derives the heartbeat from the ack wait unless it is set', () => {
    expect(loadConfig({ EXECUTOR_ACK_WAIT: '3s' }).heartbeatMs).toBe(1000);
    expect(loadConfig({ EXECUTOR_ACK_WAIT: '3s', EXECUTOR_HEARTBEAT: '2500ms' }).heartbeatMs).toBe(2500);
  });

  it('reads the allow list in lower case', () => {
    expect(loadConfig({ HTTP_TARGET_ALLOW_HOSTS: 'LocalHost, 127.0.0.1,10.0.0.0/8' }).httpAllowHosts).toEqual(['localhost', '127.0.0.1', '10.0.0.0/8']);
  });

  it('reads the rules on targets as job-catalog does, and refuses what @chrono/targets refuses', () => {
    expect(loadConfig({ NATS_TARGET_SUBJECTS: 'orders.>, alerts.*', HTTP_TARGET_MAX_TIMEOUT: '10m' })).toMatchObject({ natsTargetSubjects: ['orders.>', 'alerts.*'], httpMaxTimeoutSeconds: 600 });
    expect(() => loadConfig({ NATS_TARGET_SUBJECTS: 'orders.>.x' })).toThrow('NATS_TARGET_SUBJECTS entries must be subjects or patterns with * and > (such as orders.>), got "orders.>.x"');
    expect(() => loadConfig({ HTTP_TARGET_MAX_TIMEOUT: '1500ms' })).toThrow('HTTP_TARGET_MAX_TIMEOUT must be whole seconds from 1s to 24h, got 1.5 s');
  });

  it('names each bad setting', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ EXECUTOR_ACK_WAIT: '500ms', EXECUTOR_CONCURRENCY: 'many', DEFAULT_JOB_TIMEOUT: '0', EXECUTOR_DISPATCH_STREAM: 'a.b', HTTP_TARGET_MAX_RESPONSE_BYTES: '0' });
    } catch (caught) {
      error = caught as ConfigError;
    }
    expect(error?.problems).toEqual([
      'EXECUTOR_DISPATCH_STREAM must be letters, digits, _ or -, got "a.b"',
      'EXECUTOR_CONCURRENCY must be a whole number, got "many"',
      'HTTP_TARGET_MAX_RESPONSE_BYTES must be between 1 and 524288, got 0',
      'EXECUTOR_ACK_WAIT must be at least 1s, got 500 ms',
      'DEFAULT_JOB_TIMEOUT must be more than 0',
    ]);
  });
});
