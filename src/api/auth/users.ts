// Local users in the store's state (namespace `api-users`, key = user name): role, scrypt hash,
// disabled flag. The first admin is created on the first start with MAMORI_ADMIN_PASSWORD, the
// server's option, or a generated password returned once for printing.
import type { Store } from '../../store/index.js';
import { ApiError, badRequest, notFound } from '../errors.js';
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH, verifyDecoy, verifyPassword, type PasswordHash } from './passwords.js';
import type { Role } from './roles.js';

export const USERS_NAMESPACE = 'api-users';
const VERSION = 1;
const NAME = /^[A-Za-z0-9._@-]{1,64}$/;

export interface StoredUser {
  name: string;
  role: Role;
  password: PasswordHash;
  disabled?: boolean;
  created: number;
  created_by: string;
  password_changed: number;
}

/** What the API shows of a user: never the hash. */
export interface UserView {
  name: string;
  role: Role;
  disabled: boolean;
  created: number;
  created_by: string;
  password_changed: number;
}

export function userView(u: StoredUser): UserView {
  return { name: u.name, role: u.role, disabled: !!u.disabled, created: u.created, created_by: u.created_by, password_changed: u.password_changed };
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw badRequest('weak_password', `a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > 1024) throw badRequest('bad_password', 'a password has at most 1024 characters');
}

export class Users {
  constructor(
    private readonly store: Pick<Store, 'state'>,
    private readonly clock: () => number = () => Date.now() / 1000,
  ) {}

  async get(name: string): Promise<StoredUser | undefined> {
    if (!NAME.test(name)) return undefined;
    const e = await this.store.state.get(USERS_NAMESPACE, name);
    return e?.value as StoredUser | undefined;
  }

  async list(): Promise<StoredUser[]> {
    return (await this.store.state.list(USERS_NAMESPACE)).map((e) => e.value as unknown as StoredUser);
  }

  async create(name: string, role: Role, password: string, by: string): Promise<StoredUser> {
    if (!NAME.test(name)) throw badRequest('bad_name', 'a user name has 1–64 letters, digits or . _ @ -');
    checkPassword(password);
    if (await this.get(name)) throw new ApiError(409, 'user_exists', `there is already a user ${JSON.stringify(name)}`);
    const now = this.clock();
    const u: StoredUser = { name, role, password: await hashPassword(password), created: now, created_by: by, password_changed: now };
    await this.put(u);
    return u;
  }

  async update(name: string, change: { role?: Role; password?: string; disabled?: boolean }): Promise<StoredUser> {
    const u = await this.get(name);
    if (!u) throw notFound('user', name);
    const next: StoredUser = { ...u };
    if (change.role) next.role = change.role;
    if (change.disabled !== undefined) next.disabled = change.disabled;
    if (change.password !== undefined) {
      checkPassword(change.password);
      next.password = await hashPassword(change.password);
      next.password_changed = this.clock();
    }
    await this.keepAnAdmin(u, next);
    await this.put(next);
    return next;
  }

  async remove(name: string): Promise<StoredUser> {
    const u = await this.get(name);
    if (!u) throw notFound('user', name);
    await this.keepAnAdmin(u, undefined);
    await this.store.state.delete(USERS_NAMESPACE, name);
    return u;
  }

  /** The user when the password is right and the account enabled; the same time is spent either way. */
  async authenticate(name: string, password: string): Promise<StoredUser | undefined> {
    const u = await this.get(name);
    if (!u) return verifyDecoy(password).then(() => undefined);
    const ok = await verifyPassword(password, u.password);
    return ok && !u.disabled ? u : undefined;
  }

  /**
   * On the first start (no user at all) creates `admin` with the given password, else a generated
   * one, which is returned so that it can be printed once.
   */
  async ensureFirstAdmin(password?: string): Promise<{ name: string; password: string; generated: boolean } | undefined> {
    if ((await this.store.state.list(USERS_NAMESPACE)).length) return undefined;
    const pw = password ?? generatePassword();
    await this.create('admin', 'admin', pw, 'system');
    return { name: 'admin', password: pw, generated: password === undefined };
  }

  /** Refuses a change that would leave no enabled admin (nobody could manage users again). */
  private async keepAnAdmin(before: StoredUser, after: StoredUser | undefined): Promise<void> {
    const active = (u: StoredUser | undefined) => !!u && u.role === 'admin' && !u.disabled;
    if (!active(before) || active(after)) return;
    const others = (await this.list()).filter((u) => u.name !== before.name && active(u));
    if (!others.length) throw new ApiError(409, 'last_admin', 'this is the last enabled admin: create or enable another admin first');
  }

  private put(u: StoredUser): Promise<void> {
    return this.store.state.put(USERS_NAMESPACE, u.name, u as unknown as Record<string, unknown>, VERSION);
  }
}
