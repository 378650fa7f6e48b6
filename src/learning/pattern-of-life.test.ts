import { describe, expect, test } from 'vitest';
import { metrics, type Metric, type MetricName } from './metrics.js';
import { PatternOfLife } from './pattern-of-life.js';
import { conn, dns, officeStream, rng, type Annotated } from './synthetic.js';

const T0 = 1_700_000_000;
const HOUR = 3600;
const DAY = 86400;

function feed(p: PatternOfLife, a: Annotated): Metric[] {
  p.observe(a.obs, a.ctx);
  return metrics(p, a.obs, a.ctx);
}

function metric(ms: Metric[], name: MetricName): Metric {
  const m = ms.find((x) => x.name === name);
  if (!m) throw new Error(`no ${name} in ${ms.map((x) => x.name).join(', ')}`);
  return m;
}

const dev = (i: number): string => `10.1.${i >> 8}.${i & 255}`;

describe('rarity', () => {
  test('a hostname reached by 1 of 100 devices is > 95% rare; one reached by 80 is < 30%', () => {
    const p = new PatternOfLife();
    for (let i = 0; i < 100; i++) feed(p, dns(T0 + i, dev(i), 'intranet-portal.example.org'));
    for (let i = 0; i < 80; i++) feed(p, dns(T0 + 200 + i, dev(i), 'popular.example.com'));
    const popular = metric(feed(p, dns(T0 + 300, dev(5), 'popular.example.com')), 'dest_host_rarity');
    const rare = metric(feed(p, dns(T0 + 301, dev(7), 'rare.example.net')), 'dest_host_rarity');
    expect(rare.value).toBeGreaterThan(95);
    expect(rare.baseline).toMatchObject({ reached_by: 1, active_devices: 100 });
    expect(rare.explanation).toContain('reached by 1 of 100 devices');
    expect(popular.value).toBeLessThan(30);
    expect(popular.baseline.reached_by).toBe(80);
  });

  test('the same holds for external IPs, with a sketch once many devices reach one', () => {
    const p = new PatternOfLife();
    for (let i = 0; i < 300; i++) feed(p, conn(T0 + i, dev(i), '192.0.2.1', 443, 100, 100));
    const common = metric(feed(p, conn(T0 + 400, dev(3), '192.0.2.1', 443, 100, 100)), 'dest_ip_rarity');
    expect(common.value).toBeLessThan(5);
    const lone = metric(feed(p, conn(T0 + 401, dev(3), '192.0.2.99', 443, 100, 100)), 'dest_ip_rarity');
    expect(lone.value).toBeGreaterThan(99);
  });
});

describe('first seen and novelty', () => {
  test('age is 0 on first contact and grows; a new external port is flagged once', () => {
    const p = new PatternOfLife();
    const first = feed(p, conn(T0, '10.0.0.5', '198.51.100.1', 8443, 10, 10));
    expect(metric(first, 'dest_first_seen_age_days').value).toBe(0);
    expect(metric(first, 'new_external_port_for_device').value).toBe(1);
    const later = feed(p, conn(T0 + 2.5 * DAY, '10.0.0.5', '198.51.100.1', 8443, 10, 10));
    expect(metric(later, 'dest_first_seen_age_days').value).toBeCloseTo(2.5, 12);
    expect(metric(later, 'new_external_port_for_device').value).toBe(0);
    expect(metric(later, 'org_dest_first_seen_age_days').value).toBeCloseTo(2.5, 12);
  });

  test('a new credential for a device', () => {
    const p = new PatternOfLife();
    const a = conn(T0, '10.0.0.5', '10.0.0.2', 88, 10, 10, false);
    const ms = feed(p, { obs: a.obs, ctx: { ...a.ctx, user: 'alice@CORP' } });
    expect(metric(ms, 'new_credential_for_device').value).toBe(1);
    const b = conn(T0 + DAY, '10.0.0.5', '10.0.0.2', 88, 10, 10, false);
    const again = feed(p, { obs: b.obs, ctx: { ...b.ctx, user: 'alice@CORP' } });
    expect(metric(again, 'new_credential_for_device').value).toBe(0);
    expect(metric(again, 'credential_first_seen_age_days').value).toBeCloseTo(1, 12);
  });
});

describe('volume and confidence', () => {
  test("a 100× upload stands out against the device's own hourly history", () => {
    const p = new PatternOfLife();
    const r = rng(7);
    let normal: Metric[] = [];
    for (let h = 0; h < 10 * 24; h++) {
      for (let k = 0; k < 10; k++) normal = feed(p, conn(T0 + h * HOUR + k * 300 + r(), '10.0.0.9', '192.0.2.10', 443, 900 + Math.floor(r() * 200), 5000));
    }
    const zNormal = metric(normal, 'device_bytes_out_zscore_hour');
    expect(Math.abs(zNormal.value)).toBeLessThan(3);
    const upload = feed(p, conn(T0 + 240 * HOUR + 10, '10.0.0.9', '203.0.113.50', 443, 1_000_000, 5000));
    const z = metric(upload, 'device_bytes_out_zscore_hour');
    expect(z.value).toBeGreaterThan(50);
    expect(z.baseline.basis).toBe('hour_of_day');
    expect(z.confidence).toBeGreaterThan(0.2);
    expect(metric(upload, 'device_bytes_out_percentile').value).toBeGreaterThan(99);
  });

  const INTRINSIC = /^beacon_|^dns_subdomain_count$/;
  test('confidence stays low during the first day and reaches 1 after the learning period', () => {
    const p = new PatternOfLife();
    const stream = officeStream(3, 20, 9, 2);
    let maxFirstDay = 0;
    let last: Metric[] = [];
    for (const a of stream) {
      const ms = feed(p, a);
      // history-based metrics only: beacon regularity and subdomain counts are sure of themselves
      if (a.obs.record.ts < stream[0]!.obs.record.ts + DAY) for (const m of ms) if (!INTRINSIC.test(m.name)) maxFirstDay = Math.max(maxFirstDay, m.confidence);
      if (a.obs.type === 'conn' && a.ctx.device !== '10.0.0.1') last = ms;
    }
    expect(maxFirstDay).toBeLessThan(0.2);
    expect(metric(last, 'dest_ip_rarity').confidence).toBe(1);
    // per-device hourly baselines also need samples in the slot: sparser, so surer only later
    expect(metric(last, 'device_connections_per_hour_zscore').confidence).toBeGreaterThan(0.4);
  });

  test('the office beacon scores high and ordinary browsing low', () => {
    const p = new PatternOfLife();
    const scores = new Map<string, number>();
    for (const a of officeStream(4, 20, 2, 3)) {
      const ms = feed(p, a);
      const b = ms.find((m) => m.name === 'beacon_score');
      if (b) scores.set(`${a.ctx.device}>${a.ctx.peer}`, b.value);
    }
    expect(scores.get('10.0.0.1>198.51.100.7')).toBeGreaterThan(0.8);
    const others = [...scores].filter(([k]) => !k.startsWith('10.0.0.1>198')).map(([, v]) => v);
    expect(Math.max(...others)).toBeLessThan(0.3);
  });
});

describe('peer groups', () => {
  // Two populations over four days: workstations browsing the web by day, and servers answering
  // file-share connections around the clock. The daily recompute must separate them, and the
  // grouping must survive a snapshot round trip.
  function population(): Annotated[] {
    const out: Annotated[] = [];
    const r = rng(3);
    for (let day = 0; day < 4; day++) {
      for (let h = 0; h < 24; h++) {
        for (let i = 0; i < 12; i++) {
          const ts = T0 + day * DAY + h * HOUR + i * 60 + r();
          if (h >= 8 && h < 18) for (let k = 0; k < 6; k++) out.push(conn(ts + k * 5, dev(i), `198.51.100.${Math.floor(r() * 200)}`, 443, 800, 40_000));
          const server = dev(100 + i);
          const client = dev(Math.floor(r() * 12));
          const a = conn(ts + 1, server, client, 445, 200_000, 900, false);
          a.ctx.deviceIsOriginator = false;
          const rec = a.obs.record as { id: { orig_h: string; resp_h: string } };
          rec.id = { ...rec.id, orig_h: client, resp_h: server };
          out.push(a);
        }
      }
    }
    return out.sort((a, b) => (a.obs.record as { ts: number }).ts - (b.obs.record as { ts: number }).ts);
  }

  test('workstations and file servers land in two groups, kept across a snapshot', () => {
    const p = new PatternOfLife();
    for (const a of population()) p.observe(a.obs, a.ctx);
    expect(p.peerGroups.list().length).toBe(2);
    const ws = p.peerGroupOf(dev(0));
    const srv = p.peerGroupOf(dev(100));
    expect(ws).toBeDefined();
    expect(srv).toBeDefined();
    expect(ws!.group).not.toBe(srv!.group);
    for (let i = 1; i < 12; i++) {
      expect(p.peerGroupOf(dev(i))?.group).toBe(ws!.group);
      expect(p.peerGroupOf(dev(100 + i))?.group).toBe(srv!.group);
    }
    const q = PatternOfLife.restore(JSON.parse(JSON.stringify(p.snapshot())));
    expect(q.peerGroupOf(dev(5))).toStrictEqual(p.peerGroupOf(dev(5)));
    expect(JSON.stringify(q.snapshot())).toBe(JSON.stringify(p.snapshot()));
  });
});
