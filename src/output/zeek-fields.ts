// Zeek log layouts: for each log type, its columns in Zeek's order with Zeek's type names.
// Records are the schema's typed records; nested records (id) are flattened with dots, as Zeek does.
import { ZEEK_LAYOUTS } from '../schema/layouts.js';
import type { ObservationType } from '../schema/observation.js';
import type { ZeekField } from '../schema/zeek-layout.js';

export type { ZeekField, ZeekType } from '../schema/zeek-layout.js';

/** Zeek log layout per observation type (defined in the schema). */
export const ZEEK_LOGS: Record<ObservationType, ZeekField[]> = ZEEK_LAYOUTS;

/** Reads a dotted column from a record (id.orig_h → rec.id.orig_h, certificate.serial → …). */
export function fieldValue(rec: Record<string, unknown>, name: string): unknown {
  const dot = name.indexOf('.');
  if (dot < 0) return rec[name];
  const inner = rec[name.slice(0, dot)] as Record<string, unknown> | undefined;
  return inner === undefined ? undefined : inner[name.slice(dot + 1)];
}
