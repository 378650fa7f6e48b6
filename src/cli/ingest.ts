// `mamori ingest <file|dir ...> --out <dir>`: reads what sites already run (Zeek TSV/JSON logs and
// Suricata EVE JSON, plain or gzip, files, rotated files and whole directories; NetFlow payloads;
// format recognised from content) and writes the normalised observations as Zeek-compatible JSON
// logs, one file per type. Unusable lines go to <out>/quarantine.jsonl with the reason.
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../schema/errors.js';
import { readInputs } from '../pipeline/read-inputs.js';
import { parseArgs } from 'node:util';
import { LogDirWriter, type LogFormat } from '../output/log-dir-writer.js';
import { Progress } from './progress.js';
import { openStore } from '../store/index.js';
import type { Observation } from '../schema/observation.js';
import type { QuarantinedLine } from '../schema/quarantine.js';

export const INGEST_USAGE = `usage: mamori ingest <file|dir ...> --out <dir> [--type <log>] [--format json|tsv]

Reads Zeek logs (TSV with #fields/#types, or JSON), Suricata EVE JSON (plain or gzip; single
files, rotated files or whole directories) and raw NetFlow v5/v9/IPFIX payload files, recognised
from their content, and writes normalised Zeek-compatible logs (EVE alerts go to alert.log).
Lines that cannot be used are kept in <out>/quarantine.jsonl with the reason.

options:
  --out <dir>          output directory
  --db <file>          store the observations in the embedded database instead (DuckDB file)
  --type <log>         force the log type (conn, dns, …) instead of #path / _path / the file name
  --format json|tsv    output encoding (default json)`;

export async function ingestCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, db: { type: 'string' }, type: { type: 'string' }, format: { type: 'string', default: 'json' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(INGEST_USAGE + '\n');
    return 0;
  }
  if (!values.out && !values.db) throw new ConfigError('missing_option', `--out <dir> or --db <file> is required\n${INGEST_USAGE}`);
  if (!positionals.length) throw new ConfigError('missing_input', `give at least one file or directory\n${INGEST_USAGE}`);
  const sink = values.db ? await storeSink(values.db) : null;
  const writer = sink ?? new LogDirWriter(values.out!, values.format as LogFormat);
  const quarantine = sink ? sink.quarantineStream : createWriteStream(join(values.out!, 'quarantine.jsonl'));
  const progress = new Progress('ingest');
  const started = process.hrtime.bigint();
  const summary = await readInputs(positionals, {
    type: values.type,
    onObservation: (obs) => writer.write(obs),
    onQuarantine: (q) => quarantine.write(JSON.stringify(q) + '\n'),
    onProgress: (done, total) => progress.update(done, total),
  });
  const { records, quarantined, skipped, unsupported } = summary;
  progress.done();
  await writer.close();
  await new Promise<void>((r) => quarantine.end(r));
  if (sink) await sink.finish();
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  const lines = [
    `records ${records.toLocaleString('en')} from ${summary.files} files in ${secs.toFixed(2)} s (${Math.round(records / secs).toLocaleString('en')} records/s); quarantined ${quarantined}`,
    `logs: ${Object.entries(writer.counts()).map(([k, v]) => `${k}.log ${v}`).join(', ') || 'none'}`,
  ];
  if (unsupported.size) lines.push(`not yet modelled (kept out): ${[...unsupported].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (skipped.length) lines.push(`skipped: ${skipped.join('; ')}`);
  process.stderr.write(lines.join('\n') + '\n');
  return 0;
}

/** Writes observations into the embedded store in large batches (DuckDB appends best ~100k at a time). */
async function storeSink(path: string) {
  const store = await openStore({ path });
  const BATCH = 100_000;
  let batch: Observation[] = [];
  let qbatch: QuarantinedLine[] = [];
  let pending: Promise<void> = Promise.resolve();
  const counts: Record<string, number> = {};
  const flush = () => {
    const b = batch;
    const q = qbatch;
    batch = [];
    qbatch = [];
    pending = pending.then(async () => {
      if (b.length) await store.observations.append(b);
      if (q.length) await store.quarantine.add(q);
    });
  };
  return {
    write(obs: Observation): void {
      counts[obs.type] = (counts[obs.type] ?? 0) + 1;
      batch.push(obs);
      if (batch.length >= BATCH) flush();
    },
    counts: () => counts,
    async close(): Promise<void> {
      flush();
      await pending;
    },
    quarantineStream: {
      write(line: string): boolean {
        qbatch.push(JSON.parse(line) as QuarantinedLine);
        return true;
      },
      end(cb: () => void): void {
        cb();
      },
    },
    async finish(): Promise<void> {
      flush();
      await pending;
      await store.close();
    },
  };
}
