import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiClient } from './api/client';
import { SessionTokens } from './api/session-tokens';
import type { SignedIn, User } from './api/types';

interface Session {
  user: User | undefined;
  api: ApiClient;
  signIn(answer: SignedIn): void;
  /** Ends the session on the server (POST /auth/logout), then forgets it here whatever the answer. */
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  // The tokens outlive renders; only who is signed in is React state.
  const [tokens] = useState(() => new SessionTokens((session) => setUser(session?.user), sessionStorage));
  const [user, setUser] = useState<User | undefined>(tokens.user);
  const api = useMemo(() => new ApiClient(tokens), [tokens]);
  useEffect(() => {
    tokens.start();
    return () => tokens.stop();
  }, [tokens]);
  const signIn = useCallback((answer: SignedIn) => tokens.signIn(answer), [tokens]);
  const signOut = useCallback(async () => {
    await api.logout().catch(() => undefined);
    tokens.end();
  }, [api, tokens]);
  const value = useMemo(() => ({ user, api, signIn, signOut }), [user, api, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
