// The action book: how actions are kept in the store (one JsonRecord per action, replaced on every
// change; kind = the action kind, time = when it was created) and how every change of state is
// written to the action's own history and to the store's append-only audit log.
import { ActionSchema, type Action, type ActionState } from '../schema/action.js';
import type { Store } from '../store/index.js';
import type { ListQuery } from './types.js';

export const LIVE_STATES: readonly ActionState[] = ['proposed', 'awaiting_confirmation', 'active'];

export function isLive(a: Action): boolean {
  return LIVE_STATES.includes(a.state);
}

/** Every stored action that still reads as one (a record that does not is reported, not fatal). */
export async function readActions(store: Store, log?: (m: string) => void): Promise<Action[]> {
  const out: Action[] = [];
  for (const r of await store.actions.list()) {
    const p = ActionSchema.safeParse(r.payload);
    if (p.success) out.push(p.data);
    else log?.(`response: stored action ${r.id} is not readable and is ignored: ${p.error.issues[0]?.message ?? 'bad record'}`);
  }
  return out;
}

export async function readAction(store: Store, id: string): Promise<Action | undefined> {
  const r = await store.actions.get(id);
  if (!r) return undefined;
  const p = ActionSchema.safeParse(r.payload);
  return p.success ? p.data : undefined;
}

/** Filtered by state, newest first, paged. Read-only: the CLI's `list` uses it without an engine. */
export async function listActions(store: Store, q: ListQuery = {}): Promise<Action[]> {
  const states = q.state === undefined ? undefined : new Set(Array.isArray(q.state) ? q.state : [q.state]);
  const all = (await readActions(store)).filter((a) => !states || states.has(a.state));
  all.sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const offset = Math.max(0, q.offset ?? 0);
  return all.slice(offset, q.limit === undefined ? undefined : offset + Math.max(0, q.limit));
}

export interface Change {
  to: ActionState;
  by: string;
  why: string;
  /** the audit verb when it is not the new state (`extended`) */
  event?: string;
}

/**
 * Appends the transition to the action's history, stores the action and audits the change. The
 * record is written before the audit entry: an audit line never names a change that was not kept.
 */
export async function commit(store: Store, a: Action, from: ActionState | null, c: Change, now: number): Promise<Action> {
  const next: Action = { ...a, state: c.to, history: [...a.history, { time: now, from, to: c.to, by: c.by, why: c.why }] };
  await store.actions.put([{ id: next.id, kind: next.kind, time: next.created, payload: next as unknown as Record<string, unknown> }]);
  await store.audit.append({
    ts: now,
    actor: c.by,
    action: `action.${c.event ?? c.to}`,
    target: next.id,
    details: { from, to: c.to, why: c.why, kind: next.kind, mode: next.mode, expires: next.expires, ...(next.dry_run ? { dry_run: true } : {}), executors: next.executors },
  });
  return next;
}

/** A refusal has no action to attach to: only the audit log keeps it. */
export async function auditRefusal(store: Store, now: number, by: string, target: string, why: string, details: Record<string, unknown>): Promise<void> {
  await store.audit.append({ ts: now, actor: by, action: 'action.refused', target, details: { why, ...details } });
}
