// NetFlow/IPFIX decoding throughput, with nfdump (Debian) reading the same flows in the same run.
// The real exporter payloads of ../shared/data/netflow/codecs (NetFlow v5 and v9 from several
// vendors) are replayed many times: Mamori decodes the raw payloads; nfcapd receives the same
// payloads over loopback UDP and nfdump then reads the flows nfcapd stored.
// Usage: node bench/netflow-bench.mjs [repeats]   (needs `npx tsc -p tsconfig.build.json` and nfdump)
import { execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetflowDecoder, toConnection, FlowUidGenerator } from '../dist/sources/netflow/index.js';

const repeats = Number(process.argv[2] ?? 200);
const dir = '../shared/data/netflow/codecs';
// v5 and v9 only: nfcapd keeps per-exporter template state like we do, and both read these.
const files = readdirSync(dir).filter((f) => /^netflow(5|9)_.*\.dat$/.test(f) && !f.includes('invalid')).sort();
const payloads = files.map((f) => readFileSync(join(dir, f)));

// Mamori: decode every payload `repeats` times (one exporter per file, templates first).
let flows = 0;
let conns = 0;
const t0 = process.hrtime.bigint();
const decoder = new NetflowDecoder();
const uids = new FlowUidGenerator();
for (let r = 0; r < repeats; r++) {
  payloads.forEach((p, i) => {
    const res = decoder.decode(p, `192.0.2.${i}`);
    if (!res.ok) return;
    flows += res.flows.length;
    for (const f of res.flows) if (toConnection(f, uids).ok) conns++;
  });
}
const ours = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`mamori  ${flows} flows (${conns} connections) in ${ours.toFixed(2)} s: ${Math.round(flows / ours).toLocaleString('en')} flows/s (decode + map)`);

// nfdump: nfcapd stores what arrives on loopback, nfdump reads it back.
const work = mkdtempSync(join(tmpdir(), 'mamori-nf-'));
const port = 20000 + (process.pid % 20000);
const nfcapd = spawn('nfcapd', ['-b', '127.0.0.1', '-p', String(port), '-w', work, '-t', '3600'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 700));
const sock = createSocket('udp4');
let sent = 0;
for (let r = 0; r < Math.min(repeats, 500); r++) {
  for (const p of payloads) {
    await new Promise((res) => sock.send(p, port, '127.0.0.1', res));
    if (++sent % 200 === 0) await new Promise((res) => setTimeout(res, 5)); // stay under the socket buffer
  }
}
sock.close();
await new Promise((r) => setTimeout(r, 500));
nfcapd.kill('SIGTERM');
await new Promise((r) => nfcapd.once('exit', r));
const stored = readdirSync(work).filter((f) => f.startsWith('nfcapd.')).map((f) => join(work, f));
const t1 = process.hrtime.bigint();
const out = execFileSync('nfdump', ['-R', work, '-q', '-o', 'csv'], { maxBuffer: 1 << 30 }).toString();
const theirs = Number(process.hrtime.bigint() - t1) / 1e9;
const nfFlows = out.split('\n').filter((l) => /^\d/.test(l)).length;
console.log(`nfdump  ${nfFlows} flows read from ${stored.length} nfcapd file(s) in ${theirs.toFixed(2)} s: ${Math.round(nfFlows / theirs).toLocaleString('en')} flows/s (read stored flows, CSV out)`);
console.log(`ratio (mamori flows/s ÷ nfdump flows/s): ${((flows / ours) / (nfFlows / theirs)).toFixed(2)}`);
