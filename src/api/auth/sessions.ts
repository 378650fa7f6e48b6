// Browser sessions (namespace `api-sessions`, key = SHA-256 of the cookie value) with their CSRF
// token, and API tokens for integrations (namespace `api-tokens`, key = SHA-256 of the token; the
// token itself is shown once, when created).
import type { Store } from '../../store/index.js';
import { notFound } from '../errors.js';
import type { Role } from './roles.js';
import { newSecret, sha256 } from './secrets.js';

export const SESSIONS_NAMESPACE = 'api-sessions';
export const TOKENS_NAMESPACE = 'api-tokens';
const VERSION = 1;
/** a session lasts 12 hours from sign-in (a working day), then the user signs in again */
export const SESSION_SECONDS = 12 * 3600;
/** every API token starts with this, so a leaked one is easy to recognise in logs and scanners */
const TOKEN_PREFIX = 'mamori_';

export interface StoredSession {
  user: string;
  csrf: string;
  created: number;
  expires: number;
}

export interface StoredToken {
  /** public id (the first 16 hex digits of the token's hash): what lists show and DELETE takes */
  id: string;
  name: string;
  role: Role;
  created: number;
  created_by: string;
  last_used?: number;
}

export class Sessions {
  constructor(
    private readonly store: Pick<Store, 'state'>,
    private readonly clock: () => number = () => Date.now() / 1000,
  ) {}

  /** A new session: the cookie value (give it to the browser, never store it) and its CSRF token. */
  async create(user: string): Promise<{ cookie: string; session: StoredSession; key: string }> {
    const cookie = newSecret();
    const now = this.clock();
    const session: StoredSession = { user, csrf: newSecret(), created: now, expires: now + SESSION_SECONDS };
    const key = sha256(cookie);
    await this.store.state.put(SESSIONS_NAMESPACE, key, { ...session }, VERSION);
    return { cookie, session, key };
  }

  async find(cookie: string): Promise<{ key: string; session: StoredSession } | undefined> {
    if (!cookie || cookie.length > 100) return undefined;
    const key = sha256(cookie);
    const e = await this.store.state.get(SESSIONS_NAMESPACE, key);
    if (!e) return undefined;
    const session = e.value as unknown as StoredSession;
    if (session.expires <= this.clock()) {
      await this.store.state.delete(SESSIONS_NAMESPACE, key);
      return undefined;
    }
    return { key, session };
  }

  async end(key: string): Promise<void> {
    await this.store.state.delete(SESSIONS_NAMESPACE, key);
  }

  /** Ends every session of a user (password changed, user disabled or removed), but `keep`. */
  async endAllOf(user: string, keep?: string): Promise<void> {
    for (const e of await this.store.state.list(SESSIONS_NAMESPACE)) if (e.key !== keep && (e.value as unknown as StoredSession).user === user) await this.store.state.delete(SESSIONS_NAMESPACE, e.key);
  }
}

export class Tokens {
  constructor(
    private readonly store: Pick<Store, 'state'>,
    private readonly clock: () => number = () => Date.now() / 1000,
  ) {}

  async create(name: string, role: Role, by: string): Promise<{ token: string; stored: StoredToken }> {
    const token = TOKEN_PREFIX + newSecret();
    const key = sha256(token);
    const stored: StoredToken = { id: key.slice(0, 16), name, role, created: this.clock(), created_by: by };
    await this.store.state.put(TOKENS_NAMESPACE, key, { ...stored }, VERSION);
    return { token, stored };
  }

  async find(token: string): Promise<StoredToken | undefined> {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return undefined;
    const e = await this.store.state.get(TOKENS_NAMESPACE, sha256(token));
    return e?.value as StoredToken | undefined;
  }

  async list(): Promise<StoredToken[]> {
    return (await this.store.state.list(TOKENS_NAMESPACE)).map((e) => e.value as unknown as StoredToken);
  }

  async remove(id: string): Promise<StoredToken> {
    for (const e of await this.store.state.list(TOKENS_NAMESPACE)) {
      const t = e.value as unknown as StoredToken;
      if (t.id === id) {
        await this.store.state.delete(TOKENS_NAMESPACE, e.key);
        return t;
      }
    }
    throw notFound('token', id);
  }
}
