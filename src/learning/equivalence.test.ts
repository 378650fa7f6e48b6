// Pins the learning stage's output to what the original (eager, string-keyed) implementation gave:
// every metric (value, baseline, confidence, explanation) and the snapshot, over a mixed office
// stream and a connection-heavy stream with internal peers and credentials. Any optimisation must
// leave these hashes unchanged.
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { metrics, type Metric } from './metrics.js';
import { PatternOfLife } from './pattern-of-life.js';
import { officeStream, rng, type Annotated } from './synthetic.js';

function connHeavy(n: number): Annotated[] {
  const r = rng(99);
  const out: Annotated[] = [];
  const t0 = 1_700_000_000;
  for (let i = 0; i < n; i++) {
    const ts = t0 + i * 7.3 + r();
    const d = Math.floor(r() * 300);
    const device = `10.9.${d >> 8}.${d & 255}`;
    const internal = r() < 0.15;
    const e = Math.floor(Math.pow(5000, r()));
    const peer = internal ? `10.8.${(e >> 8) & 255}.${e & 255}` : `20.${(e >> 16) & 255}.${(e >> 8) & 255}.${e & 255}`;
    const beacon = i % 97 === 0;
    const port = beacon ? 8443 : r() < 0.7 ? 443 : r() < 0.5 ? 80 : 1024 + Math.floor(r() * 200);
    const orig = beacon ? 512 : Math.floor(Math.exp(3 + r() * 7));
    const resp = Math.floor(Math.exp(4 + r() * 8));
    const responder = r() < 0.1;
    const obs: Annotated['obs'] = {
      type: 'conn',
      record: {
        ts, uid: 'Q' + i, id: { orig_h: responder ? peer : device, orig_p: 40000 + (i % 9999), resp_h: responder ? device : (beacon ? '20.99.99.' + (i % 5) : peer), resp_p: port }, proto: r() < 0.9 ? 'tcp' : 'udp', duration: 1,
        orig_bytes: orig, resp_bytes: r() < 0.05 ? undefined : resp, conn_state: 'SF', missed_bytes: 0, orig_pkts: 3, orig_ip_bytes: orig + 120, resp_pkts: 3, resp_ip_bytes: resp + 120,
      },
    };
    const ctx: Annotated['ctx'] = { device: d === 299 ? undefined : device, peer: beacon && !responder ? '20.99.99.' + (i % 5) : peer, peerIsExternal: !internal, deviceIsOriginator: !responder };
    if (r() < 0.02) ctx.user = `user${Math.floor(r() * 20)}@CORP`;
    out.push({ obs, ctx });
  }
  return out;
}

function digest(items: readonly Annotated[]): { metrics: string; snapshot: string; count: number } {
  const p = new PatternOfLife({ utcOffsetSeconds: 3600 });
  const h = createHash('sha256');
  let count = 0;
  for (const a of items) {
    p.observe(a.obs, a.ctx);
    const ms: Metric[] = metrics(p, a.obs, a.ctx);
    count += ms.length;
    h.update(JSON.stringify(ms));
    h.update('\n');
  }
  return { metrics: h.digest('hex'), snapshot: createHash('sha256').update(JSON.stringify(p.snapshot())).digest('hex'), count };
}

describe('output identical to the reference implementation', () => {
  test('office stream', () => {
    expect(digest(officeStream(11, 25, 3, 3))).toStrictEqual(GOLDEN.office);
  });
  test('connection-heavy stream with internal peers, responders and credentials', () => {
    expect(digest(connHeavy(60_000))).toStrictEqual(GOLDEN.conns);
  });
});

describe('lazy explanations', () => {
  test('reading explanation and baseline gives the JSON form, even after later observations', () => {
    const p = new PatternOfLife();
    const items = officeStream(5, 10, 2, 2);
    const kept: { m: Metric; json: string }[] = [];
    for (const a of items) {
      p.observe(a.obs, a.ctx);
      for (const m of metrics(p, a.obs, a.ctx)) kept.push({ m, json: JSON.stringify(m) });
    }
    expect(kept.length).toBeGreaterThan(1000);
    // read only now, after the state has moved on: the captured numbers, not today's state
    for (const { m, json } of kept) {
      const eager = JSON.stringify({ name: m.name, value: m.value, baseline: m.baseline, confidence: m.confidence, explanation: m.explanation });
      expect(eager).toBe(json);
      expect(typeof m.explanation).toBe('string');
      expect(m.baseline.text.length).toBeGreaterThan(0);
    }
    // spread and Object.keys see the numbers a consumer filters on
    const first = kept[0]!.m;
    expect(first.value).toBeTypeOf('number');
    first.explanation = 'overridden';
    expect(first.explanation).toBe('overridden');
  });
});

// Snapshot hashes last changed with snapshot version 2 (peer activity and peer groups added); the
// metrics hashes last changed when rarity began counting the other devices (not this one) and beacon
// and subdomain-count confidence became intrinsic (their own samples, not the deployment's age), and
// dest_history_share and peer_group_dest_rarity were added.
const GOLDEN = {
  office: { metrics: 'd6d2bd7342771c72ed1fafb66aedcea8a1f22abbb51860e8bb0b814d37fa7aa0', snapshot: '12da511a8f9cd657c19e57d71eaa4bdf6b0b82305e766fc45f0b02c594788d9d', count: 33498 },
  conns: { metrics: '5b6c1ca2f06d9eab7989a27f72f97fd2feb9d3c77c4db6dfdf02cc49c3af3aae', snapshot: '33c5fe93fae6969aca864702a218d3fbdfaa256fc969be7ab51edc3eb194e91e', count: 650628 },
};
