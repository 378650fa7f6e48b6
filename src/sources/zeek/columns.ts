// Flat Zeek columns (id.orig_h, certificate.serial, …) to the schema's nested record, keeping
// columns the schema does not know as `extra` attributes. The layout's column set is computed once.
import type { ZeekField } from '../../schema/zeek-layout.js';
import { timeFromString, ValueError } from './zeek-value.js';

/** Zeek nests a record at most a few levels deep; deeper JSON is quarantined, not recursed into. */
export const MAX_JSON_DEPTH = 16;

export interface Mapped {
  record: Record<string, unknown>;
  extra: Record<string, unknown> | undefined;
}

/** column name → [top-level key, nested key or null] for one layout */
type Plan = Map<string, readonly [string, string | null]>;
const plans = new WeakMap<ZeekField[], Plan>();

function planFor(layout: ZeekField[]): Plan {
  let plan = plans.get(layout);
  if (!plan) {
    plan = new Map();
    for (const f of layout) {
      const dot = f.name.indexOf('.');
      plan.set(f.name, dot < 0 ? [f.name, null] : [f.name.slice(0, dot), f.name.slice(dot + 1)]);
    }
    plans.set(layout, plan);
  }
  return plan;
}

function put(record: Record<string, unknown>, where: readonly [string, string | null], value: unknown): void {
  if (where[1] === null) record[where[0]] = value;
  else ((record[where[0]] ??= {}) as Record<string, unknown>)[where[1]] = value;
}

/**
 * A Zeek JSON object (flat "id.orig_h" keys, or nested objects) to the schema's record in one pass.
 * `times` names the time-typed columns, whose ISO 8601 strings become epoch seconds. Throws
 * ValueError for objects nested deeper than MAX_JSON_DEPTH.
 */
export function jsonToRecord(layout: ZeekField[], obj: Record<string, unknown>, times: ReadonlySet<string>): Mapped {
  const out: Mapped = { record: {}, extra: undefined };
  visitJson(planFor(layout), times, out, '', obj, 0);
  return out;
}

/** One pass over a (possibly nested) Zeek JSON object; a module function, so no closure per record. */
function visitJson(plan: Plan, times: ReadonlySet<string>, out: Mapped, prefix: string, o: Record<string, unknown>, depth: number): void {
  if (depth > MAX_JSON_DEPTH) throw new ValueError(`objects nested more than ${MAX_JSON_DEPTH} deep`);
  for (const k in o) {
    let v = o[k];
    if (v === undefined || v === null || k === '_path') continue;
    const name = prefix === '' ? k : prefix + '.' + k;
    const where = plan.get(name);
    if (where !== undefined) {
      if (typeof v === 'string' && times.has(name)) v = timeFromString(v);
      if (where[1] === null) out.record[where[0]] = v;
      else ((out.record[where[0]] ??= {}) as Record<string, unknown>)[where[1]] = v;
    } else if (typeof v === 'object' && !Array.isArray(v)) visitJson(plan, times, out, name, v as Record<string, unknown>, depth + 1);
    else {
      if (typeof v === 'object' && tooDeep(v, depth + 1)) throw new ValueError(`arrays or objects nested more than ${MAX_JSON_DEPTH} deep`);
      const extra = (out.extra ??= {});
      if (name === '__proto__') Object.defineProperty(extra, name, { value: v, enumerable: true, writable: true, configurable: true });
      else extra[name] = v;
    }
  }
}

/** Whether a kept JSON value nests deeper than MAX_JSON_DEPTH (writers would recurse into it). */
function tooDeep(v: object, depth: number): boolean {
  if (depth > MAX_JSON_DEPTH) return true;
  for (const e of Array.isArray(v) ? v : Object.values(v)) if (e !== null && typeof e === 'object' && tooDeep(e as object, depth + 1)) return true;
  return false;
}

/** One TSV row (already split) to the schema's record, parsing each cell with its column's parser. */
export function tsvToRecord(layout: ZeekField[], fields: readonly string[], parsers: readonly ((cell: string) => unknown)[], cells: readonly string[]): Mapped {
  const plan = planFor(layout);
  const record: Record<string, unknown> = {};
  let extra: Record<string, unknown> | undefined;
  for (let i = 0; i < cells.length; i++) {
    const value = parsers[i]!(cells[i]!);
    if (value === undefined) continue;
    const where = plan.get(fields[i]!);
    if (where) put(record, where, value);
    else (extra ??= {})[fields[i]!] = value;
  }
  return { record, extra };
}
