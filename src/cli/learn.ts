// `mamori learn <capture|logs ...>`: runs inputs through entities and the pattern of life and shows
// what already stands out (beaconing, rare destinations, unusual volumes) with the metric, its
// baseline and how confident learning is. The models stage turns these into scored breaches.
import { parseArgs } from 'node:util';
import { PIPELINE_CHECKPOINT, pipelineCheckpointBytes, resumePipeline } from '../pipeline/checkpoint.js';
import { LearnPipeline, type LearnOptions } from '../pipeline/learn.js';
import { ConfigError } from '../schema/errors.js';
import { openStore } from '../store/index.js';
import { feedPipeline } from './feed-pipeline.js';

const USAGE = `usage: mamori learn <capture|log file|dir ...> [--top N] [--local-nets CIDRS] [--format table|json] [--db <file> [--checkpoint-every N]]

Learns the pattern of life of the devices in the inputs (pcap/pcapng, Zeek logs, EVE, NetFlow) and
lists the observations that stand out, with the metric, its baseline and the confidence.

With --db the learned state (entities, pattern of life, replay position) is checkpointed into the
database every N observations (default 100000) and at the end. Run the same command again after a
crash (even kill -9): it resumes from the last checkpoint, skips what it had learned, and ends in the
same state as a run that never stopped.`;

export async function learnCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      top: { type: 'string', default: '5' },
      'local-nets': { type: 'string' },
      format: { type: 'string', default: 'table' },
      db: { type: 'string' },
      'checkpoint-every': { type: 'string', default: '100000' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (!positionals.length) throw new ConfigError('missing_input', `give at least one input\n${USAGE}`);
  const localNets = values['local-nets']?.split(',').filter(Boolean);
  const every = Number(values['checkpoint-every']);
  if (!(Number.isInteger(every) && every > 0)) throw new ConfigError('bad_option', '--checkpoint-every must be a positive whole number of observations');
  const store = values.db ? await openStore({ path: values.db }) : undefined;
  const writes: Promise<unknown>[] = [];
  const opts: LearnOptions = {
    ...(localNets ? { localNets } : {}),
    // the snapshot is taken between two observations; the store writes it while learning goes on
    ...(store ? { onApplied: (p) => void (p.applied % every === 0 && writes.push(checkpoint(p))) } : {}),
  };
  // each checkpoint is announced once it is durable (a supervisor, or a test, can act on it)
  const checkpoint = (p: LearnPipeline) => {
    const at = p.applied;
    return store!.state.checkpoint(PIPELINE_CHECKPOINT, pipelineCheckpointBytes(p)).then(() => process.stderr.write(`learn: checkpoint at ${at} observations\n`));
  };
  const resumed = store ? await resumePipeline(store.state, opts) : undefined;
  if (resumed) process.stderr.write(`learn: resuming from the checkpoint in ${values.db} (${resumed.skip.toLocaleString('en')} observations already learned)\n`);
  const pipeline = resumed ?? new LearnPipeline(opts);
  let summary, secs;
  try {
    ({ summary, seconds: secs } = await feedPipeline(positionals, pipeline, { label: 'learn', localNets, status: () => `${pipeline.observations} observations` }));
    if (store) writes.push(checkpoint(pipeline));
    await Promise.all(writes);
  } finally {
    await store?.close();
  }
  const top = pipeline.top(Number(values.top));
  if (values.format === 'json') {
    for (const s of top) process.stdout.write(JSON.stringify({ kind: 'standout', metric: s.metric.name, value: s.metric.value, confidence: s.metric.confidence, baseline: s.metric.baseline, explanation: s.metric.explanation, device: s.device, hostname: s.hostname, peer: s.peer, ts: s.ts, uid: s.uid }) + '\n');
  } else {
    process.stdout.write(`${summary.records.toLocaleString('en')} observations from ${summary.files} input(s) in ${secs.toFixed(1)} s; ${pipeline.entities.devices().length} devices\n\n`);
    for (const s of top) {
      process.stdout.write(`${s.metric.name.padEnd(34)} ${fmt(s.metric.value).padStart(8)}  conf ${s.metric.confidence.toFixed(2)}  ${(s.hostname ?? s.device).padEnd(22)} → ${s.peer}\n    ${s.metric.explanation}\n`);
    }
  }
  return 0;
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2);
}
