// The per-connection SMB state shared by the SMB1 and SMB2 handlers.
import type { SmbFiles } from '../../schema/logs/smb-files.js';
import type { SmbMapping } from '../../schema/logs/smb-mapping.js';
import type { AnalyzerContext } from '../app/analyzer.js';
import type { DceRpcSession } from '../dce_rpc/analyzer.js';
import type { FileHandle } from '../files/file-tracker.js';
import type { FileTimes } from './parse.js';

export interface Tree {
  path?: string;
  shareType?: string;
}

export interface OpenFile {
  info: SmbFiles;
  shareType?: string;
  pipe?: DceRpcSession;
  read?: FileHandle;
  write?: FileHandle;
  readNext: number;
  writeNext: number;
}

export interface PendingRequest {
  ts: number;
  path?: string;
  name?: string;
  tree?: string;
  fileId?: string;
}

export interface Smb1State {
  readonly ctx: AnalyzerContext;
  readonly trees: Map<string, Tree>;
  readonly files: Map<string, OpenFile>;
  readonly pending: Map<string, PendingRequest>;
  confirm(): void;
  securityBlob(blob: Buffer, status: number | undefined): void;
  logMapping(rec: SmbMapping): void;
  opened(key: string, ts: number, tree: Tree | undefined, name: string, size: number, times: FileTimes): OpenFile;
  content(f: OpenFile, isWrite: boolean, offset: number, data: Buffer): void;
  closeFile(f: OpenFile): void;
}

/** Bounded insert: the oldest entry goes when the map is full. */
export function boundedSet<K, V>(m: Map<K, V>, k: K, v: V, max: number): void {
  if (m.size >= max && !m.has(k)) m.delete(m.keys().next().value as K);
  m.set(k, v);
}
