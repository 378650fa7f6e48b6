// How fast the UI is at scale: 36,000 devices, a month of breaches, 5,000 graph links, in the real
// store behind the real API, measured in Chromium. Not part of the test run (timings depend on the
// machine); run it by hand and read the figures:
//   npm run build:web && npx vite-node test/browser/perf-check.ts
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startApiServer } from '../../src/api/server.js';
import type { Breach } from '../../src/schema/breach.js';
import type { Incident } from '../../src/schema/incident.js';
import { openStore, type StoredObservation } from '../../src/store/index.js';

const DEVICES = 36_000;
const BREACHES = 30_000;
const INCIDENTS = 600;
const LINKS = 5_000;
const DAY = 86_400;
const NOW = Math.floor(Date.now() / 1000);
const PASSWORD = 'perf check password';
const webRoot = fileURLToPath(new URL('../../dist/web/', import.meta.url));
if (!existsSync(`${webRoot}/index.html`)) throw new Error('build the UI first: npm run build:web');

const ip = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

async function main(): Promise<void> {
  const t0 = Date.now();
  const store = await openStore();
  for (let i = 0; i < DEVICES; i += 6000) {
    await store.entities.put(
      Array.from({ length: Math.min(6000, DEVICES - i) }, (_, k) => {
        const n = i + k + 1;
        return { id: `dev:${ip(n)}`, kind: 'device', time: NOW - (n % 3600), payload: { ip: ip(n), hostname: `host-${n}.corp.example`, type: n % 10 ? 'workstation' : 'server', peer_group: `pg${n % 40}`, activity_by_hour: Array.from({ length: 24 }, (_, h) => (h > 7 && h < 19 ? 30 : 2)) } };
      }),
    );
  }
  const breaches: Breach[] = Array.from({ length: BREACHES }, (_, k) => {
    const n = (k * 7919) % DEVICES + 1;
    return {
      id: `b${k}`,
      time: NOW - 30 * DAY + Math.floor((k / BREACHES) * 30 * DAY),
      model: `compromise/m${k % 25}`,
      model_name: { en: `Model ${k % 25}`, ja: `モデル ${k % 25}` },
      category: 'compromise',
      mitre: ['T1071'],
      score: 30 + (k % 70),
      device: { id: `dev:${ip(n)}`, ip: ip(n), hostname: `host-${n}.corp.example` },
      destination: { ip: `203.0.113.${k % 250}`, port: 443 },
      reasons: [{ metric: 'beacon_score', value: 0.9, op: '>', threshold: 0.7, confidence: 0.9 }],
      uids: [`C${k}`],
    };
  });
  for (let i = 0; i < breaches.length; i += 5000) await store.breaches.put(breaches.slice(i, i + 5000).map((b) => ({ id: b.id, kind: b.model, time: b.time, payload: b })));
  const incidents: Incident[] = Array.from({ length: INCIDENTS }, (_, k) => {
    const b = breaches[k * 50]!;
    return { id: `inc${k}`, level: (k % 4) as 0, score: b.score, title: { en: `Incident ${k}`, ja: `インシデント ${k}` }, summary: { en: 's', ja: 's' }, devices: [{ id: b.device.id, ip: b.device.ip }], destinations: [], breaches: [b.id], phases: ['command-and-control'], mitre: [], start: b.time, end: b.time + 60, timeline: [], investigation: [], actions: { en: [], ja: [] } };
  });
  await store.incidents.put(incidents.map((i) => ({ id: i.id, kind: 'incident', time: i.start, payload: i })));
  const conns: StoredObservation[] = Array.from({ length: LINKS }, (_, k) => {
    const a = (k % 3000) + 1;
    const resp = k % 3 ? `198.51.${(k >> 8) & 255}.${k & 255}` : ip(((k * 31) % 3000) + 1);
    return { type: 'conn', record: { ts: NOW - (k % 80_000), uid: `C${k}`, id: { orig_h: ip(a), orig_p: 40000 + (k % 20000), resp_h: resp, resp_p: 443 }, proto: 'tcp', conn_state: 'SF', orig_bytes: 1000 + k, resp_bytes: 5000, missed_bytes: 0, orig_pkts: 5, orig_ip_bytes: 1200, resp_pkts: 6, resp_ip_bytes: 5400 } };
  });
  await store.observations.append(conns);
  console.log(`seeded ${DEVICES} devices, ${BREACHES} breaches, ${INCIDENTS} incidents, ${LINKS} conns in ${Date.now() - t0} ms`);

  const server = await startApiServer({ store, port: 0, webRoot, adminPassword: PASSWORD });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  try {
    await page.goto(server.url);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', PASSWORD);
    let t = Date.now();
    await page.click('button[type=submit]');
    await page.locator('[data-testid=levels]').waitFor({ timeout: 60_000 });
    console.log(`dashboard (first, cold caches): ${Date.now() - t} ms`);
    for (const [route, marker] of [
      ['dashboard', '[data-testid=timeline] canvas'],
      ['devices', '[data-testid=device-table] tbody tr'],
      ['breaches', '[data-testid=breach-table] tbody tr.clickable'],
      ['incidents', '[data-testid=incident-table] tbody tr'],
      [`devices/${encodeURIComponent('dev:10.0.0.1')}`, '[data-testid=device-title]'],
    ] as const) {
      await page.goto(`${server.url}/#/system`);
      await page.locator('[data-page=system]').waitFor();
      t = Date.now();
      await page.goto(`${server.url}/#/${route}`);
      await page.locator(marker).first().waitFor({ timeout: 60_000 });
      console.log(`${route}: interactive in ${Date.now() - t} ms`);
    }
    t = Date.now();
    await page.goto(`${server.url}/#/graph`);
    await page.selectOption('[data-page=graph] select', '5000');
    await page.locator('[data-testid=graph-counts]').waitFor({ timeout: 60_000 });
    console.log(`graph: ${await page.locator('[data-testid=graph-counts]').textContent()} shown in ${Date.now() - t} ms`);
    // frames per second while the layout runs, then once it has settled
    const fps = (ms: number) =>
      page.evaluate(
        (ms) =>
          new Promise<number>((resolve) => {
            let n = 0;
            const start = performance.now();
            const f = () => (performance.now() - start < ms ? (n++, requestAnimationFrame(f)) : resolve((n * 1000) / (performance.now() - start)));
            requestAnimationFrame(f);
          }),
        ms,
      );
    console.log(`graph 2D fps while laying out: ${(await fps(3000)).toFixed(1)}`);
    await page.waitForTimeout(8000);
    console.log(`graph 2D fps settled: ${(await fps(2000)).toFixed(1)}`);
    await page.screenshot({ path: fileURLToPath(new URL('../../test-artifacts/screenshots/perf-graph-5000.png', import.meta.url)) });
  } finally {
    await browser.close();
    await server.close();
    await store.close();
  }
}

await main();
