// Zeek's two log encodings: JSON lines (field names as Zeek's JSON writer, unset fields left out)
// and TSV with Zeek's header lines (escaping, "-" for unset, "(empty)" for empty sets).
import { fieldValue, type ZeekField } from './zeek-fields.js';

function jsonValue(f: ZeekField, v: unknown): string {
  if (f.type === 'time' || f.type === 'interval') return (v as number).toFixed(6);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (f.type === 'vector[interval]') return '[' + (v as number[]).map((x) => x.toFixed(6)).join(',') + ']';
  return JSON.stringify(v);
}

export function toZeekJson(fields: ZeekField[], rec: Record<string, unknown>): string {
  let s = '{';
  let first = true;
  for (const f of fields) {
    const v = fieldValue(rec, f.name);
    if (v === undefined || v === null) continue;
    s += (first ? '"' : ',"') + f.name + '":' + jsonValue(f, v);
    first = false;
  }
  return s + '}';
}

/** Escapes a TSV value as Zeek does: separators and non-printable bytes as \xNN. */
export function escapeTsv(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c === 0x5c) out += c === 0x5c ? '\\\\' : '\\x' + c.toString(16).padStart(2, '0');
    else out += s[i];
  }
  return out;
}

function tsvValue(f: ZeekField, v: unknown): string {
  if (v === undefined || v === null) return '-';
  switch (f.type) {
    case 'time':
    case 'interval':
      return (v as number).toFixed(6);
    case 'bool':
      return v ? 'T' : 'F';
    case 'set[string]':
    case 'vector[string]':
    case 'set[addr]':
    case 'vector[addr]':
    case 'set[enum]':
    case 'set[count]':
    case 'vector[count]':
    case 'vector[interval]': {
      const a = v as (string | number)[];
      const item = (x: string | number) => (typeof x === 'number' ? (f.type === 'vector[interval]' ? x.toFixed(6) : String(x)) : escapeTsv(x).replace(/,/g, '\\x2c'));
      return a.length ? a.map(item).join(',') : '(empty)';
    }
    case 'string':
    case 'enum': {
      const s = String(v);
      return s === '' ? '(empty)' : s === '-' ? '\\x2d' : escapeTsv(s);
    }
    default:
      return String(v);
  }
}

export function toZeekTsv(fields: ZeekField[], rec: Record<string, unknown>): string {
  let s = '';
  for (let i = 0; i < fields.length; i++) {
    if (i) s += '\t';
    s += tsvValue(fields[i]!, fieldValue(rec, fields[i]!.name));
  }
  return s;
}

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}-${p(d.getUTCHours())}-${p(d.getUTCMinutes())}-${p(d.getUTCSeconds())}`;
}

export function zeekTsvHeader(path: string, fields: ZeekField[], opened: Date): string {
  return [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    `#path\t${path}`,
    `#open\t${stamp(opened)}`,
    `#fields\t${fields.map((f) => f.name).join('\t')}`,
    `#types\t${fields.map((f) => f.type).join('\t')}`,
  ].join('\n') + '\n';
}

export function zeekTsvFooter(closed: Date): string {
  return `#close\t${stamp(closed)}\n`;
}
