// `mamori demo`: simulates a small office with an attack in it (a workstation beaconing to a rare
// host, tunnelling data over DNS, moving laterally over SMB and Kerberoasting), runs the capture
// through the whole pipeline built so far — sensor, entities, learning, models, analyst — writes the
// Zeek logs, and shows the incidents and breaches an analyst would see. Needs no network access and no root.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { IncidentBuilder } from '../analyst/index.js';
import { loadModels } from '../models/library.js';
import { LogDirWriter } from '../output/log-dir-writer.js';
import { LearnPipeline } from '../pipeline/learn.js';
import type { Breach } from '../schema/breach.js';
import { demoCapture } from './demo-data.js';
import { feedPipeline } from './feed-pipeline.js';
import { incidentTable } from './incident-output.js';

export async function demoCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string', default: 'mamori-demo' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write('usage: mamori demo [--out <dir>]\n\nWrites <dir>/office.pcap (a simulated office with an attack), decodes it into <dir>/logs, and lists the model breaches.\n');
    return 0;
  }
  const dir = resolve(values.out!);
  mkdirSync(dir, { recursive: true });
  const pcap = demoCapture(dir, (m) => process.stdout.write(m + '\n'));
  const writer = new LogDirWriter(join(dir, 'logs'), 'json');
  const breaches: Breach[] = [];
  const models = loadModels();
  let analyst: IncidentBuilder | undefined;
  const pipeline = new LearnPipeline({
    models,
    onBreach: (b) => {
      breaches.push(b);
      analyst!.add(b);
    },
  });
  analyst = new IncidentBuilder(models, { context: { entities: pipeline.entities, pol: pipeline.pol } });
  const { summary: s, seconds: secs } = await feedPipeline([pcap], pipeline, { label: 'demo', tap: (o) => writer.write(o) });
  await writer.close();
  const logs = Object.entries(writer.counts()).map(([k, v]) => `${k} ${v}`).join(', ');
  process.stdout.write(`\n${s.records.toLocaleString('en')} observations in ${secs.toFixed(1)} s; logs in ${join(dir, 'logs')} (${logs})\n`);
  const incidents = analyst.flush(Infinity);
  process.stdout.write(`${pipeline.entities.devices().length} devices learned; ${breaches.length} model breaches grouped into ${incidents.length} incident(s).\n\n`);
  process.stdout.write(incidentTable(incidents));
  const top = [...incidents].sort((a, b) => b.level - a.level || b.score - a.score)[0];
  if (top) process.stdout.write(`Most urgent, as the analyst wrote it:\n\n  ${top.summary.en}\n\n  ${top.summary.ja}\n\n`);
  process.stdout.write('Breaches, strongest per model and device:\n\n');
  const best = new Map<string, Breach>();
  for (const b of breaches) {
    const k = `${b.model}|${b.device.ip}`;
    const prev = best.get(k);
    if (!prev || b.score > prev.score) best.set(k, b);
  }
  for (const b of [...best.values()].sort((a, c) => c.score - a.score)) {
    const when = new Date(b.time * 1000).toISOString().replace('T', ' ').slice(0, 16);
    process.stdout.write(`${String(b.score).padStart(3)}  ${b.model_name.en} / ${b.model_name.ja}\n     ${when}  ${b.device.hostname ?? b.device.ip} (${b.device.ip}) → ${b.destination?.hostname ?? b.destination?.ip ?? ''}\n`);
    for (const r of b.reasons.slice(0, 3)) process.stdout.write(`     ${r.counter ? '− against:' : '·'} ${r.metric} = ${r.value}${r.baseline ? ` — ${r.baseline}` : ''}\n`);
  }
  return 0;
}
