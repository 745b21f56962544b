import { Metadata } from '@grpc/grpc-js';
import { UnauthenticatedError, UnavailableError } from '../errors/domain-errors';
import { ApiKeyVerifier } from './api-key-verifier';
import { BearerAuthenticator } from './bearer-authenticator';

const KEY = `chrono_ak_${'a'.repeat(43)}`;

describe('ApiKeyVerifier', () => {
  it('resolves a key to its user and reuses the answer within the cache time', async () => {
    const resolve = jest.fn(async () => 'user-1');
    const verifier = new ApiKeyVerifier(resolve, { cacheMs: 60_000 });
    await expect(verifier.verify(KEY)).resolves.toBe('user-1');
    await expect(verifier.verify(KEY)).resolves.toBe('user-1');
    expect(resolve).toHaveBeenCalledTimes(1);
  });

  it('asks again once the cache time has passed, so that a revocation is seen', async () => {
    let revoked = false;
    const verifier = new ApiKeyVerifier(
      async () => {
        if (revoked) throw new UnauthenticatedError('invalid API key');
        return 'user-1';
      },
      { cacheMs: 0 },
    );
    await expect(verifier.verify(KEY)).resolves.toBe('user-1');
    revoked = true;
    await expect(verifier.verify(KEY)).rejects.toThrow(UnauthenticatedError);
  });

  it('shares one lookup between concurrent calls with the same key', async () => {
    const resolve = jest.fn(() => new Promise<string>((done) => setTimeout(() => done('user-1'), 20)));
    const verifier = new ApiKeyVerifier(resolve);
    await Promise.all([verifier.verify(KEY), verifier.verify(KEY), verifier.verify(KEY)]);
    expect(resolve).toHaveBeenCalledTimes(1);
  });

  it('refuses a malformed key without asking anyone', async () => {
    const resolve = jest.fn(async () => 'user-1');
    const verifier = new ApiKeyVerifier(resolve);
    await expect(verifier.verify('chrono_ak_short')).rejects.toThrow('invalid API key');
    expect(resolve).not.toHaveBeenCalled();
  });

  it('fails closed and caches nothing while auth cannot answer', async () => {
    const resolve = jest.fn(async () => {
      throw new UnavailableError('auth is down');
    });
    const verifier = new ApiKeyVerifier(resolve, { cacheMs: 60_000 });
    await expect(verifier.verify(KEY)).rejects.toThrow(UnavailableError);
    await expect(verifier.verify(KEY)).rejects.toThrow(UnavailableError);
    expect(resolve).toHaveBeenCalledTimes(2);
  });
});

describe('BearerAuthenticator', () => {
  const metadata = (authorization: string) => {
    const m = new Metadata();
    m.set('authorization', authorization);
    return m;
  };
  const tokens = { authenticate: jest.fn(async () => 'token-user') };
  const authenticator = new BearerAuthenticator(tokens, new ApiKeyVerifier(async () => 'key-user'));

  it('sends a credential with the API key prefix to the key verifier', async () => {
    await expect(authenticator.authenticate(metadata(`Bearer ${KEY}`))).resolves.toBe('key-user');
  });

  it('leaves everything else, malformed headers included, to the token verifier', async () => {
    await expect(authenticator.authenticate(metadata('Bearer a.b.c'))).resolves.toBe('token-user');
    await expect(authenticator.authenticate(metadata(`Basic ${KEY}`))).resolves.toBe('token-user');
    expect(tokens.authenticate).toHaveBeenCalledTimes(2);
  });
});
