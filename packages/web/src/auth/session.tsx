import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { authApi } from '../api/endpoints';
import { isApiError, setCsrfToken, setUnauthenticatedHandler } from '../api/client';
import type { Permission, Session } from '../api/types';

const SESSION_KEY = ['session'] as const;
const COUNTY_KEY = 'yardstick.county';

interface SessionValue {
  session: Session | null;
  loading: boolean;
  /** Set when the session could not be checked at all (server unreachable). */
  error: unknown;
  retry: () => void;
  can: (permission: Permission) => boolean;
  signedIn: (session: Session) => void;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

// After "退出登录" the next sign-in starts at the overview, not at the page the user left.
let signedOutByUser = false;
export function wasSignedOutByUser(): boolean {
  return signedOutByUser;
}

/** The county name of the last sign-in, so the login page can greet the county before anyone is signed in. */
export function rememberedCounty(): string | null {
  try {
    return localStorage.getItem(COUNTY_KEY);
  } catch {
    return null;
  }
}

function rememberCounty(name: string): void {
  try {
    localStorage.setItem(COUNTY_KEY, name);
  } catch {
    // not fatal: the login page just shows no county
  }
}

async function loadSession(): Promise<Session | null> {
  try {
    const s = await authApi.me();
    setCsrfToken(s.csrfToken);
    rememberCounty(s.user.tenantName);
    return s;
  } catch (e) {
    if (isApiError(e) && e.status === 401) return null;
    throw e;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const query = useQuery({ queryKey: SESSION_KEY, queryFn: loadSession, staleTime: Infinity, retry: 1 });

  useEffect(() => {
    // Any request answering 401 means the session is gone: drop it so the router shows the login page.
    setUnauthenticatedHandler(() => {
      setCsrfToken(null);
      qc.setQueryData(SESSION_KEY, null);
    });
    return () => setUnauthenticatedHandler(null);
  }, [qc]);

  const session = query.data ?? null;

  const signedIn = useCallback(
    (s: Session) => {
      signedOutByUser = false;
      setCsrfToken(s.csrfToken);
      rememberCounty(s.user.tenantName);
      // Data cached for a previous account must never show to the next one.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      qc.setQueryData(SESSION_KEY, s);
    },
    [qc],
  );

  const signOut = useCallback(async () => {
    try {
      await authApi.logout();
    } catch {
      // the session may already be gone; signing out locally is what matters
    }
    setCsrfToken(null);
    signedOutByUser = true;
    // Set the session to null before dropping the rest: clearing the whole cache would detach the
    // session observer and leave the old user on screen.
    qc.setQueryData(SESSION_KEY, null);
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
  }, [qc]);

  const value = useMemo<SessionValue>(() => {
    const perms = new Set(session?.permissions ?? []);
    return {
      session,
      loading: query.isPending,
      error: query.error,
      retry: () => void query.refetch(),
      can: (p) => perms.has(p),
      signedIn,
      signOut,
    };
  }, [session, query.isPending, query.error, query.refetch, signedIn, signOut]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** The signed-in session; only for components rendered under RequireAuth. */
export function useSignedIn(): Session & { can: (p: Permission) => boolean } {
  const { session, can } = useSession();
  if (!session) throw new Error('useSignedIn without a session');
  return { ...session, can };
}
