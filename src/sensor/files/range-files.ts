// Files delivered in byte ranges (HTTP 206 replies to Range requests) are one file however many
// replies and connections carry them: Zeek's HTTP::get_file_handle leaves the connection out of the
// handle of a range reply (analyzer, direction, client address, URL), so every piece lands in the
// same file at its offset. The file ends when its announced size is reached; one left unfinished
// when the last connection carrying it ends is logged timed out (Zeek: the file's inactivity timeout).
import type { AnalyzerContext } from '../app/analyzer.js';
import { type FileHandle, type FileInfo, startFile } from './file-tracker.js';

interface Entry {
  file: FileHandle;
  /** connections still open that carried a piece */
  conns: Set<string>;
}

type Registry = Map<string, Entry>;

/** Ranges of files still open across connections (bounded: the oldest is given up). */
const MAX_OPEN_RANGE_FILES = 10_000;

function registry(ctx: AnalyzerContext, local: { map?: Registry }): Registry {
  if (ctx.shared) return ctx.shared<Registry>('files.range-files', () => new Map());
  return (local.map ??= new Map());
}

/** Per-connection use of the range-file registry. */
export class RangeFiles {
  private readonly mine = new Set<string>();
  private readonly local: { map?: Registry } = {};

  constructor(private readonly ctx: AnalyzerContext) {}

  /** The file of `key` (created with `info` if new), now also carried by this connection. */
  open(key: string, info: FileInfo): { file: FileHandle; isNew: boolean } {
    const reg = registry(this.ctx, this.local);
    let e = reg.get(key);
    const isNew = !e;
    if (!e) {
      if (reg.size >= MAX_OPEN_RANGE_FILES) {
        const [oldKey, old] = reg.entries().next().value as [string, Entry];
        reg.delete(oldKey);
        old.file.end(true);
      }
      e = { file: startFile(this.ctx, info), conns: new Set() };
      reg.set(key, e);
    } else e.file.overConnection(this.ctx.conn, info.isOrig);
    e.conns.add(this.ctx.conn.uid);
    this.mine.add(key);
    return { file: e.file, isNew };
  }

  /** A piece ended: the file ends once complete. */
  pieceDone(key: string): void {
    const reg = registry(this.ctx, this.local);
    const e = reg.get(key);
    if (!e || !e.file.complete()) return;
    reg.delete(key);
    e.file.end();
  }

  /** The connection ends: files no other open connection carries end, timed out if unfinished. */
  end(): void {
    const reg = registry(this.ctx, this.local);
    for (const key of this.mine) {
      const e = reg.get(key);
      if (!e) continue;
      e.conns.delete(this.ctx.conn.uid);
      if (e.conns.size) continue;
      reg.delete(key);
      e.file.end(!e.file.complete());
    }
    this.mine.clear();
  }
}
