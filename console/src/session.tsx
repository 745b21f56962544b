import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { ApiClient } from './api/client';
import type { SignedIn, User } from './api/types';

// The token lives in sessionStorage only: it is gone when the tab closes, and never in localStorage or a cookie.
const KEY = 'chrono.session';

interface Stored {
  token: string;
  user: User;
}

interface Session {
  user: User | undefined;
  api: ApiClient;
  signIn(answer: SignedIn): void;
  signOut(): void;
}

const SessionContext = createContext<Session | undefined>(undefined);

function load(): Stored | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Stored) : undefined;
  } catch {
    return undefined;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [stored, setStored] = useState<Stored | undefined>(load);
  const signOut = useCallback(() => {
    sessionStorage.removeItem(KEY);
    setStored(undefined);
  }, []);
  const signIn = useCallback((answer: SignedIn) => {
    const next = { token: answer.access_token, user: answer.user };
    sessionStorage.setItem(KEY, JSON.stringify(next));
    setStored(next);
  }, []);
  const value = useMemo(
    () => ({ user: stored?.user, api: new ApiClient(stored?.token, signOut), signIn, signOut }),
    [stored, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
