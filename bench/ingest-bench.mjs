// Zeek log ingest throughput: parse + validate into typed observations (no output), on one core.
// Usage: node bench/ingest-bench.mjs [records=1000000] [runs=5]   (after `npx tsc -p tsconfig.build.json`)
//
// Inputs (made once in /tmp/mamori-bench, deterministic):
//   conn  a synthetic conn.log from ../shared/tools/gen-scale-conn.py (JSON lines, flat id.* keys)
//   mix   a mix of log types as a site's Zeek writes them (conn 50%, dns 25%, http 8%, ssl 8%,
//         files 5%, x509 2%, weird 2%; JSON lines with _path), made here
// and the same records as TSV with Zeek's headers, written by `mamori ingest --format tsv` (one file
// per type for the mix). Each case runs in its own node process (so one case's JIT feedback does
// not slow another, and peak RSS is per case): `runs` timed reads, reported as the median (and the
// slowest) records/s. The same files through the reference path (JSON.parse → flat-to-nested →
// zod, what every line took before the fast paths; 3 runs) show what the fast paths give, and jq,
// where installed, is a peer on the JSON files (`jq -c .`: parses and re-prints each record, no
// validation; one run, PEER=0 skips it). Results go to bench/results/ingest-bench.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';

const CHILD = process.argv[2] === '--child';

if (CHILD) {
  const { readZeekLog } = await import('../dist/sources/zeek/read-zeek-log.js');
  const [, , , files, runs, reference, type] = process.argv;
  const paths = files.split(',');
  const rates = [];
  const cpuRates = [];
  let n = 0;
  let q = 0;
  for (let r = 0; r < Number(runs); r++) {
    n = 0;
    q = 0;
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    for (const path of paths) await readZeekLog(path, { onObservation: () => n++, onQuarantine: () => q++, referencePath: reference === 'ref', type: type || undefined });
    const cpu = process.cpuUsage(c0);
    rates.push(n / (Number(process.hrtime.bigint() - t0) / 1e9));
    cpuRates.push(n / ((cpu.user + cpu.system) / 1e6));
  }
  process.stdout.write(JSON.stringify({ records: n, quarantined: q, rates, cpuRates, rssMB: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

const records = Number(process.argv[2] ?? 1000000);
const runs = Number(process.argv[3] ?? 5);
const dir = '/tmp/mamori-bench';
execFileSync('mkdir', ['-p', dir]);

// ---- inputs
const connJson = `${dir}/scale-conn-${records}.log`;
const connTsvDir = `${dir}/scale-conn-${records}-tsv`;
if (!existsSync(connJson)) execFileSync('python3', ['../shared/tools/gen-scale-conn.py', connJson], { env: { ...process.env, RECORDS: String(records) }, stdio: 'inherit' });
if (!existsSync(`${connTsvDir}/conn.log`)) execFileSync('node', ['bin/mamori.js', 'ingest', connJson, '--type', 'conn', '--format', 'tsv', '--out', connTsvDir], { stdio: 'inherit' });

const mixJson = `${dir}/zeek-mix-${records}.log`;
const mixTsvDir = `${dir}/zeek-mix-${records}-tsv`;
if (!existsSync(mixJson)) await writeMix(mixJson, records);
if (!existsSync(`${mixTsvDir}/conn.log`)) execFileSync('node', ['bin/mamori.js', 'ingest', mixJson, '--format', 'tsv', '--out', mixTsvDir], { stdio: 'inherit' });
const tsvFiles = (d) => readdirSync(d).filter((f) => f.endsWith('.log')).map((f) => `${d}/${f}`);

const cases = [
  { name: 'conn JSON', files: [connJson], type: 'conn' }, // (no _path in these lines)
  { name: 'conn TSV', files: [`${connTsvDir}/conn.log`] },
  { name: 'mix JSON', files: [mixJson] },
  { name: 'mix TSV', files: tsvFiles(mixTsvDir) },
];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x) => Math.round(x).toLocaleString('en');

function child(c, n, mode) {
  const out = execFileSync(process.execPath, [new URL(import.meta.url).pathname, '--child', c.files.join(','), String(n), mode, c.type ?? ''], { maxBuffer: 1 << 20 });
  return JSON.parse(out.toString());
}

function jq(file, n) {
  if (spawnSync('jq', ['--version']).status !== 0) return undefined;
  const lines = records;
  const rates = [];
  for (let r = 0; r < n; r++) {
    const t0 = process.hrtime.bigint();
    const res = spawnSync('sh', ['-c', `jq -c . "${file}" > /dev/null`]);
    if (res.status !== 0) return undefined;
    rates.push(lines / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  return rates;
}

const rows = [];
console.log(`Zeek ingest, ${records.toLocaleString('en')} records per case, median of ${runs} runs (reference path: 3), node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`);
console.log(`load average before: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (the machine is shared: records per CPU-second is the figure least moved by other work)`);
console.log(`${'case'.padEnd(10)} ${'records/s'.padStart(11)} ${'slowest'.padStart(11)} ${'per CPU-s'.padStart(11)} ${'MB/s'.padStart(6)} ${'RSS MB'.padStart(7)} ${'reference'.padStart(11)} ${'speed-up'.padStart(8)} ${'jq -c .'.padStart(9)}`);
for (const c of cases) {
  const bytes = c.files.reduce((s, f) => s + statSync(f).size, 0);
  const fast = child(c, runs, 'fast');
  const ref = child(c, 3, 'ref');
  if (fast.records !== ref.records || fast.quarantined !== ref.quarantined) throw new Error(`${c.name}: fast ${fast.records}/${fast.quarantined} vs reference ${ref.records}/${ref.quarantined}`);
  const peer = c.name.endsWith('JSON') && process.env.PEER !== '0' ? jq(c.files[0], 1) : undefined;
  const row = {
    case: c.name,
    records: fast.records,
    quarantined: fast.quarantined,
    recordsPerSec: Math.round(median(fast.rates)),
    recordsPerCpuSec: Math.round(median(fast.cpuRates)),
    slowestRecordsPerSec: Math.round(Math.min(...fast.rates)),
    MBPerSec: Math.round((bytes / 1e6) * (median(fast.rates) / fast.records)),
    peakRssMB: Math.round(fast.rssMB),
    referenceRecordsPerSec: Math.round(median(ref.rates)),
    referenceRecordsPerCpuSec: Math.round(median(ref.cpuRates)),
    jqRecordsPerSec: peer ? Math.round(median(peer)) : null,
  };
  rows.push(row);
  console.log(
    `${c.name.padEnd(10)} ${fmt(row.recordsPerSec).padStart(11)} ${fmt(row.slowestRecordsPerSec).padStart(11)} ${fmt(row.recordsPerCpuSec).padStart(11)} ${String(row.MBPerSec).padStart(6)} ${String(row.peakRssMB).padStart(7)} ${fmt(row.referenceRecordsPerSec).padStart(11)} ${(row.recordsPerSec / row.referenceRecordsPerSec).toFixed(2).padStart(7)}× ${(peer ? fmt(row.jqRecordsPerSec) : '-').padStart(9)}`,
  );
}
let commit = 'unknown';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() + (execFileSync('git', ['status', '--porcelain', 'src/sources/zeek'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() ? '+working-tree' : '');
} catch {}
writeFileSync('bench/results/ingest-bench.json', JSON.stringify({ date: new Date().toISOString().slice(0, 10), commit, node: process.version, cpus: os.cpus().length, loadAverageAfter: os.loadavg()[0], records, runs, rows }, null, 2) + '\n');
console.log('written to bench/results/ingest-bench.json');

/** The mixed JSON log: deterministic, values as Zeek writes them. */
async function writeMix(path, n) {
  let s = 0x2f6b1d;
  const rnd = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (k) => Math.floor(rnd() * k);
  const pick = (a) => a[int(a.length)];
  const hex = (len) => Array.from({ length: len }, () => '0123456789abcdef'[int(16)]).join('');
  const uid = (c, i) => `${c}${i.toString(36).padStart(17, '0')}`;
  const dev = () => `10.${int(4)}.${int(256)}.${1 + int(254)}`;
  const ext = () => `${20 + int(180)}.${int(256)}.${int(256)}.${1 + int(254)}`;
  const names = ['example.com', 'cdn.example.net', 'login.microsoftonline.com', 'www.google.com', 'api.github.com', 'update.vendor.jp', 'mail.corp.local'];
  const uas = ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36', 'curl/8.4.0', 'Microsoft-CryptoAPI/10.0'];
  const out = createWriteStream(path);
  const t0 = 1700000000;
  for (let i = 0; i < n; i++) {
    const ts = Math.round((t0 + (86400 * i) / n) * 1e6) / 1e6;
    const id = { 'id.orig_h': dev(), 'id.orig_p': 1024 + int(60000), 'id.resp_h': ext() };
    const u = uid('C', i);
    const k = rnd();
    let rec;
    if (k < 0.5) {
      const ob = int(5000);
      const rb = int(50000);
      const svc = pick(['ssl', 'http', 'dns', undefined]);
      rec = { _path: 'conn', ts, uid: u, ...id, 'id.resp_p': pick([443, 80, 53, 22]), proto: svc === 'dns' ? 'udp' : 'tcp', service: svc, duration: Math.round(rnd() * 1e7) / 1e6, orig_bytes: ob, resp_bytes: rb, conn_state: pick(['SF', 'SF', 'SF', 'S0', 'REJ', 'RSTO']), local_orig: true, local_resp: false, missed_bytes: 0, history: pick(['ShADadFf', 'S', 'ShR', 'Dd']), orig_pkts: 3 + (ob >> 10), orig_ip_bytes: ob + 160, resp_pkts: 3 + (rb >> 10), resp_ip_bytes: rb + 160, community_id: `1:${hex(27)}=` };
    } else if (k < 0.75) {
      const q = `${hex(int(3) * 4)}${int(2) ? '.' : ''}${pick(names)}`.replace(/^\./, '');
      rec = { _path: 'dns', ts, uid: u, ...id, 'id.resp_p': 53, proto: 'udp', trans_id: int(65536), rtt: Math.round(rnd() * 1e5) / 1e6, query: q, qclass: 1, qclass_name: 'C_INTERNET', qtype: pick([1, 28, 65]), qtype_name: pick(['A', 'AAAA', 'HTTPS']), rcode: 0, rcode_name: 'NOERROR', AA: false, TC: false, RD: true, RA: true, Z: 0, answers: [ext(), ext()], TTLs: [300.0, 60.0], rejected: false };
    } else if (k < 0.83) {
      rec = { _path: 'http', ts, uid: u, ...id, 'id.resp_p': 80, trans_depth: 1, method: pick(['GET', 'GET', 'POST']), host: pick(names), uri: `/${hex(8)}/index.html?q=${hex(6)}`, version: '1.1', user_agent: pick(uas), request_body_len: 0, response_body_len: int(100000), status_code: pick([200, 200, 304, 404]), status_msg: 'OK', tags: [], resp_fuids: [uid('F', i)], resp_mime_types: ['text/html'] };
    } else if (k < 0.91) {
      rec = { _path: 'ssl', ts, uid: u, ...id, 'id.resp_p': 443, version: 'TLSv13', cipher: 'TLS_AES_128_GCM_SHA256', curve: 'x25519', server_name: pick(names), resumed: false, established: true, ssl_history: 'CsiI', cert_chain_fps: [hex(64), hex(64)], client_cert_chain_fps: [], sni_matches_cert: true, ja3: hex(32), ja3s: hex(32) };
    } else if (k < 0.96) {
      rec = { _path: 'files', ts, fuid: uid('F', i), uid: u, ...id, 'id.resp_p': 80, source: 'HTTP', depth: 0, analyzers: ['MD5', 'SHA1'], mime_type: 'text/html', duration: 0.0, is_orig: false, seen_bytes: int(100000), total_bytes: int(100000), missing_bytes: 0, overflow_bytes: 0, timedout: false, md5: hex(32), sha1: hex(40) };
    } else if (k < 0.98) {
      rec = { _path: 'x509', ts, fingerprint: hex(64), 'certificate.version': 3, 'certificate.serial': hex(16).toUpperCase(), 'certificate.subject': `CN=${pick(names)}`, 'certificate.issuer': 'CN=R3,O=Let\'s Encrypt,C=US', 'certificate.not_valid_before': ts - 86400 * 30, 'certificate.not_valid_after': ts + 86400 * 60, 'certificate.key_alg': 'rsaEncryption', 'certificate.sig_alg': 'sha256WithRSAEncryption', 'certificate.key_type': 'rsa', 'certificate.key_length': 2048, 'certificate.exponent': '65537', 'san.dns': [pick(names)], 'basic_constraints.ca': false };
    } else {
      rec = { _path: 'weird', ts, uid: u, ...id, 'id.resp_p': 443, name: pick(['bad_TCP_checksum', 'truncated_header', 'dns_unmatched_reply']), notice: false, peer: 'zeek', source: 'TCP' };
    }
    if (!out.write(JSON.stringify(rec) + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
