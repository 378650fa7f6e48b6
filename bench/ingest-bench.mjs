// Zeek log ingest throughput: parse + validate into typed observations (no output), on one core.
// Input: a synthetic conn.log from ../shared/tools/gen-scale-conn.py (JSON) and the same records as
// TSV (written by `mamori ingest --format tsv`). Usage: node bench/ingest-bench.mjs [records]
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { readZeekLog } from '../dist/sources/zeek/read-zeek-log.js';

const records = Number(process.argv[2] ?? 1000000);
const dir = '/tmp/mamori-bench';
const json = `${dir}/scale-conn-${records}.log`;
const tsvDir = `${dir}/scale-conn-${records}-tsv`;
execFileSync('mkdir', ['-p', dir]);
if (!existsSync(json)) execFileSync('python3', ['../shared/tools/gen-scale-conn.py', json], { env: { ...process.env, RECORDS: String(records) }, stdio: 'inherit' });
if (!existsSync(`${tsvDir}/conn.log`)) execFileSync('node', ['bin/mamori.js', 'ingest', json, '--type', 'conn', '--format', 'tsv', '--out', tsvDir], { stdio: 'inherit' });

async function run(label, path) {
  let n = 0;
  let q = 0;
  const t0 = process.hrtime.bigint();
  await readZeekLog(path, { type: 'conn', onObservation: () => n++, onQuarantine: () => q++ });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`${label.padEnd(10)} ${n} records (${q} quarantined) in ${secs.toFixed(2)} s: ${Math.round(n / secs).toLocaleString('en')} records/s, ${(statSync(path).size / secs / 1e6).toFixed(0)} MB/s`);
}
await run('zeek-json', json);
await run('zeek-tsv', `${tsvDir}/conn.log`);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
