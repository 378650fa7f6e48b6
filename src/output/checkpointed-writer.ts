// Zeek-compatible JSON logs written so that a crash never duplicates or loses an acknowledged
// record: records are appended synchronously, `checkpoint()` fsyncs every file and returns their
// lengths, and opening with those lengths truncates whatever was written after the last checkpoint
// (it will be produced again from the inputs' checkpointed offsets).
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ZEEK_LAYOUTS } from '../schema/layouts.js';
import type { Observation } from '../schema/observation.js';
import { toZeekJson } from './zeek-format.js';

const FLUSH_AT = 256 * 1024;

interface Open {
  fd: number;
  length: number;
  pending: string[];
  pendingBytes: number;
  lines: number;
}

export class CheckpointedLogWriter {
  private readonly files = new Map<string, Open>();

  /** `lengths`: file lengths at the last checkpoint (from the state that goes with the offsets) */
  constructor(private readonly dir: string, private readonly lengths: Record<string, number> = {}) {
    mkdirSync(dir, { recursive: true });
  }

  private open(type: string): Open {
    let f = this.files.get(type);
    if (f) return f;
    const path = join(this.dir, `${type}.log`);
    const fd = openSync(path, existsSync(path) ? 'r+' : 'w+');
    const known = this.lengths[type] ?? 0;
    const size = fstatSync(fd).size;
    // Records after the last checkpoint were never acknowledged: drop them, they will come again.
    if (size > known) ftruncateSync(fd, known);
    f = { fd, length: Math.min(size, known), pending: [], pendingBytes: 0, lines: 0 };
    this.files.set(type, f);
    return f;
  }

  readonly write = (obs: Observation): void => {
    this.writeLine(obs.type, toZeekJson(ZEEK_LAYOUTS[obs.type], obs.record as unknown as Record<string, unknown>));
  };

  /** Appends one line to `<name>.log` (quarantine records and other non-observation lines). */
  writeLine(name: string, text: string): void {
    const f = this.open(name);
    const line = text + '\n';
    f.pending.push(line);
    f.pendingBytes += line.length;
    f.lines++;
    if (f.pendingBytes >= FLUSH_AT) this.flushFile(f);
  }

  private flushFile(f: Open): void {
    if (!f.pending.length) return;
    const buf = Buffer.from(f.pending.join(''), 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(f.fd, buf, off, buf.length - off, f.length + off);
    f.length += buf.length;
    f.pending = [];
    f.pendingBytes = 0;
  }

  /** Writes and fsyncs everything; returns each log's length, to be saved with the input offsets. */
  checkpoint(): Record<string, number> {
    const out: Record<string, number> = { ...this.lengths };
    for (const [type, f] of this.files) {
      this.flushFile(f);
      fsyncSync(f.fd);
      out[type] = f.length;
    }
    return out;
  }

  counts(): Record<string, number> {
    return Object.fromEntries([...this.files].map(([k, v]) => [k, v.lines]));
  }

  close(): void {
    for (const f of this.files.values()) {
      this.flushFile(f);
      fsyncSync(f.fd);
      closeSync(f.fd);
    }
    this.files.clear();
  }
}
