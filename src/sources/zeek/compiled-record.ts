// A record schema (zod) compiled, once per observation type, into one generated function that
// checks and builds a record from its leaf values ("slots") in a single pass: the hot path of Zeek
// ingest, where zod's generic safeParse plus a flat → nested mapping per line cost more than the
// parsing itself.
//
// It does exactly what `schema.safeParse(record)` does for the constructs the observation schemas
// use (objects one level deep, optional, string, boolean, enum of strings, finite numbers with
// safe-integer and inclusive or exclusive bounds, arrays of those): the same values accepted, the
// same output (a new object in the schema's key order, unknown keys dropped). A schema with any
// other construct is not compiled (compileRecord returns null) and keeps going through zod. When
// the compiled check fails, the caller asks zod again, so quarantine reasons stay zod's own; the
// differential tests in compiled-record.test.ts hold the two together.
import type { z } from 'zod';

export interface CompiledRecord {
  /** leaf columns in slot order, with Zeek's dotted names (id.orig_h) */
  readonly columns: readonly string[];
  /** column name → slot */
  readonly slot: ReadonlyMap<string, number>;
  /** the record the schema would output for these leaf values, or undefined if it rejects them */
  build(slots: readonly unknown[]): Record<string, unknown> | undefined;
}

interface ZodDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  entries?: Record<string, unknown>;
  checks?: { _zod: { def: CheckDef } }[];
  catchall?: unknown;
}
interface CheckDef {
  check: string;
  format?: string;
  value?: unknown;
  inclusive?: boolean;
}

const defOf = (s: z.ZodType): ZodDef => (s as unknown as { _zod: { def: ZodDef } })._zod.def;

class Unsupported extends Error {}

/** The test of one scalar schema as a JS expression over `e`; enum sets go into `sets`. */
function scalarTest(s: z.ZodType, sets: ReadonlySet<string>[]): string {
  const d = defOf(s);
  switch (d.type) {
    case 'string':
      if (d.checks?.length) throw new Unsupported('string checks');
      return `typeof e === 'string'`;
    case 'boolean':
      if (d.checks?.length) throw new Unsupported('boolean checks');
      return `typeof e === 'boolean'`;
    case 'enum': {
      const values = Object.values(d.entries ?? {});
      if (d.checks?.length || !values.every((v) => typeof v === 'string')) throw new Unsupported('enum');
      sets.push(new Set(values as string[]));
      return `typeof e === 'string' && sets[${sets.length - 1}].has(e)`;
    }
    case 'number': {
      const parts = [`typeof e === 'number'`, `Number.isFinite(e)`];
      for (const c of d.checks ?? []) {
        const cd = c._zod.def;
        if (cd.check === 'number_format' && cd.format === 'safeint') parts.push('Number.isSafeInteger(e)');
        else if ((cd.check === 'greater_than' || cd.check === 'less_than') && typeof cd.value === 'number' && Number.isFinite(cd.value)) {
          parts.push(`e ${cd.check === 'greater_than' ? '>' : '<'}${cd.inclusive ? '=' : ''} ${cd.value}`);
        } else throw new Unsupported(`number check ${cd.check}`);
      }
      return parts.join(' && ');
    }
    default:
      throw new Unsupported(d.type);
  }
}

/** Statements that test the value of one slot and assign it to `${target}[key]`, or return undefined. */
function leafCode(s: z.ZodType, target: string, key: string, slot: number, sets: ReadonlySet<string>[]): string {
  let d = defOf(s);
  const optional = d.type === 'optional';
  if (optional) {
    s = d.innerType!;
    d = defOf(s);
  }
  let test: string;
  if (d.type === 'array') {
    if (d.checks?.length) throw new Unsupported('array checks');
    test = `if (!Array.isArray(v)) return undefined; for (let i = 0; i < v.length; i++) { e = v[i]; if (!(${scalarTest(d.element!, sets)})) return undefined; }`;
  } else test = `e = v; if (!(${scalarTest(s, sets)})) return undefined;`;
  return `v = s[${slot}]; if (v === undefined) { ${optional ? '' : 'return undefined;'} } else { ${test} ${target}[${JSON.stringify(key)}] = v; }`;
}

function checkKey(key: string): string {
  if (key === '__proto__' || key.includes('.')) throw new Unsupported(`key ${key}`);
  return key;
}

/** Compiles an object schema, or returns null when it uses a construct this compiler does not know. */
export function compileRecord(schema: z.ZodType): CompiledRecord | null {
  try {
    return compile(schema);
  } catch (err) {
    if (err instanceof Unsupported) return null;
    throw err;
  }
}

function compile(schema: z.ZodType): CompiledRecord {
  const top = defOf(schema);
  if (top.type !== 'object' || top.catchall !== undefined || top.checks?.length) throw new Unsupported('top');
  const columns: string[] = [];
  const sets: ReadonlySet<string>[] = [];
  const body: string[] = ['const r = {};', 'let v, e;'];
  for (const [key, field] of Object.entries(top.shape!)) {
    checkKey(key);
    let d = defOf(field);
    const optional = d.type === 'optional';
    if (optional) d = defOf(d.innerType!);
    if (d.type !== 'object') {
      body.push(leafCode(field, 'r', key, columns.length, sets));
      columns.push(key);
      continue;
    }
    // a nested record (conn_id): present when any of its columns has a value, as the flat → nested
    // mapping creates it then
    if (d.catchall !== undefined || d.checks?.length) throw new Unsupported('nested object');
    const first = columns.length;
    const inner: string[] = [];
    for (const [sub, subField] of Object.entries(d.shape!)) {
      checkKey(sub);
      if (defOf(subField).type === 'object' || (defOf(subField).type === 'optional' && defOf(defOf(subField).innerType!).type === 'object')) {
        throw new Unsupported('nesting deeper than one level');
      }
      inner.push(leafCode(subField, 'o', sub, columns.length, sets));
      columns.push(`${key}.${sub}`);
    }
    const present = columns.slice(first).map((_, i) => `s[${first + i}] !== undefined`).join(' || ') || 'false';
    body.push(`if (${present}) { const o = {}; ${inner.join(' ')} r[${JSON.stringify(key)}] = o; }${optional ? '' : ' else return undefined;'}`);
  }
  body.push('return r;');
  const build = new Function('sets', `return function build(s) { ${body.join('\n')} };`)(sets) as CompiledRecord['build'];
  return { columns, slot: new Map(columns.map((c, i) => [c, i])), build };
}
