// How a condition compares a value with its threshold. Values read from observations can be lists
// (a Kerberos reply's cipher list, a certificate's SANs): a positive test (=, in, matches, >…) holds
// when any element passes, a negative one (!=, not-in) when no element fails it.
import type { Condition } from './model-schema.js';

export type Value = number | string | boolean | undefined | readonly (string | number)[];
type Scalar = number | string | boolean;

export function compare(v: Value, op: Condition['op'], ref: Condition['value']): boolean {
  if (op === 'exists') return (v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)) === (ref === true || ref === 'true');
  // an absent value is unequal to anything, and in no list
  if (v === undefined) return op === '!=' || op === 'not-in';
  if (Array.isArray(v)) {
    if (op === '!=' || op === 'not-in') return v.every((x) => compareScalar(x, op, ref));
    return v.some((x) => compareScalar(x, op, ref));
  }
  return compareScalar(v as Scalar, op, ref);
}

function compareScalar(v: Scalar, op: Condition['op'], ref: Condition['value']): boolean {
  switch (op) {
    case 'exists':
      return true; // decided in compare()
    case '>':
      return typeof v === 'number' && v > Number(ref);
    case '>=':
      return typeof v === 'number' && v >= Number(ref);
    case '<':
      return typeof v === 'number' && v < Number(ref);
    case '<=':
      return typeof v === 'number' && v <= Number(ref);
    case '=':
      return v === ref || String(v) === String(ref);
    case '!=':
      return !(v === ref || String(v) === String(ref));
    case 'in':
      return Array.isArray(ref) && ref.includes(String(v));
    case 'not-in':
      return Array.isArray(ref) && !ref.includes(String(v));
    case 'matches':
      return Array.isArray(ref) ? ref.some((p) => wildcard(p).test(String(v))) : typeof ref === 'string' && wildcard(ref).test(String(v));
  }
}

const wildcards = new Map<string, RegExp>();
/** `*.example.com`, `*sqlmap*`: `*` is any run of characters, case-insensitive, whole value. */
export function wildcard(p: string): RegExp {
  let re = wildcards.get(p);
  if (!re) wildcards.set(p, (re = new RegExp(`^${p.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i')));
  return re;
}
