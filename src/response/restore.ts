// After a restart: active actions go back on every executor that does not have them (executors that
// cannot ask their far end adopt what the store says they applied); what an executor has in force for
// an action that is not active (ended while Mamori was down, or unknown to the store) is removed.
import type { Action } from '../schema/action.js';
import type { Store } from '../store/index.js';
import { isLive, readActions } from './book.js';
import { applyAll, removeAll, summary } from './fan-out.js';
import type { Executor } from './types.js';

export async function restore(store: Store, executors: readonly Executor[], log: (m: string) => void): Promise<{ live: Action[]; activations: number[] }> {
  const all = await readActions(store, log);
  const byId = new Map(all.map((a) => [a.id, a]));
  const live = all.filter(isLive);
  // when actions went active, for limits.max_per_hour
  const activations = all.flatMap((a) => a.history.filter((h) => h.to === 'active').map((h) => h.time));
  const inForce = live.filter((a) => a.state === 'active' && !a.dry_run);
  const wanted = new Set(inForce.map((a) => a.id));
  for (const ex of executors) {
    ex.adopt?.(inForce.filter((a) => a.executors.some((r) => r.name === ex.name && r.ok)).map((a) => a.id));
    let has: string[];
    try {
      has = await ex.active();
    } catch (e) {
      log(`response: executor ${ex.name} cannot say what is in force (${(e as Error).message}); re-applying everything active`);
      has = [];
    }
    const present = new Set(has);
    for (const a of inForce) {
      if (present.has(a.id)) continue;
      const r = await applyAll([ex], a);
      log(`response: restored ${a.id} on ${ex.name}: ${summary(r.results)}`);
    }
    for (const id of has) {
      if (wanted.has(id)) continue;
      const stored = byId.get(id);
      const ok = stored ? (await removeAll([ex], stored)).ok : ((await ex.removeById?.(id))?.ok ?? false);
      log(`response: removed leftover ${id} from ${ex.name} (its action is ${stored?.state ?? 'unknown'})${ok ? '' : ': failed'}`);
    }
  }
  return { live, activations };
}
