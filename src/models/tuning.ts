// Model tuning, as pure data and functions: suppressions (hide the breaches of a model, device, peer
// group or destination until a time, with the reason and who decided it), per-model overrides of the
// library (enabled, component thresholds, a minimum score) applied to the models before a run. The
// initial-tuning report is in tuning-report.ts.
import { wildcard } from './compare.js';
import { z } from 'zod';
import type { Breach } from '../schema/breach.js';
import { ConfigError } from '../schema/errors.js';
import type { Model } from './model-schema.js';

// ─── suppressions ─────────────────────────────────────────────────────────────────────────────

const Pattern = z.string().trim().min(1);

export const SuppressionSchema = z
  .object({
    id: z.string().min(1),
    /** a model id, or a pattern with `*` (`device/*`) */
    model: Pattern.optional(),
    /** a device id (`dev:…`) or IP address; `*` allowed (`10.20.1.*`) */
    device: Pattern.optional(),
    /** a behaviour peer group id (`pg3`), as in the breach's device.peer_group */
    peer_group: Pattern.optional(),
    /** the destination's IP address or hostname; `*` allowed (`*.example.com`) */
    destination: Pattern.optional(),
    /** epoch seconds after which it no longer applies */
    expires: z.number().finite(),
    reason: z.string().trim().min(1, 'say why the breaches are suppressed (reason)'),
    created_by: z.string().min(1),
    created: z.number().finite(),
  })
  .strict()
  .refine((s) => s.model !== undefined || s.device !== undefined || s.peer_group !== undefined || s.destination !== undefined, {
    message: 'give at least one of model, device, peer_group or destination: a suppression of everything would hide every breach',
  })
  .refine((s) => s.expires > s.created, { message: 'expires must be after created' });
export type Suppression = z.infer<typeof SuppressionSchema>;

/** Case-insensitive whole-value match where `*` stands for any run of characters (as in models). */
export function globMatch(pattern: string, value: string | undefined): boolean {
  return value !== undefined && wildcard(pattern).test(value);
}

/**
 * The first suppression in force at `now` (epoch seconds) whose every given criterion holds for the
 * breach; undefined when none does. A criterion on something the breach lacks (no peer group, no
 * destination) does not hold.
 */
export function suppressedBy(breach: Breach, suppressions: readonly Suppression[], now: number): Suppression | undefined {
  const d = breach.device;
  return suppressions.find(
    (s) =>
      s.expires > now &&
      (s.model === undefined || globMatch(s.model, breach.model)) &&
      (s.device === undefined || globMatch(s.device, d.id) || globMatch(s.device, d.ip)) &&
      (s.peer_group === undefined || s.peer_group === d.peer_group) &&
      (s.destination === undefined || globMatch(s.destination, breach.destination?.ip) || globMatch(s.destination, breach.destination?.hostname)),
  );
}

// ─── model overrides ──────────────────────────────────────────────────────────────────────────

const Threshold = z.union([z.number().finite(), z.string(), z.array(z.string()).min(1)]);
export type Threshold = z.infer<typeof Threshold>;

export const ModelOverrideSchema = z
  .object({
    model: z.string().min(1),
    enabled: z.boolean().optional(),
    /** component index (0, 1, … as in the model's `components` list) → its new threshold */
    thresholds: z.record(z.string().regex(/^(0|[1-9]\d*)$/, 'component indexes are 0, 1, 2 …'), Threshold).optional(),
    /** breaches of the model scoring below this are dropped */
    min_score: z.number().int().min(0).max(100).optional(),
  })
  .strict();
export type ModelOverride = z.infer<typeof ModelOverrideSchema>;

type ModelComponent = Model['components'][number];
const NUMERIC_OPS = new Set(['>', '>=', '<', '<=']);

/** What a condition reads (`beacon_score`, `conn.orig_bytes`, `count over 300 s`), whatever its kind. */
export function conditionSubject(c: object): string {
  const r = c as Record<string, unknown>;
  if (typeof r['metric'] === 'string') return r['metric'];
  if (typeof r['field'] === 'string') return r['field'];
  for (const [key, what] of [
    ['count_over_seconds', 'count'],
    ['distinct_over_seconds', 'distinct'],
    ['sum_over_seconds', 'sum'],
  ] as const) {
    if (typeof r[key] === 'number') return `${what}${typeof r['of'] === 'string' ? ' of ' + r['of'] : ''} over ${r[key]} s`;
  }
  return '?';
}

export function formatThreshold(v: unknown): string {
  return Array.isArray(v) ? v.join(',') : String(v);
}

/** Why a threshold does not fit a component (its operator decides the kind of value), or undefined. */
function thresholdProblem(c: ModelComponent, v: Threshold): string | undefined {
  if (typeof c.value === 'boolean') return `compares ${conditionSubject(c)} with ${c.value}: a yes/no test has no threshold to tune; disable the model or add a suppression instead`;
  if (NUMERIC_OPS.has(c.op) && typeof v !== 'number') return `compares with ${c.op}: give a number, not ${JSON.stringify(v)}`;
  if ((c.op === 'in' || c.op === 'not-in') && !Array.isArray(v)) return `compares with ${c.op}: give a list of values (a,b,c), not ${JSON.stringify(v)}`;
  if (c.op === 'matches' && typeof v === 'number') return `compares with matches: give a pattern (*.example.com), not ${v}`;
  if ((c.op === '=' || c.op === '!=') && Array.isArray(v)) return `compares with ${c.op}: give one value, not a list`;
  return undefined;
}

function component(model: Model, key: string): ModelComponent {
  const c = model.components[Number(key)];
  if (!c) {
    throw new ConfigError('unknown_component', `model ${model.id} has components 0 to ${model.components.length - 1}; there is no component ${key} (see "mamori models show ${model.id}")`);
  }
  return c;
}

/**
 * A threshold typed on the command line, read as the component's operator needs: a number for
 * `> >= < <=`, a comma-separated list for `in`/`not-in`, a number for `=`/`!=` on a number, else text.
 */
export function parseThreshold(model: Model, index: string, text: string): Threshold {
  const c = component(model, index);
  const list = () => text.split(',').map((x) => x.trim()).filter(Boolean);
  let v: Threshold = text;
  if (NUMERIC_OPS.has(c.op) || ((c.op === '=' || c.op === '!=') && typeof c.value === 'number')) {
    v = Number(text);
    if (text.trim() === '' || !Number.isFinite(v)) throw new ConfigError('bad_threshold', `component ${index} of ${model.id} (${conditionSubject(c)} ${c.op} ${formatThreshold(c.value)}) takes a number, not "${text}"`);
  } else if (c.op === 'in' || c.op === 'not-in' || (c.op === 'matches' && Array.isArray(c.value))) v = list();
  checkThreshold(model, index, v);
  return v;
}

function checkThreshold(model: Model, index: string, v: Threshold): void {
  const c = component(model, index);
  const problem = thresholdProblem(c, v);
  if (problem) throw new ConfigError('bad_threshold', `component ${index} of ${model.id} ${problem}`);
}

/**
 * The models with the overrides applied (new objects; the inputs are not changed). Several overrides
 * of one model apply in order. An override of a model that is not loaded, of a component the model
 * does not have, or with a threshold that does not fit the component is a ConfigError.
 */
export function applyOverrides(models: readonly Model[], overrides: readonly ModelOverride[]): Model[] {
  const byId = new Map(models.map((m) => [m.id, m]));
  for (const o of overrides) {
    const m = byId.get(o.model);
    if (!m) {
      throw new ConfigError(
        'unknown_model',
        `an override names the model ${o.model}, which is not among the ${models.length} loaded models: load the models folder that defines it (--models <dir>) or remove the override (mamori models reset ${o.model} --db <file>)`,
      );
    }
    const thresholds = Object.entries(o.thresholds ?? {});
    for (const [i, v] of thresholds) checkThreshold(m, i, v);
    const values = new Map(thresholds.map(([i, v]) => [Number(i), v]));
    byId.set(m.id, {
      ...m,
      enabled: o.enabled ?? m.enabled,
      components: m.components.map((c, i) => (values.has(i) ? { ...c, value: values.get(i)! } : c)),
    });
  }
  return models.map((m) => byId.get(m.id)!);
}

/** An override with a change laid over it (thresholds merged by component). */
export function mergeOverride(current: ModelOverride | undefined, change: ModelOverride): ModelOverride {
  const thresholds = { ...current?.thresholds, ...change.thresholds };
  return ModelOverrideSchema.parse({
    ...current,
    ...change,
    ...(Object.keys(thresholds).length ? { thresholds } : {}),
  });
}

/** The min_score an override gives the breach's model when the breach scores below it, else undefined. */
export function belowMinScore(breach: Breach, overrides: readonly ModelOverride[]): number | undefined {
  let min: number | undefined;
  for (const o of overrides) if (o.model === breach.model && o.min_score !== undefined) min = o.min_score;
  return min !== undefined && breach.score < min ? min : undefined;
}

// ─── the initial-tuning report ────────────────────────────────────────────────────────────────
