import { describe, expect, it } from 'vitest';
import type { Device, Endpoint } from '../entities/index.js';
import type { Breach } from '../schema/breach.js';
import { ConfigError } from '../schema/errors.js';
import { IncidentSchema, type Incident } from '../schema/incident.js';
import type { AnalystContext } from './context.js';
import { beaconReason, breach, MODELS, T0 } from './fixtures.test-util.js';
import { IncidentBuilder } from './incident-builder.js';
import { isPrivateAddress, type AnalystOptions } from './options.js';

const DAY = 86_400;
const C2 = { ip: '203.0.113.9', hostname: 'evil.example', port: 443 };

function run(breaches: Breach[], options: AnalystOptions = {}): Incident[] {
  const b = new IncidentBuilder(MODELS, options);
  for (const x of breaches) b.add(x);
  const out = b.flush(Infinity);
  for (const i of out) IncidentSchema.parse(i);
  return out;
}

const japanese = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;

describe('correlation', () => {
  it('joins breaches of one device within the window, and starts again after it', () => {
    const out = run([
      breach({ model: 'compromise/beaconing-to-rare-external', device: 'ws1', score: 63, dest: C2, reasons: [beaconReason()] }),
      breach({ model: 'device/network-scan', device: 'ws1', at: 3600, score: 70, dest: { port: 445 } }),
      breach({ model: 'device/port-scan', device: 'ws1', at: 3600 + 2 * DAY, score: 60, dest: { ip: '10.0.0.99' } }),
    ]);
    expect(out.map((i) => i.breaches.length)).toEqual([2, 1]);
    expect(out[0]!.phases).toEqual(['reconnaissance', 'command-and-control']);
  });

  it('joins devices that share an external destination, not devices that share the domain controller', () => {
    const shared = run([
      breach({ model: 'compromise/beaconing-to-rare-external', device: 'ws1', score: 63, dest: C2, reasons: [beaconReason()] }),
      breach({ model: 'compromise/ssl-beaconing-to-new-endpoint', device: 'ws2', at: 7200, score: 60, dest: { ip: C2.ip, port: 443 }, reasons: [beaconReason()] }),
    ]);
    expect(shared).toHaveLength(1);
    expect(shared[0]!.devices.map((d) => d.hostname)).toEqual(['ws1', 'ws2']);
    const dc = run([
      breach({ model: 'credential/kerberoasting', device: 'ws1', score: 80, dest: { ip: '10.0.0.2', port: 88 } }),
      breach({ model: 'credential/kerberoasting', device: 'ws2', at: 600, score: 80, dest: { ip: '10.0.0.2', port: 88 } }),
    ]);
    expect(dc).toHaveLength(2);
  });

  it('follows lateral movement: A → B, then breaches on B join A’s incident', () => {
    const out = run([
      breach({ model: 'lateral-movement/remote-service-creation', device: 'ws1', score: 100, dest: { ip: '10.0.0.12', port: 445 } }),
      breach({ model: 'lateral-movement/remote-service-creation', device: 'ws1', at: 60, score: 100, dest: { ip: '10.0.0.13', port: 445 } }),
      breach({ model: 'compromise/beaconing-to-rare-external', device: 'ws2', at: 900, score: 63, dest: C2, reasons: [beaconReason()] }),
      breach({ model: 'device/port-scan', device: 'ws4', at: 1000, score: 60, dest: { ip: '10.0.0.99' } }),
    ]);
    expect(out).toHaveLength(2);
    const lm = out.find((i) => i.phases.includes('lateral-movement'))!;
    expect(lm.breaches).toHaveLength(3);
    // the breaching devices, then the hosts reached (ws3 has no breach: known by its address)
    expect(lm.devices.map((d) => d.ip)).toEqual(['10.0.0.11', '10.0.0.12', '10.0.0.13']);
    expect(lm.devices[2]!.id).toBe('ip:10.0.0.13');
    expect(lm.phases).toEqual(['lateral-movement', 'command-and-control']);
  });

  it('joins devices through a credential the breaches name', () => {
    const cred = (who: string) => [{ metric: 'new_credential_for_device', value: 1, op: '=', threshold: 1, confidence: 0.5, explanation: `${who} used credential CORP\\svc_x for the first time` }];
    const out = run([
      breach({ model: 'credential/unusual-ntlm', device: 'ws1', score: 75, dest: { ip: '10.0.0.30', port: 445 }, reasons: cred('ws1') }),
      breach({ model: 'credential/unusual-ntlm', device: 'ws4', at: 5000, score: 70, dest: { ip: '10.0.0.31', port: 445 }, reasons: cred('ws4') }),
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]!.summary.en).toContain('CORP\\svc_x');
  });

  it('merges incidents that meet; the earliest keeps its id', () => {
    const b = new IncidentBuilder(MODELS);
    b.add(breach({ model: 'compromise/beaconing-to-rare-external', device: 'ws1', score: 63, dest: C2, reasons: [beaconReason()] }));
    b.add(breach({ model: 'compromise/beaconing-to-rare-external', device: 'ws2', at: 100, score: 63, dest: { ip: '198.51.100.7', port: 443 }, reasons: [beaconReason()] }));
    const before = b.incidents();
    expect(before).toHaveLength(2);
    // ws1 now reaches ws2's destination: both incidents meet
    b.add(breach({ model: 'anomalous-connection/data-to-rare-destination', device: 'ws1', at: 300, score: 69, dest: { ip: '198.51.100.7', port: 443 } }));
    const after = b.flush(Infinity);
    expect(after).toHaveLength(1);
    expect(after[0]!.id).toBe(before[0]!.id);
    expect(after[0]!.breaches).toHaveLength(3);
    expect(b.openCount).toBe(0);
  });

  it('gives the same ids for the same breaches', () => {
    const bs = [breach({ model: 'device/network-scan', device: 'ws1', score: 70, dest: { port: 445 } })];
    expect(run(bs)[0]!.id).toBe(run(bs)[0]!.id);
    expect(run(bs)[0]!.id).toMatch(/^I[0-9a-f]{15}$/);
  });
});

describe('score and level', () => {
  it.each<[string, number, () => Breach[], string?]>([
    ['a new device', 0, () => [breach({ model: 'device/new-device', device: 'ws1', score: 30 })]],
    ['a lone beacon of 63', 1, () => [breach({ model: 'compromise/beaconing-to-rare-external', device: 'cam', score: 63, dest: C2, reasons: [beaconReason()] })]],
    [
      'a beacon corroborated by a self-signed certificate and many models at once',
      2,
      () => [
        breach({ model: 'compromise/beaconing-to-rare-external', device: 'ws1', score: 64, dest: C2, reasons: [beaconReason()] }),
        breach({ model: 'compromise/ssl-beaconing-to-new-endpoint', device: 'ws1', score: 64, dest: C2, reasons: [beaconReason()] }),
        breach({ model: 'compromise/self-signed-certificate-to-rare-host', device: 'ws1', score: 59, dest: C2, reasons: [{ metric: 'ssl.validation_status', value: 'self signed certificate', op: '=', threshold: 'self signed certificate', confidence: 1 }] }),
        breach({ model: 'device/large-number-of-model-breaches', device: 'ws1', score: 67 }),
      ],
    ],
    ['remote service creation', 3, () => [breach({ model: 'lateral-movement/remote-service-creation', device: 'ws1', score: 100, dest: { ip: '10.0.0.12', port: 445 } })], 'is an attack technique in itself'],
    ['data leaving', 3, () => [breach({ model: 'anomalous-connection/data-to-rare-destination', device: 'ws1', score: 90, dest: C2 })], 'leaving the network'],
    ['strong C2', 3, () => [breach({ model: 'compromise/beaconing-to-rare-external', device: 'ws1', score: 88, dest: C2, reasons: [beaconReason()] })], 'command-and-control'],
    ['kerberoasting from inside', 3, () => [breach({ model: 'credential/kerberoasting', device: 'ws1', score: 100, dest: { ip: '10.0.0.2', port: 88 } })], 'from inside the network'],
    ['SSH brute force from outside', 2, () => [breach({ model: 'credential/ssh-brute-force', device: 'ws1', score: 100, dest: { ip: '91.240.118.50', port: 22 } })]],
    ['only low-priority models, however strong', 1, () => [breach({ model: 'anomalous-connection/new-external-port', device: 'ws1', score: 100, dest: C2 })], 'only informational or policy models'],
  ])('%s → level %i', (_, level, make, why) => {
    const [i] = run(make());
    expect(i!.level).toBe(level);
    if (why) expect(i!.summary.en).toContain(why);
  });

  it('takes its level thresholds from the options and checks them', () => {
    const beacon = () => [breach({ model: 'compromise/beaconing-to-rare-external', device: 'ws1', score: 63, dest: C2, reasons: [beaconReason()] })];
    expect(run(beacon(), { levels: { investigate: 60 } })[0]!.level).toBe(2);
    expect(() => new IncidentBuilder(MODELS, { levels: { watch: 80, investigate: 70 } })).toThrow(ConfigError);
    expect(() => new IncidentBuilder(MODELS, { windowSeconds: 0 })).toThrow(/windowSeconds/);
  });

  it('raises the score with kill-chain progression and devices involved', () => {
    const one = run([breach({ model: 'credential/unusual-ntlm', device: 'ws1', score: 60, dest: { ip: '10.0.0.30', port: 445 } })])[0]!;
    const chain = run([
      breach({ model: 'credential/unusual-ntlm', device: 'ws1', score: 60, dest: { ip: '10.0.0.30', port: 445 } }),
      breach({ model: 'lateral-movement/winrm', device: 'ws1', at: 60, score: 55, dest: { ip: '10.0.0.12', port: 5985 } }),
      breach({ model: 'compromise/beaconing-to-rare-external', device: 'ws2', at: 600, score: 55, dest: C2, reasons: [beaconReason()] }),
    ])[0]!;
    expect(chain.phases).toEqual(['credential-access', 'lateral-movement', 'command-and-control']);
    expect(chain.score).toBeGreaterThanOrEqual(one.score + 25);
  });
});

describe('texts', () => {
  const lm = () =>
    run([
      breach({ model: 'credential/unusual-ntlm', device: 'ws1', score: 75, dest: { ip: '10.0.0.12', port: 445 } }),
      breach({ model: 'lateral-movement/executable-to-admin-share', device: 'ws1', at: 1, score: 100, dest: { ip: '10.0.0.12', port: 445 } }),
      breach({ model: 'lateral-movement/remote-service-creation', device: 'ws1', at: 2, score: 100, dest: { ip: '10.0.0.12', port: 445 } }),
      breach({ model: 'lateral-movement/remote-service-creation', device: 'ws1', at: 90, score: 100, dest: { ip: '10.0.0.13', port: 445 } }),
    ])[0]!;

  it('writes title, summary and timeline in each language', () => {
    const i = lm();
    expect(i.title.en).toBe('Lateral movement from ws1 to 10.0.0.12 and 10.0.0.13, with credential attacks');
    expect(i.title.ja).toBe('ws1 から 10.0.0.12 と 10.0.0.13 への横展開（認証情報への攻撃を伴う）');
    expect(i.summary.en).toMatch(/^On 2026-11-03, from 10:00 to 10:01 UTC, 4 breaches of 3 models on ws1 \(10\.0\.0\.11\)\./);
    expect(i.summary.ja).toMatch(/^2026年11月3日 10:00〜10:01（UTC）に、ws1（10\.0\.0\.11）で 3 種類のモデルによる 4 件の検知がありました。/);
    expect(i.summary.ja).toContain('「SMB 経由のリモートサービス作成（svcctl）」');
    expect(i.summary.ja).toContain('警戒レベル 3（緊急）');
    // one line per model and device, destinations listed
    expect(i.timeline.map((t) => t.text.en)).toEqual([
      'ws1 → 10.0.0.12:445: Unusual NTLM credential for the device (score 75)',
      'ws1 → 10.0.0.12:445: Executable written over SMB (score 100)',
      'ws1 → 10.0.0.12:445 and 10.0.0.13:445: Remote service creation over SMB (svcctl) (score 100; 2 times until 2026-11-03 10:01 UTC)',
    ]);
    expect(i.timeline[2]!.text.ja).toBe('ws1 → 10.0.0.12:445 と 10.0.0.13:445：SMB 経由のリモートサービス作成（svcctl）（スコア 100、2026年11月3日 10:01（UTC）までに計 2 回）');
    for (const t of [i.title, i.summary, ...i.timeline.map((x) => x.text)]) {
      expect(t.en).not.toBe(t.ja);
      expect(t.ja).toMatch(japanese);
      expect(t.en).not.toMatch(japanese);
    }
  });

  it('merges the models’ recommended actions, strongest first, in both languages', () => {
    const i = lm();
    const rsc = MODELS.find((m) => m.id === 'lateral-movement/remote-service-creation')!;
    expect(i.actions.en.slice(0, rsc.actions.en.length)).toEqual(rsc.actions.en);
    expect(i.actions.ja.slice(0, rsc.actions.ja.length)).toEqual(rsc.actions.ja);
    expect(new Set(i.actions.en).size).toBe(i.actions.en.length);
  });

  it('keeps likely-benign incidents plain: the model’s name, not “suspected C2”', () => {
    const [i] = run([breach({ model: 'compromise/beaconing-to-rare-external', device: 'cam', score: 63, dest: C2, reasons: [beaconReason()] })]);
    expect(i!.title.en).toBe('Beaconing to a rare external endpoint — 10.0.0.50 → evil.example');
    expect(i!.title.ja).toBe('10.0.0.50 → evil.example：希少な外部宛先へのビーコン通信');
  });
});

describe('investigation', () => {
  const device: Device = {
    id: 'dev:ws1',
    macs: ['02:00:00:00:00:01'],
    ips: [],
    hostnames: [{ name: 'ws1', source: 'dhcp', first_seen: T0 - DAY, last_seen: T0 }],
    type: 'client',
    type_evidence: ['asked DHCP for an address'],
    users: [
      { user: 'corp\\alice', first_seen: T0 - DAY, last_seen: T0 },
      { user: 'corp\\svc_x', first_seen: T0, last_seen: T0 },
    ],
    first_seen: T0 - DAY,
    last_seen: T0,
  };
  const endpoint: Endpoint = { ip: C2.ip, hostnames: [{ name: 'evil.example', source: 'tls-sni', first_seen: T0, last_seen: T0 }], asn: 64500, org: 'Example Net', country: 'NL', first_seen: T0, last_seen: T0 };
  const context: AnalystContext = {
    entities: { deviceFor: () => undefined, device: (id) => (id === device.id ? device : undefined), endpointFor: (ip) => (ip === C2.ip ? endpoint : undefined), isLocal: isPrivateAddress },
    pol: {
      devices: new Map([['dev:ws1', { first: T0 - DAY, last: T0 }]]),
      rarity: { ip: { get: (k) => (k === C2.ip ? { first: T0 - 100, last: T0, sightings: 42, devices: { gen: 1, count: () => 1 } } : undefined) }, host: { get: () => undefined } },
      peerGroupOf: () => ({ group: 'pg1', members: 5, distance: 0.1 }),
    },
  };

  it('asks what the device is, which credentials it used, what the destination is and who else reached it', () => {
    const out = run(
      [
        breach({ model: 'compromise/beaconing-to-rare-external', device: 'ws1', score: 70, dest: C2, reasons: [beaconReason(0.93), { metric: 'dest_first_seen_age_days', value: 0.5, op: '<', threshold: 7, confidence: 1 }] }),
        breach({ model: 'anomalous-connection/data-to-rare-destination', device: 'ws1', at: 60, score: 69, dest: C2, reasons: [{ metric: 'conn.orig_bytes', value: 40_012_517, op: '>', threshold: 10_000_000, confidence: 1 }] }),
        // another device reaches it two days later: a separate incident that knows of ws1
        breach({ model: 'compromise/beaconing-to-rare-external', device: 'ws3', at: 3 * DAY, score: 63, dest: C2, reasons: [beaconReason()] }),
      ],
      { context },
    );
    const [first, second] = out as [Incident, Incident];
    const step = (i: Incident, q: string) => i.investigation.find((s) => s.question.en.startsWith(q));
    const what = step(first, 'What is ws1?')!;
    expect(what.answer.en).toContain('behaves like a client (workstation), judged from: asked DHCP for an address');
    expect(what.answer.en).toContain('peer group pg1 (5 devices');
    expect(what.answer.ja).toContain('クライアント端末と推定されます');
    const creds = step(first, 'Which credentials')!;
    expect(creds.answer.en).toContain('corp\\svc_x (first used 2026-11-03 10:00 UTC, during this incident)');
    expect(creds.answer.ja).toContain('このインシデントの期間中');
    const dest = step(first, `What is known of evil.example (${C2.ip})`)!;
    expect(dest.answer.en).toContain('Known as evil.example (TLS SNI)');
    expect(dest.answer.en).toContain('AS64500 Example Net, NL');
    expect(dest.answer.en).toContain('1 device has reached it recently, 42 times in all');
    expect(dest.answer.en).toContain('ws1 first reached it at 2026-11-02 22:00 UTC');
    expect(dest.data).toMatchObject({ asn: 64500, sightings: 42 });
    expect(step(first, 'How regular')!.answer.en).toMatch(/^Beacon score 0.93/);
    expect(step(first, 'How much data')!.answer.en).toBe('ws1 sent 40.0 MB in one connection to evil.example.');
    // what the builder has seen when the incident is rendered, later breaches included
    expect(step(first, 'Which other devices')!.answer.en).toBe('ws3 (1 breach).');
    expect(step(second, 'Which other devices')!.answer.en).toBe('ws1 (2 breaches).');
    expect(step(second, 'Which other devices')!.answer.ja).toBe('ws1（2 件）にも検知があります。');
  });

  it('says only what the breaches carry when nothing else is given', () => {
    const [i] = run([breach({ model: 'compromise/beaconing-to-rare-external', device: 'ws1', score: 70, dest: C2, reasons: [beaconReason()] })]);
    const questions = i!.investigation.map((s) => s.question.en);
    expect(questions).toEqual(['What is ws1?', `Which other devices had breaches involving evil.example (${C2.ip})?`, `How regular are the connections to evil.example (${C2.ip})?`]);
    expect(i!.investigation[0]!.answer.en).toBe('ws1 (10.0.0.11) behaves like a client (workstation).');
  });
});

describe('memory and flushing', () => {
  it('closes idle incidents at flush(now) and keeps the open ones', () => {
    const b = new IncidentBuilder(MODELS);
    b.add(breach({ model: 'device/network-scan', device: 'ws1', score: 70, dest: { port: 445 } }));
    b.add(breach({ model: 'device/network-scan', device: 'ws2', at: 2 * DAY, score: 70, dest: { port: 445 } }));
    expect(b.flush(T0 + 2 * DAY).map((i) => i.devices[0]!.hostname)).toEqual(['ws1']);
    expect(b.incidents().map((i) => i.devices[0]!.hostname)).toEqual(['ws2']);
    expect(b.flush(Infinity)).toHaveLength(1);
    expect(b.incidents()).toEqual([]);
  });

  it('bounds open incidents and breach ids', () => {
    const b = new IncidentBuilder(MODELS, { maxOpenIncidents: 2, maxBreachIdsPerIncident: 3 });
    for (const [n, d] of ['ws1', 'ws2', 'ws3', 'ws4', 'ws5'].entries()) b.add(breach({ model: 'device/port-scan', device: d, at: n, score: 60, dest: { ip: '10.0.0.99' } }));
    expect(b.openCount).toBe(2);
    for (let k = 0; k < 10; k++) b.add(breach({ model: 'device/port-scan', device: 'ws5', at: 10 + k, score: 60, dest: { ip: '10.0.0.99' } }));
    const out = b.flush(Infinity);
    expect(out).toHaveLength(5);
    expect(out.find((i) => i.devices[0]!.hostname === 'ws5')!.breaches).toHaveLength(3);
    expect(out.find((i) => i.devices[0]!.hostname === 'ws5')!.summary.en).toContain('11 breaches');
  });
});
