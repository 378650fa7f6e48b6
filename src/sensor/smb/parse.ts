// SMB over NetBIOS session service / direct TCP (MS-SMB, MS-SMB2): the 4-byte session framing, the
// SMB1 and SMB2 headers, and the SMB2 bodies the logs need. Pure functions over one message.
import type { ParseResult } from '../app/analyzer.js';

/** Largest NetBIOS/direct-TCP message accepted (SMB2 allows 8 MiB reads/writes + headers). */
export const MAX_SMB_MESSAGE = 8 * 1024 * 1024 + 4096;
/** Longest path or file name decoded (characters). */
export const MAX_SMB_NAME = 4096;
export const SMB2_HEADER = 64;
export const SMB1_HEADER = 32;

export interface NbssFrame {
  type: number;
  /** offset and length of the payload inside the buffer */
  start: number;
  length: number;
}

/** One NetBIOS session service frame (type, 17-bit length). */
export function parseNbssFrame(buf: Buffer): ParseResult<NbssFrame> {
  if (buf.length < 4) return { status: 'need-more', needed: 4 };
  const type = buf[0]!;
  if (type !== 0x00 && type !== 0x81 && type !== 0x82 && type !== 0x83 && type !== 0x84 && type !== 0x85) return { status: 'malformed', anomaly: 'smb_bad_nbss_type' };
  // Session messages: a 24-bit length (direct TCP 445; on 139 the top 7 bits are zero). Others: 17-bit.
  const length = type === 0 ? buf.readUIntBE(1, 3) : buf.readUInt16BE(2) | ((buf[1]! & 0x01) << 16);
  if (length > MAX_SMB_MESSAGE) return { status: 'malformed', anomaly: 'smb_message_too_large' };
  if (buf.length < 4 + length) return { status: 'need-more', needed: 4 + length };
  return { status: 'ok', value: { type, start: 4, length }, consumed: 4 + length };
}

export const SMB1_MAGIC = 0x424d53ff; // \xffSMB little-endian
export const SMB2_MAGIC = 0x424d53fe; // \xfeSMB
export const SMB3_TRANSFORM_MAGIC = 0x424d53fd; // \xfdSMB: encrypted
export const SMB3_COMPRESSED_MAGIC = 0x424d53fc; // \xfcSMB: compressed

export const SMB2 = {
  NEGOTIATE: 0, SESSION_SETUP: 1, LOGOFF: 2, TREE_CONNECT: 3, TREE_DISCONNECT: 4, CREATE: 5, CLOSE: 6,
  FLUSH: 7, READ: 8, WRITE: 9, LOCK: 10, IOCTL: 11, CANCEL: 12, ECHO: 13, QUERY_DIRECTORY: 14,
  CHANGE_NOTIFY: 15, QUERY_INFO: 16, SET_INFO: 17, OPLOCK_BREAK: 18,
} as const;

export const STATUS_SUCCESS = 0;
export const STATUS_MORE_PROCESSING_REQUIRED = 0xc0000016;
export const STATUS_PENDING = 0x00000103;
export const FSCTL_PIPE_TRANSCEIVE = 0x0011c017;

export interface Smb2Header {
  command: number;
  status: number;
  isResponse: boolean;
  isAsync: boolean;
  nextCommand: number;
  messageId: bigint;
  treeId: number;
  sessionId: bigint;
}

export function parseSmb2Header(buf: Buffer): ParseResult<Smb2Header> {
  if (buf.length < SMB2_HEADER) return { status: 'malformed', anomaly: 'smb2_truncated_header' };
  if (buf.readUInt32LE(0) !== SMB2_MAGIC) return { status: 'malformed', anomaly: 'smb2_bad_magic' };
  if (buf.readUInt16LE(4) !== 64) return { status: 'malformed', anomaly: 'smb2_bad_header_size' };
  const flags = buf.readUInt32LE(16);
  const isAsync = (flags & 0x2) !== 0;
  return {
    status: 'ok',
    value: {
      command: buf.readUInt16LE(12),
      status: buf.readUInt32LE(8),
      isResponse: (flags & 0x1) !== 0,
      isAsync,
      nextCommand: buf.readUInt32LE(20),
      messageId: buf.readBigUInt64LE(24),
      treeId: isAsync ? 0 : buf.readUInt32LE(36),
      sessionId: buf.readBigUInt64LE(40),
    },
    consumed: SMB2_HEADER,
  };
}

/** UTF-16LE text of `len` bytes at `off` of `msg`, or undefined if out of range. */
export function utf16(msg: Buffer, off: number, len: number): string | undefined {
  if (off < 0 || len < 0 || off + len > msg.length) return undefined;
  return msg.toString('utf16le', off, off + Math.min(len, MAX_SMB_NAME * 2) - (len & 1));
}

/** A slice of `msg` at (offset, length) relative to the message start, bounded. */
function slice(msg: Buffer, off: number, len: number): Buffer | undefined {
  if (off < 0 || len < 0 || off + len > msg.length) return undefined;
  return msg.subarray(off, off + len);
}

/** SMB2 FileId (persistent + volatile) as a map key. */
export function fileIdKey(msg: Buffer, at: number): string {
  return msg.toString('hex', at, at + 16);
}

/** Windows FILETIME (100 ns since 1601) → epoch seconds (µs precision); undefined for 0. */
export function filetime(msg: Buffer, at: number): number | undefined {
  const v = msg.readBigUInt64LE(at);
  if (v === 0n) return undefined;
  // As Zeek's filetime2zeektime computes it, in doubles, so the printed microseconds agree.
  return Number(v) / 10000000.0 - 11644473600.0;
}

export interface FileTimes {
  modified?: number;
  accessed?: number;
  created?: number;
  changed?: number;
}

type R<T> = ParseResult<T>;
const bad = <T>(anomaly: string): R<T> => ({ status: 'malformed', anomaly });
const ok = <T>(value: T, consumed: number): R<T> => ({ status: 'ok', value, consumed });

/** Session setup request/response: the security blob. `msg` starts at the SMB2 header. */
export function parseSmb2SessionSetup(msg: Buffer, isResponse: boolean): R<{ blob: Buffer }> {
  const b = SMB2_HEADER;
  if (msg.length < b + (isResponse ? 8 : 24)) return bad('smb2_truncated_session_setup');
  const off = msg.readUInt16LE(b + (isResponse ? 4 : 12));
  const len = msg.readUInt16LE(b + (isResponse ? 6 : 14));
  const blob = len === 0 ? Buffer.alloc(0) : slice(msg, off, len);
  if (!blob) return bad('smb2_bad_security_buffer');
  return ok({ blob }, msg.length);
}

export function parseSmb2TreeConnectRequest(msg: Buffer): R<{ path: string }> {
  const b = SMB2_HEADER;
  if (msg.length < b + 8) return bad('smb2_truncated_tree_connect');
  const path = utf16(msg, msg.readUInt16LE(b + 4), msg.readUInt16LE(b + 6));
  if (path === undefined) return bad('smb2_bad_tree_path');
  return ok({ path }, msg.length);
}

export function parseSmb2TreeConnectResponse(msg: Buffer): R<{ shareType: number }> {
  if (msg.length < SMB2_HEADER + 4) return bad('smb2_truncated_tree_connect_response');
  return ok({ shareType: msg[SMB2_HEADER + 2]! }, msg.length);
}

export function parseSmb2CreateRequest(msg: Buffer): R<{ name: string }> {
  const b = SMB2_HEADER;
  if (msg.length < b + 56) return bad('smb2_truncated_create');
  const name = utf16(msg, msg.readUInt16LE(b + 44), msg.readUInt16LE(b + 46));
  if (name === undefined) return bad('smb2_bad_create_name');
  return ok({ name }, msg.length);
}

export interface CreateResponse {
  createAction: number;
  times: FileTimes;
  size: number;
  fileId: string;
}

export function parseSmb2CreateResponse(msg: Buffer): R<CreateResponse> {
  const b = SMB2_HEADER;
  if (msg.length < b + 80) return bad('smb2_truncated_create_response');
  return ok({
    createAction: msg.readUInt32LE(b + 4),
    times: { created: filetime(msg, b + 8), accessed: filetime(msg, b + 16), modified: filetime(msg, b + 24), changed: filetime(msg, b + 32) },
    size: Number(msg.readBigUInt64LE(b + 48)),
    fileId: fileIdKey(msg, b + 64),
  }, msg.length);
}

/** Read/write/close/set-info/ioctl requests: the file id (at a command-specific body offset). */
export function smb2RequestFileId(msg: Buffer, command: number): string | undefined {
  const at = command === SMB2.CLOSE ? 8 : command === SMB2.IOCTL ? 8 : command === SMB2.READ || command === SMB2.WRITE || command === SMB2.SET_INFO ? 16 : -1;
  if (at < 0 || msg.length < SMB2_HEADER + at + 16) return undefined;
  return fileIdKey(msg, SMB2_HEADER + at);
}

export interface ReadRequest {
  fileId: string;
  length: number;
  offset: number;
}

export function parseSmb2ReadRequest(msg: Buffer): R<ReadRequest> {
  const b = SMB2_HEADER;
  if (msg.length < b + 32) return bad('smb2_truncated_read');
  return ok({ length: msg.readUInt32LE(b + 4), offset: Number(msg.readBigUInt64LE(b + 8)), fileId: fileIdKey(msg, b + 16) }, msg.length);
}

export function parseSmb2ReadResponse(msg: Buffer): R<{ data: Buffer }> {
  const b = SMB2_HEADER;
  if (msg.length < b + 8) return bad('smb2_truncated_read_response');
  const data = slice(msg, msg[b + 2]!, msg.readUInt32LE(b + 4)) ?? msg.subarray(Math.min(msg.length, msg[b + 2]!));
  return ok({ data }, msg.length);
}

export function parseSmb2WriteRequest(msg: Buffer): R<{ fileId: string; offset: number; data: Buffer }> {
  const b = SMB2_HEADER;
  if (msg.length < b + 32) return bad('smb2_truncated_write');
  const data = slice(msg, msg.readUInt16LE(b + 2), msg.readUInt32LE(b + 4)) ?? msg.subarray(Math.min(msg.length, msg.readUInt16LE(b + 2)));
  return ok({ fileId: fileIdKey(msg, b + 16), offset: Number(msg.readBigUInt64LE(b + 8)), data }, msg.length);
}

export type SetInfo = { fileId: string } & ({ kind: 'rename'; name: string } | { kind: 'delete'; deletePending: boolean } | { kind: 'other' });

export function parseSmb2SetInfoRequest(msg: Buffer): R<SetInfo> {
  const b = SMB2_HEADER;
  if (msg.length < b + 32) return bad('smb2_truncated_set_info');
  const infoType = msg[b + 2]!;
  const cls = msg[b + 3]!;
  const len = msg.readUInt32LE(b + 4);
  const off = msg.readUInt16LE(b + 8);
  const fileId = fileIdKey(msg, b + 16);
  const data = slice(msg, off, len);
  if (infoType !== 1 || !data) return ok({ fileId, kind: 'other' }, msg.length);
  if (cls === 10 && data.length >= 20) {
    const name = utf16(data, 20, data.readUInt32LE(16));
    if (name !== undefined) return ok({ fileId, kind: 'rename', name }, msg.length);
  }
  if (cls === 13 && data.length >= 1) return ok({ fileId, kind: 'delete', deletePending: data[0] !== 0 }, msg.length);
  return ok({ fileId, kind: 'other' }, msg.length);
}

export function parseSmb2Ioctl(msg: Buffer, isResponse: boolean): R<{ ctlCode: number; fileId: string; data: Buffer }> {
  const b = SMB2_HEADER;
  if (msg.length < b + (isResponse ? 48 : 56)) return bad('smb2_truncated_ioctl');
  const ctlCode = msg.readUInt32LE(b + 4);
  const fileId = fileIdKey(msg, b + 8);
  const off = msg.readUInt32LE(b + (isResponse ? 32 : 24));
  const len = msg.readUInt32LE(b + (isResponse ? 36 : 28));
  return ok({ ctlCode, fileId, data: slice(msg, off, len) ?? Buffer.alloc(0) }, msg.length);
}

// ---- SMB1 ----

export interface Smb1Header {
  command: number;
  status: number;
  isResponse: boolean;
  unicode: boolean;
  tid: number;
  uid: number;
  mid: number;
  pid: number;
  /** offset of the parameter words (word count byte) */
  wordsAt: number;
}

export function parseSmb1Header(msg: Buffer): R<Smb1Header> {
  if (msg.length < SMB1_HEADER + 1) return bad('smb1_truncated_header');
  if (msg.readUInt32LE(0) !== SMB1_MAGIC) return bad('smb1_bad_magic');
  const flags2 = msg.readUInt16LE(10);
  return ok({
    command: msg[4]!,
    status: msg.readUInt32LE(5),
    isResponse: (msg[9]! & 0x80) !== 0,
    unicode: (flags2 & 0x8000) !== 0,
    pid: msg.readUInt16LE(26),
    tid: msg.readUInt16LE(24),
    uid: msg.readUInt16LE(28),
    mid: msg.readUInt16LE(30),
    wordsAt: SMB1_HEADER,
  }, SMB1_HEADER);
}

/** SMB1 parameter words and data bytes of the command block at `at`. */
export function smb1Block(msg: Buffer, at: number): { words: Buffer; data: Buffer; dataAt: number } | undefined {
  if (at >= msg.length) return undefined;
  const wc = msg[at]!;
  const wEnd = at + 1 + wc * 2;
  if (wEnd + 2 > msg.length) return undefined;
  const bc = msg.readUInt16LE(wEnd);
  const dEnd = Math.min(msg.length, wEnd + 2 + bc);
  return { words: msg.subarray(at + 1, wEnd), data: msg.subarray(wEnd + 2, dEnd), dataAt: wEnd + 2 };
}

/** A NUL-terminated string at `off` of `msg` (UTF-16LE aligned to the message start if unicode). */
export function smb1String(msg: Buffer, off: number, unicode: boolean): { value: string; end: number } {
  if (unicode) {
    if (off & 1) off++;
    let e = off;
    while (e + 1 < msg.length && (msg[e] !== 0 || msg[e + 1] !== 0) && e - off < MAX_SMB_NAME * 2) e += 2;
    return { value: msg.toString('utf16le', off, e), end: Math.min(msg.length, e + 2) };
  }
  let e = off;
  while (e < msg.length && msg[e] !== 0 && e - off < MAX_SMB_NAME) e++;
  return { value: msg.toString('latin1', off, e), end: Math.min(msg.length, e + 1) };
}
