import { SessionTokens, type RefreshCall, type SessionStore, type StoredSession } from '../src/api/session-tokens';
import type { SignedIn } from '../src/api/types';

const user = { id: 'u', email: 'a@example.com', name: 'A' };
const answer = (n: number, expiresIn = 900): SignedIn => ({
  user,
  access_token: `access-${n}`,
  refresh_token: `refresh-${n}`,
  expires_in: expiresIn,
});

function memoryStorage(): SessionStore & { size(): number } {
  const items = new Map<string, string>();
  return {
    size: () => items.size,
    getItem: (key) => items.get(key) ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

// The refresh endpoint as the server behaves: each refresh token works once; a spent one is refused.
function server() {
  const spent: string[] = [];
  let issued = 1;
  const refresh: RefreshCall = async (token) => {
    if (spent.includes(token) || token !== `refresh-${issued}`) return { status: 401 };
    spent.push(token);
    return { status: 200, body: answer(++issued) };
  };
  return { refresh, spent };
}

describe('the console’s session tokens', () => {
  let tokens: SessionTokens;
  afterEach(() => tokens?.stop());

  it('renews once for requests refused together, and lets a request refused before a renewal retry at once', async () => {
    const { refresh, spent } = server();
    const changes: Array<StoredSession | undefined> = [];
    const storage = memoryStorage();
    tokens = new SessionTokens((session) => changes.push(session), storage, refresh);
    tokens.signIn(answer(1));
    const renewed = await Promise.all([tokens.renew('access-1'), tokens.renew('access-1'), tokens.renew('access-1')]);
    expect(renewed).toEqual([true, true, true]);
    expect(spent).toEqual(['refresh-1']);
    expect(tokens.current()).toBe('access-2');
    expect(await tokens.renew('access-1')).toBe(true);
    expect(spent).toEqual(['refresh-1']);
    expect(JSON.parse(storage.getItem('chrono.session')!)).toMatchObject({
      accessToken: 'access-2',
      refreshToken: 'refresh-2',
    });
    // A new instance (a reload of the tab) takes the session from storage.
    expect(new SessionTokens(() => undefined, storage, refresh).current()).toBe('access-2');
  });

  it('ends the session when the server refuses the refresh token', async () => {
    const storage = memoryStorage();
    const changes: Array<StoredSession | undefined> = [];
    tokens = new SessionTokens(
      (session) => changes.push(session),
      storage,
      async () => ({ status: 401 }),
    );
    tokens.signIn(answer(1));
    expect(await tokens.renew('access-1')).toBe(false);
    expect([tokens.current(), tokens.user, storage.size(), changes.at(-1)]).toEqual([
      undefined,
      undefined,
      0,
      undefined,
    ]);
  });

  it('keeps the session when the refresh fails for another reason', async () => {
    tokens = new SessionTokens(
      () => undefined,
      memoryStorage(),
      async () => ({ status: 503 }),
    );
    tokens.signIn(answer(1));
    expect(await tokens.renew('access-1')).toBe(false);
    expect(tokens.current()).toBe('access-1');
  });

  it('renews a fifth of the token’s life before it expires (at most a minute before)', async () => {
    jest.useFakeTimers();
    try {
      const { refresh, spent } = server();
      tokens = new SessionTokens(() => undefined, memoryStorage(), refresh);
      tokens.start();
      tokens.signIn(answer(1, 10));
      await jest.advanceTimersByTimeAsync(7_900);
      expect(spent).toEqual([]);
      await jest.advanceTimersByTimeAsync(200);
      expect(spent).toEqual(['refresh-1']);
      expect(tokens.current()).toBe('access-2');
    } finally {
      jest.useRealTimers();
    }
  });
});
