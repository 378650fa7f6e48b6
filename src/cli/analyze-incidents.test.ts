// `mamori analyze` shows the analyst's incidents: one JSON line each after the breach lines, a
// bilingual block before the breach list, and with --db records in store.incidents that lead to the
// stored breaches.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpReceiver } from '../notify/contract/receivers.js';
import { IncidentSchema } from '../schema/incident.js';
import { simulate } from '../simulate/simulate.js';
import { openStore } from '../store/index.js';
import { mamori } from './main.test-util.js';

const dir = mkdtempSync(join(tmpdir(), 'mamori-analyze-incidents-'));
const pcap = join(dir, 'office.pcap');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mamori analyze: incidents', () => {
  beforeAll(() => {
    simulate({ devices: 6, days: 1, seed: 3, attacks: ['lateral-movement'], start: Date.parse('2026-11-02T00:00:00Z') / 1000 }, pcap);
  });

  it('prints each incident as one JSON line after the breaches, and stores it with --db', async () => {
    const db = join(dir, 'site.duckdb');
    const r = await mamori('analyze', pcap, '--format', 'json', '--db', db);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; [k: string]: unknown });
    const kinds = lines.map((l) => l.kind);
    const firstIncident = kinds.indexOf('incident');
    expect(firstIncident).toBeGreaterThan(0);
    expect(kinds.slice(firstIncident).every((k) => k === 'incident')).toBe(true);
    const incident = lines[firstIncident]!;
    expect(Object.keys(incident).slice(0, 11)).toEqual(['kind', 'id', 'level', 'score', 'title', 'summary', 'devices', 'breaches', 'phases', 'start', 'end']);
    const { kind: _, ...rest } = incident;
    const parsed = IncidentSchema.parse(rest);
    expect(parsed.level).toBe(3);
    const breachIds = new Set(lines.filter((l) => l.kind === 'breach').map((l) => l.id));
    expect(parsed.breaches.every((id) => breachIds.has(id))).toBe(true);
    expect(r.err).toContain(`analyze: ${kinds.length - firstIncident} incidents stored in ${db}`);

    const s = await openStore({ path: db });
    try {
      const stored = await s.incidents.list();
      expect(stored.map((x) => x.id)).toEqual(lines.slice(firstIncident).map((l) => l.id).sort());
      const rec = stored.find((x) => x.id === parsed.id)!;
      expect(rec).toMatchObject({ kind: 'incident', time: parsed.start });
      // the stored incident names the breaches by the ids they are stored under
      const ids = rec.payload['breaches'] as string[];
      expect(ids).toHaveLength(parsed.breaches.length);
      for (const id of ids) expect(await s.breaches.get(id)).toBeDefined();
    } finally {
      await s.close();
    }
  });

  it('with --observations stores the observations and the learned devices, and the investigation asks them', async () => {
    const db = join(dir, 'with-observations.duckdb');
    const r = await mamori('analyze', pcap, '--format', 'json', '--db', db, '--observations');
    expect(r.code).toBe(0);
    const s = await openStore({ path: db });
    try {
      expect(await s.observations.count('conn')).toBeGreaterThan(100);
      expect((await s.entities.list({ kind: 'device' })).length).toBeGreaterThanOrEqual(5);
      const steps = (await s.incidents.list()).flatMap((i) => (i.payload as { investigation: { question: { en: string } }[] }).investigation.map((x) => x.question.en));
      expect(steps.some((q) => q.includes('in the hour before and after it entered the incident'))).toBe(true);
    } finally {
      await s.close();
    }
    expect((await mamori('analyze', pcap, '--observations')).err).toMatch(/give --db too/);
  });

  it('lists incidents, in English and Japanese, before the breaches in the table', async () => {
    const r = await mamori('analyze', pcap);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\d+ incident\(s\):\nL3 100  Lateral movement from ws\d+ to ws\d+ and ws\d+, with credential attacks\n {9}ws\d+ から ws\d+ と ws\d+ への横展開（認証情報への攻撃を伴う）\n {9}I[0-9a-f]{15} · \d+ breach\(es\) · devices: ws\d+ \(10\.20\.1\.\d+\), .* · phases: .*lateral-movement/);
    expect(r.out.indexOf('incident(s):')).toBeLessThan(r.out.indexOf('Remote service creation over SMB (svcctl)\n'));
  });

  it('sends the incidents at the routed levels with --notify, once per database however often it runs', async () => {
    const hook = await new HttpReceiver().start();
    try {
      const config = join(dir, 'notify.yaml');
      writeFileSync(config, `channels:\n  soc:\n    type: webhook\n    flavor: json\n    url: http://127.0.0.1:${hook.port}/alerts\nroutes:\n  - { channels: [soc], levels: [2, 3] }\n`);
      const db = join(dir, 'notify.duckdb');
      const r = await mamori('analyze', pcap, '--db', db, '--notify', config);
      expect(r.code).toBe(0);
      expect(r.err).toMatch(/notifications: 1 incident\(s\) queued; deliveries 1 done, 0 pending, 0 failed/);
      expect(hook.messages).toHaveLength(1);
      expect(hook.messages[0]!.body).toContain('"level":3');
      // the same incident at the same level is not news: a second run sends nothing more
      const again = await mamori('analyze', pcap, '--db', db, '--notify', config);
      expect(again.err).toMatch(/notifications: 0 incident\(s\) queued/);
      expect(hook.messages).toHaveLength(1);
    } finally {
      await hook.stop();
    }
  });
});

