// Autonomous response end to end, for real: victims in network namespaces beacon to a fake C2 and
// browse an ordinary web server through a gateway namespace, where Mamori (the same Service and
// DetectionRuntime `mamori run` uses) captures live on the bridge, learns, breaches and acts through
// nftables in the gateway. One Mamori, modes per device as a site would set them:
//   victim 0: active  — the beacon is blocked shortly after the breach, browsing goes on, and after
//                       the action expires the beacon gets through again;
//   victim 1: passive — nothing is blocked, the action is recorded as what would have been done;
//   victim 2: confirm — the action waits for an analyst; once approved, the beacon is blocked.
// Also measures the time from the last packet of the connection that made the breach to the
// nftables rule in force (printed; see bench/README.md). Needs root, iproute2, nftables, tcpdump.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action } from '../../src/schema/action.js';
import type { Connection } from '../../src/schema/conn.js';
import { parseServiceConfig } from '../../src/service/config.js';
import { DetectionRuntime } from '../../src/service/detection.js';
import { Service } from '../../src/service/service.js';
import { labAvailable, NetnsLab } from './netns-lab.js';

const avail = labAvailable();
if (!avail.ok) console.warn(`skipping the response end-to-end test: ${avail.why}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ACTIVE_SECONDS = 8;

describe.skipIf(!avail.ok)('autonomous response in network namespaces', () => {
  const lab = new NetnsLab(process.pid % 200, 3);
  const dir = mkdtempSync(join(tmpdir(), 'mamori-response-e2e-'));
  const conns = new Map<string, Connection & { seenAt: number }>();
  let service: Service | undefined;
  let runtime: DetectionRuntime | undefined;
  const [v0, v1, v2] = lab.victims;

  beforeAll(async () => {
    lab.up();
    const responseYaml = join(dir, 'response.yaml');
    writeFileSync(
      responseYaml,
      [
        'mode: passive',
        'min_score: 30',
        'default_duration: 1h',
        'confirm_timeout: 10m',
        'rules:',
        `  - { model: "compromise/*beacon*", device: ${v0!.ip}, mode: active, duration: ${ACTIVE_SECONDS} }`,
        `  - { model: "compromise/*beacon*", device: ${v2!.ip}, mode: confirm }`,
        `management: { ips: [10.77.${process.pid % 200}.1], ports: [22, 8780] }`,
        'limits: { max_active: 20, max_per_hour: 100 }',
        'executors:',
        `  - { type: nftables, table: mamori, hooks: [forward], netns: ${lab.gateway} }`,
      ].join('\n'),
    );
    const cfg = parseServiceConfig(
      [
        `output: { dir: ${join(dir, 'logs')} }`,
        `state_dir: ${join(dir, 'state')}`,
        'poll_ms: 250',
        'sources:',
        `  - { type: interface, name: ${lab.bridge}, netns: ${lab.gateway}, filter: "ip" }`,
        'flow: { tcp_close_delay: 0.5, ignore_checksums: true }',
        'detect:',
        `  db: ${join(dir, 'mamori.duckdb')}`,
        `  local_nets: [${lab.localNet}]`,
        '  reorder_horizon: 1',
        `response: ${responseYaml}`,
      ].join('\n'),
      'e2e config',
    );
    const log = (m: string) => process.stderr.write(`[mamori] ${m}\n`);
    service = new Service(cfg, log, (o) => {
      if (o.type === 'conn') conns.set(o.record.uid, { ...o.record, seenAt: Date.now() });
      runtime?.observe(o);
    });
    runtime = await DetectionRuntime.open(cfg, log);
    await service.start();
    await sleep(1500); // tcpdump opens the bridge
    await lab.startTraffic(400);
  }, 30_000);

  afterAll(async () => {
    await service?.stop();
    await runtime?.close();
    lab.down();
    rmSync(dir, { recursive: true, force: true });
  });

  async function actionFor(ip: string, state: Action['state'] | Action['state'][], timeoutMs: number): Promise<Action> {
    const want = Array.isArray(state) ? state : [state];
    const until = Date.now() + timeoutMs;
    for (;;) {
      const all = await runtime!.response!.list({ limit: 500 });
      const a = all.find((x) => x.target.device?.ip === ip && x.target.destination?.ip === lab.c2 && want.includes(x.state));
      if (a) return a;
      if (Date.now() > until) throw new Error(`no ${want.join('/')} action for ${ip} → ${lab.c2} after ${timeoutMs} ms; actions: ${JSON.stringify(all.map((x) => [x.target.device?.ip, x.target.destination?.ip, x.cause.model, x.state]))}`);
      await sleep(200);
    }
  }

  const nftRules = () => execFileSync('ip', ['netns', 'exec', lab.gateway, 'nft', 'list', 'table', 'inet', 'mamori'], { encoding: 'utf8' });
  const transitionTime = (a: Action, to: Action['state']) => a.history.find((h) => h.to === to)!.time * 1000;

  it('active: blocks the beacon shortly after the breach, keeps browsing, and lets it through again after expiry', async () => {
    const action = await actionFor(v0!.ip, 'active', 60_000);
    const inForce = transitionTime(action, 'active');
    expect(action.mode).toBe('active');
    expect(action.kind).toBe('block_connection');
    expect(nftRules()).toContain(lab.c2);

    // latency: from the last packet of the connection the breach rests on to the rule in force
    const breach = await runtime!.store.breaches.get(action.cause.breach!);
    const triggering = (breach?.payload as { uids?: string[] } | undefined)?.uids?.map((u) => conns.get(u)).filter((c) => c !== undefined) ?? [];
    const last = Math.max(...triggering.map((c) => (c.ts + (c.duration ?? 0)) * 1000));
    if (Number.isFinite(last)) {
      const seen = Math.max(...triggering.map((c) => c.seenAt));
      process.stderr.write(
        `response latency: ${((inForce - last) / 1000).toFixed(2)} s from the last packet of the triggering connection to the nftables rule in force ` +
          `(${((seen - last) / 1000).toFixed(2)} s of it until the sensor logged the connection: tcp_close_delay 0.5 s; ${((inForce - seen) / 1000).toFixed(2)} s reorder horizon, models, response, nft)\n`,
      );
      expect(inForce - last).toBeLessThan(10_000);
    }

    await sleep(2500);
    const now = Date.now();
    const beacons = lab.results(v0!.ip, 'beacon', inForce + 800, now);
    const web = lab.results(v0!.ip, 'web', inForce, now);
    expect(beacons.failed).toBeGreaterThan(2);
    expect(beacons.ok).toBe(0);
    expect(web.ok).toBeGreaterThan(1);
    expect(web.failed).toBe(0);

    // expiry: the rule goes, the beacon gets through again
    const expired = await actionFor(v0!.ip, 'expired', (ACTIVE_SECONDS + 10) * 1000);
    const gone = transitionTime(expired, 'expired');
    expect(nftRules()).not.toContain(lab.c2);
    await sleep(2000);
    expect(lab.results(v0!.ip, 'beacon', gone + 800, Date.now()).ok).toBeGreaterThan(1);
  }, 90_000);

  it('passive: records what would have been done and blocks nothing', async () => {
    const action = await actionFor(v1!.ip, 'proposed', 30_000);
    expect(action.mode).toBe('passive');
    const since = transitionTime(action, 'proposed');
    await sleep(1500);
    const beacons = lab.results(v1!.ip, 'beacon', since, Date.now());
    expect(beacons.ok).toBeGreaterThan(1);
    expect(beacons.failed).toBe(0);
    const audit = await runtime!.store.audit.list({ limit: 1000 });
    expect(audit.some((e) => e.target === action.id)).toBe(true);
  }, 60_000);

  it('confirm: waits for an analyst, then blocks', async () => {
    const waiting = await actionFor(v2!.ip, 'awaiting_confirmation', 30_000);
    const since = transitionTime(waiting, 'awaiting_confirmation');
    await sleep(1000);
    expect(lab.results(v2!.ip, 'beacon', since, Date.now()).failed).toBe(0);
    const confirmed = await runtime!.response!.confirm(waiting.id, 'analyst-e2e', 'approved in the test');
    expect(confirmed.state).toBe('active');
    const inForce = transitionTime(confirmed, 'active');
    await sleep(3000);
    const after = lab.results(v2!.ip, 'beacon', inForce + 800, Date.now());
    expect(after.ok).toBe(0);
    expect(after.failed).toBeGreaterThan(1);
    expect(confirmed.history.some((h) => h.by === 'analyst-e2e' && h.to === 'active')).toBe(true);
  }, 60_000);
});
