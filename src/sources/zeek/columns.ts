// Flat Zeek columns (id.orig_h, certificate.serial, …) to the schema's nested record, keeping
// columns the schema does not know as `extra` attributes.
import type { ZeekField } from '../../schema/zeek-layout.js';

export interface Mapped {
  record: Record<string, unknown>;
  extra: Record<string, unknown> | undefined;
}

export function columnsToRecord(layout: ZeekField[], columns: Map<string, unknown>): Mapped {
  const known = new Set(layout.map((f) => f.name));
  const record: Record<string, unknown> = {};
  let extra: Record<string, unknown> | undefined;
  for (const [name, value] of columns) {
    if (value === undefined) continue;
    if (!known.has(name)) {
      (extra ??= {})[name] = value;
      continue;
    }
    const dot = name.indexOf('.');
    if (dot < 0) record[name] = value;
    else {
      const head = name.slice(0, dot);
      const inner = (record[head] ??= {}) as Record<string, unknown>;
      inner[name.slice(dot + 1)] = value;
    }
  }
  return { record, extra };
}
