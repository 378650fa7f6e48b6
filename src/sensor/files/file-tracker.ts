// File analysis shared by every protocol that carries files (HTTP bodies, SMB reads/writes, FTP data,
// SMTP attachments): size, missing bytes, MIME type by content, MD5/SHA1/SHA256, and one files.log
// record when the file ends. Analyzers call startFile() and feed bytes in order.
//
// Zeek's meaning of the files.log fields: ts is when the file was first seen, duration runs to the
// last data (not to the end of the connection), seen_bytes counts delivered bytes, missing_bytes the
// holes, total_bytes the size the protocol announced. Hashes are those of Zeek's
// frameworks/files/hash-all-files (MD5, SHA1, SHA256), which its default site policy loads; a file
// with a hole has no hashes, as in Zeek. The MIME type comes from the first 4096 bytes (Zeek's
// default_file_bof_buffer_size).
import { createHash, type Hash } from 'node:crypto';
import { parseIp } from '../../net/ip-address.js';
import type { Files } from '../../schema/logs/files.js';
import type { AnalyzerContext } from '../app/analyzer.js';
import { DEFAULT_LOCAL_NETS, LocalNets } from '../flow/local-nets.js';
import { sniffMime } from './mime.js';

/** Bytes kept for MIME sniffing (Zeek: default_file_bof_buffer_size). */
export const SNIFF_BYTES = 4096;
/** Analyzers attached to every file, as Zeek lists them. */
const HASH_ANALYZERS = ['MD5', 'SHA1', 'SHA256'];

const localNets = new LocalNets(DEFAULT_LOCAL_NETS);
function isLocal(addr: string): boolean {
  const ip = parseIp(addr);
  return !!ip && localNets.contains(ip.v6, ip.words[0]!, ip.words[1]!, ip.words[2]!, ip.words[3]!);
}

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
  /** do not hash (Zeek logs analyzers (empty) and no hashes); default false */
  noHashes?: boolean;
  /** the type the carrying protocol knows for sure (certificates), instead of sniffing */
  mimeType?: string;
  /** further file analyzers that ran on it (X509, …), listed after the hashes */
  analyzers?: string[];
}

export interface FileHandle {
  readonly fuid: string;
  data(buf: Buffer): void;
  /** `len` bytes of the file were not seen */
  gap(len: number): void;
  /** MIME type from content, once the first bytes have been seen */
  mimeType(): string | undefined;
  /** bytes delivered so far */
  seenBytes(): number;
  /** the file ended (or the transfer stopped): logs files.log */
  end(): void;
}

export function startFile(ctx: AnalyzerContext, info: FileInfo): FileHandle {
  const fuid = ctx.newId('F');
  const started = ctx.now();
  let lastActive = started;
  let seen = 0;
  let missing = 0;
  let head: Buffer | null = null;
  let headLen = 0;
  let mime: string | undefined;
  let sniffed = false;
  let hashes: Hash[] | null = info.noHashes ? null : [createHash('md5'), createHash('sha1'), createHash('sha256')];
  let hadHashes = !info.noHashes;
  let ended = false;
  const sniff = () => {
    if (sniffed) return;
    sniffed = true;
    if (head && headLen) mime = sniffMime(head.subarray(0, headLen));
    head = null;
  };
  return {
    fuid,
    data(buf: Buffer): void {
      if (ended || !buf.length) return;
      lastActive = ctx.now();
      if (!sniffed && missing === 0) {
        head ??= Buffer.allocUnsafe(SNIFF_BYTES);
        const n = buf.copy(head, headLen, 0, Math.min(buf.length, SNIFF_BYTES - headLen));
        headLen += n;
        if (headLen >= SNIFF_BYTES) sniff();
      }
      if (hashes) for (const h of hashes) h.update(buf);
      seen += buf.length;
    },
    gap(len: number): void {
      if (ended || len <= 0) return;
      lastActive = ctx.now();
      missing += len;
      if (!sniffed) sniff(); // Zeek sniffs what it has when the bof buffer is interrupted
      hashes = null; // a hash over a file with holes would be a hash of nothing real
    },
    mimeType(): string | undefined {
      if (!sniffed && headLen) sniff();
      return mime;
    },
    seenBytes: () => seen,
    end(): void {
      if (ended) return;
      ended = true;
      sniff();
      const rec: Files = {
        ts: started,
        fuid,
        uid: ctx.conn.uid,
        id: ctx.conn.id,
        source: info.source,
        depth: info.depth ?? 0,
        analyzers: [...(hadHashes ? HASH_ANALYZERS : []), ...(info.analyzers ?? [])],
        duration: lastActive - started,
        local_orig: isLocal(ctx.conn.id.orig_h),
        is_orig: info.isOrig,
        seen_bytes: seen,
        missing_bytes: missing,
        overflow_bytes: 0,
        timedout: false,
      };
      if (info.mimeType ?? mime) rec.mime_type = info.mimeType ?? mime;
      if (info.filename) rec.filename = info.filename;
      if (info.totalBytes !== undefined) rec.total_bytes = info.totalBytes;
      if (info.parentFuid) rec.parent_fuid = info.parentFuid;
      if (hashes && seen > 0) {
        rec.md5 = hashes[0]!.digest('hex');
        rec.sha1 = hashes[1]!.digest('hex');
        rec.sha256 = hashes[2]!.digest('hex');
      }
      hashes = null;
      hadHashes = false;
      ctx.emit({ type: 'files', record: rec });
    },
  };
}
