// Every kind of input Mamori takes, recognised by content and read into observations: packet
// captures (through the sensor), Zeek TSV/JSON logs, Suricata EVE JSON and NetFlow payload files;
// directories are walked in name order. One dispatcher for `ingest`, `learn` and, next, `analyze`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, InputFormatError } from '../schema/errors.js';
import type { Observation } from '../schema/observation.js';
import type { QuarantinedLine } from '../schema/quarantine.js';
import { runSensorOnCapture } from '../sensor/run-capture.js';
import type { SensorOptions } from '../sensor/sensor.js';
import { detectInput } from '../sources/detect-format.js';
import { readEve } from '../sources/eve/read-eve.js';
import { FlowUidGenerator, NetflowDecoder, toConnection } from '../sources/netflow/index.js';
import { readZeekLog } from '../sources/zeek/read-zeek-log.js';

export interface ReadInputsOptions {
  onObservation(obs: Observation): void;
  onQuarantine(q: QuarantinedLine): void;
  /** force the Zeek log type (conn, dns, …) instead of #path / _path / the file name */
  type?: string;
  /** read packet captures through the sensor with these options; without, a capture is an error */
  sensor?: SensorOptions;
  /** bytes of input done so far and in all */
  onProgress?(done: number, total: number): void;
}

export interface ReadInputsSummary {
  files: number;
  records: number;
  quarantined: number;
  /** files in directories that were not inputs (with why) */
  skipped: string[];
  /** records of types Mamori does not model yet, by type */
  unsupported: Map<string, number>;
}

/** Files named, with directories expanded (sorted, recursively). */
export function expandInputs(paths: string[]): { files: string[]; named: Set<string> } {
  const files: string[] = [];
  const walk = (p: string) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new ConfigError('missing_input', `cannot read ${p}: no such file or directory`);
    }
    if (st.isDirectory()) for (const f of readdirSync(p).sort()) walk(join(p, f));
    else files.push(p);
  };
  for (const p of paths) walk(p);
  return { files, named: new Set(paths) };
}

export async function readInputs(paths: string[], opts: ReadInputsOptions): Promise<ReadInputsSummary> {
  const { files, named } = expandInputs(paths);
  const s: ReadInputsSummary = { files: 0, records: 0, quarantined: 0, skipped: [], unsupported: new Map() };
  const total = files.reduce((n, f) => n + statSync(f).size, 0);
  let done = 0;
  const emit = (obs: Observation) => {
    s.records++;
    opts.onObservation(obs);
  };
  const quarantine = (q: QuarantinedLine) => {
    s.quarantined++;
    opts.onQuarantine(q);
  };
  const unsupported = (prefix: string, m: Map<string, number>) => {
    for (const [k, v] of m) s.unsupported.set(prefix + k, (s.unsupported.get(prefix + k) ?? 0) + v);
  };
  // NetFlow payload files are replayed in order through one decoder: templates in one file serve
  // the data sets of the next, as they would on the wire.
  const netflow = new NetflowDecoder();
  const flowUids = new FlowUidGenerator();
  for (const file of files) {
    const size = statSync(file).size;
    const base = done;
    const progress = (b: number) => opts.onProgress?.(base + Math.min(b, size), total);
    const kind = await detectInput(file);
    if (kind === 'pcap' || kind === 'pcapng') {
      if (!opts.sensor) {
        if (named.has(file)) throw new InputFormatError('unsupported_input', `${file} is a packet capture: use "mamori sensor" (or "mamori learn") for captures`);
        s.skipped.push(`${file} (a packet capture)`);
      } else {
        s.files++;
        await runSensorOnCapture(file, opts.sensor, emit, (read) => progress(read));
      }
    } else if (kind === 'netflow') {
      s.files++;
      const r = netflow.decode(readFileSync(file), 'replay');
      if (!r.ok) quarantine({ source: file, line: 1, raw: '(binary NetFlow payload)', reason: r.error });
      else
        for (const flow of r.flows) {
          const c = toConnection(flow, flowUids);
          if (c.ok) emit({ type: 'conn', record: c.value.connection });
        }
    } else if (kind === 'eve') {
      s.files++;
      const r = await readEve(file, { onObservation: emit, onQuarantine: quarantine, onProgress: progress });
      unsupported('eve ', r.unsupported);
    } else if (kind === 'zeek-tsv' || kind === 'zeek-json') {
      s.files++;
      try {
        const r = await readZeekLog(file, { type: opts.type, onObservation: emit, onQuarantine: quarantine, onProgress: progress });
        unsupported('', r.unsupported);
      } catch (err) {
        // one unusable log in a directory (an older Zeek layout, a damaged file) must not stop the
        // others; what it gave before it stopped is kept. A file named on its own still fails loudly.
        if (named.has(file) || !(err instanceof InputFormatError)) throw err;
        s.skipped.push(`${file} (${err.message})`);
      }
    } else {
      if (named.has(file)) throw new InputFormatError('unsupported_input', `${file} is not a recognised input: expected a pcap/pcapng capture, Zeek TSV or JSON logs, Suricata EVE JSON or NetFlow payloads`);
      s.skipped.push(`${file} (not a recognised format)`);
    }
    done += size;
    opts.onProgress?.(done, total);
  }
  return s;
}
