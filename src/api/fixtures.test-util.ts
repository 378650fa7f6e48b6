// The API tests' server: a real in-memory store, the server on a free port, a fixed admin password,
// and helpers to sign in and to make tokens of each role.
import { openStore, type Store } from '../store/index.js';
import { Tokens } from './auth/sessions.js';
import type { Role } from './auth/roles.js';
import { startApiServer, type ApiServer, type ApiServerOptions } from './server.js';

export const ADMIN_PASSWORD = 'correct horse battery staple';

export interface TestServer {
  store: Store;
  server: ApiServer;
  url: string;
  /** a token of the role, made straight in the store (fast: no sign-in) */
  token(role: Role): Promise<string>;
  close(): Promise<void>;
}

export async function startTestServer(o: Partial<ApiServerOptions> = {}): Promise<TestServer> {
  const store = o.store ?? (await openStore());
  const server = await startApiServer({ port: 0, adminPassword: ADMIN_PASSWORD, webRoot: '/nonexistent-web-root', models: [], ...o, store });
  const tokens = new Tokens(store);
  return {
    store,
    server,
    url: server.url,
    token: async (role) => (await tokens.create(`test-${role}`, role, 'test')).token,
    close: async () => {
      await server.close();
      await store.close();
    },
  };
}

export interface Session {
  cookie: string;
  csrf: string;
  /** fetch with the session cookie (and the CSRF token on state-changing requests) */
  fetch(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
}

export async function login(url: string, username: string, password: string): Promise<Session> {
  const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${await r.text()}`);
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith('mamori_session='))!.split(';')[0]!;
  const { csrf_token } = (await r.json()) as { csrf_token: string };
  return {
    cookie,
    csrf: csrf_token,
    fetch: (path, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('cookie', cookie);
      if (init.method && init.method !== 'GET' && !headers.has('x-csrf-token')) headers.set('x-csrf-token', csrf_token);
      if (init.json !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${url}${path}`, { ...init, headers, ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}) });
    },
  };
}

/** fetch with a bearer token */
export function withToken(url: string, token: string) {
  return (path: string, init: RequestInit & { json?: unknown } = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    if (init.json !== undefined) headers.set('content-type', 'application/json');
    return fetch(`${url}${path}`, { ...init, headers, ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}) });
  };
}
