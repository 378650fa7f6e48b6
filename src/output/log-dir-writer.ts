// Writes observations into a directory of Zeek-compatible logs, one file per type (conn.log,
// weird.log, …), in JSON lines or TSV. Buffered: one write per ~256 KiB.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Observation } from '../schema/observation.js';
import { ZEEK_LOGS } from './zeek-fields.js';
import { toZeekJson, toZeekTsv, zeekTsvFooter, zeekTsvHeader } from './zeek-format.js';

export type LogFormat = 'json' | 'tsv';

const FLUSH_AT = 256 * 1024;

interface OpenLog {
  stream: WriteStream;
  pending: string[];
  size: number;
  lines: number;
}

export class LogDirWriter {
  private readonly logs = new Map<string, OpenLog>();

  constructor(
    private readonly dir: string,
    private readonly format: LogFormat,
    /** when the logs are stamped as opened (TSV #open); pass a fixed date for reproducible output */
    private readonly clock: () => Date = () => new Date(),
  ) {
    mkdirSync(dir, { recursive: true });
  }

  readonly write = (obs: Observation): void => {
    const fields = ZEEK_LOGS[obs.type];
    let log = this.logs.get(obs.type);
    if (!log) {
      const stream = createWriteStream(join(this.dir, `${obs.type}.log`));
      log = { stream, pending: [], size: 0, lines: 0 };
      if (this.format === 'tsv') log.pending.push(zeekTsvHeader(obs.type, fields, this.clock()));
      this.logs.set(obs.type, log);
    }
    const rec = obs.record as unknown as Record<string, unknown>;
    const line = (this.format === 'json' ? toZeekJson(fields, rec) : toZeekTsv(fields, rec)) + '\n';
    log.pending.push(line);
    log.size += line.length;
    log.lines++;
    if (log.size >= FLUSH_AT) this.flush(log);
  };

  private flush(log: OpenLog): void {
    if (!log.pending.length) return;
    log.stream.write(log.pending.join(''));
    log.pending = [];
    log.size = 0;
  }

  /** Lines written per log type. */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.logs].map(([k, v]) => [k, v.lines]));
  }

  async close(): Promise<void> {
    const done: Promise<void>[] = [];
    for (const log of this.logs.values()) {
      if (this.format === 'tsv') log.pending.push(zeekTsvFooter(this.clock()));
      this.flush(log);
      done.push(new Promise((resolve, reject) => log.stream.end((err?: Error | null) => (err ? reject(err) : resolve()))));
    }
    await Promise.all(done);
  }
}
