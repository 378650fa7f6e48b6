// Follows a directory of Zeek logs or Suricata EVE files (recognised by content): new files, files that grow, rotation (a new file under the same
// name, or the old file under a new name), gzip files once complete. Only whole lines are
// consumed; offsets advance only when the caller checkpoints, so nothing is read twice or skipped.
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { InputFormatError } from '../schema/errors.js';
import type { Observation } from '../schema/observation.js';
import type { QuarantinedLine } from '../schema/quarantine.js';
import { zeekLineHandler } from '../sources/zeek/read-zeek-log.js';
import { eveLineHandler } from '../sources/eve/read-eve.js';
import { detectBytes } from '../sources/detect-format.js';

/** What the tailer needs of a format's line handler (Zeek TSV/JSON, Suricata EVE). */
interface LineHandler {
  line(text: string): void;
  lines(): number;
  /** emit records held back for pairing (EVE), so a checkpoint never covers unemitted lines */
  flush?(): void;
}
import type { FileOffset } from './offsets.js';

/** Bytes read from one file per poll, so one huge file cannot starve the others or the checkpoint. */
export const READ_PER_POLL = 8 * 1024 * 1024;
/** TSV header lines are looked for in this many bytes at the start of a file resumed mid-way. */
const HEADER_PROBE = 64 * 1024;

export interface TailerSink {
  observation(obs: Observation): void;
  quarantine(q: QuarantinedLine): void;
  /** a file rejected as a whole (error budget spent) */
  rejected(path: string, reason: string): void;
}

interface Tracked {
  offset: FileOffset;
  handler: LineHandler | null;
  /** size at the previous poll (a gzip file is read once its size stops changing) */
  lastSize: number;
  rejected: boolean;
}

export class DirectoryTailer {
  private readonly files = new Map<string, Tracked>();
  private readonly pattern: RegExp;
  records = 0;
  quarantined = 0;
  bytesRead = 0;
  /** bytes present in the directory's files that are not read yet */
  lag = 0;

  constructor(
    readonly dir: string,
    match: string,
    saved: Record<string, FileOffset>,
    private readonly sink: TailerSink,
  ) {
    this.pattern = new RegExp(match);
    for (const [path, offset] of Object.entries(saved)) {
      if (path.startsWith(dir + '/')) this.files.set(path, { offset, handler: null, lastSize: -1, rejected: Boolean(offset.done && offset.offset < 0) });
    }
  }

  /** Reads what is new; returns true when anything was consumed. */
  poll(): boolean {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((n) => this.pattern.test(n)).sort();
    } catch {
      return false; // the directory may not exist yet
    }
    let any = false;
    let lag = 0;
    for (const name of names) {
      const path = join(this.dir, name);
      let st;
      try {
        st = statSync(path);
      } catch {
        continue;
      }
      if (!st.isFile()) continue;
      let t = this.files.get(path);
      if (t && (t.offset.dev !== st.dev || t.offset.ino !== st.ino)) t = undefined; // replaced (rotated)
      if (!t) {
        // A file renamed by rotation keeps its inode: carry its offset over to the new name.
        const moved = [...this.files].find(([p, x]) => p !== path && x.offset.dev === st.dev && x.offset.ino === st.ino);
        if (moved) {
          this.files.delete(moved[0]);
          t = moved[1];
        } else t = { offset: { dev: st.dev, ino: st.ino, offset: 0, lines: 0 }, handler: null, lastSize: -1, rejected: false };
        this.files.set(path, t);
      }
      if (t.rejected || t.offset.done) continue;
      if (name.endsWith('.gz')) {
        const stable = st.size === t.lastSize;
        t.lastSize = st.size;
        if (!stable) {
          lag += st.size;
          continue;
        }
        any = this.readGzip(path, t) || any;
        continue;
      }
      if (st.size < t.offset.offset) t.offset = { ...t.offset, offset: 0, lines: 0 }; // truncated in place
      if (st.size > t.offset.offset) any = this.readPlain(path, t, st.size) || any;
      lag += Math.max(0, st.size - t.offset.offset);
    }
    this.lag = lag;
    return any;
  }

  offsets(): Record<string, FileOffset> {
    return Object.fromEntries([...this.files].map(([p, t]) => [p, t.rejected ? { ...t.offset, done: true } : t.offset]));
  }

  private handlerFor(path: string, t: Tracked): LineHandler {
    if (t.handler) return t.handler;
    const base = t.offset.lines;
    const opts = {
      onObservation: (o: Observation) => {
        this.records++;
        this.sink.observation(o);
      },
      onQuarantine: (q: QuarantinedLine) => {
        this.quarantined++;
        this.sink.quarantine({ ...q, line: q.line + base });
      },
    };
    const isEve = !path.endsWith('.gz') && detectBytes(readRange(path, 0, 4096)) === 'eve';
    const h: LineHandler = isEve ? eveLineHandler(path, opts) : zeekLineHandler(path, opts);
    if (t.offset.offset > 0 && !isEve) {
      // Resuming mid-file: a TSV log's meaning is in its header lines, so read them again.
      const head = readRange(path, 0, HEADER_PROBE).toString('utf8');
      for (const line of head.split('\n')) {
        if (!line.startsWith('#')) break;
        h.line(line);
      }
    }
    t.handler = h;
    return h;
  }

  private readPlain(path: string, t: Tracked, size: number): boolean {
    const want = Math.min(size - t.offset.offset, READ_PER_POLL);
    const buf = readRange(path, t.offset.offset, want);
    const lastNl = buf.lastIndexOf(0x0a);
    if (lastNl < 0) return false; // no complete line yet
    const text = buf.toString('utf8', 0, lastNl + 1);
    const h = this.handlerFor(path, t);
    let lines = 0;
    try {
      let from = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
        h.line(text.charCodeAt(nl - 1) === 13 ? text.slice(from, nl - 1) : text.slice(from, nl));
        lines++;
        from = nl + 1;
      }
    } catch (err) {
      if (!(err instanceof InputFormatError)) throw err;
      t.rejected = true;
      this.sink.rejected(path, err.message);
    }
    h.flush?.();
    this.bytesRead += lastNl + 1;
    t.offset = { ...t.offset, offset: t.offset.offset + lastNl + 1, lines: t.offset.lines + lines };
    return true;
  }

  private readGzip(path: string, t: Tracked): boolean {
    let text: string;
    try {
      text = gunzipSync(readRange(path, 0, statSync(path).size)).toString('utf8');
    } catch (err) {
      t.rejected = true;
      this.sink.rejected(path, `not a readable gzip file: ${(err as Error).message}`);
      return true;
    }
    const h = this.handlerFor(path, t);
    try {
      for (const line of text.split('\n')) h.line(line.endsWith('\r') ? line.slice(0, -1) : line);
      h.flush?.();
    } catch (err) {
      if (!(err instanceof InputFormatError)) throw err;
      t.rejected = true;
      this.sink.rejected(path, err.message);
    }
    t.offset = { ...t.offset, offset: statSync(path).size, lines: h.lines(), done: true };
    return true;
  }
}

function readRange(path: string, from: number, len: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(len);
    let got = 0;
    while (got < len) {
      const n = readSync(fd, buf, got, len - got, from + got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}
