// Throughput and memory of the learning stage on one core: observe() + metrics() per conn observation.
//
//   node_modules/.bin/vite-node src/learning/bench.ts [n] [--zeek path/to/conn.log] [--no-metrics]
//
// Prints wall-clock throughput and, because a shared machine makes wall time noisy, throughput per
// CPU-second of the process. Synthetic input (default): n conn observations from 36 000 internal devices to 1 000 000 external
// endpoints with Zipf(1) popularity, over two days of event time, plus some beacons. With --zeek, a
// Zeek TSV conn.log (e.g. /tmp/mamori-bench/scale-conn-300000-tsv/conn.log) is replayed instead, the
// originator taken as the device. Input is generated in chunks outside the timed section.
import { readFileSync } from 'node:fs';
import type { Observation } from '../schema/observation.js';
import { metrics } from './metrics.js';
import { PatternOfLife, type ObserveContext } from './pattern-of-life.js';
import { rng } from './synthetic.js';

const DEVICES = 36_000;
const ENDPOINTS = 1_000_000;
const CHUNK = 100_000;
const T0 = 1_700_000_000;

interface Item {
  obs: Observation;
  ctx: ObserveContext;
}

const args = process.argv.slice(2);
const zeekAt = args.indexOf('--zeek');
const zeekPath = zeekAt >= 0 ? args[zeekAt + 1] : undefined;
const withMetrics = !args.includes('--no-metrics');
const n = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--zeek') ?? 3_000_000);

const ips = (i: number, base: string): string => `${base}.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
const deviceIps = Array.from({ length: DEVICES }, (_, i) => ips(i, '10'));

function* synthetic(total: number): Generator<Item[]> {
  const r = rng(42);
  // Zipf(1) CDF over endpoints, sampled by binary search
  const cdf = new Float64Array(ENDPOINTS);
  let acc = 0;
  for (let k = 0; k < ENDPOINTS; k++) cdf[k] = acc += 1 / (k + 1);
  for (let k = 0; k < ENDPOINTS; k++) cdf[k] = cdf[k]! / acc;
  const endpointIps = new Map<number, string>();
  const span = 2 * 86400;
  for (let start = 0; start < total; start += CHUNK) {
    const items: Item[] = [];
    for (let i = start; i < Math.min(total, start + CHUNK); i++) {
      const ts = T0 + (i / total) * span;
      const beacon = i % 1000 === 0;
      const d = beacon ? i % 50 : Math.floor(r() * DEVICES);
      let e: number;
      if (beacon) e = 999_000 + (i % 50);
      else {
        const u = r();
        let lo = 0;
        let hi = ENDPOINTS - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cdf[mid]! < u) lo = mid + 1;
          else hi = mid;
        }
        e = lo;
      }
      let peer = endpointIps.get(e);
      if (!peer) endpointIps.set(e, (peer = ips(e, '20')));
      const device = deviceIps[d]!;
      const port = beacon ? 8443 : r() < 0.8 ? 443 : r() < 0.8 ? 80 : 1024 + Math.floor(r() * 4000);
      const orig = beacon ? 512 : Math.floor(Math.exp(4 + r() * 6));
      const resp = Math.floor(Math.exp(5 + r() * 8));
      items.push({
        obs: {
          type: 'conn',
          record: {
            ts, uid: 'C' + i, id: { orig_h: device, orig_p: 1024 + (i % 60000), resp_h: peer, resp_p: port }, proto: 'tcp', duration: 1,
            orig_bytes: orig, resp_bytes: resp, conn_state: 'SF', missed_bytes: 0, orig_pkts: 3, orig_ip_bytes: orig + 120, resp_pkts: 3, resp_ip_bytes: resp + 120,
          },
        },
        ctx: { device, peer, peerIsExternal: true },
      });
    }
    yield items;
  }
}

function* zeek(path: string, total: number): Generator<Item[]> {
  const lines = readFileSync(path, 'utf8').split('\n');
  let items: Item[] = [];
  let count = 0;
  for (const line of lines) {
    if (line === '' || line.startsWith('#')) continue;
    const f = line.split('\t');
    const num = (s: string | undefined): number | undefined => (s === undefined || s === '-' ? undefined : Number(s));
    const orig = f[2]!;
    const resp = f[4]!;
    items.push({
      obs: {
        type: 'conn',
        record: {
          ts: Number(f[0]), uid: f[1]!, id: { orig_h: orig, orig_p: Number(f[3]), resp_h: resp, resp_p: Number(f[5]) }, proto: f[6] as 'tcp',
          orig_bytes: num(f[9]), resp_bytes: num(f[10]), conn_state: f[11] as 'SF', missed_bytes: 0, orig_pkts: 0, orig_ip_bytes: 0, resp_pkts: 0, resp_ip_bytes: 0,
        },
      },
      ctx: { device: orig, peer: resp, peerIsExternal: !resp.startsWith('10.') && !resp.startsWith('192.168.') },
    });
    if (items.length === CHUNK) {
      yield items;
      items = [];
    }
    if (++count >= total) break;
  }
  if (items.length) yield items;
}

const gib = (b: number): string => (b / 2 ** 30).toFixed(2) + ' GiB';
const pol = new PatternOfLife();
let done = 0;
let ms = 0;
let cpuMicros = 0;
let metricCount = 0;
let peakRss = process.memoryUsage().rss;
const rssBefore = peakRss;
for (const chunk of zeekPath ? zeek(zeekPath, n) : synthetic(n)) {
  const t = performance.now();
  const c = process.cpuUsage();
  for (const { obs, ctx } of chunk) {
    pol.observe(obs, ctx);
    if (withMetrics) metricCount += metrics(pol, obs, ctx).length;
  }
  ms += performance.now() - t;
  const cu = process.cpuUsage(c);
  cpuMicros += cu.user + cu.system;
  done += chunk.length;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if (done % 1_000_000 === 0) console.error(`${done} observations, ${Math.round(done / (ms / 1000))}/s, rss ${gib(peakRss)}`);
}
const rarity = Object.fromEntries(Object.entries(pol.rarity).map(([k, t]) => [k, t.items.size]));
const firstSeen = Object.fromEntries(Object.entries(pol.firstSeen).map(([k, r]) => [k, r.size]));
let sketched = 0;
for (const item of pol.rarity.ip.items.values()) if (item.devices.isSketch) sketched++;
console.log(JSON.stringify({
  input: zeekPath ?? `synthetic: ${DEVICES} devices, ${ENDPOINTS} endpoints, Zipf(1)`,
  observations: done,
  metrics: withMetrics,
  metrics_per_observation: withMetrics ? +(metricCount / done).toFixed(2) : 0,
  seconds: +(ms / 1000).toFixed(2),
  observations_per_second: Math.round(done / (ms / 1000)),
  microseconds_per_observation: +((ms * 1000) / done).toFixed(3),
  // CPU time of the whole process (GC helper threads included) over the timed section: steadier than
  // wall time on a shared machine
  cpu_seconds: +(cpuMicros / 1e6).toFixed(2),
  observations_per_cpu_second: Math.round(done / (cpuMicros / 1e6)),
  rss_before: gib(rssBefore),
  peak_rss: gib(peakRss),
  heap_used: gib(process.memoryUsage().heapUsed),
  devices: pol.devices.size,
  rarity_items: rarity,
  ip_items_as_hll: sketched,
  first_seen_entries: firstSeen,
  beacon_pairs: pol.beacons.size,
}, null, 1));
