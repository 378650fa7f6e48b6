// `mamori learn <capture|logs ...>`: runs inputs through entities and the pattern of life and shows
// what already stands out (beaconing, rare destinations, unusual volumes) with the metric, its
// baseline and how confident learning is. The models stage turns these into scored breaches.
import { parseArgs } from 'node:util';
import { LearnPipeline } from '../pipeline/learn.js';
import { ConfigError } from '../schema/errors.js';
import { feedPipeline } from './feed-pipeline.js';

const USAGE = `usage: mamori learn <capture|log file|dir ...> [--top N] [--local-nets CIDRS] [--format table|json]

Learns the pattern of life of the devices in the inputs (pcap/pcapng, Zeek logs, EVE, NetFlow) and
lists the observations that stand out, with the metric, its baseline and the confidence.`;

export async function learnCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { top: { type: 'string', default: '5' }, 'local-nets': { type: 'string' }, format: { type: 'string', default: 'table' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (!positionals.length) throw new ConfigError('missing_input', `give at least one input\n${USAGE}`);
  const localNets = values['local-nets']?.split(',').filter(Boolean);
  const pipeline = new LearnPipeline(localNets ? { localNets } : {});
  const { summary, seconds: secs } = await feedPipeline(positionals, pipeline, { label: 'learn', localNets, status: () => `${pipeline.observations} observations` });
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
