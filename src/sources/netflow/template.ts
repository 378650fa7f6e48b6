// A template as learned from a template or options-template record, with every field resolved once
// (name, how to decode) so data records decode without lookups.
import { enterpriseFieldName, ianaElement, unknownFieldName, V9_SCOPE_NAMES, v9Element, type IeType } from './fields.js';

/** Field length that announces a variable-length field (IPFIX, and NetFlow v9 from H3C/Huawei). */
export const VARIABLE_LENGTH = 65535;

/** How a field's bytes become a value. */
export const Kind = {
  uint: 0,
  sint: 1,
  float32: 2,
  float64: 3,
  boolean: 4,
  mac: 5,
  hex: 6,
  text: 7,
  ipv4: 8,
  ipv6: 9,
  seconds: 10,
  milliseconds: 11,
  ntp: 12,
  /** paddingOctets (IANA 210): bytes to step over */
  skip: 13,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

export interface TemplateField {
  /** key of the value in the decoded field map */
  key: string;
  id: number;
  /** IPFIX private enterprise number; 0 for IANA / NetFlow v9 fields */
  pen: number;
  /** bytes per record, or VARIABLE_LENGTH */
  length: number;
  kind: Kind;
  scope: boolean;
}

export interface Template {
  version: 9 | 10;
  id: number;
  options: boolean;
  fields: TemplateField[];
  scopeCount: number;
  /** smallest record: fixed lengths plus one length byte per variable field */
  minLength: number;
  variable: boolean;
  /** the template record as sent (a copy), to recognise a re-sent template without rebuilding it */
  raw: Uint8Array;
}

export interface RawField {
  id: number;
  pen: number;
  length: number;
  scope: boolean;
}

function kindFor(type: IeType, length: number): Kind {
  const variable = length === VARIABLE_LENGTH;
  switch (type) {
    case 'unsigned8': case 'unsigned16': case 'unsigned32': case 'unsigned64':
      return !variable && length <= 8 ? Kind.uint : Kind.hex;
    case 'signed8': case 'signed16': case 'signed32': case 'signed64':
      return !variable && length <= 8 ? Kind.sint : Kind.hex;
    case 'float32': case 'float64':
      return length === 4 ? Kind.float32 : length === 8 ? Kind.float64 : Kind.hex;
    case 'boolean':
      return length === 1 ? Kind.boolean : Kind.hex;
    case 'macAddress':
      return length === 6 ? Kind.mac : Kind.hex;
    case 'string':
      return Kind.text;
    case 'ipv4Address':
      return length === 4 ? Kind.ipv4 : Kind.hex;
    case 'ipv6Address':
      return length === 16 ? Kind.ipv6 : Kind.hex;
    case 'dateTimeSeconds':
      return !variable && length <= 8 ? Kind.seconds : Kind.hex;
    case 'dateTimeMilliseconds':
      return !variable && length <= 8 ? Kind.milliseconds : Kind.hex;
    case 'dateTimeMicroseconds': case 'dateTimeNanoseconds':
      return length === 8 ? Kind.ntp : Kind.hex;
    default:
      return Kind.hex;
  }
}

/** RFC 5103 bidirectional flows: PEN 29305 marks the reverse direction of the IANA element. */
export const REVERSE_PEN = 29305;
const PADDING_OCTETS = 210;

function resolve(version: 9 | 10, f: RawField): { name: string; kind: Kind } {
  if (f.pen === REVERSE_PEN) {
    const spec = ianaElement(f.id);
    if (spec) return { name: `reverse${spec.name[0]!.toUpperCase()}${spec.name.slice(1)}`, kind: kindFor(spec.type, f.length) };
  }
  if (f.pen !== 0) return { name: enterpriseFieldName(f.pen, f.id), kind: Kind.hex };
  if (version === 9 && f.scope) {
    const scopeName = V9_SCOPE_NAMES[f.id];
    return { name: scopeName ?? `scope.${f.id}`, kind: f.length <= 8 ? Kind.uint : Kind.hex };
  }
  const spec = version === 9 ? v9Element(f.id) : ianaElement(f.id);
  if (!spec) return { name: unknownFieldName(f.id), kind: Kind.hex };
  if (spec.id === PADDING_OCTETS) return { name: spec.name, kind: Kind.skip };
  return { name: spec.name, kind: kindFor(spec.type, f.length) };
}

/** True when the bytes b[start, end) are exactly the template record `t` was built from. */
export function sameRecord(t: Template, b: Uint8Array, start: number, end: number): boolean {
  const raw = t.raw;
  if (raw.length !== end - start) return false;
  for (let i = 0; i < raw.length; i++) if (raw[i] !== b[start + i]) return false;
  return true;
}

/**
 * Builds a template from its raw fields (zero-length fields already removed by the caller) and
 * the bytes of its template record.
 * A name seen twice in one template gets a `#2`, `#3` … suffix so no value overwrites another.
 */
export function buildTemplate(version: 9 | 10, id: number, options: boolean, rawFields: RawField[], record: Uint8Array = new Uint8Array(0)): Template {
  const fields: TemplateField[] = [];
  const seen = new Map<string, number>();
  let minLength = 0;
  let variable = false;
  let scopeCount = 0;
  for (const f of rawFields) {
    const { name, kind } = resolve(version, f);
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    const key = n === 1 ? name : `${name}#${n}`;
    fields.push({ key, id: f.id, pen: f.pen, length: f.length, kind, scope: f.scope });
    if (f.length === VARIABLE_LENGTH) { variable = true; minLength += 1; } else minLength += f.length;
    if (f.scope) scopeCount++;
  }
  return { version, id, options, fields, scopeCount, minLength, variable, raw: record.slice() };
}
