// Opens a capture (file path, or "-" for standard input), unwraps gzip, recognises pcap or pcapng
// by its magic number, and streams packets to a sink. A file that is not a capture gets one clear
// InputFormatError naming the file and what was expected.
import { createReadStream, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { InputFormatError } from '../../schema/errors.js';
import type { CaptureParser, CaptureProblemSink, PacketSink } from './packet-sink.js';
import { PcapParser } from './pcap-parser.js';
import { PcapngParser } from './pcapng-parser.js';

export type CaptureFormat = 'pcap' | 'pcapng';

/** Recognises a capture from its first four bytes; null when it is neither pcap nor pcapng. */
export function detectCaptureFormat(head: Buffer): CaptureFormat | null {
  if (head.length < 4) return null;
  const m = head.readUInt32LE(0);
  if (m === 0xa1b2c3d4 || m === 0xd4c3b2a1 || m === 0xa1b23c4d || m === 0x4d3cb2a1) return 'pcap';
  if (m === 0x0a0d0d0a) return 'pcapng';
  return null;
}

export function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

export interface ReadCaptureOptions {
  onPacket: PacketSink;
  onProblem: CaptureProblemSink;
  /** Called with (bytes of the input read so far, total bytes or 0 when unknown). */
  onProgress?: (read: number, total: number) => void;
}

export interface CaptureSummary {
  format: CaptureFormat;
  packets: number;
  bytesRead: number;
  stopped: boolean;
}

const CHUNK = 1 << 20;

/** Reads a whole capture from a path or "-" (stdin). Resolves when the input is exhausted. */
export async function readCapture(path: string, opts: ReadCaptureOptions): Promise<CaptureSummary> {
  const name = path === '-' ? 'standard input' : path;
  let total = 0;
  if (path !== '-') {
    try {
      total = statSync(path).size;
    } catch (err) {
      throw new InputFormatError('capture_not_found', `cannot read capture ${name}: ${(err as Error).message}`, { cause: err });
    }
  }
  const raw = path === '-' ? process.stdin : createReadStream(path, { highWaterMark: CHUNK });
  const read = () => ('bytesRead' in raw ? (raw as { bytesRead: number }).bytesRead : 0);
  return readCaptureStream(raw, name, opts, () => opts.onProgress?.(read(), total));
}

/** Reads a capture from any byte stream (used for stdin, live capture and tests). */
export async function readCaptureStream(
  input: Readable,
  name: string,
  opts: ReadCaptureOptions,
  tick: () => void = () => {},
): Promise<CaptureSummary> {
  let source: AsyncIterable<Buffer> = input;
  let parser: CaptureParser | null = null;
  let format: CaptureFormat | null = null;
  let head: Buffer = Buffer.alloc(0);
  let bytesRead = 0;
  let gunzipChecked = false;
  try {
    for (;;) {
      const it = source[Symbol.asyncIterator]();
      let restart = false;
      for (let r = await it.next(); !r.done; r = await it.next()) {
        const chunk = r.value as Buffer;
        bytesRead += chunk.length;
        if (!parser) {
          head = head.length ? Buffer.concat([head, chunk]) : chunk;
          if (head.length < 4) continue;
          if (!gunzipChecked && isGzip(head)) {
            gunzipChecked = true;
            source = gunzipFrom(head, it, name);
            head = Buffer.alloc(0);
            bytesRead = 0;
            restart = true;
            break;
          }
          gunzipChecked = true;
          format = detectCaptureFormat(head);
          if (!format) {
            input.destroy();
            throw new InputFormatError(
              'not_a_capture',
              `${name} is not a packet capture: expected a pcap or pcapng file (optionally gzip-compressed), ` +
                `found bytes ${head.subarray(0, 4).toString('hex')}`,
            );
          }
          parser = format === 'pcap' ? new PcapParser(opts.onPacket, opts.onProblem) : new PcapngParser(opts.onPacket, opts.onProblem);
          parser.feed(head);
          head = Buffer.alloc(0);
        } else {
          parser.feed(chunk);
        }
        tick();
        if (parser.stopped) break;
      }
      if (!restart) break;
    }
  } catch (err) {
    // Only failures of the byte stream itself (unreadable file, corrupt gzip) are input problems;
    // anything thrown while parsing or decoding is a bug and must surface, not be swallowed.
    if (err instanceof InputFormatError || !isStreamError(err)) throw err;
    // A stream error after some packets: report it and keep what was read.
    opts.onProblem('capture_read_error', `${name}: ${(err as Error).message}`);
    if (!parser) {
      throw new InputFormatError('capture_unreadable', `cannot read capture ${name}: ${(err as Error).message}`, { cause: err });
    }
  }
  if (!parser) {
    throw new InputFormatError(
      'empty_capture',
      `${name} is ${bytesRead === 0 ? 'empty' : 'too short'}: expected a pcap or pcapng capture`,
    );
  }
  parser.end();
  tick();
  return { format: format!, packets: parser.packets, bytesRead, stopped: parser.stopped };
}

function isStreamError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('Z_') || code.startsWith('E') || code.startsWith('ERR_'));
}

/** Continues an already-started stream through gunzip, starting with the bytes already read. */
function gunzipFrom(head: Buffer, rest: AsyncIterator<unknown>, name: string): AsyncIterable<Buffer> {
  const gunzip = createGunzip({ chunkSize: CHUNK });
  (async () => {
    try {
      if (!gunzip.write(head)) await new Promise((r) => gunzip.once('drain', r));
      for (let r = await rest.next(); !r.done; r = await rest.next()) {
        if (!gunzip.write(r.value as Buffer)) await new Promise((res) => gunzip.once('drain', res));
      }
      gunzip.end();
    } catch (err) {
      gunzip.destroy(new Error(`${name}: ${(err as Error).message}`));
    }
  })();
  return gunzip;
}
