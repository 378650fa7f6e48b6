// File analysis shared by every protocol that carries files (HTTP bodies, SMB reads/writes, FTP data,
// SMTP attachments): size, missing bytes, MIME type by content, MD5/SHA1/SHA256, and one files.log
// record when the file ends. Analyzers call startFile() and feed bytes in order.
import { createHash, type Hash } from 'node:crypto';
import type { Files } from '../../schema/logs/files.js';
import type { AnalyzerContext } from '../app/analyzer.js';
import { sniffMime } from './mime.js';

/** Bytes kept for MIME sniffing. */
const SNIFF_BYTES = 4096;

export interface FileInfo {
  /** protocol that carried it, as Zeek names it: HTTP, SMB, FTP_DATA, SMTP */
  source: string;
  /** sent by the connection's originator (an upload) */
  isOrig: boolean;
  filename?: string;
  /** size announced by the protocol (Content-Length, SMB file size), when known */
  totalBytes?: number;
  /** the file id of the containing file (archives, MIME parts) */
  parentFuid?: string;
  depth?: number;
}

export interface FileHandle {
  readonly fuid: string;
  data(buf: Buffer): void;
  /** `len` bytes of the file were not seen */
  gap(len: number): void;
  /** MIME type from content, once the first bytes have been seen */
  mimeType(): string | undefined;
  /** the file ended (or the transfer stopped): logs files.log */
  end(): void;
}

export function startFile(ctx: AnalyzerContext, info: FileInfo): FileHandle {
  const fuid = ctx.newId('F');
  const started = ctx.now();
  let seen = 0;
  let missing = 0;
  let head: Buffer | null = Buffer.alloc(0);
  let mime: string | undefined;
  let hashes: Hash[] | null = [createHash('md5'), createHash('sha1'), createHash('sha256')];
  let ended = false;
  const sniff = () => {
    if (head && head.length) mime = sniffMime(head);
    head = null;
  };
  return {
    fuid,
    data(buf: Buffer): void {
      if (ended || !buf.length) return;
      if (head) {
        head = Buffer.concat([head, buf.subarray(0, SNIFF_BYTES - head.length)]);
        if (head.length >= SNIFF_BYTES) sniff();
      }
      if (hashes) for (const h of hashes) h.update(buf);
      seen += buf.length;
    },
    gap(len: number): void {
      missing += len;
      hashes = null; // a hash over a file with holes would be a hash of nothing real
    },
    mimeType(): string | undefined {
      if (head && head.length) sniff();
      return mime;
    },
    end(): void {
      if (ended) return;
      ended = true;
      if (head) sniff();
      const rec: Files = {
        ts: started,
        fuid,
        uid: ctx.conn.uid,
        id: ctx.conn.id,
        source: info.source,
        depth: info.depth ?? 0,
        analyzers: hashes ? ['MD5', 'SHA1', 'SHA256'] : [],
        duration: ctx.now() - started,
        is_orig: info.isOrig,
        seen_bytes: seen,
        missing_bytes: missing,
        overflow_bytes: 0,
        timedout: false,
      };
      if (mime) rec.mime_type = mime;
      if (info.filename) rec.filename = info.filename;
      if (info.totalBytes !== undefined) rec.total_bytes = info.totalBytes;
      if (info.parentFuid) rec.parent_fuid = info.parentFuid;
      if (hashes && seen > 0) {
        rec.md5 = hashes[0]!.digest('hex');
        rec.sha1 = hashes[1]!.digest('hex');
        rec.sha256 = hashes[2]!.digest('hex');
      }
      ctx.emit({ type: 'files', record: rec });
    },
  };
}
