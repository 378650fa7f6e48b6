// Reads Suricata EVE JSON (one event per line; plain or gzip; a file or a stream) into Mamori's
// observations with Zeek's meanings (see eve-mapper.ts and the map-*.ts files for each event
// type). Lines that are not JSON, not EVE events, or do not map are quarantined with their line
// number and the reason; event types Mamori does not read (stats, drop, nfs, …) are counted. A
// file that is not EVE at all is stopped by its error budget with one clear message.
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { z } from 'zod';
import { InputFormatError } from '../../schema/errors.js';
import { ExternalAlertSchema } from '../../schema/external-alert.js';
import { MAX_QUARANTINE_RAW, type QuarantinedLine } from '../../schema/quarantine.js';
import { OBSERVATION_SCHEMAS } from '../../schema/registry.js';
import type { EveObservation, EveObservationType, LineRef } from './context.js';
import { EveMapper, type EveMapperOptions } from './eve-mapper.js';

/** Lines examined before a file whose every line failed is declared not EVE. */
export const ERROR_BUDGET_PROBE = 100;
/** Past the probe, a file stops when more than this share of its lines failed. */
export const ERROR_BUDGET_RATIO = 0.5;
/** A line longer than this is quarantined (cut) rather than buffered without limit. */
export const MAX_LINE = 4 << 20;

export interface EveReadOptions extends EveMapperOptions {
  onObservation(obs: EveObservation): void;
  onQuarantine(q: QuarantinedLine): void;
  /** compressed bytes consumed so far (for a progress bar against the file size) */
  onProgress?(bytes: number): void;
}

export interface EveReadSummary {
  /** non-empty lines read */
  lines: number;
  /** lines that became (or went into) at least one observation */
  mapped: number;
  records: number;
  quarantined: number;
  /** event_type → lines */
  events: Map<string, number>;
  /** observation type → records */
  observations: Map<string, number>;
  /** event types Mamori does not read (stats, drop, nfs, …) → lines */
  unsupported: Map<string, number>;
  /** events understood but carrying nothing Mamori records, by reason → lines */
  skipped: Map<string, number>;
}

class BudgetExceeded extends Error {}

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

function schemaOf(type: EveObservationType): z.ZodType {
  // 'alert' is validated by its own schema until it is registered as an observation type
  return type === 'alert' ? ExternalAlertSchema : OBSERVATION_SCHEMAS[type as Exclude<EveObservationType, 'alert'>];
}

/** Maps EVE line by line (a tailer feeds lines as the file grows; readEve whole files). */
export interface EveLineHandler {
  /** One line without its line end. Throws InputFormatError when the file's error budget is spent. */
  line(text: string): void;
  /** End of input: emits what is still held back (DNS queries never answered, lone netflow halves, open DHCP exchanges). */
  flush(): void;
  readonly summary: EveReadSummary;
  /** A line longer than MAX_LINE, given by its start: quarantined without being parsed. */
  overlong(head: string): void;
  /** lines seen so far (1-based number of the last one) */
  lines(): number;
}

/** A line handler for one file or stream; `source` names it in quarantine records and errors. */
export function eveLineHandler(source: string, opts: EveReadOptions): EveLineHandler {
  const summary: EveReadSummary = { lines: 0, mapped: 0, records: 0, quarantined: 0, events: new Map(), observations: new Map(), unsupported: new Map(), skipped: new Map() };
  let failures = 0;
  let lastFailedLine = -1;
  let flushing = false;

  const quarantine = (at: LineRef, reason: string) => {
    summary.quarantined++;
    opts.onQuarantine({ source, line: at.line, raw: at.raw.slice(0, MAX_QUARANTINE_RAW), reason });
    if (at.line === lastFailedLine) return;
    lastFailedLine = at.line;
    failures++;
    const n = summary.lines;
    if (!flushing && ((n >= ERROR_BUDGET_PROBE && failures >= n) || (n > ERROR_BUDGET_PROBE && failures / n > ERROR_BUDGET_RATIO))) {
      throw new BudgetExceeded(`${failures} of ${n} lines could not be read (last: line ${at.line}: ${reason})`);
    }
  };

  const mapper = new EveMapper((type, record, at, extra) => {
    const parsed = schemaOf(type).safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      quarantine(at, `not a valid ${type} record: ${issue ? `${issue.path.join('.') || 'record'}: ${issue.message}` : 'invalid'}`);
      return;
    }
    summary.records++;
    bump(summary.observations, type);
    opts.onObservation({ type, record: parsed.data, ...(extra ? { extra } : {}) } as EveObservation);
  }, opts);

  let lineNo = 0;
  const handleLine = (line: string) => {
    lineNo++;
    if (line.length === 0 || (line.length < 4 && line.trim() === '')) return;
    summary.lines++;
    const at: LineRef = { line: lineNo, raw: line };
    if (line.length > MAX_LINE) {
      quarantine(at, `a line longer than ${MAX_LINE} bytes`);
      return;
    }
    let ev: unknown;
    try {
      ev = JSON.parse(lineNo === 1 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line);
    } catch (err) {
      quarantine(at, `not JSON: ${(err as Error).message}`);
      return;
    }
    if (ev === null || typeof ev !== 'object' || Array.isArray(ev)) {
      quarantine(at, 'a JSON line that is not an object');
      return;
    }
    const type = (ev as Record<string, unknown>).event_type;
    if (typeof type !== 'string') {
      quarantine(at, 'no event_type (not a Suricata EVE event)');
      return;
    }
    bump(summary.events, type);
    const out = mapper.map(ev as Record<string, unknown>, type, at);
    if (out === 'unsupported') bump(summary.unsupported, type);
    else if (out.kind === 'failed') quarantine(at, out.reason);
    else if (out.kind === 'skipped') bump(summary.skipped, out.why);
    else if (lastFailedLine !== lineNo) summary.mapped++;
  };

  const guarded = <A extends unknown[]>(f: (...a: A) => void) => (...a: A) => {
    try {
      f(...a);
    } catch (err) {
      if (err instanceof BudgetExceeded) throw new InputFormatError('not_eve', `${source} does not look like Suricata EVE JSON: ${err.message}`);
      throw err;
    }
  };

  return {
    line: guarded(handleLine),
    overlong: guarded((head: string) => {
      lineNo++;
      summary.lines++;
      quarantine({ line: lineNo, raw: head }, `a line longer than ${MAX_LINE} bytes`);
    }),
    flush: () => {
      flushing = true;
      mapper.flush();
      flushing = false;
    },
    summary,
    lines: () => lineNo,
  };
}

/** Reads an EVE file (path) or stream, plain or gzip. `name` labels quarantine records and errors (default: the path, or "stream"). */
export async function readEve(input: string | Readable, opts: EveReadOptions, name?: string): Promise<EveReadSummary> {
  const source = name ?? (typeof input === 'string' ? input : 'stream');
  const stream = typeof input === 'string' ? createReadStream(input, { highWaterMark: 1 << 20 }) : input;
  const handler = eveLineHandler(source, opts);
  // Lines are split by hand over whole chunks: an async iterator per line (readline) costs more
  // than parsing the line.
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let consumed = 0;
  try {
    let skipping = false; // inside a line already quarantined as too long
    for await (const chunk of decompressed(stream, (n) => (consumed += n))) {
      const text = carry + decoder.write(chunk);
      let from = 0;
      if (skipping) {
        const nl = text.indexOf('\n');
        if (nl < 0) continue;
        skipping = false;
        from = nl + 1;
      }
      for (let nl = text.indexOf('\n', from); nl >= 0; nl = text.indexOf('\n', from)) {
        handler.line(text.charCodeAt(nl - 1) === 13 ? text.slice(from, nl - 1) : text.slice(from, nl));
        from = nl + 1;
      }
      carry = text.slice(from);
      if (carry.length > MAX_LINE) {
        handler.overlong(carry.slice(0, MAX_QUARANTINE_RAW));
        carry = '';
        skipping = true;
      }
      opts.onProgress?.(consumed);
    }
    carry += decoder.end();
    if (carry && !skipping) handler.line(carry.endsWith('\r') ? carry.slice(0, -1) : carry);
    handler.flush();
  } catch (err) {
    stream.destroy();
    const code = (err as { code?: string }).code;
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') {
      throw new InputFormatError('bad_gzip', `${source}: the gzip data is corrupt after ${handler.lines()} lines (${(err as Error).message})`, { cause: err });
    }
    throw err;
  }
  return handler.summary;
}

/** The stream's bytes, gunzipped when they start with the gzip magic. `counted` gets each raw chunk's size. */
async function* decompressed(stream: Readable, counted: (n: number) => void): AsyncGenerator<Buffer> {
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const head: Buffer[] = [];
  let size = 0;
  let ended = false;
  while (size < 2) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    const b = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    head.push(b);
    size += b.length;
  }
  const first = Buffer.concat(head);
  counted(first.length);
  async function* raw(): AsyncGenerator<Buffer> {
    if (first.length) yield first;
    if (ended) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      const b = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
      counted(b.length);
      yield b;
    }
  }
  if (first[0] === 0x1f && first[1] === 0x8b) {
    const gunzip = createGunzip();
    const src = Readable.from(raw());
    src.on('error', (err) => gunzip.destroy(err));
    for await (const b of src.pipe(gunzip)) yield b as Buffer;
  } else yield* raw();
}
