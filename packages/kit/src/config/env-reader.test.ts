import { ConfigError, EnvReader, parseDurationMs } from './env-reader';
import { readDatabaseSettings, readNatsSettings, readOutboxSettings } from './common-settings';

describe('EnvReader', () => {
  it('uses defaults for unset and empty variables', () => {
    const env = new EnvReader({ DB_HOST: '' });
    expect(readDatabaseSettings(env)).toEqual({
      host: 'localhost',
      port: 5432,
      user: 'postgres',
      password: 'postgres',
      database: 'job_scheduler',
      poolSize: 10,
    });
    expect(() => env.done()).not.toThrow();
  });

  it('reads and converts set variables', () => {
    const env = new EnvReader({ DB_PORT: '6543', FLAG: 'yes', LIST: 'a, b,,c', WAIT: '15m' });
    expect(env.port('DB_PORT', 1)).toBe(6543);
    expect(env.bool('FLAG', false)).toBe(true);
    expect(env.list('LIST')).toEqual(['a', 'b', 'c']);
    expect(env.durationMs('WAIT', '1s')).toBe(900_000);
  });

  it('names every malformed variable in one error', () => {
    const env = new EnvReader({ DB_PORT: 'abc', REDIS_PORT: '70000', FLAG: 'maybe', WAIT: 'soon' });
    env.port('DB_PORT', 5432);
    env.port('REDIS_PORT', 6379);
    env.bool('FLAG', false);
    env.durationMs('WAIT', '1s');
    env.string('REQUIRED_ONE');
    let error: ConfigError | undefined;
    try {
      env.done();
    } catch (caught) {
      error = caught as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.problems).toEqual([
      'DB_PORT must be a whole number, got "abc"',
      'REDIS_PORT must be between 1 and 65535, got 70000',
      'FLAG must be true or false, got "maybe"',
      'WAIT must be a duration such as 30s, 15m or 24h, got "soon"',
      'REQUIRED_ONE is required',
    ]);
  });

  it('checks NATS_URL', () => {
    const env = new EnvReader({ NATS_URL: 'nats://a:4222, b:4223 ,http://nope' });
    expect(readNatsSettings(env).servers).toEqual(['nats://a:4222', 'b:4223', 'http://nope']);
    expect(() => env.done()).toThrow(/NATS_URL must be nats:\/\/host:port/);
  });

  it('waits longer to batch reports on runs (OUTCOME_BATCH_WAIT) than events on the way to one (EVENT_BATCH_WAIT)', () => {
    const defaults = readNatsSettings(new EnvReader({}));
    expect([defaults.eventBatchWaitMs, defaults.outcomeBatchWaitMs]).toEqual([5, 20]);
    const set = readNatsSettings(new EnvReader({ EVENT_BATCH_WAIT: '0s', OUTCOME_BATCH_WAIT: '50ms' }));
    expect([set.eventBatchWaitMs, set.outcomeBatchWaitMs]).toEqual([0, 50]);
    const env = new EnvReader({ OUTCOME_BATCH_WAIT: 'soon' });
    readNatsSettings(env);
    expect(problemsOf(env)).toEqual(['OUTCOME_BATCH_WAIT must be a duration such as 30s, 15m or 24h, got "soon"']);
  });

  it('reads per-stream limits, and names entries that are not STREAM=value for a known stream', () => {
    expect(
      readNatsSettings(
        new EnvReader({
          NATS_STREAM_MAX_BYTES: 'DISPATCH=65536, JOB_EVENTS=2147483648',
          NATS_STREAM_MAX_AGE: 'DISPATCH=6h',
        }),
      ).streamLimits,
    ).toEqual({
      DISPATCH: { maxBytes: 65_536, maxAgeMs: 21_600_000 },
      JOB_EVENTS: { maxBytes: 2_147_483_648 },
    });
    const env = new EnvReader({
      NATS_STREAM_MAX_BYTES: 'DISPATCH=1GB,NOPE=5',
      NATS_STREAM_MAX_AGE: 'EXECUTIONS,DISPATCH=30s',
    });
    readNatsSettings(env);
    const streams =
      'JOB_EVENTS, DISPATCH, EXECUTIONS, SCHEDULE_STATE, NOTIFICATION_REQUESTS, NOTIFICATION_RESULTS, DEAD_LETTERS';
    expect(problemsOf(env)).toEqual([
      `NATS_STREAM_MAX_BYTES entries must be STREAM=value for a stream of ${streams}, got "NOPE=5"`,
      'NATS_STREAM_MAX_BYTES entries must be STREAM=<bytes> with a positive whole number, got "DISPATCH=1GB"',
      `NATS_STREAM_MAX_AGE entries must be STREAM=value for a stream of ${streams}, got "EXECUTIONS"`,
      'NATS_STREAM_MAX_AGE entries must be STREAM=<duration> of at least 2m (the duplicate window), such as DISPATCH=6h, got "DISPATCH=30s"',
    ]);
  });

  it('reads the outbox settings and refuses a retry cap under 500ms', () => {
    expect(readOutboxSettings(new EnvReader({}))).toEqual({
      pollIntervalMs: 1000,
      batchSize: 500,
      maxRetryDelayMs: 30_000,
    });
    const env = new EnvReader({ OUTBOX_RETRY_MAX_DELAY: '100ms' });
    readOutboxSettings(env);
    expect(() => env.done()).toThrow('OUTBOX_RETRY_MAX_DELAY must be at least 500ms, got 100 ms');
  });
});

function problemsOf(env: EnvReader): string[] {
  try {
    env.done();
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
}

describe('parseDurationMs', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['1.5s', 1500],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    ['60', 60_000],
  ])('parses %s', (text, ms) => expect(parseDurationMs(text)).toBe(ms));

  it.each(['', 'h', '-1s', '1w', '1 h'])('rejects %p', (text) => expect(parseDurationMs(text)).toBeUndefined());
});
