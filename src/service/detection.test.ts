// mamori run's live half without packets: observations handed to the DetectionRuntime as a source
// would, with the API on: breaches and incidents reach the store and the console, the stream pushes
// them, and a scheduled report is written.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { login } from '../api/fixtures.test-util.js';
import { readInputs } from '../pipeline/read-inputs.js';
import type { Observation } from '../schema/observation.js';
import { DEFAULT_SENSOR_OPTIONS } from '../sensor/sensor.js';
import { simulate } from '../simulate/simulate.js';
import { parseServiceConfig } from './config.js';
import { DetectionRuntime } from './detection.js';

describe('DetectionRuntime with the API', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mamori-detection-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stores and streams live breaches and incidents, serves them, and writes the scheduled report', async () => {
    const pcap = join(dir, 'office.pcap');
    simulate({ devices: 8, days: 1, seed: 11, attacks: ['beacon'], start: Date.parse('2026-11-03T00:00:00Z') / 1000 }, pcap);
    const obs: Observation[] = [];
    await readInputs([pcap], { sensor: DEFAULT_SENSOR_OPTIONS, onObservation: (o) => obs.push(o), onQuarantine: () => undefined });
    obs.sort((a, b) => (a.record as { ts: number }).ts - (b.record as { ts: number }).ts);
    const cfg = parseServiceConfig(
      [
        `output: { dir: ${join(dir, 'logs')} }`,
        `state_dir: ${join(dir, 'state')}`,
        'sources: [{ type: directory, path: /nonexistent }]',
        'detect:',
        `  db: ${join(dir, 'live.duckdb')}`,
        'api: { listen: 127.0.0.1:0 }',
        `reports: { dir: ${join(dir, 'reports')}, times: ['00:00'], formats: [text] }`,
      ].join('\n'),
    );
    const logs: string[] = [];
    process.env['MAMORI_ADMIN_PASSWORD'] = 'detection test password';
    const events: string[] = [];
    const rt = await DetectionRuntime.open(cfg, (m) => logs.push(m), { onEvent: (e) => events.push(e.kind) });
    delete process.env['MAMORI_ADMIN_PASSWORD'];
    try {
      const url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(logs.join('\n'))![1]!;
      const s = await login(url, 'admin', 'detection test password');
      const pushed: string[] = [];
      const ws = new WebSocket(`${url.replace('http', 'ws')}/api/stream`, { headers: { cookie: s.cookie, origin: url } });
      ws.on('message', (m) => pushed.push((JSON.parse(String(m)) as { kind: string }).kind));
      await new Promise((r) => ws.once('open', r));
      for (const o of obs) rt.observe(o);
      // the runtime's own clock ticks every 250 ms; event time ends with the capture
      await new Promise((r) => setTimeout(r, 1500));
      await rt.detector.tick(Date.parse('2026-11-04T00:00:00Z') / 1000);
      await new Promise((r) => setTimeout(r, 1500));
      expect(events).toContain('breach');
      expect(events).toContain('incident');
      const res = await s.fetch('/api/breaches?limit=5');
      const breaches = (await res.json()) as { total: number };
      if (breaches.total === undefined) throw new Error(`/api/breaches answered ${res.status} ${JSON.stringify(breaches)}: ${logs.join(' / ')}`);
      expect(breaches.total).toBeGreaterThan(0);
      const incidents = (await (await s.fetch('/api/incidents')).json()) as { total: number };
      expect(incidents.total).toBeGreaterThan(0);
      expect(pushed).toContain('breach');
      ws.close();
      expect(readdirSync(join(dir, 'reports')).some((f) => f.endsWith('-en.txt'))).toBe(true);
    } finally {
      await rt.close();
    }
  }, 60_000);
});
