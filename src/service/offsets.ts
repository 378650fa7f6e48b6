// Where each input file has been read to, and the output lengths that go with it, saved atomically
// (write a temporary file, fsync, rename) so a crash leaves either the old or the new checkpoint.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface FileOffset {
  /** file identity, so a rotated file (same name, new inode) starts from zero */
  dev: number;
  ino: number;
  /** bytes consumed (complete lines only) */
  offset: number;
  /** lines consumed, for quarantine line numbers */
  lines: number;
  /** a compressed file read to the end */
  done?: boolean;
}

export interface Checkpoint {
  files: Record<string, FileOffset>;
  /** output log lengths at this checkpoint */
  outputs: Record<string, number>;
  saved: string;
}

export class OffsetStore {
  private readonly path: string;
  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, 'checkpoint.json');
  }

  load(): Checkpoint {
    if (!existsSync(this.path)) return { files: {}, outputs: {}, saved: '' };
    return JSON.parse(readFileSync(this.path, 'utf8')) as Checkpoint;
  }

  save(cp: Omit<Checkpoint, 'saved'>): void {
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w');
    writeSync(fd, JSON.stringify({ ...cp, saved: new Date().toISOString() }));
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, this.path);
  }
}
