import { freePort, scratchDatabase, ServiceProcess } from '@chrono/testkit';

// A service that cannot start must say why in one line and exit non-zero, never print a stack trace.
describe('start-up errors', () => {
  const database = scratchDatabase();
  afterAll(() => database.drop());

  async function exitOf(name: string, env: Record<string, string>) {
    const service = await ServiceProcess.spawn(name, env);
    const code = await service.exited;
    return { code, logs: service.logs };
  }

  it('refuses a malformed setting, naming the variable', async () => {
    const { code, logs } = await exitOf('auth', { ...database.env, DB_PORT: 'abc', BCRYPT_ROUNDS: '99' });
    expect(code).toBe(78);
    expect(logs).toContain('DB_PORT must be a whole number, got "abc"');
    expect(logs).toContain('BCRYPT_ROUNDS must be between 4 and 15, got 99');
    expect(logs).not.toMatch(/\n\s+at /);
  });

  it('says which PostgreSQL it cannot reach and how to start it', async () => {
    const port = await freePort();
    const { code, logs } = await exitOf('auth', { ...database.env, DB_PORT: String(port) });
    expect(code).toBe(1);
    expect(logs).toContain(`auth: cannot reach PostgreSQL at localhost:${port}`);
    expect(logs).not.toMatch(/\n\s+at /);
  });

  it('says which Redis it cannot reach', async () => {
    const port = await freePort();
    const { code, logs } = await exitOf('auth', { ...database.env, REDIS_PORT: String(port) });
    expect(code).toBe(1);
    expect(logs).toContain(`auth: cannot reach Redis at localhost:${port}`);
  });
});
