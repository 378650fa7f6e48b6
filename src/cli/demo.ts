// `mamori demo`: builds a small office capture (with a beaconing, scanning workstation in it), runs
// the sensor over it, and shows what came out. Needs no network access and no root.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LogDirWriter } from '../output/log-dir-writer.js';
import type { Connection } from '../schema/conn.js';
import { runSensorOnCapture } from '../sensor/run-capture.js';
import { DEFAULT_SENSOR_OPTIONS } from '../sensor/sensor.js';
import { writeDemoCapture } from '../simulate/demo-office.js';
import { summary } from './sensor.js';

export async function demoCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string', default: 'mamori-demo' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write('usage: mamori demo [--out <dir>]\n\nWrites <dir>/office.pcap (a simulated office), decodes it, and writes <dir>/logs/conn.log.\n');
    return 0;
  }
  const dir = resolve(values.out!);
  mkdirSync(dir, { recursive: true });
  const pcap = join(dir, 'office.pcap');
  if (!existsSync(pcap)) {
    const n = writeDemoCapture(pcap);
    process.stdout.write(`wrote ${pcap} (${n.toLocaleString('en')} packets of a simulated office)\n`);
  }
  const writer = new LogDirWriter(join(dir, 'logs'), 'json');
  const conns: Connection[] = [];
  const started = process.hrtime.bigint();
  const run = await runSensorOnCapture(pcap, DEFAULT_SENSOR_OPTIONS, (obs) => {
    writer.write(obs);
    if (obs.type === 'conn') conns.push(obs.record);
  });
  await writer.close();
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`\n${summary(run, secs, writer.counts())}\nlogs in ${join(dir, 'logs')}\n\n`);
  process.stdout.write(table(conns));
  return 0;
}

function table(conns: Connection[]): string {
  // What stands out to an analyst even before any learning: who talks to whom, how, and how it ended.
  const byPair = new Map<string, { n: number; bytes: number; states: Map<string, number>; first: Connection }>();
  for (const c of conns) {
    const key = `${c.id.orig_h} -> ${c.id.resp_h}:${c.id.resp_p}/${c.proto}`;
    const e = byPair.get(key) ?? { n: 0, bytes: 0, states: new Map(), first: c };
    e.n++;
    e.bytes += (c.orig_bytes ?? 0) + (c.resp_bytes ?? 0);
    e.states.set(c.conn_state, (e.states.get(c.conn_state) ?? 0) + 1);
    byPair.set(key, e);
  }
  const rows = [...byPair].sort((a, b) => b[1].n - a[1].n).slice(0, 20);
  const lines = ['top conversations (of ' + byPair.size + '):', `${'conversation'.padEnd(44)} ${'conns'.padStart(6)} ${'bytes'.padStart(10)}  states`];
  for (const [k, e] of rows) {
    lines.push(`${k.padEnd(44)} ${String(e.n).padStart(6)} ${String(e.bytes).padStart(10)}  ${[...e.states].map(([s, n]) => `${s}×${n}`).join(' ')}`);
  }
  return lines.join('\n') + '\n';
}
