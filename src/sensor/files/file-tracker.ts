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
import type { AnalyzerContext, ConnInfo } from '../app/analyzer.js';
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
  /**
   * `buf` at byte `offset` of the file (ranges, Zeek's offset DataIn): bytes ahead of the next
   * expected one wait (bounded) until the hole before them is filled or the file ends.
   */
  dataAt(offset: number, buf: Buffer): void;
  /** the file is also carried by another connection (Zeek logs one row per connection) */
  overConnection(conn: ConnInfo, isOrig: boolean): void;
  /** the announced size has been reached */
  complete(): boolean;
  /** the file ended (or the transfer stopped; `timedout`: it was abandoned unfinished): logs files.log */
  end(timedout?: boolean): void;
}

/** Out-of-order bytes held per file for dataAt() (Zeek: default_file_reassembly_buffer_size). */
export const FILE_REASSEMBLY_BUFFER = 512 * 1024;

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
  /** connections that carried the file after the first one, with their direction */
  let more: { conn: ConnInfo; isOrig: boolean }[] | null = null;
  /** bytes ahead of the stream (dataAt), sorted by offset */
  let ahead: { off: number; buf: Buffer }[] | null = null;
  let aheadBytes = 0;
  const sniff = () => {
    if (sniffed) return;
    sniffed = true;
    if (head && headLen) mime = sniffMime(head.subarray(0, headLen));
    head = null;
  };
  const handle: FileHandle = {
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
    dataAt(offset: number, buf: Buffer): void {
      if (ended || !buf.length) return;
      let pos = seen + missing;
      if (offset < pos) {
        // already delivered (or given up as missing): only the part beyond the stream is new
        if (offset + buf.length <= pos) return;
        buf = buf.subarray(pos - offset);
        offset = pos;
      }
      if (offset > pos) {
        lastActive = ctx.now();
        ahead ??= [];
        let i = ahead.length;
        while (i > 0 && ahead[i - 1]!.off > offset) i--;
        ahead.splice(i, 0, { off: offset, buf: Buffer.from(buf) });
        aheadBytes += buf.length;
        // over the buffer: give up the hole before the first held bytes
        while (aheadBytes > FILE_REASSEMBLY_BUFFER && ahead.length) {
          const first = ahead.shift()!;
          aheadBytes -= first.buf.length;
          pos = seen + missing;
          if (first.off > pos) handle.gap(first.off - pos);
          handle.dataAt(first.off, first.buf);
        }
        return;
      }
      handle.data(buf);
      // bytes held that now continue the stream
      while (ahead && ahead.length && ahead[0]!.off <= seen + missing) {
        const next = ahead.shift()!;
        aheadBytes -= next.buf.length;
        handle.dataAt(next.off, next.buf);
      }
    },
    overConnection(conn: ConnInfo, isOrig: boolean): void {
      if (conn.uid === ctx.conn.uid || more?.some((c) => c.conn.uid === conn.uid)) return;
      (more ??= []).push({ conn, isOrig });
    },
    complete: () => info.totalBytes !== undefined && seen + missing >= info.totalBytes,
    end(timedout = false): void {
      if (ended) return;
      // what is still held is delivered after the holes before it
      if (ahead) {
        const held = ahead;
        const active = lastActive; // delivering held bytes is not new activity
        ahead = null;
        aheadBytes = 0;
        for (const h of held) {
          const pos = seen + missing;
          if (h.off > pos) handle.gap(h.off - pos);
          handle.dataAt(h.off, h.buf);
        }
        lastActive = active;
      }
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
        // Zeek (files/main.zeek, file_over_new_connection): whether the host that *sent* the file is local
        local_orig: isLocal(info.isOrig ? ctx.conn.id.orig_h : ctx.conn.id.resp_h),
        is_orig: info.isOrig,
        seen_bytes: seen,
        missing_bytes: missing,
        overflow_bytes: 0,
        timedout,
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
      for (const m of more ?? []) {
        ctx.emit({ type: 'files', record: { ...rec, uid: m.conn.uid, id: m.conn.id, is_orig: m.isOrig, local_orig: isLocal(m.isOrig ? m.conn.id.orig_h : m.conn.id.resp_h) } });
      }
    },
  };
  return handle;
}
