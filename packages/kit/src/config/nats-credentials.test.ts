import { readNatsSettings } from './common-settings';
import { EnvReader } from './env-reader';

describe('NATS_USER and NATS_PASSWORD', () => {
  it('give no credentials when both are unset, as a server without users wants', () => {
    const env = new EnvReader({});
    expect(readNatsSettings(env).credentials).toBeUndefined();
    expect(() => env.done()).not.toThrow();
  });

  it('give the user and password when both are set', () => {
    const env = new EnvReader({ NATS_USER: 'scheduler', NATS_PASSWORD: 's3cret' });
    expect(readNatsSettings(env).credentials).toEqual({ user: 'scheduler', password: 's3cret' });
    expect(() => env.done()).not.toThrow();
  });

  it.each([[{ NATS_USER: 'scheduler' }], [{ NATS_PASSWORD: 's3cret' }]])(
    'stop the service when only one is set: %j',
    (vars) => {
      const env = new EnvReader(vars);
      readNatsSettings(env);
      expect(() => env.done()).toThrow(/NATS_USER and NATS_PASSWORD go together/);
    },
  );
});
