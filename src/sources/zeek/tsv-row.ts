// The fast path for one Zeek TSV row: cells found with indexOf and decoded in place by their
// column's type (numbers read from the line without a string per cell), straight into the slots of
// the compiled schema check. Like the JSON scanner it never decides that a row is bad: a row with
// the wrong number of columns, or a cell its column's parser rejects, or a record the schema
// rejects, returns undefined and the reference path (split, cellParser, tsvToRecord, zod) takes
// the row and quarantines it with its reason. Values are the ones cellParser gives.
import type { CompiledRecord } from './compiled-record.js';
import { cellParser, own, POW10, textAt, TWO53, unescapeZeek, type CellParser, type TsvConventions } from './zeek-value.js';

const K_STRING = 0; // string, enum: unset → absent, empty → '', else unescaped
const K_TEXT = 1; // addr, subnet, …: unset → absent, else unescaped
const K_INT = 2; // count, int, port
const K_REAL = 3; // time, interval, double
const K_BOOL = 4;
const K_OTHER = 5; // sets, vectors: cellParser

/** a column not in the layout: an extra attribute */
export const TSV_EXTRA = -1;
/** a layout column the schema does not have: dropped, as zod drops it */
export const TSV_DROP = -2;

export interface TsvRowPlan {
  readonly conv: TsvConventions;
  readonly names: readonly string[];
  readonly kinds: Uint8Array;
  readonly parsers: readonly CellParser[];
  /** TSV column → slot, TSV_EXTRA or TSV_DROP */
  readonly colSlot: Int32Array;
  readonly compiled: CompiledRecord;
  readonly slots: unknown[];
}

function kindOf(type: string): number {
  if (/^(set|vector|table)\[/.test(type)) return K_OTHER;
  switch (type) {
    case 'string':
    case 'enum':
      return K_STRING;
    case 'count':
    case 'int':
    case 'port':
      return K_INT;
    case 'time':
    case 'interval':
    case 'double':
      return K_REAL;
    case 'bool':
      return K_BOOL;
    default:
      return K_TEXT;
  }
}

/** The plan for one header, or null when the separator is empty (split('') semantics: reference path). */
export function tsvRowPlan(names: readonly string[], types: readonly string[], conv: TsvConventions, compiled: CompiledRecord, colSlot: Int32Array): TsvRowPlan | null {
  if (conv.separator === '') return null;
  const t = names.map((_, i) => types[i] ?? 'string');
  return { conv: { ...conv }, names, kinds: Uint8Array.from(t, kindOf), parsers: t.map((x) => cellParser(x, conv)), colSlot, compiled, slots: new Array<unknown>(compiled.columns.length).fill(undefined) };
}

/** `-?digits(.digits)?` from..to as Number() reads it (correctly rounded), or NaN for anything else. */
function decimal(s: string, from: number, to: number): number {
  let i = from;
  const neg = s.charCodeAt(i) === 45;
  if (neg) i++;
  if (i >= to) return NaN;
  let m = 0;
  let scale = 0;
  let c = s.charCodeAt(i);
  while (i < to && c >= 48 && c <= 57) {
    m = m * 10 + (c - 48);
    c = s.charCodeAt(++i);
  }
  if (i < to) {
    if (c !== 46 || i === from + (neg ? 1 : 0) || i + 1 >= to) return NaN;
    c = s.charCodeAt(++i);
    while (i < to && c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      scale++;
      c = s.charCodeAt(++i);
    }
    if (i < to) return NaN;
  }
  if (m >= TWO53 || scale > 22) return NaN;
  const v = scale === 0 ? m : m / POW10[scale]!;
  return neg ? -v : v;
}

/** The record and extra attributes of one row, as the reference path makes them, or undefined to leave the row to it. */
export function decodeTsvRow(line: string, p: TsvRowPlan): { record: Record<string, unknown>; extra: Record<string, unknown> | undefined } | undefined {
  const { separator: sep, unsetField: unset, emptyField: empty } = p.conv;
  const kinds = p.kinds;
  const colSlot = p.colSlot;
  const slots = p.slots;
  const cols = kinds.length;
  const n = line.length;
  slots.fill(undefined);
  let extra: Record<string, unknown> | undefined;
  let pos = 0;
  try {
    for (let i = 0; i < cols; i++) {
      let end = line.indexOf(sep, pos);
      if (i === cols - 1) {
        if (end >= 0) return undefined; // more columns than the header
        end = n;
      } else if (end < 0) return undefined; // fewer
      const len = end - pos;
      let v: unknown;
      if (len === unset.length && textAt(line, pos, unset)) v = undefined;
      else {
        switch (kinds[i]) {
          case K_STRING:
            if (len === empty.length && textAt(line, pos, empty)) v = '';
            else {
              const cell = line.slice(pos, end);
              v = cell.includes('\\x') ? unescapeZeek(cell) : own(cell);
            }
            break;
          case K_TEXT: {
            const cell = line.slice(pos, end);
            v = cell.includes('\\x') ? unescapeZeek(cell) : own(cell);
            break;
          }
          case K_INT: {
            const x = decimal(line, pos, end);
            v = Number.isInteger(x) ? x : p.parsers[i]!(line.slice(pos, end));
            break;
          }
          case K_REAL: {
            const x = decimal(line, pos, end);
            v = x === x ? x : p.parsers[i]!(line.slice(pos, end));
            break;
          }
          case K_BOOL: {
            const c = len === 1 ? line.charCodeAt(pos) : 0;
            v = c === 84 ? true : c === 70 ? false : p.parsers[i]!(line.slice(pos, end));
            break;
          }
          default:
            v = p.parsers[i]!(line.slice(pos, end));
        }
      }
      if (v !== undefined) {
        const j = colSlot[i]!;
        if (j >= 0) slots[j] = v;
        else if (j === TSV_EXTRA) (extra ??= {})[p.names[i]!] = v;
      }
      pos = end + sep.length;
    }
  } catch {
    return undefined; // a cell its parser rejects: the reference path says why
  }
  const record = p.compiled.build(slots);
  return record === undefined ? undefined : { record, extra };
}
