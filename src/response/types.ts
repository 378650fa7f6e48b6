// The response stage's contracts: what executors implement, what the API and the CLI call, and what
// the learning side provides for enforce-pattern-of-life actions.
import type { Action, ActionState } from '../schema/action.js';
import type { ExecutorError } from './errors.js';

/** The outcome of one executor call. A refusal or a failure is data, never a throw. */
export type ExecResult = { ok: true; detail?: string } | { ok: false; error: ExecutorError };

export interface Executor {
  /** unique among the configured executors; recorded in the action's `executors` */
  readonly name: string;
  /** Puts the action in force. Idempotent: applying an action in force again changes nothing (or replaces it with the same). */
  apply(a: Action): Promise<ExecResult>;
  /** Ends it. Removing an action that is not in force is ok. */
  remove(a: Action): Promise<ExecResult>;
  /** what is in force now, by action id (for restore after restart and for tests) */
  active(): Promise<string[]>;
  /**
   * Executors that cannot ask their far end what is in force (webhook, command) keep it in memory:
   * after a restart the engine tells them what the store says they applied, instead of sending it again.
   */
  adopt?(ids: readonly string[]): void;
  /** Removes what is in force for an id the store no longer knows (a leftover after a lost database). */
  removeById?(id: string): Promise<ExecResult>;
}

export interface NormalDestination {
  ip: string;
  port?: number;
  proto?: 'tcp' | 'udp';
}

/** What is normal for a device or a peer group (from learning), for enforce_* actions. */
export interface NormalProvider {
  deviceNormal(deviceId: string): NormalDestination[];
  groupNormal(group: string): NormalDestination[];
}

export interface ListQuery {
  state?: ActionState | ActionState[];
  limit?: number;
  offset?: number;
}

/** What the API and the CLI call. `by` is who does it (a user name); `why` is kept in the history and audit. */
export interface ResponseControl {
  /** newest first */
  list(q?: ListQuery): Promise<Action[]>;
  get(id: string): Promise<Action | undefined>;
  /** awaiting_confirmation (or a passive proposal) → active */
  confirm(id: string, by: string, why?: string): Promise<Action>;
  /** proposed, awaiting_confirmation or active → cleared (removed from the executors) */
  clear(id: string, by: string, why?: string): Promise<Action>;
  /** pushes the end (or the confirmation deadline) back by `seconds` */
  extend(id: string, seconds: number, by: string, why?: string): Promise<Action>;
  /** expired, cleared or failed → active again, for its duration from now */
  reactivate(id: string, by: string, why?: string): Promise<Action>;
}
