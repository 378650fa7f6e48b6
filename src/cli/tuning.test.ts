// The tuning verbs end to end through `main`, on a small simulated office with lateral movement:
// analyze --db stores breaches; a suppression (and a disabled model) drops them from the next run,
// counted in the summary and written to the audit log; the tuning report reads the stored breaches.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Breach } from '../schema/breach.js';
import { simulate } from '../simulate/simulate.js';
import { openStore, type Store } from '../store/index.js';
import { mamori } from './main.test-util.js';

const dir = mkdtempSync(join(tmpdir(), 'mamori-tuning-cli-'));
const pcap = join(dir, 'office.pcap');
const db = join(dir, 'site.duckdb');
const SUPPRESSED = 'lateral-movement/executable-to-admin-share';

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// the breach lines of `analyze --format json` (the incident lines follow them)
const breachLines = (out: string) =>
  out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Breach & { kind: string })
    .filter((l) => l.kind === 'breach');

async function inStore<T>(fn: (s: Store) => Promise<T>): Promise<T> {
  const s = await openStore({ path: db });
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

describe('mamori analyze --db, suppress, models and tune', () => {
  let first: Breach[] = [];

  beforeAll(() => {
    simulate({ devices: 6, days: 1, seed: 3, attacks: ['lateral-movement'], start: Date.parse('2026-11-02T00:00:00Z') / 1000 }, pcap);
  });

  it('analyze --db prints the breaches as before and stores them', async () => {
    const plain = await mamori('analyze', pcap, '--format', 'json');
    const r = await mamori('analyze', pcap, '--format', 'json', '--db', db);
    expect(r.code).toBe(0);
    first = breachLines(r.out);
    // the same JSON lines as without --db
    expect(r.out).toBe(plain.out);
    expect(plain.err).not.toContain('stored');
    expect(first.filter((b) => b.model === SUPPRESSED).length).toBeGreaterThan(0);
    expect(r.err).toContain(`analyze: ${first.length} breaches, 0 suppressed; ${first.length} stored in ${db}`);
    const stored = await inStore((s) => s.breaches.list());
    expect(stored).toHaveLength(first.length);
    expect(stored.map((x) => x.kind).sort()).toStrictEqual(first.map((b) => b.model).sort());
    expect(stored.every((x) => x.id.startsWith('b-') && x.payload['id'] === x.id)).toBe(true);
  });

  it('a suppression drops the model’s breaches from the next run, counts them and is audited', async () => {
    const add = await mamori('suppress', 'add', '--db', db, '--model', SUPPRESSED, '--for', '7d', '--reason', 'planned software deployment', '--by', 'alice');
    expect(add.code).toBe(0);
    const id = /^added (s-[0-9a-f]{8}): model lateral-movement\/executable-to-admin-share until /.exec(add.out)?.[1];
    expect(id).toBeDefined();
    expect((await mamori('suppress', 'list', '--db', db)).out).toContain(`${id}  model ${SUPPRESSED}\n    until `);
    expect((await mamori('models', 'show', SUPPRESSED, '--db', db)).out).toContain(`suppressions in force:\n  ${id}  model ${SUPPRESSED} until`);

    const suppressed = first.filter((b) => b.model === SUPPRESSED).length;
    const r = await mamori('analyze', pcap, '--format', 'json', '--db', db);
    const second = breachLines(r.out);
    expect(second.filter((b) => b.model === SUPPRESSED)).toStrictEqual([]);
    expect(second).toHaveLength(first.length - suppressed);
    expect(r.err).toContain(`analyze: ${second.length} breaches, ${suppressed} suppressed;`);
    // the table says it too
    const table = await mamori('analyze', pcap, '--db', db);
    expect(table.out).toMatch(new RegExp(`: ${second.length} breaches, ${suppressed} suppressed; ${second.length} stored in `));
    expect(table.out).not.toContain('Executable written over SMB\n');
    // nothing new stored: the other breaches replaced themselves, the suppressed ones were not stored again
    expect(await inStore((s) => s.breaches.list())).toHaveLength(first.length);

    const audit = await inStore((s) => s.audit.list());
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'alice', action: 'suppression.add', target: id, details: { before: null, after: { id, model: SUPPRESSED, reason: 'planned software deployment', created_by: 'alice' } } });

    expect((await mamori('suppress', 'remove', id!, '--db', db, '--by', 'bob')).out).toBe(`removed ${id}: model ${SUPPRESSED} (audited)\n`);
    expect((await inStore((s) => s.audit.list())).map((e) => [e.actor, e.action, e.target])).toStrictEqual([
      ['alice', 'suppression.add', id],
      ['bob', 'suppression.remove', id],
    ]);
    expect((await mamori('suppress', 'list', '--db', db)).out).toBe('no suppressions\n');
  });

  it('models disable and set apply to the next run; list shows them; bad changes say what to fix', async () => {
    const disabled = first[0]!.model;
    expect((await mamori('models', 'disable', disabled, '--db', db, '--by', 'carol')).out).toBe(`${disabled}: disabled (audited)\n`);
    const list = await mamori('models', 'list', '--db', db, '--format', 'json');
    const row = list.out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; enabled: boolean }).find((m) => m.id === disabled);
    expect(row).toMatchObject({ enabled: false, override: { model: disabled, enabled: false } });
    const r = await mamori('analyze', pcap, '--format', 'json', '--db', db);
    expect(breachLines(r.out).filter((b) => b.model === disabled)).toStrictEqual([]);
    expect((await mamori('models', 'reset', disabled, '--db', db)).out).toContain('override removed');

    const bad = await mamori('models', 'set', 'lateral-movement/remote-service-creation', '--component', '9', '--value', '1', '--db', db);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^mamori models: model lateral-movement\/remote-service-creation has components 0 to \d+; there is no component 9/);
    expect((await mamori('models', 'show', 'nope/none')).err).toContain('there is no model nope/none (see "mamori models list")');
    expect((await mamori('suppress', 'add', '--db', db, '--model', 'x/*', '--for', '1d', '--reason', 'r')).err).toContain('no loaded model matches --model x/*');
    expect((await mamori('suppress', 'add', '--db', db, '--device', '10.0.0.1', '--for', 'soon', '--reason', 'r')).err).toContain('--for takes a duration like 7d');
    expect((await mamori('tune', 'report', '--db', join(dir, 'missing.duckdb'))).err).toContain('there is no database at');
  });

  it('tune report reads the stored breaches, in English, Japanese and JSON', async () => {
    // every breach stored by the runs above (with a model disabled, the meta-model's breach differs)
    const stored = (await inStore((s) => s.breaches.list())).length;
    const en = await mamori('tune', 'report', '--db', db);
    expect(en.code).toBe(0);
    expect(en.out).toMatch(new RegExp(`^Tuning report: ${stored} breaches from 2026-11-02 `));
    expect(en.out).toContain('Only 0.');
    expect(en.out).toContain(`${SUPPRESSED} — Executable written over SMB`);
    expect((await mamori('tune', 'report', '--db', db, '--lang', 'ja')).out).toContain('ノイズの多いモデル');
    const json = JSON.parse((await mamori('tune', 'report', '--db', db, '--format', 'json')).out) as { window: { breaches: number }; models: unknown[] };
    expect(json.window.breaches).toBe(stored);
    expect(json.models.length).toBeGreaterThan(0);
  });
});
