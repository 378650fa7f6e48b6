// One HTTP request or reply as it is being read: framing (length, chunked, until close), body
// decoding and the files its body becomes. Shared by the analyzer and the header semantics.
import type { FileHandle } from '../files/file-tracker.js';
import type { BodyDecoder } from './decode-body.js';
import type { MultipartReader } from './multipart.js';

/** One request or reply being read. */
export interface Message {
  headers: number;
  /** header line waiting for possible continuation lines */
  pendingHeader: Buffer | null;
  contentLength: number | null;
  chunked: boolean;
  encoded: boolean;
  decoder: BodyDecoder | null;
  bodyLen: number;
  file: FileHandle | null;
  filename?: string;
  rangeTotal?: number;
  /** first byte of the Content-Range */
  rangeFirst?: number;
  /** offset in the file of the next body byte of a range reply (its file is shared: files/range-files) */
  rangeNext: number;
  /** offset of the next byte of the current multipart part, when the part is a range */
  partNext: number;
  /** reply to a CONNECT / an Upgrade: after the headers the stream is no longer HTTP */
  upgrade: boolean;
  contentType?: string;
  multipart: MultipartReader | null;
  /** file of the current multipart part */
  partFile: FileHandle | null;
  /** last body byte (Zeek counts 2 more for a final line without line end in line mode) */
  lastByte: number;
  /** body read until the connection closes */
  untilClose: boolean;
}

export function newMessage(): Message {
  return {
    headers: 0, pendingHeader: null, contentLength: null, chunked: false, encoded: false, decoder: null, bodyLen: 0, file: null, upgrade: false, rangeNext: -1, partNext: -1,
    multipart: null, partFile: null, lastByte: -1, untilClose: false,
  };
}
