// The fast paths (JSON scanner, compiled checks, TSV slots, line splitting on bytes) against the
// reference path (whole-text decoding, JSON.parse, flat → nested mapping, zod), on hostile input:
// the same observations (values, -0, key order), the same quarantined lines with the same reasons,
// the same summary, the same error.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../net/prng.js';
import { InputFormatError } from '../../schema/errors.js';
import { ZEEK_LAYOUTS } from '../../schema/layouts.js';
import type { Observation } from '../../schema/observation.js';
import type { QuarantinedLine } from '../../schema/quarantine.js';
import type { ZeekType } from '../../schema/zeek-layout.js';
import { readZeekLines, readZeekLog, zeekLineHandler, type ZeekReadOptions } from './read-zeek-log.js';
import { isoTime } from './zeek-value.js';
import { compileRecord } from './compiled-record.js';
import { decodeJsonLine, jsonPlan, leadingPath, type JsonPlan } from './json-line.js';
import { decodeTsvRow, tsvRowPlan } from './tsv-row.js';
import { DEFAULT_TSV } from './zeek-value.js';
import { OBSERVATION_SCHEMAS } from '../../schema/registry.js';

const plans = new Map<string, JsonPlan>();
/** whether the JSON scanner itself takes the line (not the reference path) */
function scannerTakes(line: string): boolean {
  const type = leadingPath(line);
  if (!type || !(type in ZEEK_LAYOUTS)) return false;
  let p = plans.get(type);
  if (!p) plans.set(type, (p = jsonPlan(type, ZEEK_LAYOUTS[type as keyof typeof ZEEK_LAYOUTS], compileRecord(OBSERVATION_SCHEMAS[type as keyof typeof OBSERVATION_SCHEMAS])!)));
  return decodeJsonLine(line, p, false) !== undefined;
}

interface Outcome {
  obs: Observation[];
  q: QuarantinedLine[];
  summary: unknown;
  error?: string;
}

/** The fast paths, the input cut into chunks at the given places. */
async function fast(b: Buffer, cuts: number[], type?: string): Promise<Outcome> {
  const out: Outcome = { obs: [], q: [], summary: undefined };
  const chunks: Buffer[] = [];
  let from = 0;
  for (const c of [...cuts.filter((c) => c > 0 && c < b.length)].sort((x, y) => x - y)) {
    chunks.push(b.subarray(from, c));
    from = c;
  }
  chunks.push(b.subarray(from));
  try {
    const s = await readZeekLines(Readable.from(chunks), 'fuzz.log', { onObservation: (o) => out.obs.push(o), onQuarantine: (x) => out.q.push(x), type });
    out.summary = { ...s, unsupported: [...s.unsupported] };
  } catch (err) {
    if (!(err instanceof InputFormatError)) throw err;
    out.error = err.message;
  }
  return out;
}

/** The reference: the whole input decoded at once and split (as before), only the reference path. */
function reference(b: Buffer, type?: string): Outcome {
  const out: Outcome = { obs: [], q: [], summary: undefined };
  const opts: ZeekReadOptions = { onObservation: (o) => out.obs.push(o), onQuarantine: (x) => out.q.push(x), type, referencePath: true };
  const h = zeekLineHandler('fuzz.log', opts);
  const lines = b.toString('utf8').split('\n');
  try {
    lines.forEach((l, i) => {
      if (i === lines.length - 1 && l === '') return;
      h.line(l.endsWith('\r') ? l.slice(0, -1) : l);
    });
    out.summary = { ...h.summary, unsupported: [...h.summary.unsupported] };
  } catch (err) {
    if (!(err instanceof InputFormatError)) throw err;
    out.error = err.message;
  }
  return out;
}

/** the observations as text that shows -0, undefined, non-finite numbers, key order and prototypes */
function dump(o: unknown): string {
  return JSON.stringify(o, function (this: unknown, _k, v: unknown) {
    if (v === undefined) return '<undefined>';
    if (Object.is(v, -0)) return '<-0>';
    if (typeof v === 'number' && !Number.isFinite(v)) return `<${v}>`;
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype) return { '<proto>': String(Object.getPrototypeOf(v)), ...v };
    return v;
  });
}

async function agree(b: Buffer, r: () => number, type?: string): Promise<Outcome> {
  const cuts = Array.from({ length: Math.floor(r() * 4) }, () => Math.floor(r() * b.length));
  const got = await fast(b, cuts, type);
  const want = reference(b, type);
  expect(got.error).toBe(want.error);
  expect(got.q).toEqual(want.q);
  expect(dump(got.obs)).toBe(dump(want.obs));
  expect(got.summary).toEqual(want.summary);
  return got;
}

const SAMPLE: Record<ZeekType, unknown> = {
  time: 1700000000.123456, string: 'abc', addr: '10.0.0.1', port: 443, enum: 'tcp', interval: 0.25, count: 7, bool: true, int: -3,
  double: 1.5, subnet: '10.0.0.0/8', 'set[string]': ['a', 'b'], 'vector[string]': ['a'], 'set[addr]': ['10.0.0.1', '10.0.0.2'],
  'vector[addr]': ['10.0.0.3'], 'vector[interval]': [1.5, 30], 'vector[count]': [1, 2], 'set[count]': [3], 'set[enum]': ['X'],
};
const OVERRIDE: Record<string, unknown> = { conn_state: 'SF' };

/** one valid-looking JSON line per log type, as [key, value text] pairs */
function seeds(): [string, [string, string][]][] {
  return Object.entries(ZEEK_LAYOUTS).map(([type, layout]) => [
    type,
    [['_path', JSON.stringify(type)], ...layout.map((f): [string, string] => [f.name, JSON.stringify(OVERRIDE[f.name] ?? SAMPLE[f.type])])],
  ]);
}

const deep = (open: string, close: string, n: number) => open.repeat(n) + '1' + close.repeat(n);
const HOSTILE = [
  '-0', '0', '-0.0', '1e999', '-1e999', '1E2', '1e-7', '2.5e+3', '123456789012345678901234567890', '9007199254740993', '9007199254740992',
  '9007199254740991', '0.1', '0.30000000000000004', '1700000000.0864', '4.35', '00', '01', '-', '1.', '.5', '+1', 'NaN', 'Infinity', 'true',
  'false', 'null', 'nul', '"x"', '""', '"\\u0041"', '"é"', '"日本"', '"\\ud800"', '"a\\"b"', '"\t"', '"2023-11-14T22:13:20.123456Z"',
  '"2023-11-14T22:13:20Z"', '"2024-02-29T23:59:59.999999999Z"', '"2023-02-30T00:00:00Z"', '"2023-11-14T22:13:20.5+01:00"', '"1"',
  '"1700000000"', '[]', '[1]', '[1,2.5]', '["a",null]', '["a","b"]', '[[]]', '[ ]', '{}', '{"orig_h":"x"}', deep('[', ']', 40),
  deep('{"a":', '}', 40), '65535', '65536', '-1', '255', '256', '1.7976931348623157e309', '5e-324', '"SF"', '"tcp"', '"REJ"',
];
const KEYS_EXTRA = ['site', '__proto__', 'constructor', '', 'id', 'id.orig_h', 'id.other', '1', 'ts', '_path', 'id.orig\\u005fh', 'uid'];

function mutateJson(r: () => number, pairs: [string, string][]): string {
  const p = pairs.map((x) => [...x] as [string, string]);
  const pick = () => Math.floor(r() * p.length);
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    const k = r();
    if (k < 0.45) p[pick()]![1] = HOSTILE[Math.floor(r() * HOSTILE.length)]!;
    else if (k < 0.55) p.splice(pick(), 0, [p[pick()]![0], HOSTILE[Math.floor(r() * HOSTILE.length)]!]); // duplicate key
    else if (k < 0.65) p.splice(pick(), 1);
    else if (k < 0.75) p.splice(pick(), 0, [KEYS_EXTRA[Math.floor(r() * KEYS_EXTRA.length)]!, HOSTILE[Math.floor(r() * HOSTILE.length)]!]);
    else if (k < 0.8) p.push(p.splice(pick(), 1)[0]!);
    else if (k < 0.85 && p.length) {
      const e = p[pick()]!;
      e[1] = JSON.stringify(e[1]); // the value's text as a string: a wrong type, or a time as text
    }
  }
  let text = '{' + p.map(([k, v]) => `${k.includes('\\') ? `"${k}"` : JSON.stringify(k)}:${v}`).join(',') + '}';
  const k = r();
  if (k < 0.05) text = text.replace(',', ', ');
  else if (k < 0.08) text = ' ' + text;
  else if (k < 0.11) text += ' ';
  else if (k < 0.14) text = text.slice(0, Math.floor(r() * text.length)); // truncated
  else if (k < 0.16) text = '{}';
  return text;
}

function mutateBytes(r: () => number, b: Buffer): Buffer {
  const n = Math.floor(r() * 3);
  for (let i = 0; i < n; i++) b[Math.floor(r() * b.length)] = [0xff, 0xc3, 0xe6, 0x80, 0x22, 0x5c, 0x00, 0x0d][Math.floor(r() * 8)]!;
  return b;
}

describe('Zeek JSON fast path', () => {
  it('accepts the valid-looking seed of every log type', async () => {
    const text = seeds().map(([, pairs]) => '{' + pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',') + '}').join('\n') + '\n';
    const got = await agree(Buffer.from(text), mulberry32(1));
    expect(got.q).toEqual([]);
    expect(text.trim().split('\n').filter((l) => !scannerTakes(l))).toEqual([]);
    expect(got.obs.length).toBeGreaterThan(20);
  });

  it('agrees with the reference path on 6,000 mutated lines', async () => {
    const r = mulberry32(20261124);
    const all = seeds();
    let fastLines = 0;
    let accepted = 0;
    for (let round = 0; round < 300; round++) {
      const lines: string[] = [];
      for (let i = 0; i < 20; i++) {
        const [type, pairs] = all[Math.floor(r() * all.length)]!;
        const x = r();
        // some lines without _path, or with another type's
        const p = x < 0.1 ? pairs.slice(1) : x < 0.15 ? [['_path', '"dns"'] as [string, string], ...pairs.slice(1)] : pairs;
        lines.push(r() < 0.2 ? '{' + p.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',') + '}' : mutateJson(r, p));
        if (type === 'conn' && r() < 0.05) lines.push('');
      }
      fastLines += lines.filter(scannerTakes).length;
      const text = Buffer.from(lines.join(r() < 0.1 ? '\r\n' : '\n') + (r() < 0.8 ? '\n' : ''));
      accepted += (await agree(r() < 0.3 ? mutateBytes(r, text) : text, r, r() < 0.1 ? 'conn' : undefined)).obs.length;
    }
    // both paths were exercised: about a third of the lines stay valid, most of those taken by the scanner
    expect(accepted).toBeGreaterThan(1500);
    expect(fastLines).toBeGreaterThan(1200);
  });

  it('quarantines deep nesting instead of overflowing the stack', async () => {
    const d = 200_000;
    const lines = [
      '{"_path":"conn","x":' + '{"a":'.repeat(d) + '1' + '}'.repeat(d) + '}',
      '{"_path":"conn","x":' + '['.repeat(d) + ']'.repeat(d) + '}',
      '{"_path":"dns","answers":' + '['.repeat(d) + ']'.repeat(d) + '}',
    ];
    const got = await fast(Buffer.from(lines.join('\n') + '\n'), []);
    expect(got.obs).toEqual([]);
    expect(got.q.map((q) => q.line)).toEqual([1, 2, 3]);
    expect(got.q[0]!.reason).toMatch(/nested more than 16 deep/);
    expect(got.q[1]!.reason).toMatch(/nested more than 16 deep/);
  });

  const CONN = { _path: 'conn', ts: 1700000000.5, uid: 'Cu', 'id.orig_h': '10.0.0.1', 'id.orig_p': 1, 'id.resp_h': '10.0.0.2', 'id.resp_p': 80, proto: 'tcp', conn_state: 'SF', missed_bytes: 0, orig_pkts: 1, orig_ip_bytes: 40, resp_pkts: 1, resp_ip_bytes: 40 };
  const line = (extra: string) => JSON.stringify(CONN).slice(0, -1) + extra + '}';

  it('quarantines huge numbers and wrong types with the schema reason', async () => {
    const got = await agree(Buffer.from([line(',"orig_bytes":1e999'), line(',"orig_bytes":123456789012345678901234567890'), line(',"orig_bytes":9007199254740992'), line(',"duration":1e999'), line(',"orig_bytes":"5"'), line(',"local_orig":"T"'), line(',"tunnel_parents":"Cx"'), line(',"orig_bytes":-0')].join('\n') + '\n'), mulberry32(2));
    expect(got.q.map((q) => q.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(got.q[0]!.reason).toMatch(/orig_bytes/);
    expect(got.q[4]!.reason).toMatch(/orig_bytes: Invalid input: expected number, received string/);
    expect(Object.is((got.obs[0]!.record as Record<string, unknown>).orig_bytes, -0)).toBe(true);
  });

  it('takes the last of duplicate keys, as JSON.parse does', async () => {
    const got = await agree(Buffer.from([line(',"orig_bytes":5,"orig_bytes":7'), line(',"orig_bytes":5,"orig_bytes":null'), line(',"site":"a","site":"b"')].join('\n') + '\n'), mulberry32(3));
    expect(got.q).toEqual([]);
    expect(got.obs[0]!.type === 'conn' && got.obs[0]!.record.orig_bytes).toBe(7);
    expect(got.obs[1]!.record).not.toHaveProperty('orig_bytes');
    expect(got.obs[2]!.extra).toEqual({ site: 'b' });
  });

  it('decodes invalid UTF-8 as U+FFFD wherever the chunks are cut, and keeps line numbers', async () => {
    const b = Buffer.from([line(',"history":"S\u00e9"'), '{broken', line(',"history":"Sh"')].join('\n') + '\n', 'utf8');
    const at = b.indexOf(0xc3);
    b[at] = 0xff; // an invalid lead byte
    for (let cut = at - 2; cut <= at + 3; cut++) {
      const got = await fast(b, [cut]);
      expect(got.obs.map((o) => o.type === 'conn' && o.record.history)).toEqual(['S\ufffd\ufffd', 'Sh']);
      expect(got.q.map((q) => q.line)).toEqual([2]);
    }
    await agree(b, mulberry32(4));
  });

  it('quarantines a truncated last line with its number', async () => {
    const text = line('') + '\n' + line('').slice(0, 60);
    const got = await agree(Buffer.from(text), mulberry32(5));
    expect(got.obs).toHaveLength(1);
    expect(got.q.map((q) => [q.line, q.reason.slice(0, 8)])).toEqual([[2, 'not JSON']]);
  });

  it('reads ISO 8601 times to the microsecond, as the epoch form gives them', async () => {
    expect(isoTime('2023-11-14T22:13:20.123456Z')).toBe(1700000000.123456);
    expect(isoTime('2023-11-14T22:13:20Z')).toBe(1700000000);
    expect(isoTime('2023-11-14T22:13:20.0864Z')).toBe(Number('1700000000.0864'));
    expect(isoTime('1969-12-31T23:59:59.5Z')).toBe(-0.5);
    expect(isoTime('2023-02-29T00:00:00Z')).toBeUndefined();
    expect(isoTime('2023-11-14T22:13:20.5+01:00')).toBeUndefined();
    const { obs } = await fast(Buffer.from(JSON.stringify({ ...CONN, ts: '2023-11-14T22:13:20.123456Z' }) + '\n'), []);
    expect(obs[0]!.record.ts).toBe(1700000000.123456);
  });
});

/** one TSV file per log type: header from the layout, one valid-looking row */
function tsvSeeds(): [string, string[], string[]][] {
  const cell = (v: unknown): string => (Array.isArray(v) ? (v.length ? v.join(',') : '(empty)') : typeof v === 'boolean' ? (v ? 'T' : 'F') : String(v));
  return Object.entries(ZEEK_LAYOUTS).map(([type, layout]) => [type, layout.map((f) => `${f.name}\t${f.type}`), layout.map((f) => cell(OVERRIDE[f.name] ?? SAMPLE[f.type]))]);
}
const TSV_HOSTILE = ['-', '(empty)', 'NA', 'E', 'a;b', '1;2', '', ' 5', '5 ', '0x10', '1e3', '-0', '65535', '65536', '-1', 'Infinity', 'NaN', 'T', 'F', 't', 'x', '\\x41', 'a,b', ',', '1.5', '9007199254740993', '1e999', 'SF', 'tcp', '-,-', '\\x2d'];

describe('Zeek TSV fast path', () => {
  it('takes the valid-looking row of every log type itself', () => {
    for (const [type, cols, row] of tsvSeeds()) {
      const names = cols.map((c) => c.split('\t')[0]!);
      const compiled = compileRecord(OBSERVATION_SCHEMAS[type as keyof typeof OBSERVATION_SCHEMAS])!;
      const plan = tsvRowPlan(names, cols.map((c) => c.split('\t')[1]!), DEFAULT_TSV, compiled, Int32Array.from(names, (n) => compiled.slot.get(n)!))!;
      expect(decodeTsvRow(row.join('\t'), plan), type).toBeDefined();
    }
  });

  it('agrees with the reference path on 6,000 mutated rows', async () => {
    const r = mulberry32(20261125);
    const all = tsvSeeds();
    for (let round = 0; round < 300; round++) {
      const [type, cols, row] = all[Math.floor(r() * all.length)]!;
      const names = cols.map((c) => c.split('\t')[0]!);
      const types = cols.map((c) => c.split('\t')[1]!);
      if (r() < 0.2) {
        names.push(r() < 0.5 ? 'site' : names[0]!); // an unknown column, or a duplicate one
        types.push('string');
        row.push('x');
      }
      // Zeek's conventions, or a site's own (#unset_field NA, #empty_field E, a set separator ';')
      const own = r() < 0.3;
      const head = ['#separator \\x09', `#set_separator\t${own ? ';' : ','}`, `#empty_field\t${own ? 'E' : '(empty)'}`, `#unset_field\t${own ? 'NA' : '-'}`, `#path\t${type}`, `#fields\t${names.join('\t')}`, `#types\t${types.join('\t')}`];
      const rows: string[] = [];
      for (let i = 0; i < 20; i++) {
        const cells = row.slice();
        for (let j = Math.floor(r() * 3); j > 0; j--) cells[Math.floor(r() * cells.length)] = TSV_HOSTILE[Math.floor(r() * TSV_HOSTILE.length)]!;
        rows.push(cells.join('\t'));
      }
      const text = Buffer.from([...head, ...rows, '#close\t2024'].join('\n') + '\n');
      await agree(r() < 0.2 ? mutateBytes(r, text) : text, r);
    }
  });

  it('accepts a header line with a stray tab before #separator', async () => {
    const head = ['\t#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\tconn', '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tconn_state\tmissed_bytes\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes', '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tcount\tcount\tcount\tcount\tcount'];
    const got = await agree(Buffer.from([...head, '1.5\tCa\t10.0.0.1\t1\t10.0.0.2\t80\ttcp\tSF\t0\t1\t40\t1\t40'].join('\n') + '\n'), mulberry32(6));
    expect(got.q).toEqual([]);
    expect(got.obs).toHaveLength(1);
  });
});

describe('pre-Zeek-5 files.log', () => {
  it('maps tx_hosts, rx_hosts and conn_uids to uid and id (JSON)', async () => {
    const lines = [
      { _path: 'files', ts: 29.86, fuid: 'Fa', tx_hosts: ['147.32.80.7'], rx_hosts: ['10.0.2.15'], conn_uids: ['Cx', 'Cy'], source: 'HTTP', is_orig: false, seen_bytes: 593 },
      { _path: 'files', ts: 30, fuid: 'Fb', tx_hosts: ['10.0.2.15'], rx_hosts: ['147.32.80.7'], conn_uids: ['Cz'], is_orig: true },
      { _path: 'files', ts: 31, fuid: 'Fc', tx_hosts: [], rx_hosts: [], conn_uids: [] },
    ];
    const got = await agree(Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n') + '\n'), mulberry32(7));
    expect(got.obs).toHaveLength(2);
    const [a, b] = got.obs;
    expect(a!.record).toMatchObject({ fuid: 'Fa', uid: 'Cx', id: { orig_h: '10.0.2.15', orig_p: 0, resp_h: '147.32.80.7', resp_p: 0 } });
    expect(a!.extra).toEqual({ tx_hosts: ['147.32.80.7'], rx_hosts: ['10.0.2.15'], conn_uids: ['Cx', 'Cy'] });
    expect(b!.record).toMatchObject({ uid: 'Cz', id: { orig_h: '10.0.2.15', resp_h: '147.32.80.7' } });
    expect(got.q.map((q) => q.line)).toEqual([3]); // no hosts: no connection to name
  });

  const SLIPS = path.resolve(process.cwd(), '../shared/data/slips');
  it.skipIf(!existsSync(SLIPS))('reads the old layout in the shared Zeek directories (JSON and TSV), and the stray-tab conn.log', async () => {
    const read = async (f: string) => {
      const q: QuarantinedLine[] = [];
      const obs: Observation[] = [];
      const s = await readZeekLog(path.join(SLIPS, f), { onObservation: (o) => obs.push(o), onQuarantine: (x) => q.push(x) });
      return { s, q, obs };
    };
    const t9 = await read('test9-mixed-zeek-dir/files.log');
    expect(t9.q).toEqual([]);
    expect(t9.s.records).toBe(936);
    expect(t9.obs[0]!.record).toMatchObject({ ts: 29.869534, fuid: 'FqhaAy4xsmJ3AR63A3', uid: 'CAeDWs37BipkfP21u9', id: { orig_h: '10.0.2.15', resp_h: '147.32.80.7' } });
    const t10 = await read('test10-mixed-zeek-dir/files.log');
    expect(t10.q).toEqual([]);
    expect(t10.obs[0]!.record).toMatchObject({ fuid: 'FRBu481kCfyF0aScA1', uid: 'CYetmM3b29tLNkUk42', id: { orig_h: '147.32.83.156', resp_h: '3.232.121.231' } });
    const conn = await read('test10-mixed-zeek-dir/conn.log');
    expect(conn.q).toEqual([]);
    expect(conn.s.records).toBe(141);
  });
});
