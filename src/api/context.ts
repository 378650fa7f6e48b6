// Everything a handler may use, made once per server: the store, the auth stores, the models, the
// response stage, the live status and the stream. Handlers get it from here and hold no state.
import type { Model } from '../models/model-schema.js';
import type { AuditEntry, Store } from '../store/index.js';
import { LoginRateLimit } from './auth/rate-limit.js';
import { actorOf, type Principal } from './auth/roles.js';
import { Sessions, Tokens } from './auth/sessions.js';
import { Users } from './auth/users.js';
import { ModelLibrary } from './data/model-library.js';
import { Snapshots } from './data/snapshots.js';
import type { ResponseControl } from './response-control.js';
import { IDLE, type StatusSnapshot } from './status.js';

export interface StreamEvent {
  kind: 'breach' | 'incident' | 'action' | 'status';
  data: unknown;
}

export interface ApiContextOptions {
  store: Store;
  response?: ResponseControl;
  models?: Model[];
  status?: () => StatusSnapshot;
  version?: string;
  log?: (m: string) => void;
  clock?: () => number;
  rateLimit?: LoginRateLimit;
}

export class ApiContext {
  readonly store: Store;
  readonly users: Users;
  readonly sessions: Sessions;
  readonly tokens: Tokens;
  readonly rateLimit: LoginRateLimit;
  readonly models: ModelLibrary;
  readonly snapshots: Snapshots;
  readonly response: ResponseControl | undefined;
  readonly status: () => StatusSnapshot;
  readonly version: string;
  readonly started: number;
  readonly clock: () => number;
  readonly log: (m: string) => void;
  /** set by the server: pushes an event to every connected stream client */
  publish: (ev: StreamEvent) => void = () => undefined;

  constructor(o: ApiContextOptions) {
    this.store = o.store;
    this.clock = o.clock ?? (() => Date.now() / 1000);
    this.users = new Users(o.store, this.clock);
    this.sessions = new Sessions(o.store, this.clock);
    this.tokens = new Tokens(o.store, this.clock);
    this.rateLimit = o.rateLimit ?? new LoginRateLimit({ clock: this.clock });
    this.models = new ModelLibrary(o.store, o.models, this.clock);
    this.snapshots = new Snapshots(o.store);
    this.response = o.response;
    this.status = o.status ?? (() => IDLE);
    this.version = o.version ?? '0.0.0';
    this.started = this.clock();
    this.log = o.log ?? (() => undefined);
  }

  /** Appends to the audit log: who (the principal), what, to what, and details (never a secret). */
  audit(by: Principal | string, action: string, target?: string, details?: AuditEntry['details']): Promise<void> {
    const actor = typeof by === 'string' ? by : actorOf(by);
    return this.store.audit.append({ ts: this.clock(), actor, action, ...(target !== undefined ? { target } : {}), ...(details ? { details } : {}) });
  }
}
