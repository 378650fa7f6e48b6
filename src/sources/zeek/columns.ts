// Flat Zeek columns (id.orig_h, certificate.serial, …) to the schema's nested record, keeping
// columns the schema does not know as `extra` attributes. The layout's column set is computed once.
import type { ZeekField } from '../../schema/zeek-layout.js';

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
 * `times` names the time-typed columns, whose ISO 8601 strings become epoch seconds.
 */
export function jsonToRecord(layout: ZeekField[], obj: Record<string, unknown>, times: ReadonlySet<string>): Mapped {
  const out: Mapped = { record: {}, extra: undefined };
  visitJson(planFor(layout), times, out, '', obj);
  return out;
}

/** One pass over a (possibly nested) Zeek JSON object; a module function, so no closure per record. */
function visitJson(plan: Plan, times: ReadonlySet<string>, out: Mapped, prefix: string, o: Record<string, unknown>): void {
  for (const k in o) {
    let v = o[k];
    if (v === undefined || v === null || k === '_path') continue;
    const name = prefix === '' ? k : prefix + '.' + k;
    const where = plan.get(name);
    if (where !== undefined) {
      if (typeof v === 'string' && times.has(name)) {
        const ms = Date.parse(v);
        if (!Number.isNaN(ms)) v = ms / 1000;
      }
      if (where[1] === null) out.record[where[0]] = v;
      else ((out.record[where[0]] ??= {}) as Record<string, unknown>)[where[1]] = v;
    } else if (typeof v === 'object' && !Array.isArray(v)) visitJson(plan, times, out, name, v as Record<string, unknown>);
    else (out.extra ??= {})[name] = v;
  }
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
