import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { Metadata } from '@grpc/grpc-js';
import jwt from 'jsonwebtoken';
import { TokenVerifier, type PublicJwk } from './token-verifier';

function newKey(): { privateKey: KeyObject; jwk: PublicJwk } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const exported = publicKey.export({ format: 'jwk' }) as { kty: string; crv: string; x: string; y: string };
  const kid = createHash('sha256').update(JSON.stringify(exported)).digest('base64url');
  return { privateKey, jwk: { ...exported, kid, alg: 'ES256' } };
}

const sign = (key: ReturnType<typeof newKey>) =>
  jwt.sign({}, key.privateKey, {
    algorithm: 'ES256',
    keyid: key.jwk.kid,
    issuer: 'iss',
    audience: 'aud',
    subject: 'user-1',
    expiresIn: 600,
  });

const bearer = (token: string) => {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return metadata;
};

describe('TokenVerifier during a signing key rotation', () => {
  const [oldKey, newKey_] = [newKey(), newKey()];
  let published: PublicJwk[];
  let fetches: number;
  let authDown: boolean;
  let now: number;
  let verifier: TokenVerifier;

  beforeEach(() => {
    published = [oldKey.jwk];
    fetches = 0;
    authDown = false;
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    verifier = new TokenVerifier({
      fetchKeys: async () => {
        fetches++;
        if (authDown) throw new Error('auth unreachable');
        return published;
      },
      issuer: 'iss',
      audience: 'aud',
      minRefreshIntervalMs: 10_000,
      maxKeyAgeMs: 60_000,
    });
  });

  afterEach(() => jest.restoreAllMocks());

  it('fetches the JWKS once for many concurrent tokens of a key it has not seen, and accepts both keys', async () => {
    const oldToken = sign(oldKey);
    await expect(verifier.authenticate(bearer(oldToken))).resolves.toBe('user-1');
    published = [newKey_.jwk, oldKey.jwk];
    now += 10_000;
    const newTokens = Array.from({ length: 20 }, () => sign(newKey_));
    await expect(Promise.all(newTokens.map((t) => verifier.authenticate(bearer(t))))).resolves.toEqual(
      newTokens.map(() => 'user-1'),
    );
    expect(fetches).toBe(2);
    await expect(verifier.authenticate(bearer(oldToken))).resolves.toBe('user-1');
  });

  it('does not refetch for unknown kids more often than the minimum interval', async () => {
    await verifier.verify(sign(oldKey));
    published = [newKey_.jwk, oldKey.jwk];
    await expect(verifier.verify(sign(newKey_))).rejects.toThrow('invalid token');
    expect(fetches).toBe(1);
  });

  it('refuses a retired key once the keys are older than maxKeyAgeMs, even for a token it verified before', async () => {
    const oldToken = sign(oldKey);
    published = [newKey_.jwk, oldKey.jwk];
    await verifier.verify(oldToken);
    published = [newKey_.jwk];
    now += 60_000;
    // This call starts the refetch beside it and still holds the keys it had.
    await verifier.verify(sign(newKey_)).catch(() => undefined);
    await new Promise(setImmediate);
    expect(fetches).toBe(2);
    await expect(verifier.verify(oldToken)).rejects.toThrow('invalid token');
    await expect(verifier.verify(sign(newKey_))).resolves.toBe('user-1');
  });

  it('keeps the keys it has when auth cannot be reached for the refetch', async () => {
    const oldToken = sign(oldKey);
    await verifier.verify(oldToken);
    authDown = true;
    now += 60_000;
    await verifier.verify(oldToken);
    await new Promise(setImmediate);
    expect(fetches).toBe(2);
    await expect(verifier.verify(oldToken)).resolves.toBe('user-1');
  });
});
