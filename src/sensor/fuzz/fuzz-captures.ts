// Fuzzing the capture readers and the sensor: builds random captures and mutates seed captures
// (bit flips, splices, truncation, corrupt pcap record and pcapng block lengths, IP/TCP/UDP header
// fields, fragmentation, tunnel wrapping, random pcapng blocks), then runs each through the same
// path as the CLI. The sensor promises never to throw on bytes: any exception other than
// InputFormatError (the one clear "this is not a capture" error) is a bug.
//
// Everything is a pure function of a seed, so input n of a run can be rebuilt from (seed, n) alone.
// Structured mutations repair IP and transport checksums most of the time: the sensor drops packets
// with bad checksums early, and a fuzzer whose every mutation dies there tests nothing deeper.
import { Readable } from 'node:stream';
import { constants as zlibConstants, gunzipSync, gzipSync } from 'node:zlib';
import { OBSERVATION_SCHEMAS } from '../../schema/registry.js';
import { InputFormatError } from '../../schema/errors.js';
import type { Observation } from '../../schema/observation.js';
import { detectCaptureFormat, isGzip, readCaptureStream } from '../../sources/pcap/open-capture.js';
import type { PacketSink } from '../../sources/pcap/packet-sink.js';
import { PcapParser } from '../../sources/pcap/pcap-parser.js';
import { PcapngParser } from '../../sources/pcap/pcapng-parser.js';
import { DEFAULT_SENSOR_OPTIONS, Sensor, type SensorOptions, type SensorStats } from '../sensor.js';
import { Rng, chance, inputRng, int, pick } from './rng.js';
import { ENCODINGS, FuzzPacket, FuzzSeed, decodePackets, encodeCapture } from './packet-model.js';
import { randomPackets } from './frames.js';
import { BYTE_MUTATIONS, PACKET_MUTATIONS } from './mutations.js';

// ---------------------------------------------------------------- inputs


/** Largest window of a seed (bytes of packet data) put in one input: small inputs, many of them. */
export const WINDOW_BYTES = 64 * 1024;

export function makeSeed(name: string, raw: Buffer): FuzzSeed {
  // Only the first few windows' worth of packets are kept: big seeds would dominate memory.
  return { name, raw: raw.subarray(0, 4 * 1024 * 1024), packets: decodePackets(raw, 32 * WINDOW_BYTES) };
}

export interface FuzzInput {
  bytes: Buffer;
  /** how the input was made, for the crash report */
  ops: string[];
  /** sizes of the chunks the stream delivers (the readers must not care) */
  chunks: number[];
}

/** Builds input `index` of a run: deterministic for (corpus, seed, index). */
export function fuzzInput(corpus: readonly FuzzSeed[], seed: number, index: number, windowBytes = WINDOW_BYTES): FuzzInput {
  const r = inputRng(seed, index);
  const ops: string[] = [];
  let bytes: Buffer;
  const base = corpus.length ? pick(r, corpus) : undefined;
  if (!base || chance(r, 0.1)) {
    ops.push('generated');
    bytes = encodeWithMutations(r, randomPackets(r), ops);
  } else if (chance(r, 0.15) || !base.packets.length) {
    // the raw file, so blocks the packet model drops (NRB, ISB, options, SPB) are fuzzed too
    ops.push(`raw:${base.name}`);
    bytes = base.raw.subarray(0, windowBytes);
  } else {
    const start = int(r, base.packets.length);
    const pkts: FuzzPacket[] = [];
    for (let i = start, size = 0; i < base.packets.length && size < windowBytes && pkts.length < 1 + int(r, 2000); i++) {
      const p = base.packets[i]!;
      size += p.data.length;
      pkts.push({ ...p });
    }
    ops.push(`window:${base.name}@${start}+${pkts.length}`);
    bytes = encodeWithMutations(r, pkts, ops);
  }
  const byteNames = Object.keys(BYTE_MUTATIONS);
  for (let k = chance(r, 0.35) ? 0 : 1 + int(r, 3); k > 0; k--) {
    const name = pick(r, byteNames);
    ops.push(name);
    bytes = BYTE_MUTATIONS[name]!(r, bytes, corpus);
  }
  if (chance(r, 0.03)) {
    ops.push('gzip');
    bytes = gzipSync(bytes, { level: 1 });
    if (chance(r, 0.5)) {
      ops.push('gzip-damage');
      bytes = chance(r, 0.5) ? bytes.subarray(0, int(r, bytes.length)) : BYTE_MUTATIONS.bitFlips!(r, bytes, corpus);
    }
  }
  const chunks: number[] = [];
  if (chance(r, 0.3)) {
    for (let left = bytes.length; left > 0; ) {
      const n = Math.min(left, 1 + int(r, pick(r, [4, 64, 4096])));
      chunks.push(n);
      left -= n;
    }
  } else chunks.push(bytes.length);
  return { bytes, ops, chunks };
}

function encodeWithMutations(r: Rng, pkts: FuzzPacket[], ops: string[]): Buffer {
  const names = Object.keys(PACKET_MUTATIONS);
  for (let k = chance(r, 0.25) ? 0 : 1 + int(r, 4); k > 0; k--) {
    const name = pick(r, names);
    ops.push(name);
    PACKET_MUTATIONS[name]!(r, pkts);
  }
  const enc = pick(r, ENCODINGS);
  ops.push(enc);
  return encodeCapture(pkts, enc);
}

/** Splits bytes as `chunks` says (what the stream hands to the reader). */
export function chunked(bytes: Buffer, chunks: number[]): Buffer[] {
  const out: Buffer[] = [];
  let o = 0;
  for (const n of chunks) {
    out.push(bytes.subarray(o, o + n));
    o += n;
  }
  if (o < bytes.length) out.push(bytes.subarray(o));
  return out;
}

// ---------------------------------------------------------------- running one input

export type FuzzOutcome =
  | { kind: 'ok'; stats: SensorStats; conns: number; weirds: number }
  /** not a capture at all: the one error the sensor may throw */
  | { kind: 'rejected'; error: InputFormatError }
  | { kind: 'crash'; error: unknown };

/** A record the sensor produced that breaks the schema it promises (thrown from the sink). */
export class InvalidRecordError extends Error {}

/**
 * Runs bytes through readCaptureStream and a Sensor, as the CLI does, and classifies the result.
 *
 * readCaptureStream turns any exception that is not an InputFormatError into a
 * `capture_read_error` problem (meant for stream errors such as corrupt gzip) and returns normally,
 * so a parser or decoder bug would look like a clean run. Hence the packet and problem callbacks
 * are wrapped to keep the original exception, and a capture_read_error on an input that is not a
 * damaged gzip stream is replayed straight through the parser to recover the real exception.
 *
 * With `validate`, every record is checked against its type's schema: a record that breaks
 * it (NaN duration, negative bytes, port 70000) is a bug even though nothing threw.
 */
export async function runSensorOnBytes(
  bytes: Buffer,
  opts: { chunks?: number[]; validate?: boolean; sensor?: SensorOptions; sink?: (o: Observation) => void } = {},
): Promise<FuzzOutcome> {
  let conns = 0;
  let weirds = 0;
  let thrown: { error: unknown } | null = null;
  let readError: string | null = null;
  const sensor = new Sensor(opts.sensor ?? DEFAULT_SENSOR_OPTIONS, (o) => {
    opts.sink?.(o);
    if (o.type === 'weird') {
      weirds++;
      if (!Number.isFinite(o.record.ts)) throw new InvalidRecordError(`weird ${o.record.name} has ts ${o.record.ts}`);
      return;
    }
    if (o.type === 'conn') conns++;
    if (opts.validate) {
      // every record, of every log type, must satisfy the schema it is published under
      const v = OBSERVATION_SCHEMAS[o.type].safeParse(o.record);
      if (!v.success) throw new InvalidRecordError(`${o.type} record breaks the schema: ${v.error.message} in ${JSON.stringify(o.record)}`);
    }
  });
  const onPacket: PacketSink = (lt, ts, buf, off, cap, wire) => {
    try {
      sensor.packet(lt, ts, buf, off, cap, wire);
    } catch (error) {
      thrown ??= { error };
      throw error;
    }
  };
  const onProblem = (name: string, detail: string): void => {
    if (name === 'capture_read_error') readError = detail;
    try {
      sensor.captureProblem(name, detail);
    } catch (error) {
      thrown ??= { error };
      throw error;
    }
  };
  const chunks = chunked(bytes, opts.chunks ?? [bytes.length]);
  try {
    await readCaptureStream(Readable.from(chunks), 'fuzz input', { onPacket, onProblem });
    if (thrown) return { kind: 'crash', error: (thrown as { error: unknown }).error };
    const stats = sensor.finish();
    if (readError !== null) {
      const replayed = replayParser(bytes, chunks, opts.sensor ?? DEFAULT_SENSOR_OPTIONS);
      if (replayed) return { kind: 'crash', error: replayed };
    }
    return { kind: 'ok', stats, conns, weirds };
  } catch (error) {
    if (thrown) return { kind: 'crash', error: (thrown as { error: unknown }).error };
    if (error instanceof InputFormatError) return { kind: 'rejected', error };
    return { kind: 'crash', error };
  }
}

/**
 * Feeds the input to the format's parser and a fresh Sensor directly (no stream, no catch-all),
 * returning what it throws. A gzip input is inflated as far as it is intact first; a damaged
 * gzip stream is the legitimate cause of capture_read_error, so a clean replay means no bug.
 */
function replayParser(bytes: Buffer, chunks: Buffer[], sensorOptions: SensorOptions): Error | null {
  if (isGzip(bytes)) {
    try {
      chunks = [gunzipSync(bytes, { finishFlush: zlibConstants.Z_SYNC_FLUSH })];
    } catch {
      return null; // corrupt compressed data: the stream error was real
    }
  }
  const format = detectCaptureFormat(Buffer.concat(chunks).subarray(0, 4));
  if (!format) return null;
  const sensor = new Sensor(sensorOptions, () => {});
  const parser = format === 'pcap' ? new PcapParser(sensor.packet, sensor.captureProblem) : new PcapngParser(sensor.packet, sensor.captureProblem);
  try {
    for (const c of chunks) parser.feed(c);
    parser.end();
    sensor.finish();
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
  return null;
}


export { makeRng, inputRng, type Rng } from './rng.js';
export { decodePackets, encodeCapture, ENCODINGS, type CaptureEncoding, type FuzzPacket, type FuzzSeed } from './packet-model.js';
export { randomPackets, ethernetFrame, ipPacket } from './frames.js';
