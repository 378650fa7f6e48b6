// Who is signed in: /api/auth/me on start (the cookie may still be valid), the login and logout
// calls, and the CSRF token the client sends on every state-changing request.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, onSignedOut, setCsrf } from './api/client';
import { streamWanted } from './api/stream';
import type { Role, User } from './api/types';

interface AuthState {
  user: User | undefined;
  /** true until /api/auth/me has answered */
  checking: boolean;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  can(role: Role): boolean;
}

const RANK: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };
const Ctx = createContext<AuthState | undefined>(undefined);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | undefined>();
  const [checking, setChecking] = useState(true);

  const signedIn = useCallback((u: User | undefined, csrf: string | undefined) => {
    setCsrf(csrf);
    setUser(u);
    streamWanted(!!u);
  }, []);

  useEffect(() => {
    onSignedOut(() => signedIn(undefined, undefined));
    api
      .get<{ user: User; csrf_token?: string }>('/auth/me')
      .then((r) => signedIn(r.user, r.csrf_token))
      .catch(() => signedIn(undefined, undefined))
      .finally(() => setChecking(false));
  }, [signedIn]);

  const login = useCallback(
    async (username: string, password: string) => {
      const r = await api.post<{ user: User; csrf_token: string }>('/auth/login', { username, password });
      signedIn(r.user, r.csrf_token);
    },
    [signedIn],
  );
  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } finally {
      signedIn(undefined, undefined);
    }
  }, [signedIn]);
  const can = useCallback((role: Role) => !!user && RANK[user.role] >= RANK[role], [user]);

  return <Ctx.Provider value={{ user, checking, login, logout, can }}>{children}</Ctx.Provider>;
}

export function useAuth(): AuthState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
