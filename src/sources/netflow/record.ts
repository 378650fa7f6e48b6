// Decodes one data record with its template into a field map.
import { u16 } from './bytes.js';
import { fieldValue, type FlowFields } from './field-value.js';
import { Kind, VARIABLE_LENGTH, type Template } from './template.js';

/**
 * Decodes the record at `o` into `out` and returns the offset after it, or -1 when a field runs past
 * `end` (the caller reports it). The caller has checked that `t.minLength` bytes are there.
 */
export function decodeRecord(b: Uint8Array, o: number, end: number, t: Template, out: FlowFields): number {
  const fields = t.fields;
  if (!t.variable) {
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      if (f.kind !== Kind.skip) out[f.key] = fieldValue(f.kind, b, o, f.length);
      o += f.length;
    }
    return o;
  }
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    let len = f.length;
    if (len === VARIABLE_LENGTH) {
      // RFC 7011 §7: one length byte, or 255 followed by a two-byte length.
      if (o + 1 > end) return -1;
      len = b[o]!;
      o += 1;
      if (len === 255) {
        if (o + 2 > end) return -1;
        len = u16(b, o);
        o += 2;
      }
    }
    if (o + len > end) return -1;
    if (f.kind !== Kind.skip) out[f.key] = fieldValue(f.kind, b, o, len);
    o += len;
  }
  return o;
}
