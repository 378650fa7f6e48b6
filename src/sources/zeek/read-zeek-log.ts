// Reads one Zeek log file (TSV with #fields/#types headers, or JSON lines; plain or gzip) into
// observations. Lines that cannot be used go to quarantine with the reason; a file that is not a
// Zeek log at all is stopped by its error budget with one clear message.
//
// Two paths with one meaning. The reference path (JSON.parse or split + cellParser, the flat →
// nested mapping of columns.ts, zod) decides every line it sees. The fast paths (json-line.ts,
// tsv-row.ts, with the per-type compiled schema check of compiled-record.ts) take the common lines
// and give exactly the records the reference path would; any line they cannot take that way they
// hand to the reference path, which accepts or quarantines it. fast-path.test.ts holds the two
// together on hostile input. Pre-Zeek-5 files.log lines are upgraded there (legacy-files.ts).
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputFormatError } from '../../schema/errors.js';
import type { Observation } from '../../schema/observation.js';
import { MAX_QUARANTINE_RAW, type QuarantinedLine } from '../../schema/quarantine.js';
import { isObservationType, OBSERVATION_SCHEMAS } from '../../schema/registry.js';
import type { ObservationType } from '../../schema/observation.js';
import type { ZeekField } from '../../schema/zeek-layout.js';
import { jsonToRecord, tsvToRecord, type Mapped } from './columns.js';
import { ZEEK_LAYOUTS } from '../../schema/layouts.js';
import { compileRecord, type CompiledRecord } from './compiled-record.js';
import { decodeJsonLine, jsonPlan, leadingPath, type JsonPlan } from './json-line.js';
import { upgradeLegacyFiles } from './legacy-files.js';
import { decodeTsvRow, TSV_DROP, TSV_EXTRA, tsvRowPlan, type TsvRowPlan } from './tsv-row.js';
import { cellParser, DEFAULT_TSV, ValueError, type CellParser, type TsvConventions } from './zeek-value.js';

/** Lines examined before a file whose every line failed is declared not a Zeek log. */
export const ERROR_BUDGET_PROBE = 100;
/** A line longer than this is quarantined (cut) rather than buffered without limit. */
export const MAX_LINE = 1 << 20;
/** Past the probe, a file stops when more than this share of its lines failed. */
export const ERROR_BUDGET_RATIO = 0.5;

export interface ZeekReadOptions {
  onObservation(obs: Observation): void;
  onQuarantine(q: QuarantinedLine): void;
  /** force the log type (conn, dns, …) instead of #path / _path / the file name */
  type?: string;
  onProgress?(bytes: number): void;
  /** read through the reference path only (JSON.parse, flat → nested mapping, zod), for tests and benchmarks of the fast paths */
  referencePath?: boolean;
}

export interface ZeekReadSummary {
  format: 'tsv' | 'json';
  records: number;
  quarantined: number;
  /** records of log types Mamori has no schema for (notice, software, known_*) */
  unsupported: Map<string, number>;
}

class BudgetExceeded extends Error {}

export async function readZeekLog(path: string, opts: ZeekReadOptions): Promise<ZeekReadSummary> {
  const head = await peek(path);
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const input: Readable = head[0] === 0x1f && head[1] === 0x8b ? raw.pipe(createGunzip()) : raw;
  const progress = opts.onProgress;
  return readZeekLines(input, path, progress ? { ...opts, onProgress: () => progress(raw.bytesRead) } : opts);
}

async function peek(path: string): Promise<Buffer> {
  const { open } = await import('node:fs/promises');
  const fh = await open(path, 'r');
  try {
    const b = Buffer.alloc(2);
    await fh.read(b, 0, 2, 0);
    return b;
  } finally {
    await fh.close();
  }
}

/** Parses a Zeek log line by line (the tailer feeds lines as files grow; readZeekLines whole files). */
export interface ZeekLineHandler {
  line(text: string): void;
  readonly summary: ZeekReadSummary;
  /** lines seen so far (1-based number of the last one) */
  lines(): number;
}

/**
 * A line handler for one file. Throws InputFormatError when the file's error budget is spent
 * (the file is not a Zeek log).
 */
export function zeekLineHandler(name: string, opts: ZeekReadOptions): ZeekLineHandler {
  const summary: ZeekReadSummary = { format: 'tsv', records: 0, quarantined: 0, unsupported: new Map() };
  const fileType = basename(name).split('.')[0] ?? '';
  let conv: TsvConventions = { ...DEFAULT_TSV };
  let fields: string[] | null = null;
  let types: string[] | null = null;
  let parsers: CellParser[] | null = null;
  let path: string | null = opts.type ?? null;
  let format: 'tsv' | 'json' | null = null;
  let lineNo = 0;
  let dataLines = 0;
  let failures = 0;

  const quarantine = (raw: string, reason: string) => {
    failures++;
    summary.quarantined++;
    opts.onQuarantine({ source: name, line: lineNo, raw: raw.slice(0, MAX_QUARANTINE_RAW), reason });
    if ((dataLines >= ERROR_BUDGET_PROBE && failures === dataLines) || (dataLines > ERROR_BUDGET_PROBE && failures / dataLines > ERROR_BUDGET_RATIO)) {
      throw new BudgetExceeded(`${failures} of ${dataLines} lines could not be read (last: line ${lineNo}: ${reason})`);
    }
  };

  const accept = (type: string, toRecord: (layout: ZeekField[]) => Mapped, raw: string) => {
    if (!isObservationType(type)) {
      summary.unsupported.set(type || '(unknown)', (summary.unsupported.get(type) ?? 0) + 1);
      return;
    }
    const mapped = toRecord(ZEEK_LAYOUTS[type]);
    if (type === 'files') upgradeLegacyFiles(mapped);
    const { record, extra } = mapped;
    const parsed = OBSERVATION_SCHEMAS[type].safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return quarantine(raw, `not a valid ${type} record: ${issue ? `${issue.path.join('.') || 'record'}: ${issue.message}` : 'invalid'}`);
    }
    emit(type, parsed.data as Record<string, unknown>, extra);
  };

  const emit = (type: string, record: Record<string, unknown>, extra: Record<string, unknown> | undefined) => {
    summary.records++;
    opts.onObservation((extra ? { type, record, extra } : { type, record }) as Observation);
  };

  // The fast paths (compiled per type and per header) accept exactly what the reference path above
  // accepts, with the same records; a line they cannot accept goes through the reference path,
  // which accepts it or quarantines it with its reason.
  let tsvFast: TsvRowPlan | null | undefined;
  const jsonPlans = new Map<string, JsonPlan | null>();
  const jsonPlanOf = (type: string): JsonPlan | null => {
    let p = jsonPlans.get(type);
    if (p === undefined) {
      // only observation types are cached: _path values come from the input
      if (!isObservationType(type) || opts.referencePath) return null;
      const c = compiledFor(type);
      p = c ? jsonPlan(type, ZEEK_LAYOUTS[type], c) : null;
      jsonPlans.set(type, p);
    }
    return p;
  };

  const handle = (line: string) => {
    try {
      handleLine(line);
    } catch (err) {
      if (err instanceof BudgetExceeded) throw new InputFormatError('not_a_zeek_log', `${name} does not look like a Zeek log: ${err.message}`);
      throw err;
    }
  };
  const handleLine = (line: string) => {
    lineNo++;
    if ((lineNo & 4095) === 0) opts.onProgress?.(0);
    if (!line) return;
    if (format === null) summary.format = format = line.startsWith('{') ? 'json' : 'tsv';
    if (format === 'tsv') {
      if ((line.charCodeAt(0) === 9 || line.charCodeAt(0) === 32) && STRAY_HEADER.test(line)) line = line.trimStart();
      if (line.startsWith('#')) {
        const [key, ...rest] = line.split(line.startsWith('#separator') ? ' ' : conv.separator);
        const value = rest.join(conv.separator);
        if (key === '#separator') conv = { ...conv, separator: unescapeSep(value) };
        else if (key === '#set_separator') conv.setSeparator = value;
        else if (key === '#empty_field') conv.emptyField = value;
        else if (key === '#unset_field') conv.unsetField = value;
        else if (key === '#path') path = opts.type ?? value;
        else if (key === '#fields') fields = rest;
        else if (key === '#types') types = rest;
        parsers = null;
        tsvFast = undefined;
        return;
      }
      dataLines++;
      if (!fields || !types) {
        quarantine(line, 'data before the #fields and #types header lines (not a Zeek TSV log?)');
        return;
      }
      const type = path ?? fileType;
      if (tsvFast === undefined) tsvFast = opts.referencePath ? null : tsvFastPlan(type, fields, types, conv);
      if (tsvFast !== null) {
        const d = decodeTsvRow(line, tsvFast);
        if (d !== undefined) return emit(type, d.record, d.extra);
      }
      const cells = line.split(conv.separator);
      if (cells.length !== fields.length) {
        quarantine(line, `expected ${fields.length} columns, found ${cells.length}`);
        return;
      }
      const f = fields;
      const ty = types;
      const ps = (parsers ??= f.map((_, i) => cellParser(ty[i] ?? 'string', conv)));
      try {
        accept(type, (layout) => tsvToRecord(layout, f, ps, cells), line);
      } catch (err) {
        if (err instanceof ValueError) return quarantine(line, err.message);
        throw err;
      }
    } else {
      dataLines++;
      const type = opts.type ?? leadingPath(line) ?? fileType;
      const plan = jsonPlanOf(type);
      if (plan !== null) {
        const d = decodeJsonLine(line, plan, opts.type !== undefined);
        if (d !== undefined) return emit(type, d.record, d.extra);
      }
      let obj: unknown;
      try {
        obj = JSON.parse(line);
      } catch (err) {
        quarantine(line, `not JSON: ${(err as Error).message}`);
        return;
      }
      if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
        quarantine(line, 'a JSON line that is not an object');
        return;
      }
      const o = obj as Record<string, unknown>;
      const t = opts.type ?? (typeof o._path === 'string' ? o._path : fileType);
      try {
        accept(t, (layout) => jsonToRecord(layout, o, timeColumns(t)), line);
      } catch (err) {
        if (err instanceof ValueError) return quarantine(line, err.message);
        throw err;
      }
    }
  };

  return { line: handle, summary, lines: () => lineNo };
}

export async function readZeekLines(input: Readable, name: string, opts: ZeekReadOptions): Promise<ZeekReadSummary> {
  const handler = zeekLineHandler(name, opts);
  const handle = handler.line;
  const summary = handler.summary;
  // Lines are found on the bytes (memchr) and each decoded on its own: no string for the whole
  // chunk, which a value cut from it would keep alive (values are copied besides: see own()).
  // ('\n' is never part of a UTF-8 sequence, so decoding line by line gives what decoding the
  // stream does.)
  const line = (b: Buffer, from: number, to: number) => handle(utf8(b, from, to > from && b[to - 1] === 13 ? to - 1 : to));
  let carry: Buffer | null = null;
  try {
    for await (const data of input) {
      const chunk = typeof data === 'string' ? Buffer.from(data) : (data as Buffer);
      let from = 0;
      if (carry !== null) {
        const nl = chunk.indexOf(10);
        if (nl < 0) {
          carry = Buffer.concat([carry, chunk]);
          if (carry.length > MAX_LINE) carry = tooLong(carry);
          continue;
        }
        const whole = Buffer.concat([carry, chunk.subarray(0, nl)]);
        carry = null;
        line(whole, 0, whole.length);
        from = nl + 1;
      }
      for (let nl = chunk.indexOf(10, from); nl >= 0; nl = chunk.indexOf(10, from)) {
        line(chunk, from, nl);
        from = nl + 1;
      }
      if (from < chunk.length) {
        carry = chunk.subarray(from);
        if (carry.length > MAX_LINE) carry = tooLong(carry);
      }
    }
    if (carry !== null && carry.length > 0) line(carry, 0, carry.length);
  } catch (err) {
    input.destroy();
    throw err;
  }
  return summary;

  function tooLong(b: Buffer): null {
    opts.onQuarantine({ source: name, line: handler.lines() + 1, raw: b.toString('utf8', 0, MAX_QUARANTINE_RAW), reason: `a line longer than ${MAX_LINE} bytes` });
    summary.quarantined++;
    handle(''); // counts the line
    return null;
  }
}

function unescapeSep(v: string): string {
  return v.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

type Utf8Slice = (this: Buffer, from: number, to: number) => string;
const nodeUtf8Slice = (Buffer.prototype as unknown as { utf8Slice?: Utf8Slice }).utf8Slice;
/** b.toString('utf8', from, to) without its argument handling (Node's own utf8Slice, where there is one). */
const utf8: (b: Buffer, from: number, to: number) => string =
  typeof nodeUtf8Slice === 'function' ? (b, from, to) => nodeUtf8Slice.call(b, from, to) : (b, from, to) => b.toString('utf8', from, to);

/** A header line with stray whitespace before it (seen in the wild: a tab before `#separator`). */
const STRAY_HEADER = /^[\t ]+#(separator|set_separator|empty_field|unset_field|path|open|close|fields|types)[\t ]/;

const compiledRecords = new Map<string, CompiledRecord | null>();

/** The compiled check of a type's schema, or null where the schema is not compilable (zod then). */
function compiledFor(type: ObservationType): CompiledRecord | null {
  let c = compiledRecords.get(type);
  if (c === undefined) {
    c = compileRecord(OBSERVATION_SCHEMAS[type]);
    compiledRecords.set(type, c);
  }
  return c;
}

/** The fast path for one TSV header of one type, or null for types without a compiled check. */
function tsvFastPlan(type: string, fields: readonly string[], types: readonly string[], conv: TsvConventions): TsvRowPlan | null {
  if (!isObservationType(type)) return null;
  const compiled = compiledFor(type);
  if (!compiled) return null;
  const layout = new Set(ZEEK_LAYOUTS[type].map((f) => f.name));
  const colSlot = Int32Array.from(fields, (f) => (layout.has(f) ? (compiled.slot.get(f) ?? TSV_DROP) : TSV_EXTRA));
  return tsvRowPlan(fields, types, conv, compiled, colSlot);
}

const timeSets = new Map<string, ReadonlySet<string>>();

/** The time-typed columns of a log type (ISO 8601 strings there become epoch seconds). */
function timeColumns(type: string): ReadonlySet<string> {
  let t = timeSets.get(type);
  if (!t) {
    t = new Set(isObservationType(type) ? ZEEK_LAYOUTS[type].filter((f) => f.type === 'time').map((f) => f.name) : []);
    timeSets.set(type, t);
  }
  return t;
}
