// Runs the sensor over one capture (file, "-" for stdin, or a live interface) end to end.
import type { Readable } from 'node:stream';
import type { ObservationSink } from '../schema/observation.js';
import { readCapture, readCaptureStream, type CaptureSummary } from '../sources/pcap/open-capture.js';
import { Sensor, type SensorOptions, type SensorStats } from './sensor.js';

export interface CaptureRun {
  capture: CaptureSummary;
  stats: SensorStats;
}

/** Packets looked at to decide whether a capture was taken where the NIC computes checksums. */
export const OFFLOAD_PROBE_PACKETS = 2000;
/** Share of bad transport checksums above which a capture is taken as checksum-offloaded. */
export const OFFLOAD_BAD_SHARE = 0.05; // Zeek's checksum-offloading policy warns at the same share

class ProbeDone extends Error {}

/**
 * Captures taken on a sending host carry blank or wrong checksums for its own packets (the NIC fills
 * them in later). Zeek drops those packets and warns; with `checksums: 'auto'` the sensor looks at
 * the first packets and, when many checksums are bad, ignores checksums for the whole file.
 */
export async function looksChecksumOffloaded(path: string, opts: SensorOptions): Promise<boolean> {
  if (path === '-') return false;
  let packets = 0;
  const sensor = new Sensor({ ...opts, flow: { ...opts.flow, ignoreChecksums: false }, checksums: 'validate' }, () => undefined);
  try {
    await readCapture(path, {
      onPacket: (lt, ts, buf, off, cap, wire) => {
        sensor.packet(lt, ts, buf, off, cap, wire);
        if (++packets >= OFFLOAD_PROBE_PACKETS) throw new ProbeDone();
      },
      onProblem: () => undefined,
    });
  } catch (err) {
    if (!(err instanceof ProbeDone)) return false; // the real run reports whatever is wrong
  }
  // per packet, IP header checksums included: a sending host's own packets often carry a blank IP
  // checksum too, and weirds are counted once per connection, not per packet
  return packets > 0 && sensor.stats().badChecksumPackets / packets > OFFLOAD_BAD_SHARE;
}

export async function runSensorOnCapture(
  path: string,
  opts: SensorOptions,
  sink: ObservationSink,
  onProgress?: (read: number, total: number, stats: () => SensorStats) => void,
): Promise<CaptureRun & { checksumsIgnored: boolean }> {
  let checksumsIgnored = opts.flow.ignoreChecksums;
  if (opts.checksums === 'auto' && !checksumsIgnored && (await looksChecksumOffloaded(path, opts))) {
    checksumsIgnored = true;
    opts = { ...opts, flow: { ...opts.flow, ignoreChecksums: true } };
  }
  const sensor = new Sensor(opts, sink);
  const capture = await readCapture(path, {
    onPacket: sensor.packet,
    onProblem: sensor.captureProblem,
    onProgress: onProgress ? (r, t) => onProgress(r, t, () => sensor.stats()) : undefined,
  });
  if (checksumsIgnored && opts.checksums === 'auto') sensor.captureProblem('checksum_offload_suspected', `more than ${OFFLOAD_BAD_SHARE * 100}% of the first packets had bad IP, TCP or UDP checksums: checksums ignored for ${path}`);
  return { capture, stats: sensor.finish(), checksumsIgnored };
}

/** How often a live capture's clock is moved on without packets, and how far behind the wall clock it stays (packets still in the pipe). */
const LIVE_TICK_MS = 250;
const LIVE_CLOCK_LAG_S = 0.2;

/**
 * A capture stream through the sensor. `live`: the stream is a live interface, so the sensor's
 * clock also follows the wall clock between packets (closed connections are logged on time even
 * when the network goes quiet).
 */
export async function runSensorOnStream(input: Readable, name: string, opts: SensorOptions, sink: ObservationSink, live = false): Promise<CaptureRun> {
  const sensor = new Sensor(opts, sink);
  const timer = live ? setInterval(() => sensor.tick(Date.now() / 1000 - LIVE_CLOCK_LAG_S), LIVE_TICK_MS) : undefined;
  try {
    const capture = await readCaptureStream(input, name, { onPacket: sensor.packet, onProblem: sensor.captureProblem });
    return { capture, stats: sensor.finish() };
  } finally {
    if (timer) clearInterval(timer);
  }
}
