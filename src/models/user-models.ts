// Models written or edited by the site (in the console's model editor, through the API): kept in the
// store's state (namespace `user-models`, key = model id, the YAML text as written), so every run on
// that database — `analyze --db`, `serve --demo`, `mamori run` — uses them. A user model with a
// built-in's id replaces the built-in's definition; others are added.
import type { Store } from '../store/index.js';
import { parseModel } from './library.js';
import type { Model } from './model-schema.js';

export const USER_MODELS_NAMESPACE = 'user-models';

export interface StoredUserModel {
  id: string;
  yaml: string;
  updated: number;
  updated_by: string;
}

/** The stored user models that parse (one that does not is reported through `skipped` and left out). */
export async function loadUserModels(store: Store, skipped: (id: string, why: string) => void = () => undefined): Promise<Model[]> {
  const out: Model[] = [];
  for (const e of await store.state.list(USER_MODELS_NAMESPACE)) {
    const u = e.value as unknown as StoredUserModel;
    try {
      out.push(parseModel(u.yaml, `user model ${u.id}`));
    } catch (err) {
      skipped(u.id, (err as Error).message);
    }
  }
  return out;
}

/** `models` with the user models laid over them (same id: replaced; new id: added at the end). */
export function withUserModels(models: readonly Model[], users: readonly Model[]): Model[] {
  const byId = new Map(users.map((m) => [m.id, m]));
  const out = models.map((m) => byId.get(m.id) ?? m);
  for (const u of users) if (!models.some((m) => m.id === u.id)) out.push(u);
  return out;
}
