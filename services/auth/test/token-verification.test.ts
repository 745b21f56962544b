import { createHmac, createPublicKey, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { Metadata } from '@grpc/grpc-js';
import jwt from 'jsonwebtoken';
import { createAuthClient, jwksFetcher, TokenVerifier } from '@chrono/kit';
import { closeHealthClients, scratchDatabase, ServiceProcess, unary } from '@chrono/testkit';

// The shared verifier of the service kit, in this test process, checking tokens against the JWKS of
// an auth service running in another process with a key the test configured (so it can forge tokens).
describe('token verification by the shared verifier', () => {
  const database = scratchDatabase();
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  let service: ServiceProcess;
  let kid: string;
  let verifier: TokenVerifier;
  let fetches = 0;
  let close: () => void;

  beforeAll(async () => {
    service = await ServiceProcess.start('auth', { ...database.env, JWT_PRIVATE_KEY: pem });
    const client = createAuthClient(service.address);
    const fetchKeys = jwksFetcher(client);
    close = () => client.close();
    verifier = new TokenVerifier({
      fetchKeys: async () => {
        fetches++;
        const keys = await fetchKeys();
        kid = keys[0].kid;
        return keys;
      },
      issuer: 'chrono-auth',
      audience: 'chrono-api',
      minRefreshIntervalMs: 0,
    });
    await verifier.verify(sign({})).catch(() => undefined); // loads the keys and learns the kid
  });

  afterAll(async () => {
    close?.();
    await service?.stop();
    closeHealthClients();
    await database.drop();
  });

  const userId = randomUUID();
  function sign(claims: jwt.JwtPayload, options: jwt.SignOptions = {}, key: jwt.Secret = privateKey): string {
    return jwt.sign({ sub: userId, ...claims }, key, {
      algorithm: 'ES256',
      keyid: kid ?? 'unknown',
      issuer: 'chrono-auth',
      audience: 'chrono-api',
      expiresIn: 60,
      jwtid: randomUUID(),
      ...options,
    });
  }
  const bearer = (token: string) => {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${token}`);
    return metadata;
  };

  it('accepts a valid token and yields its subject', async () => {
    await expect(verifier.authenticate(bearer(sign({})))).resolves.toBe(userId);
  });

  it('accepts a token that auth itself issued with the configured key', async () => {
    const client = createAuthClient(service.address);
    const email = `verify-${randomBytes(3).toString('hex')}@example.com`;
    const { user, accessToken } = await unary(client.register.bind(client), {
      email,
      password: 'long-enough-1',
      name: 'V',
    });
    client.close();
    await expect(verifier.authenticate(bearer(accessToken))).resolves.toBe(user?.id);
  });

  const refusals: Array<[string, () => string, string]> = [
    ['an expired token', () => sign({}, { expiresIn: -10 }), 'token expired'],
    [
      'a tampered payload',
      () => {
        const [header, , signature] = sign({}).split('.');
        const forged = Buffer.from(
          JSON.stringify({
            sub: randomUUID(),
            iss: 'chrono-auth',
            aud: 'chrono-api',
            exp: Math.floor(Date.now() / 1000) + 60,
          }),
        ).toString('base64url');
        return `${header}.${forged}.${signature}`;
      },
      'invalid token',
    ],
    [
      'alg: none',
      () => jwt.sign({ sub: userId, iss: 'chrono-auth', aud: 'chrono-api' }, '', { algorithm: 'none', keyid: kid }),
      'invalid token',
    ],
    [
      'HS256 signed with the public key as secret',
      () => {
        const publicPem = createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString();
        const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
        const unsigned = `${encode({ alg: 'HS256', typ: 'JWT', kid })}.${encode({ sub: userId, iss: 'chrono-auth', aud: 'chrono-api', exp: Math.floor(Date.now() / 1000) + 60 })}`;
        const signature = createHmac('sha256', publicPem).update(unsigned).digest('base64url');
        return `${unsigned}.${signature}`;
      },
      'invalid token',
    ],
    [
      'a key id auth does not publish',
      () => {
        const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
        return sign({}, { keyid: 'not-a-published-kid' }, other);
      },
      'invalid token',
    ],
    ['another issuer', () => sign({}, { issuer: 'someone-else' }), 'invalid token'],
    ['another audience', () => sign({}, { audience: 'another-api' }), 'invalid token'],
    ['garbage', () => 'not.a.jwt', 'invalid token'],
  ];

  it.each(refusals)('refuses %s as UNAUTHENTICATED', async (_case, token, message) => {
    await expect(verifier.authenticate(bearer(token()))).rejects.toMatchObject({ kind: 'unauthenticated', message });
  });

  it('refuses a missing or malformed authorization header', async () => {
    await expect(verifier.authenticate(new Metadata())).rejects.toMatchObject({
      message: 'missing bearer token in the authorization header',
    });
    const basic = new Metadata();
    basic.set('authorization', 'Basic dXNlcjpwYXNz');
    await expect(verifier.authenticate(basic)).rejects.toMatchObject({
      message: 'the authorization header must be "Bearer <token>"',
    });
  });

  it('refetches the JWKS when a token names a key id it has not seen', async () => {
    const before = fetches;
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    await expect(verifier.verify(sign({}, { keyid: 'rotated-in-later' }, other as never))).rejects.toThrow(
      'invalid token',
    );
    expect(fetches).toBe(before + 1);
    await expect(verifier.verify(sign({}))).resolves.toBe(userId);
    expect(fetches).toBe(before + 1);
  });
});
