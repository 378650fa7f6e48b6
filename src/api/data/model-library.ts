// The models the API shows and edits: the built-in library (or the models the server was given),
// user models kept in the store (namespace `user-models`, key = model id, the YAML text as written),
// and the tuning overrides (src/models/tuning-store.ts) laid over both.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { BUILTIN_MODELS_DIR, loadModels, parseModel } from '../../models/library.js';
import type { Model } from '../../models/model-schema.js';
import { TuningStore } from '../../models/tuning-store.js';
import { applyOverrides, type ModelOverride } from '../../models/tuning.js';
import { USER_MODELS_NAMESPACE, type StoredUserModel } from '../../models/user-models.js';

export { USER_MODELS_NAMESPACE, type StoredUserModel };
import type { Store } from '../../store/index.js';
import { ApiError, badRequest, notFound } from '../errors.js';

const VERSION = 1;
/** a model file larger than this is not a model */
export const MAX_MODEL_YAML = 64 * 1024;

export interface LibraryModel {
  model: Model;
  yaml: string;
  builtin: boolean;
}

/** The YAML text of each built-in model file, by model id (comments kept: it is what an admin edits). */
function builtinYaml(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const f of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, f.name);
      if (f.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(f.name)) {
        const text = readFileSync(p, 'utf8');
        const id = (parse(text) as { id?: unknown } | null)?.id;
        if (typeof id === 'string') out.set(id, text);
      }
    }
  };
  walk(BUILTIN_MODELS_DIR);
  return out;
}

/** Checks a model's YAML: the model, or the errors the model format gives, one per line. */
export function validateModelYaml(yaml: string): { ok: true; model: Model } | { ok: false; errors: string[] } {
  if (yaml.length > MAX_MODEL_YAML) return { ok: false, errors: [`a model has at most ${MAX_MODEL_YAML} bytes of YAML`] };
  try {
    return { ok: true, model: parseModel(yaml, 'the model') };
  } catch (err) {
    return { ok: false, errors: (err as Error).message.split('\n').map((l) => l.trim()).filter(Boolean) };
  }
}

export class ModelLibrary {
  private readonly builtins: LibraryModel[];
  readonly tuning: TuningStore;

  constructor(
    private readonly store: Store,
    given: Model[] | undefined,
    private readonly clock: () => number,
  ) {
    this.tuning = new TuningStore(store, clock);
    if (given) this.builtins = given.map((model) => ({ model, yaml: stringify(model), builtin: true }));
    else {
      const texts = builtinYaml();
      this.builtins = loadModels().map((model) => ({ model, yaml: texts.get(model.id) ?? stringify(model), builtin: true }));
    }
  }

  /** Built-in and user models (a user model with a built-in's id replaces it), as defined (no overrides). */
  async definitions(): Promise<LibraryModel[]> {
    const users = new Map<string, LibraryModel>();
    for (const e of await this.store.state.list(USER_MODELS_NAMESPACE)) {
      const u = e.value as unknown as StoredUserModel;
      const r = validateModelYaml(u.yaml);
      if (r.ok) users.set(r.model.id, { model: r.model, yaml: u.yaml, builtin: false });
    }
    const out = this.builtins.map((b) => users.get(b.model.id) ?? b);
    for (const [id, u] of users) if (!this.builtins.some((b) => b.model.id === id)) out.push(u);
    return out;
  }

  /** The models as they run: definitions with the stored overrides applied. */
  async tuned(): Promise<{ models: Model[]; defs: LibraryModel[]; overrides: ModelOverride[] }> {
    const defs = await this.definitions();
    const overrides = await this.tuning.overrides();
    return { models: applyOverrides(defs.map((d) => d.model), overrides.filter((o) => defs.some((d) => d.model.id === o.model))), defs, overrides };
  }

  async find(id: string): Promise<LibraryModel> {
    const d = (await this.definitions()).find((x) => x.model.id === id);
    if (!d) throw notFound('model', id);
    return d;
  }

  /** Saves a user model (new, or replacing a built-in's definition); the YAML's id must be `id`. */
  async save(id: string, yaml: string, by: string): Promise<{ before: StoredUserModel | undefined; after: StoredUserModel; model: Model }> {
    const r = validateModelYaml(yaml);
    if (!r.ok) throw badRequest('bad_model', r.errors.join('; '));
    if (r.model.id !== id) throw badRequest('id_mismatch', `the YAML defines ${JSON.stringify(r.model.id)}, not ${JSON.stringify(id)}`);
    const before = (await this.store.state.get(USER_MODELS_NAMESPACE, id))?.value as StoredUserModel | undefined;
    const after: StoredUserModel = { id, yaml, updated: this.clock(), updated_by: by };
    await this.store.state.put(USER_MODELS_NAMESPACE, id, { ...after }, VERSION);
    return { before, after, model: r.model };
  }

  /** A copy of a model under a new id, saved as a user model. */
  async clone(id: string, newId: string, by: string): Promise<StoredUserModel> {
    const src = await this.find(id);
    if ((await this.definitions()).some((d) => d.model.id === newId)) throw new ApiError(409, 'model_exists', `there is already a model ${JSON.stringify(newId)}`);
    const doc = parse(src.yaml) as Record<string, unknown>;
    doc['id'] = newId;
    return (await this.save(newId, stringify(doc), by)).after;
  }
}
