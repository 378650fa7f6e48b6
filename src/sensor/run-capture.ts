// Runs the sensor over one capture (file, "-" for stdin, or a live interface) end to end.
import type { Readable } from 'node:stream';
import type { ObservationSink } from '../schema/observation.js';
import { readCapture, readCaptureStream, type CaptureSummary } from '../sources/pcap/open-capture.js';
import { Sensor, type SensorOptions, type SensorStats } from './sensor.js';

export interface CaptureRun {
  capture: CaptureSummary;
  stats: SensorStats;
}

export async function runSensorOnCapture(
  path: string,
  opts: SensorOptions,
  sink: ObservationSink,
  onProgress?: (read: number, total: number, stats: () => SensorStats) => void,
): Promise<CaptureRun> {
  const sensor = new Sensor(opts, sink);
  const capture = await readCapture(path, {
    onPacket: sensor.packet,
    onProblem: sensor.captureProblem,
    onProgress: onProgress ? (r, t) => onProgress(r, t, () => sensor.stats()) : undefined,
  });
  return { capture, stats: sensor.finish() };
}

export async function runSensorOnStream(input: Readable, name: string, opts: SensorOptions, sink: ObservationSink): Promise<CaptureRun> {
  const sensor = new Sensor(opts, sink);
  const capture = await readCaptureStream(input, name, { onPacket: sensor.packet, onProblem: sensor.captureProblem });
  return { capture, stats: sensor.finish() };
}
