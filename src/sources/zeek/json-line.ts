// The fast path for one Zeek JSON line: a scanner for the JSON that Zeek writes (one flat object,
// `"id.orig_h"` keys, no whitespace, no escapes in strings) that puts each value straight into its column's
// slot, then the compiled schema check (compiled-record.ts) builds the record. No JSON.parse, no
// intermediate object, no zod on the common path.
//
// It never decides that a line is bad. Anything it does not handle exactly as the reference path
// (JSON.parse → jsonToRecord → zod) would — escapes or control characters, whitespace, nested
// objects, duplicate keys, `{}`, a value the schema rejects, a `_path` naming another type — makes
// it give up (return undefined), and the caller runs the reference path on the line, which then
// accepts or quarantines it with its own reason. The values it produces are the ones JSON.parse
// gives (numbers correctly rounded; the Clinger fast case is exact, anything else goes through
// Number(), which rounds as JSON.parse does).
import type { ZeekField } from '../../schema/zeek-layout.js';
import type { CompiledRecord } from './compiled-record.js';
import { own, POW10, textAt, timeFromString, TWO53 } from './zeek-value.js';

/** a key that is `_path` */
const PATH = -1;
/** a layout column the schema does not have (the reference path drops it): not handled here */
const DROP = -2;
/** a key that is not a layout column: kept as an extra attribute */
const EXTRA = -3;

/** The per-type state of the scanner: key map, reused slots, and the key order last seen. */
export interface JsonPlan {
  readonly type: string;
  readonly compiled: CompiledRecord;
  readonly keys: ReadonlyMap<string, number>;
  /** `"name":` of each layout column in layout order (Zeek writes the keys in this order, leaving out unset ones), and its slot or DROP */
  readonly layoutKey: readonly string[];
  readonly layoutSlot: Int32Array;
  /** layout position of each key (for keys found by name) */
  readonly position: ReadonlyMap<string, number>;
  readonly isTime: Uint8Array;
  readonly slots: unknown[];
  /** seen[slot] === stamp: the key occurred in this line (duplicates go to the reference path) */
  readonly seen: Uint32Array;
  stamp: number;
}

/** a sequential (flat) copy of a string: charCodeAt on a concatenation is not inlined */
const flat = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');

export function jsonPlan(type: string, layout: readonly ZeekField[], compiled: CompiledRecord): JsonPlan {
  const keys = new Map<string, number>([['_path', PATH]]);
  const isTime = new Uint8Array(compiled.columns.length);
  const position = new Map<string, number>();
  for (const f of layout) {
    const slot = compiled.slot.get(f.name);
    keys.set(f.name, slot ?? DROP);
    if (!position.has(f.name)) position.set(f.name, position.size);
    if (slot !== undefined && f.type === 'time') isTime[slot] = 1;
  }
  const names = [...position.keys()];
  return {
    type,
    compiled,
    keys,
    layoutKey: names.map((n) => flat(`${JSON.stringify(n)}:`)),
    layoutSlot: Int32Array.from(names, (n) => keys.get(n)!),
    position,
    isTime,
    slots: new Array<unknown>(compiled.columns.length).fill(undefined),
    seen: new Uint32Array(compiled.columns.length + 1),
    stamp: 0,
  };
}


/** `{"_path":"dns",…`: the type named first on the line, or undefined. */
export function leadingPath(line: string): string | undefined {
  if (!textAt(line, 0, '{"_path":"')) return undefined;
  // most lines name the type the previous line named: no string made for it then
  if (textAt(line, 10, lastPathText) && lastPathText !== '') return lastPath;
  const end = line.indexOf('"', 10);
  if (end < 0) return undefined;
  const path = line.slice(10, end);
  if (path.length <= 32) {
    lastPath = path;
    lastPathText = flat(`${path}"`);
  }
  return path;
}
let lastPath = '';
let lastPathText = '';

export interface JsonDecoded {
  record: Record<string, unknown>;
  extra: Record<string, unknown> | undefined;
}

const FAIL: unique symbol = Symbol('fail');
type Value = string | number | boolean | null | Value[];
/** where the value just scanned ends (module state: no allocation per value) */
let at = 0;

function number(s: string, pos: number): number | typeof FAIL {
  let i = pos;
  let c = s.charCodeAt(i);
  const neg = c === 45;
  if (neg) c = s.charCodeAt(++i);
  let m = 0;
  if (c === 48) c = s.charCodeAt(++i);
  else if (c >= 49 && c <= 57) {
    do {
      m = m * 10 + (c - 48);
      c = s.charCodeAt(++i);
    } while (c >= 48 && c <= 57);
  } else return FAIL;
  let scale = 0;
  if (c === 46) {
    c = s.charCodeAt(++i);
    if (!(c >= 48 && c <= 57)) return FAIL;
    do {
      m = m * 10 + (c - 48);
      scale++;
      c = s.charCodeAt(++i);
    } while (c >= 48 && c <= 57);
  }
  if (c === 101 || c === 69) {
    c = s.charCodeAt(++i);
    if (c === 43 || c === 45) c = s.charCodeAt(++i);
    if (!(c >= 48 && c <= 57)) return FAIL;
    do c = s.charCodeAt(++i);
    while (c >= 48 && c <= 57);
    at = i;
    return Number(s.slice(pos, i));
  }
  at = i;
  if (m < TWO53 && scale <= 22) {
    const v = scale === 0 ? m : m / POW10[scale]!;
    return neg ? -v : v;
  }
  return Number(s.slice(pos, i));
}

/** A JSON scalar (no nesting) at pos; `at` is set past it. */
function scalar(s: string, pos: number): Value | typeof FAIL {
  const c = s.charCodeAt(pos);
  if (c === 34) {
    // escapes and control characters (which JSON.parse rejects) are left to the reference path
    const n = s.length;
    for (let i = pos + 1; i < n; i++) {
      const d = s.charCodeAt(i);
      if (d <= 92) {
        if (d === 34) {
          at = i + 1;
          return own(s.slice(pos + 1, i));
        }
        if (d < 32 || d === 92) return FAIL;
      }
    }
    return FAIL;
  }
  if (c === 45 || (c >= 48 && c <= 57)) return number(s, pos);
  if (c === 116 && s.charCodeAt(pos + 1) === 114 && s.charCodeAt(pos + 2) === 117 && s.charCodeAt(pos + 3) === 101) {
    at = pos + 4;
    return true;
  }
  if (c === 102 && s.charCodeAt(pos + 1) === 97 && s.charCodeAt(pos + 2) === 108 && s.charCodeAt(pos + 3) === 115 && s.charCodeAt(pos + 4) === 101) {
    at = pos + 5;
    return false;
  }
  if (c === 110 && s.charCodeAt(pos + 1) === 117 && s.charCodeAt(pos + 2) === 108 && s.charCodeAt(pos + 3) === 108) {
    at = pos + 4;
    return null;
  }
  return FAIL;
}

/** A scalar or an array of scalars at pos. */
function value(s: string, pos: number): Value | typeof FAIL {
  if (s.charCodeAt(pos) !== 91) return scalar(s, pos);
  const arr: Value[] = [];
  let i = pos + 1;
  if (s.charCodeAt(i) === 93) {
    at = i + 1;
    return arr;
  }
  for (;;) {
    const e = scalar(s, i);
    if (e === FAIL) return FAIL;
    arr.push(e);
    const c = s.charCodeAt(at);
    if (c === 93) {
      at++;
      return arr;
    }
    if (c !== 44) return FAIL;
    i = at + 1;
  }
}

/**
 * The record and extra attributes of one Zeek JSON line of the plan's type, exactly as the reference
 * path would make them, or undefined to leave the line to the reference path. `typed` is true when
 * the type was forced (--type), so `_path` is ignored as the reference path ignores it.
 */
export function decodeJsonLine(line: string, p: JsonPlan, typed: boolean): JsonDecoded | undefined {
  const n = line.length;
  if (line.charCodeAt(0) !== 123 || line.charCodeAt(1) !== 34) return undefined;
  const slots = p.slots;
  slots.fill(undefined);
  const seen = p.seen;
  const pathSeen = seen.length - 1;
  let stamp = ++p.stamp;
  if (stamp === 0xffffffff) {
    seen.fill(0);
    stamp = p.stamp = 1;
  }
  const layoutKey = p.layoutKey;
  const layoutSlot = p.layoutSlot;
  const columns = layoutKey.length;
  /** the layout position after the last layout key: where the next key most likely is */
  let cursor = 0;
  let extra: Record<string, unknown> | undefined;
  let extraKeys: string[] | undefined;
  let pos = 1;
  if (textAt(line, 1, '"_path":')) {
    const v = scalar(line, 9);
    if (v === FAIL || (!typed && v !== p.type)) return undefined;
    seen[pathSeen] = stamp;
    if (line.charCodeAt(at) !== 44) return undefined;
    pos = at + 1;
  }
  for (;;) {
    if (line.charCodeAt(pos) !== 34) return undefined;
    let slot = EXTRA;
    let key: string | undefined;
    // the next layout columns first (no string made for the key), else the key by name
    let j = cursor;
    const last = Math.min(columns, cursor + 8);
    while (j < last && !textAt(line, pos, layoutKey[j]!)) j++;
    if (j < last) {
      slot = layoutSlot[j]!;
      pos += layoutKey[j]!.length;
      cursor = j + 1;
    } else {
      const k0 = scalar(line, pos);
      if (typeof k0 !== 'string' || line.charCodeAt(at) !== 58) return undefined;
      key = k0;
      pos = at + 1;
      const s = p.keys.get(key);
      if (s !== undefined) {
        slot = s;
        if (s !== PATH) cursor = p.position.get(key)! + 1;
      }
    }
    let v = value(line, pos);
    if (v === FAIL) return undefined;
    pos = at;
    if (slot >= 0) {
      if (seen[slot] === stamp) return undefined;
      seen[slot] = stamp;
      if (v !== null) {
        if (typeof v === 'string' && p.isTime[slot] === 1) v = timeFromString(v) as Value;
        slots[slot] = v;
      }
    } else if (slot === PATH) {
      if (seen[pathSeen] === stamp) return undefined;
      seen[pathSeen] = stamp;
      if (!typed && v !== p.type) return undefined;
    } else if (slot === EXTRA) {
      if (key === '__proto__') return undefined;
      if (extraKeys === undefined) extraKeys = [key!];
      else if (extraKeys.includes(key!)) return undefined;
      else extraKeys.push(key!);
      if (v !== null) (extra ??= {})[key!] = v;
    } else return undefined; // DROP
    const c = line.charCodeAt(pos);
    if (c === 44) pos++;
    else if (c === 125 && pos === n - 1) break;
    else return undefined;
  }
  const record = p.compiled.build(slots);
  return record === undefined ? undefined : { record, extra };
}
