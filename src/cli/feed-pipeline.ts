// The common path of `learn`, `analyze` and `demo`: read the inputs (sensor for captures, ingest for
// logs) into the learn pipeline in event-time order, with a progress bar, then finish the pipeline.
import type { LearnPipeline } from '../pipeline/learn.js';
import { readInputs, type ReadInputsSummary } from '../pipeline/read-inputs.js';
import type { Observation } from '../schema/observation.js';
import { DEFAULT_SENSOR_OPTIONS } from '../sensor/sensor.js';
import { Progress } from './progress.js';

export interface FeedOptions {
  /** progress bar label (the verb) */
  label: string;
  localNets?: string[] | undefined;
  /** also called with every observation, before the pipeline (e.g. a log writer) */
  tap?: (o: Observation) => void;
  /** live status after the progress bar */
  status?: () => string;
}

export async function feedPipeline(paths: string[], pipeline: LearnPipeline, opts: FeedOptions): Promise<{ summary: ReadInputsSummary; seconds: number }> {
  const progress = new Progress(opts.label);
  const { localNets, tap, status } = opts;
  // captures from the field often carry offloaded (wrong) checksums: 'auto' decides per capture
  const sensor = { ...DEFAULT_SENSOR_OPTIONS, checksums: 'auto' as const, ...(localNets ? { localNets } : {}) };
  const started = process.hrtime.bigint();
  const summary = await readInputs(paths, {
    sensor,
    onObservation: tap
      ? (o) => {
          tap(o);
          pipeline.push(o);
        }
      : (o) => pipeline.push(o),
    onQuarantine: () => undefined,
    onProgress: (d, t) => progress.update(d, t, status?.()),
  });
  pipeline.finish();
  progress.done();
  // bad input is data: say what was not used and why, without stopping the run
  if (summary.quarantined) process.stderr.write(`${summary.quarantined.toLocaleString('en')} unusable record(s) skipped (malformed lines or packets)\n`);
  for (const s of summary.skipped) process.stderr.write(`skipped ${s}\n`);
  return { summary, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
