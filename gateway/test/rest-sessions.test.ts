import { randomBytes } from 'node:crypto';
import { closeHealthClients, GatewayProcess, scratchDatabase, ServiceProcess, waitFor } from '@chrono/testkit';

// The session routes of auth through the Node gateway, picked up from their google.api.http annotations.
describe('gateway: session routes of auth', () => {
  const database = scratchDatabase();
  const password = 'long-enough-1';
  let authService: ServiceProcess;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    authService = await ServiceProcess.start('auth', { ...database.env, BCRYPT_ROUNDS: '4' });
    gateway = await GatewayProcess.start({ AUTH_GRPC_URL: authService.address });
  });

  afterAll(async () => {
    await gateway?.stop();
    await authService?.stop();
    closeHealthClients();
    await database.drop();
  });

  async function call(method: string, path: string, { body, token }: { body?: unknown; token?: string } = {}) {
    const response = await fetch(`${gateway.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : undefined };
  }
  const signUp = async () => {
    const email = `rest-session-${randomBytes(4).toString('hex')}@example.com`;
    return (await call('POST', '/auth/register', { body: { email, password, name: 'R' } })).json;
  };
  const refusedSoon = (token: string) =>
    waitFor(() => call('GET', '/auth/me', { token }), { timeoutMs: 3000, until: ({ status }) => status === 401 });

  it('POST /auth/refresh answers the login shape with new tokens, once per refresh token', async () => {
    const registered = await signUp();
    const refreshed = await call('POST', '/auth/refresh', { body: { refresh_token: registered.refresh_token } });
    expect(refreshed.status).toBe(200);
    expect(Object.keys(refreshed.json).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'user']);
    expect(refreshed.json.refresh_token).not.toBe(registered.refresh_token);
    const again = await call('POST', '/auth/refresh', { body: { refresh_token: registered.refresh_token } });
    expect(again).toMatchObject({ status: 401, json: { code: 16, message: expect.stringContaining('refresh_token') } });
  });

  it('refuses a missing or garbage refresh token with 400 or 401 naming the field, never 500', async () => {
    for (const body of [{}, { refresh_token: '' }, '{"refresh_token": 12}', { refresh_token: 'garbage' }]) {
      const { status, json } = await call('POST', '/auth/refresh', { body });
      expect([400, 401]).toContain(status);
      expect(json.message).toMatch(/refresh_token|refreshToken/);
    }
  });

  // DELETE /auth/me needs job-catalog too: e2e/account-deletion.test.ts has it through the gateway.
  it('POST /auth/logout and POST /auth/logout-all end sessions', async () => {
    const one = await signUp();
    expect(await call('POST', '/auth/logout', { token: one.access_token, body: {} })).toEqual({
      status: 200,
      json: {},
    });
    await refusedSoon(one.access_token);
    const two = await signUp();
    expect((await call('POST', '/auth/logout-all', { token: two.access_token, body: {} })).status).toBe(200);
    await refusedSoon(two.access_token);
  });
});
