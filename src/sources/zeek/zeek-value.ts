// One Zeek TSV cell to a typed value, by the column's Zeek type (#types), with Zeek's escaping.
import { eveMicros } from '../eve/eve-time.js';

export interface TsvConventions {
  separator: string;
  setSeparator: string;
  emptyField: string;
  unsetField: string;
}

export const DEFAULT_TSV: TsvConventions = { separator: '\t', setSeparator: ',', emptyField: '(empty)', unsetField: '-' };

/**
 * The same text, not sharing memory with the line it was cut from. V8 makes a slice of 13 or more
 * characters a view of its parent string, so a value kept for months (a hostname in an entity
 * table) would keep its whole line alive; this copies such a slice (about 60 ns).
 */
export function own(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** Undoes Zeek's \xNN escaping. */
export function unescapeZeek(s: string): string {
  if (!s.includes('\\x')) return s;
  return s.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

export class ValueError extends Error {}

function scalar(type: string, s: string): unknown {
  switch (type) {
    case 'time':
    case 'interval':
    case 'double': {
      const n = Number(s);
      if (!Number.isFinite(n)) throw new ValueError(`"${s}" is not a number (${type})`);
      return n;
    }
    case 'count':
    case 'int':
    case 'port': {
      const n = Number(s);
      if (!Number.isInteger(n)) throw new ValueError(`"${s}" is not an integer (${type})`);
      return n;
    }
    case 'bool':
      if (s === 'T') return true;
      if (s === 'F') return false;
      throw new ValueError(`"${s}" is not T or F`);
    default:
      return own(unescapeZeek(s));
  }
}

export type CellParser = (cell: string) => unknown;

/** A parser for one column, decided once from its type (the hot path does no type dispatch). */
export function cellParser(type: string, c: TsvConventions): CellParser {
  const container = /^(set|vector|table)\[(.+)\]$/.exec(type);
  if (container) {
    const inner = container[2]!;
    return (cell) => (cell === c.unsetField ? undefined : cell === c.emptyField ? [] : cell.split(c.setSeparator).map((x) => scalar(inner, x)));
  }
  if (type === 'string' || type === 'enum') return (cell) => (cell === c.unsetField ? undefined : cell === c.emptyField ? '' : own(unescapeZeek(cell)));
  return (cell) => (cell === c.unsetField ? undefined : scalar(type, cell));
}

/**
 * Zeek's ISO 8601 time (JSON::TS_ISO8601: `2023-11-14T22:13:20.123456Z`) as epoch seconds, to the
 * microsecond (the same number the epoch form 1700000000.123456 gives), or undefined when the text
 * is not exactly that form (UTC, 0–9 fraction digits) with a date and time that exist.
 */
export function isoTime(s: string): number | undefined {
  const n = s.length;
  if (n < 20 || s.charCodeAt(n - 1) !== 90 /* Z */ || s.charCodeAt(10) !== 84 /* T */ || (n > 20 && (s.charCodeAt(19) !== 46 || n > 30))) return undefined;
  const us = eveMicros(s);
  if (us === undefined) return undefined;
  // eveMicros rolls 2023-02-30 and second 60 over; Date.parse, what other forms get, rejects them
  const two = (at: number) => (s.charCodeAt(at) - 48) * 10 + s.charCodeAt(at + 1) - 48;
  if (two(17) > 59 || new Date(Math.floor(us / 1e6) * 1000).getUTCDate() !== two(8)) return undefined;
  return us / 1e6;
}

/** A time column's text in a JSON log: Zeek's ISO 8601 form exactly, else whatever Date.parse makes of it; unchanged if neither. */
export function timeFromString(s: string): number | string {
  const t = isoTime(s);
  if (t !== undefined) return t;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? s : ms / 1000;
}

/** line.startsWith(text, pos), as a loop V8 inlines (the builtin call costs more than the compare). */
export function textAt(line: string, pos: number, text: string): boolean {
  const m = text.length;
  for (let i = 0; i < m; i++) if (line.charCodeAt(pos + i) !== text.charCodeAt(i)) return false;
  return true;
}

/** Exact powers of ten: m / POW10[k] with m < 2^53 and k ≤ 22 is the correctly rounded decimal (Clinger's fast case). */
export const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
export const TWO53 = 2 ** 53;
