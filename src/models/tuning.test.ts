import { describe, expect, it } from 'vitest';
import type { Breach } from '../schema/breach.js';
import { ConfigError } from '../schema/errors.js';
import { ModelSchema, type Model } from './model-schema.js';
import {
  applyOverrides,
  belowMinScore,
  globMatch,
  mergeOverride,
  parseThreshold,
  suppressedBy,
  SuppressionSchema,
  type Suppression,
} from './tuning.js';
import { renderTuningReport, suggestionCommand, tuningReport } from './tuning-report.js';

const T = 1_793_000_000;
const DAY = 86_400;

function model(id: string, components: object[], extra: object = {}): Model {
  return ModelSchema.parse({
    id,
    name: { en: `Model ${id}`, ja: `モデル ${id}` },
    category: 'Device',
    priority: 3,
    on: ['conn'],
    components,
    description: { en: 'd', ja: 'd' },
    actions: { en: ['a'], ja: ['a'] },
    ...extra,
  });
}

const SCAN = model('device/port-scan', [
  { metric: 'device_ports_per_hour_zscore', op: '>', value: 6, weight: 2 },
  { field: 'conn.conn_state', op: 'in', value: ['S0', 'REJ'] },
  { field: 'peer_is_external', op: '=', value: false },
  { field: 'conn.proto', op: '=', value: 'tcp' },
]);
const BEACON = model('compromise/beacon', [{ metric: 'beacon_score', op: '>=', value: 0.6 }], { priority: 4 });

let n = 0;
function breach(over: { model?: string; score?: number; time?: number; device?: Partial<Breach['device']>; destination?: Breach['destination'] | null; value?: number } = {}): Breach {
  const m = over.model ?? SCAN.id;
  const b: Breach = {
    id: `B${++n}`,
    time: over.time ?? T + n,
    model: m,
    model_name: { en: `Model ${m}`, ja: `モデル ${m}` },
    category: 'Device',
    mitre: [],
    score: over.score ?? 40,
    device: { id: 'dev:ip:10.0.0.1', ip: '10.0.0.1', ...over.device },
    reasons: over.value === undefined ? [] : [{ metric: 'device_ports_per_hour_zscore', value: over.value, op: '>', threshold: 6, confidence: 0.5 }],
    uids: [`C${n}`],
  };
  if (over.destination !== null) b.destination = over.destination ?? { ip: '192.0.2.7', hostname: 'cdn.example.com', port: 443 };
  return b;
}

function suppression(over: Partial<Suppression>): Suppression {
  return SuppressionSchema.parse({ id: 's-1', expires: T + DAY, reason: 'known scanner', created_by: 'alice', created: T - DAY, ...over });
}

describe('suppressions', () => {
  it('need a criterion and a reason', () => {
    expect(SuppressionSchema.safeParse({ id: 's', expires: T + 1, reason: 'x', created_by: 'a', created: T }).error?.issues[0]?.message).toMatch(/at least one of model, device, peer_group or destination/);
    expect(SuppressionSchema.safeParse({ id: 's', model: 'a/b', expires: T + 1, reason: ' ', created_by: 'a', created: T }).error?.issues[0]?.message).toMatch(/say why/);
    expect(SuppressionSchema.safeParse({ id: 's', model: 'a/b', expires: T, reason: 'r', created_by: 'a', created: T }).success).toBe(false);
  });

  it('match with * anywhere, case-insensitively, on the whole value', () => {
    const cases: [string, string | undefined, boolean][] = [
      ['device/*', 'device/port-scan', true],
      ['device/*', 'compromise/device', false],
      ['*.example.com', 'CDN.Example.com', true],
      ['*.example.com', 'example.com', false],
      ['10.0.*.1', '10.0.12.1', true],
      ['a*b*c', 'abc', true],
      ['a*b*c', 'acb', false],
      ['ab*ba', 'aba', false],
      ['*', 'anything', true],
      ['x', undefined, false],
    ];
    for (const [pattern, value, want] of cases) expect(globMatch(pattern, value), `${pattern} ~ ${value}`).toBe(want);
  });

  it('suppress a breach when every given criterion holds, until they expire', () => {
    const b = breach({ device: { id: 'dev:aa', ip: '10.0.0.9', peer_group: 'pg2' } });
    expect(suppressedBy(b, [suppression({ model: 'device/port-scan' })], T)?.id).toBe('s-1');
    expect(suppressedBy(b, [suppression({ model: 'device/*' })], T)).toBeDefined();
    expect(suppressedBy(b, [suppression({ model: 'compromise/*' })], T)).toBeUndefined();
    expect(suppressedBy(b, [suppression({ device: 'dev:aa' })], T)).toBeDefined();
    expect(suppressedBy(b, [suppression({ device: '10.0.0.9' })], T)).toBeDefined();
    expect(suppressedBy(b, [suppression({ device: '10.0.0.*' })], T)).toBeDefined();
    expect(suppressedBy(b, [suppression({ device: '10.0.0.1' })], T)).toBeUndefined();
    expect(suppressedBy(b, [suppression({ peer_group: 'pg2' })], T)).toBeDefined();
    expect(suppressedBy(b, [suppression({ peer_group: 'pg3' })], T)).toBeUndefined();
    expect(suppressedBy(b, [suppression({ destination: '*.example.com' })], T)).toBeDefined();
    expect(suppressedBy(b, [suppression({ destination: '192.0.2.7' })], T)).toBeDefined();
    expect(suppressedBy(b, [suppression({ destination: '192.0.2.8' })], T)).toBeUndefined();
    // all criteria must hold
    expect(suppressedBy(b, [suppression({ model: 'device/port-scan', device: '10.0.0.1' })], T)).toBeUndefined();
    expect(suppressedBy(b, [suppression({ model: 'device/port-scan', device: '10.0.0.9', destination: 'cdn.*' })], T)).toBeDefined();
    // the first that holds
    expect(suppressedBy(b, [suppression({ id: 's-a', model: 'x/y' }), suppression({ id: 's-b', model: 'device/*' }), suppression({ id: 's-c', device: 'dev:aa' })], T)?.id).toBe('s-b');
  });

  it('never match once expired, nor on what the breach lacks', () => {
    const b = breach({ destination: null });
    const s = suppression({ model: 'device/port-scan', expires: T + 100 });
    expect(suppressedBy(b, [s], T + 99)).toBeDefined();
    expect(suppressedBy(b, [s], T + 100)).toBeUndefined();
    expect(suppressedBy(b, [suppression({ destination: '*' })], T)).toBeUndefined();
    expect(suppressedBy(b, [suppression({ peer_group: 'pg1' })], T)).toBeUndefined();
  });
});

describe('model overrides', () => {
  it('apply enabled and thresholds to new models, leaving the inputs alone', () => {
    const [scan, beacon] = applyOverrides([SCAN, BEACON], [{ model: SCAN.id, enabled: false, thresholds: { '0': 9, '1': ['S0'] } }, { model: SCAN.id, thresholds: { '0': 10 } }]);
    expect(scan!.enabled).toBe(false);
    expect(scan!.components.map((c) => c.value)).toStrictEqual([10, ['S0'], false, 'tcp']);
    expect(scan!.components[0]!.weight).toBe(2);
    expect(beacon).toBe(BEACON);
    expect(SCAN.enabled).toBe(true);
    expect(SCAN.components[0]!.value).toBe(6);
  });

  it('say what to fix for an unknown model, component or an unfitting threshold', () => {
    const fails = (o: Parameters<typeof applyOverrides>[1][number]) => {
      try {
        applyOverrides([SCAN], [o]);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as ConfigError).message;
      }
      throw new Error('expected a ConfigError');
    };
    expect(fails({ model: 'device/nope', enabled: false })).toMatch(/names the model device\/nope, which is not among the 1 loaded models: load the models folder .*--models.* or remove the override \(mamori models reset device\/nope/);
    expect(fails({ model: SCAN.id, thresholds: { '7': 1 } })).toMatch(/device\/port-scan has components 0 to 3; there is no component 7/);
    expect(fails({ model: SCAN.id, thresholds: { '0': 'high' } })).toMatch(/component 0 of device\/port-scan compares with >: give a number/);
    expect(fails({ model: SCAN.id, thresholds: { '1': 'S0' } })).toMatch(/compares with in: give a list/);
    expect(fails({ model: SCAN.id, thresholds: { '2': 'true' } })).toMatch(/yes\/no test has no threshold to tune/);
  });

  it('read thresholds typed on the command line as the operator needs', () => {
    expect(parseThreshold(SCAN, '0', '7.5')).toBe(7.5);
    expect(parseThreshold(SCAN, '1', 'S0, REJ,RSTO')).toStrictEqual(['S0', 'REJ', 'RSTO']);
    expect(parseThreshold(SCAN, '3', 'udp')).toBe('udp');
    expect(() => parseThreshold(SCAN, '0', 'lots')).toThrow(/component 0 of device\/port-scan \(device_ports_per_hour_zscore > 6\) takes a number, not "lots"/);
    expect(() => parseThreshold(SCAN, '9', '1')).toThrow(/no component 9/);
  });

  it('merge changes by component and drop breaches below a min_score', () => {
    const a = mergeOverride(undefined, { model: 'x/y', thresholds: { '0': 1 } });
    const b = mergeOverride(a, { model: 'x/y', enabled: false, thresholds: { '1': 'v' } });
    expect(b).toStrictEqual({ model: 'x/y', enabled: false, thresholds: { '0': 1, '1': 'v' } });
    expect(mergeOverride(b, { model: 'x/y', min_score: 40 }).min_score).toBe(40);
    expect(belowMinScore(breach({ score: 39 }), [{ model: SCAN.id, min_score: 40 }])).toBe(40);
    expect(belowMinScore(breach({ score: 40 }), [{ model: SCAN.id, min_score: 40 }])).toBeUndefined();
    expect(belowMinScore(breach({ score: 1 }), [{ model: 'x/y', min_score: 40 }])).toBeUndefined();
  });
});

describe('tuning report', () => {
  // 10 devices over 8 days: the port scan model breaches on 8 of them at low scores (most in peer
  // group pg1); the beacon model mostly on one printer at a middling score; one critical model
  // on one device at 100.
  const devices = Array.from({ length: 10 }, (_, i) => ({ id: `dev:${i}`, ip: `10.0.0.${i}`, hostname: `ws${i}`, peer_group: i < 6 ? 'pg1' : 'pg2' }));
  const breaches: Breach[] = [];
  for (let i = 0; i < 40; i++) breaches.push(breach({ device: devices[i % 8], score: 30 + (i % 5), value: 6.5 + (i % 10) / 10, time: T + i * 0.2 * DAY }));
  for (let i = 0; i < 10; i++) breaches.push(breach({ model: BEACON.id, device: devices[i < 8 ? 9 : i - 8], score: 55 }));
  for (let i = 0; i < 6; i++) breaches.push(breach({ model: 'lateral-movement/psexec', device: devices[3], score: 100 }));
  breaches[breaches.length - 1]!.priority = 5;
  for (const b of breaches.slice(-6)) b.priority = 5;

  it('lists the noisiest models and devices with counts, shares and scores', () => {
    const r = tuningReport(breaches, { models: [SCAN, BEACON], devices: 10 });
    expect(r.window).toMatchObject({ breaches: 56, left_out: 0, devices: 9, models: 3, early: false });
    expect(r.window.days).toBeCloseTo(7.8);
    expect(r.models.map((m) => [m.model, m.breaches, m.devices])).toStrictEqual([
      ['device/port-scan', 40, 8],
      ['compromise/beacon', 10, 3],
      ['lateral-movement/psexec', 6, 1],
    ]);
    expect(r.models[0]).toMatchObject({ share: 40 / 56, device_share: 0.8, max_score: 34, median_score: 32 });
    expect(r.devices[0]).toMatchObject({ device: 'dev:3', breaches: 11, models: 2, top_model: 'lateral-movement/psexec', max_score: 100, peer_group: 'pg1' });
    expect(tuningReport(breaches, { top: 2 }).devices).toHaveLength(2);
  });

  it('suggests a threshold, a peer-group and a device suppression, never hiding a critical model', () => {
    const r = tuningReport(breaches, { models: [SCAN, BEACON], devices: 10 });
    expect(r.suggestions.map((s) => [s.kind, s.model, s.removes])).toStrictEqual([
      ['raise-threshold', 'device/port-scan', 40],
      ['suppress', 'device/port-scan', 30],
      ['suppress', 'compromise/beacon', 8],
    ]);
    const [raise, group, device] = r.suggestions;
    expect(raise).toMatchObject({ component: 0, subject: 'device_ports_per_hour_zscore', op: '>', current: 6, suggested: 7.5 });
    expect(raise!.why.en).toContain('device/port-scan breaches on 8/10 devices (80%) at low scores (median 32): raise component 0 (device_ports_per_hour_zscore > 6) to 7.5');
    expect(group).toMatchObject({ suppression: { model: 'device/port-scan', peer_group: 'pg1', for_seconds: 30 * DAY } });
    expect(device).toMatchObject({ suppression: { model: 'compromise/beacon', device: 'dev:9' } });
    expect(device!.why.ja).toContain('ws9 (10.0.0.9) は compromise/beacon のブリーチ 10 件のうち 8 件');
    expect(suggestionCommand(raise!, 'm.duckdb')).toBe('mamori models set device/port-scan --component 0 --value 7.5 --db m.duckdb');
    expect(suggestionCommand(device!)).toBe('mamori suppress add --model compromise/beacon --device dev:9 --for 30d --reason "initial tuning: compromise/beacon is routine for ws9 (10.0.0.9)" --db <file>');
    // without the models no component is known: a minimum score instead
    expect(tuningReport(breaches, { devices: 10 }).suggestions[0]).toMatchObject({ kind: 'min-score', model: 'device/port-scan', min_score: 50, removes: 40 });
  });

  it('leaves out what suppressions and overrides in force already drop, and flags an early window', () => {
    const r = tuningReport(breaches, {
      suppressions: [suppression({ model: 'device/*', expires: T + 100 * DAY }), suppression({ model: BEACON.id, expires: T })],
      overrides: [{ model: 'lateral-movement/psexec', enabled: false }],
      now: T,
      learningDays: 10,
    });
    expect(r.window).toMatchObject({ breaches: 10, left_out: 46, models: 1, early: true });
  });

  it('renders in English and Japanese with the commands', () => {
    const r = tuningReport(breaches, { models: [SCAN, BEACON], devices: 10 });
    const en = renderTuningReport(r, 'en', 'site.duckdb');
    expect(en).toMatch(/^Tuning report: 56 breaches from 2026-10-26 07:33 to 2026-11-03 02:45 UTC \(7\.8 days\) by 3 models on 9 devices\n/);
    expect(en).toContain('Noisiest models');
    expect(en).toMatch(/ {2}40 +71% +8 +34 +32 +device\/port-scan — Model device\/port-scan\n/);
    expect(en).toContain('  1. device/port-scan breaches on 8/10 devices');
    expect(en).toContain('     mamori models set device/port-scan --component 0 --value 7.5 --db site.duckdb');
    const ja = renderTuningReport(r, 'ja');
    expect(ja).toMatch(/^チューニングレポート: .*のブリーチ 56 件（モデル 3 個、端末 9 台）\n/);
    expect(ja).toContain('ノイズの多いモデル');
    expect(ja).toContain('device/port-scan — モデル device/port-scan');
    expect(ja).toContain('提案');
    expect(renderTuningReport(tuningReport([]), 'en')).toMatch(/^No breaches to tune on/);
    expect(renderTuningReport(tuningReport(breaches.slice(0, 3), { learningDays: 7 }), 'en')).toContain('Only 0.4 days of breaches');
  });
});
