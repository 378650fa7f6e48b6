// Tuning kept in the store: suppressions and model overrides as state entries (namespace `tuning`,
// keys `suppression/<id>` and `override/<model id>`), every change appended to the audit log with who,
// when, what and the value before and after; and a tuned analysis run, which applies the overrides
// to the models, drops suppressed breaches (counted) and stores the others in `store.breaches`.
import { createHash, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { Breach } from '../schema/breach.js';
import { ConfigError } from '../schema/errors.js';
import { BatchWriter, type StateValue, type Store } from '../store/index.js';
import type { Model } from './model-schema.js';
import { loadUserModels, withUserModels } from './user-models.js';
import { applyOverrides, belowMinScore, mergeOverride, ModelOverrideSchema, suppressedBy, SuppressionSchema, type ModelOverride, type Suppression } from './tuning.js';

export const TUNING_NAMESPACE = 'tuning';
const VERSION = 1;
const SUPPRESSION = 'suppression/';
const OVERRIDE = 'override/';

/** What a new suppression needs; the store gives it an id, the creation time and its author. */
export type NewSuppression = Omit<Suppression, 'id' | 'created' | 'created_by' | 'expires'> & { for_seconds: number };

/** What an override change does, for the audit log. */
export type OverrideAction = 'model.enable' | 'model.disable' | 'model.set';

function parsed<T>(schema: z.ZodType<T>, what: string, v: unknown): T {
  const r = schema.safeParse(v);
  if (!r.success) throw new ConfigError('bad_tuning', `${what} is not valid: ${r.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`).join('; ')}`);
  return r.data;
}

export class TuningStore {
  constructor(
    private readonly store: Pick<Store, 'state' | 'audit'>,
    /** epoch seconds (tests pass their own) */
    private readonly clock: () => number = () => Date.now() / 1000,
  ) {}

  async suppressions(): Promise<Suppression[]> {
    const entries = await this.store.state.list(TUNING_NAMESPACE, SUPPRESSION);
    return entries.map((e) => parsed(SuppressionSchema, `stored suppression ${e.key.slice(SUPPRESSION.length)}`, e.value)).sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
  }

  async overrides(): Promise<ModelOverride[]> {
    const entries = await this.store.state.list(TUNING_NAMESPACE, OVERRIDE);
    return entries.map((e) => parsed(ModelOverrideSchema, `stored override of ${e.key.slice(OVERRIDE.length)}`, e.value));
  }

  async override(model: string): Promise<ModelOverride | undefined> {
    const e = await this.store.state.get(TUNING_NAMESPACE, OVERRIDE + model);
    return e && parsed(ModelOverrideSchema, `stored override of ${model}`, e.value);
  }

  async addSuppression(input: NewSuppression, actor: string): Promise<Suppression> {
    const { for_seconds, ...rest } = input;
    if (!(for_seconds > 0)) throw new ConfigError('bad_suppression', 'a suppression must last a positive time (--for 7d, 12h, 30m)');
    const created = this.clock();
    let id: string;
    do id = 's-' + randomBytes(4).toString('hex');
    while (await this.store.state.get(TUNING_NAMESPACE, SUPPRESSION + id));
    const s = parsed(SuppressionSchema, 'the suppression', { id, ...rest, expires: created + for_seconds, created, created_by: actor });
    await this.audited(SUPPRESSION + id, undefined, s, { actor, action: 'suppression.add', target: id });
    return s;
  }

  async removeSuppression(id: string, actor: string): Promise<Suppression> {
    const e = await this.store.state.get(TUNING_NAMESPACE, SUPPRESSION + id);
    if (!e) throw new ConfigError('unknown_suppression', `there is no suppression ${id} (see "mamori suppress list")`);
    const before = parsed(SuppressionSchema, `stored suppression ${id}`, e.value);
    await this.audited(SUPPRESSION + id, before, undefined, { actor, action: 'suppression.remove', target: id });
    return before;
  }

  /**
   * Lays a change over the model's override, checks the result against the loaded models (unknown
   * model, component or unfitting threshold: ConfigError, nothing stored), stores and audits it.
   */
  async changeOverride(models: readonly Model[], change: ModelOverride, actor: string, action: OverrideAction): Promise<ModelOverride> {
    const before = await this.override(change.model);
    const after = mergeOverride(before, change);
    applyOverrides(models, [after]);
    await this.audited(OVERRIDE + change.model, before, after, { actor, action, target: change.model });
    return after;
  }

  /** Removes a model's override (the library's definition applies again); false when there was none. */
  async resetOverride(model: string, actor: string): Promise<boolean> {
    const before = await this.override(model);
    if (!before) return false;
    await this.audited(OVERRIDE + model, before, undefined, { actor, action: 'model.reset', target: model });
    return true;
  }

  /**
   * Writes (or with `after` undefined deletes) one entry and appends the audit entry. The store has
   * no transaction across state and audit: when the audit append fails the change is undone, so no
   * change stays unaudited.
   */
  private async audited(key: string, before: StateValue | undefined, after: StateValue | undefined, what: { actor: string; action: string; target: string }): Promise<void> {
    const set = (v: StateValue | undefined) => (v ? this.store.state.put(TUNING_NAMESPACE, key, v, VERSION) : this.store.state.delete(TUNING_NAMESPACE, key).then(() => undefined));
    await set(after);
    try {
      await this.store.audit.append({ ts: this.clock(), ...what, details: { before: before ?? null, after: after ?? null } });
    } catch (e) {
      await set(before).catch(() => undefined);
      throw e;
    }
  }
}

/**
 * The id a breach is stored under: the same breach (model, device, destination, time, evidence) has
 * the same id in every run, so analysing an input again replaces its breaches instead of adding
 * copies, and breaches of different runs never collide (the engine's ids count from 1 in each run).
 */
export function storedBreachId(b: Breach): string {
  const key = [b.model, b.device.id, b.destination?.ip ?? '', b.destination?.port ?? '', b.time, ...b.uids].join('|');
  return 'b-' + createHash('sha256').update(key).digest('hex').slice(0, 20);
}

/** Breaches written to the store per call. */
const BATCH = 10_000;

/**
 * One analysis run with the store's tuning: `models` are the loaded models with the stored overrides
 * applied; `keep` drops a breach suppressed at `now` or below its model's min_score (counting both)
 * and queues the others for `store.breaches`; `finish` writes what is queued.
 */
export class TunedRun {
  suppressed = 0;
  belowMinScore = 0;
  private readonly writer: BatchWriter<Breach>;

  private constructor(
    store: Store,
    readonly models: Model[],
    private readonly overrides: ModelOverride[],
    private readonly suppressions: Suppression[],
    private readonly now: number,
  ) {
    this.writer = new BatchWriter(
      (batch) =>
        store.breaches.put(
          batch.map((b) => {
            const id = storedBreachId(b);
            return { id, kind: b.model, time: b.time, payload: { ...b, id } };
          }),
        ),
      BATCH,
    );
  }

  /** `now`: epoch seconds at which suppressions must be in force (the wall clock when the run starts). */
  static async open(store: Store, models: readonly Model[], now: number): Promise<TunedRun> {
    const t = new TuningStore(store);
    const overrides = await t.overrides();
    // the site's own models (the console's model editor) join or replace the library's
    const all = withUserModels(models, await loadUserModels(store));
    return new TunedRun(store, applyOverrides(all, overrides), overrides, await t.suppressions(), now);
  }

  /** breaches written to the store */
  get stored(): number {
    return this.writer.written;
  }

  keep(b: Breach): boolean {
    if (suppressedBy(b, this.suppressions, this.now)) {
      this.suppressed++;
      return false;
    }
    if (belowMinScore(b, this.overrides) !== undefined) {
      this.belowMinScore++;
      return false;
    }
    this.writer.push(b);
    return true;
  }

  /** Starts writing the kept breaches queued so far (live input). */
  flush(): void {
    this.writer.flush();
  }

  finish(): Promise<void> {
    return this.writer.finish();
  }
}
