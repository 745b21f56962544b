import { randomBytes, randomUUID } from 'node:crypto';
import { closeHealthClients, GatewayProcess, scratchDatabase, ServiceProcess, waitFor } from '@chrono/testkit';

// The Node gateway in front of a real auth service: REST in, gRPC to auth, REST out.
describe('gateway in front of auth', () => {
  const database = scratchDatabase();
  const run = randomBytes(3).toString('hex');
  const email = (who: string) => `${who}-${run}@example.com`;
  const password = `Secret-${run}-Pass!`;
  let authService: ServiceProcess;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    authService = await ServiceProcess.start('auth', {
      ...database.env,
      BCRYPT_ROUNDS: '4',
      LOGIN_MAX_FAILURES: '1000',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '1000',
    });
    gateway = await GatewayProcess.start({ AUTH_GRPC_URL: authService.address, GATEWAY_MAX_BODY_BYTES: '4096' });
  });

  afterAll(async () => {
    await gateway?.stop();
    await authService?.stop();
    closeHealthClients();
    await database.drop();
  });

  async function call(
    method: string,
    path: string,
    { body, headers = {} }: { body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const response = await fetch(`${gateway.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
  }

  const anError = (code: number, message: string | RegExp = /./) => ({
    code,
    message: typeof message === 'string' ? message : expect.stringMatching(message),
    details: [],
  });

  it('registers a user and answers the seed shape plus the session: user in lowerCamelCase, access_token, refresh_token, expires_in, RFC 3339 times', async () => {
    const { status, headers, json } = await call('POST', '/auth/register', {
      body: { email: email('ada'), password, name: 'Ada' },
    });
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/json');
    expect(Object.keys(json).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'user']);
    expect(json.expires_in).toBe(900);
    expect(json.user).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      email: email('ada'),
      name: 'Ada',
      isActive: true,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
    });
    expect(json.access_token.split('.')).toHaveLength(3);
  });

  it('maps gRPC errors to HTTP statuses with a {code, message, details} body', async () => {
    await call('POST', '/auth/register', { body: { email: email('dup'), password, name: 'Dup' } });
    expect(
      await call('POST', '/auth/register', { body: { email: email('dup'), password, name: 'Dup' } }),
    ).toMatchObject({ status: 409, json: anError(6) });
    expect(
      await call('POST', '/auth/login', { body: { email: email('dup'), password: 'wrong-password' } }),
    ).toMatchObject({ status: 401, json: anError(16, 'invalid email or password') });
    const missing = await call('POST', '/auth/register', { body: { email: email('nameless'), password } });
    expect(missing).toMatchObject({ status: 400, json: anError(3, /name/) });
  });

  it('signs in and serves /auth/me with the token, 401 without it', async () => {
    await call('POST', '/auth/register', { body: { email: email('me'), password, name: 'Me' } });
    const login = await call('POST', '/auth/login', { body: { email: email('me').toUpperCase(), password } });
    expect(login.status).toBe(200);
    const me = await call('GET', '/auth/me', { headers: { authorization: `Bearer ${login.json.access_token}` } });
    expect(me).toMatchObject({ status: 200, json: { user: { email: email('me'), name: 'Me', isActive: true } } });
    expect(await call('GET', '/auth/me')).toMatchObject({ status: 401, json: anError(16) });
  });

  it('serves the JWKS at /.well-known/jwks.json as a plain JSON Web Key Set', async () => {
    const { status, json } = await call('GET', '/.well-known/jwks.json');
    expect(status).toBe(200);
    expect(Object.keys(json)).toEqual(['keys']);
    expect(json.keys[0]).toEqual({
      kty: 'EC',
      kid: expect.any(String),
      use: 'sig',
      alg: 'ES256',
      crv: 'P-256',
      x: expect.any(String),
      y: expect.any(String),
    });
  });

  it('answers requests it cannot transcode itself, never with a 500: bad JSON, unknown routes and parameters, big bodies', async () => {
    expect(await call('POST', '/auth/login', { body: '{"email": "a@b.c",' })).toMatchObject({
      status: 400,
      json: anError(3, /^the request body is not valid JSON/),
    });
    expect(await call('POST', '/auth/login', { body: { email: 42, password } })).toMatchObject({
      status: 400,
      json: anError(3, /email/),
    });
    expect(await call('GET', '/no/such/route')).toMatchObject({
      status: 404,
      json: anError(5, 'Could not resolve GET /no/such/route to a method.'),
    });
    expect(await call('DELETE', '/auth/login')).toMatchObject({ status: 404, json: anError(5) });
    expect(await call('GET', '/auth/me?verbose=1')).toMatchObject({
      status: 400,
      json: anError(3, 'Could not find field "verbose" in the type "chrono.auth.v1.GetMeRequest".'),
    });
    const big = await call('POST', '/auth/register', {
      body: { email: email('big'), password, name: 'x'.repeat(5000) },
    });
    expect(big).toMatchObject({ status: 413, json: anError(3, 'the request body is larger than 4096 bytes') });
  });

  it('echoes a client x-request-id and makes one when absent, and hands it to the service', async () => {
    const requestId = `test-${randomUUID()}`;
    const given = await call('GET', '/.well-known/jwks.json', { headers: { 'x-request-id': requestId } });
    expect(given.headers.get('x-request-id')).toBe(requestId);
    const made = await call('GET', '/.well-known/jwks.json');
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    // auth logs each RPC with the request id it received as metadata.
    await waitFor(() => authService.logs.includes(`"requestId":"${requestId}"`), {
      what: 'the request id in the auth log',
    });
  });

  it('reports /health 503 naming the services that do not serve, with auth SERVING', async () => {
    const { status, json } = await call('GET', '/health');
    expect(status).toBe(503);
    expect(json).toEqual({
      status: 'NOT_SERVING',
      services: { auth: 'SERVING', 'job-catalog': 'UNREACHABLE', scheduler: 'UNREACHABLE', executor: 'UNREACHABLE' },
    });
  });

  it('serves Swagger UI at /api and its assets', async () => {
    const page = await fetch(`${gateway.url}/api`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('/api/swagger-ui-bundle.js');
    const bundle = await fetch(`${gateway.url}/api/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
    expect((await fetch(`${gateway.url}/api/..%2Fpackage.json`)).status).toBe(404);
  });

  it('answers a CORS preflight and marks answers for an allowed origin', async () => {
    const preflight = await fetch(`${gateway.url}/auth/login`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    const answer = await fetch(`${gateway.url}/.well-known/jwks.json`, { headers: { origin: 'https://app.example' } });
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
  });
});
