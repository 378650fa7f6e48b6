// Reads one Zeek log file (TSV with #fields/#types headers, or JSON lines; plain or gzip) into
// observations. Lines that cannot be used go to quarantine with the reason; a file that is not a
// Zeek log at all is stopped by its error budget with one clear message.
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputFormatError } from '../../schema/errors.js';
import type { Observation } from '../../schema/observation.js';
import { MAX_QUARANTINE_RAW, type QuarantinedLine } from '../../schema/quarantine.js';
import { isObservationType, OBSERVATION_SCHEMAS } from '../../schema/registry.js';
import type { ZeekField } from '../../schema/zeek-layout.js';
import { jsonToRecord, tsvToRecord, type Mapped } from './columns.js';
import { ZEEK_LAYOUTS } from '../../schema/layouts.js';
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
    const { record, extra } = toRecord(ZEEK_LAYOUTS[type]);
    const parsed = OBSERVATION_SCHEMAS[type].safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return quarantine(raw, `not a valid ${type} record: ${issue ? `${issue.path.join('.') || 'record'}: ${issue.message}` : 'invalid'}`);
    }
    summary.records++;
    const obs = (extra ? { type, record: parsed.data, extra } : { type, record: parsed.data }) as Observation;
    opts.onObservation(obs);
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
        return;
      }
      dataLines++;
      if (!fields || !types) {
        quarantine(line, 'data before the #fields and #types header lines (not a Zeek TSV log?)');
        return;
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
        accept(path ?? fileType, (layout) => tsvToRecord(layout, f, ps, cells), line);
      } catch (err) {
        if (err instanceof ValueError) return quarantine(line, err.message);
        throw err;
      }
    } else {
      dataLines++;
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
      const type = opts.type ?? (typeof o._path === 'string' ? o._path : fileType);
      accept(type, (layout) => jsonToRecord(layout, o, timeColumns(type)), line);
    }
  };

  return { line: handle, summary, lines: () => lineNo };
}

export async function readZeekLines(input: Readable, name: string, opts: ZeekReadOptions): Promise<ZeekReadSummary> {
  const handler = zeekLineHandler(name, opts);
  const handle = handler.line;
  const summary = handler.summary;
  // Lines are split by hand over whole chunks: an async iterator per line (readline) costs more
  // than parsing the line.
  const decoder = new StringDecoder('utf8');
  let carry = '';
  try {
    for await (const chunk of input) {
      const text = carry + decoder.write(chunk as Buffer);
      let from = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
        handle(text.charCodeAt(nl - 1) === 13 ? text.slice(from, nl - 1) : text.slice(from, nl));
        from = nl + 1;
      }
      carry = text.slice(from);
      if (carry.length > MAX_LINE) {
        opts.onQuarantine({ source: name, line: handler.lines() + 1, raw: carry.slice(0, MAX_QUARANTINE_RAW), reason: `a line longer than ${MAX_LINE} bytes` });
        summary.quarantined++;
        handle(''); // counts the line
        carry = '';
      }
    }
    carry += decoder.end();
    if (carry) handle(carry);
  } catch (err) {
    input.destroy();
    throw err;
  }
  return summary;
}

function unescapeSep(v: string): string {
  return v.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
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
