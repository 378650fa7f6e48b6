// Calls every executor for one action, in parallel, and records what each did. An executor that
// throws is recorded as failed like one that reports a failure: one broken executor never stops
// the others.
import type { Action } from '../schema/action.js';
import type { Executor, ExecResult } from './types.js';

export type ExecRecord = Action['executors'][number];

async function call(e: Executor, fn: () => Promise<ExecResult>): Promise<ExecRecord> {
  try {
    const r = await fn();
    return r.ok ? { name: e.name, ok: true, ...(r.detail ? { detail: r.detail } : {}) } : { name: e.name, ok: false, detail: `${r.error.code}: ${r.error.message}` };
  } catch (err) {
    return { name: e.name, ok: false, detail: `failed: ${(err as Error).message}` };
  }
}

/** ok when at least one executor put the action in force (the others' failures are kept in the record). */
export async function applyAll(executors: readonly Executor[], a: Action): Promise<{ ok: boolean; results: ExecRecord[] }> {
  if (a.dry_run) return { ok: true, results: executors.map((e) => ({ name: e.name, ok: true, detail: 'dry run: not sent' })) };
  if (!executors.length) return { ok: false, results: [{ name: 'none', ok: false, detail: 'no executor is configured' }] };
  const results = await Promise.all(executors.map((e) => call(e, () => e.apply(a))));
  return { ok: results.some((r) => r.ok), results };
}

/**
 * ok when every executor that put the action in force removed it. An executor whose apply had
 * failed is asked too (it may have done part of it), but its failure to remove does not hold the
 * action in force.
 */
export async function removeAll(executors: readonly Executor[], a: Action): Promise<{ ok: boolean; results: ExecRecord[] }> {
  if (a.dry_run) return { ok: true, results: executors.map((e) => ({ name: e.name, ok: true, detail: 'dry run: nothing to remove' })) };
  const results = await Promise.all(executors.map((e) => call(e, () => e.remove(a))));
  const neverApplied = (name: string) => a.executors.some((r) => r.name === name && !r.ok);
  return { ok: results.every((r) => r.ok || neverApplied(r.name)), results };
}

/** `nftables ok; webhook failed: HTTP 500` */
export function summary(results: readonly ExecRecord[]): string {
  if (!results.length) return 'no executor';
  return results.map((r) => `${r.name} ${r.ok ? 'ok' : 'failed'}${r.detail ? ` (${r.detail})` : ''}`).join('; ');
}
