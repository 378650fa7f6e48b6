// Realistic records for the browser test, written through the store's own API: devices, breaches
// with reasons, an incident grouping them, an action awaiting confirmation, and conn/ssl/http/x509
// observations. Hostile text (script tags, quotes, a closing </title>) sits in every field a person
// reads: hostnames, URIs, user agents, certificate subjects, SNI, titles, narratives.
import type { Action } from '../../src/schema/action.js';
import type { Breach } from '../../src/schema/breach.js';
import type { Incident } from '../../src/schema/incident.js';
import type { StoredObservation, Store } from '../../src/store/index.js';

/** Anything that runs it, or becomes an element, fails the test. */
export const XSS = `<script>alert(1)</script>"><img src=x onerror=alert(2)>'</title><svg onload=alert(3)>`;
export const HOSTILE_HOST = `ws-07${XSS}`;
export const NOW = Math.floor(Date.now() / 1000);
const HOUR = 3600;

export const DEVICES = [
  { id: 'dev:10.1.0.7', ip: '10.1.0.7', hostname: HOSTILE_HOST, mac: '00:11:22:33:44:07', type: 'workstation', peer_group: 'pg-finance' },
  { id: 'dev:10.1.0.8', ip: '10.1.0.8', hostname: 'ws-08.corp.example', mac: '00:11:22:33:44:08', type: 'workstation', peer_group: 'pg-finance' },
  { id: 'dev:10.1.0.20', ip: '10.1.0.20', hostname: 'fs-01.corp.example', mac: '00:11:22:33:44:20', type: 'file_server', peer_group: 'pg-servers' },
];
export const C2 = { ip: '203.0.113.66', hostname: `cdn-${XSS}.evil.example`, port: 443 };

function breach(id: string, device: (typeof DEVICES)[number], time: number, score: number): Breach {
  return {
    id,
    time,
    model: 'compromise/beaconing-to-rare-external',
    model_name: { en: 'Beaconing to a rare external endpoint', ja: '希少な外部宛先へのビーコン通信' },
    category: 'compromise',
    mitre: ['T1071.001'],
    score,
    device: { id: device.id, ip: device.ip, hostname: device.hostname, type: device.type, peer_group: device.peer_group },
    destination: C2,
    reasons: [
      { metric: 'beacon_score', value: 0.93, op: '>', threshold: 0.7, baseline: 'never seen in 30 days', confidence: 0.9, explanation: `regular 60 s period to ${C2.hostname}` },
      { metric: 'destination_rarity', value: 0.99, op: '>', threshold: 0.9, confidence: 1 },
    ],
    uids: [`C${id}`],
    user: `CORP\\alice${XSS}`,
    priority: 4,
  };
}

export const BREACHES: Breach[] = [
  breach('b-1', DEVICES[0]!, NOW - 5 * HOUR, 72),
  breach('b-2', DEVICES[0]!, NOW - 3 * HOUR, 88),
  breach('b-3', DEVICES[1]!, NOW - 2 * HOUR, 55),
  breach('b-4', DEVICES[2]!, NOW - 26 * HOUR, 41),
];

export const INCIDENT: Incident = {
  id: 'inc-1',
  level: 3,
  score: 88,
  title: { en: `Beaconing from ${HOSTILE_HOST}`, ja: `${HOSTILE_HOST} からのビーコン通信` },
  summary: { en: `The device ${HOSTILE_HOST} beacons every 60 s to ${C2.hostname}, never seen before.`, ja: `デバイス ${HOSTILE_HOST} が ${C2.hostname} に 60 秒ごとに通信しています。` },
  devices: [{ id: DEVICES[0]!.id, ip: DEVICES[0]!.ip, hostname: HOSTILE_HOST, type: 'workstation' }],
  destinations: [C2],
  breaches: ['b-1', 'b-2'],
  phases: ['command-and-control'],
  mitre: ['T1071.001'],
  start: NOW - 5 * HOUR,
  end: NOW - 3 * HOUR,
  timeline: [
    { time: NOW - 5 * HOUR, breach: 'b-1', model: 'compromise/beaconing-to-rare-external', phase: 'command-and-control', text: { en: `first beacon to ${C2.hostname}`, ja: `${C2.hostname} への最初のビーコン` } },
    { time: NOW - 3 * HOUR, breach: 'b-2', model: 'compromise/beaconing-to-rare-external', phase: 'command-and-control', text: { en: 'beacon period stable', ja: 'ビーコン周期が安定' } },
  ],
  investigation: [{ question: { en: `Which other devices reached ${C2.ip}?`, ja: `${C2.ip} に接続した他のデバイスは？` }, answer: { en: 'None in 14 days.', ja: '過去 14 日間はありません。' } }],
  actions: { en: [`Isolate ${HOSTILE_HOST}.`], ja: [`${HOSTILE_HOST} を隔離してください。`] },
};

export const INCIDENT_2: Incident = { ...INCIDENT, id: 'inc-2', level: 1, score: 55, title: { en: 'Unusual SMB from ws-08', ja: 'ws-08 からの通常と異なる SMB' }, breaches: ['b-3'], devices: [{ id: DEVICES[1]!.id, ip: DEVICES[1]!.ip }], start: NOW - 2 * HOUR, end: NOW - 2 * HOUR, timeline: [] };

export const ACTION: Action = {
  id: 'act-1',
  kind: 'quarantine_device',
  mode: 'confirm',
  state: 'awaiting_confirmation',
  target: { device: { id: DEVICES[0]!.id, ip: DEVICES[0]!.ip, hostname: HOSTILE_HOST, peer_group: 'pg-finance' }, direction: 'both' },
  cause: { incident: 'inc-1', breach: 'b-2', score: 88, text: { en: `Beaconing from ${HOSTILE_HOST}`, ja: `${HOSTILE_HOST} からのビーコン通信` } },
  created: NOW - 3 * HOUR,
  expires: NOW + 6 * HOUR,
  duration: 4 * HOUR,
  executors: [],
  history: [{ time: NOW - 3 * HOUR, from: null, to: 'awaiting_confirmation', by: 'system', why: 'policy: confirm quarantines at level 3' }],
};

function conn(i: number, orig: string, resp: string, port: number, ts: number): StoredObservation {
  return {
    type: 'conn',
    record: { ts, uid: `Cc${i}`, id: { orig_h: orig, orig_p: 50000 + i, resp_h: resp, resp_p: port }, proto: 'tcp', service: port === 443 ? 'ssl' : 'http', duration: 1.5, orig_bytes: 1200 + i * 10, resp_bytes: 5400 + i * 7, conn_state: 'SF', missed_bytes: 0, orig_pkts: 8, orig_ip_bytes: 1600, resp_pkts: 9, resp_ip_bytes: 6000 },
  };
}

export function observations(): StoredObservation[] {
  const out: StoredObservation[] = [];
  let i = 0;
  for (let h = 24; h >= 1; h--) {
    out.push(conn(i++, DEVICES[0]!.ip, C2.ip, 443, NOW - h * HOUR));
    out.push(conn(i++, DEVICES[1]!.ip, DEVICES[2]!.ip, 445, NOW - h * HOUR + 60));
    out.push(conn(i++, DEVICES[1]!.ip, '198.51.100.10', 80, NOW - h * HOUR + 120));
  }
  for (let n = 0; n < 6; n++) {
    const ts = NOW - (n + 1) * 2 * HOUR;
    out.push({ type: 'ssl', record: { ts, uid: `Cs${n}`, id: { orig_h: DEVICES[0]!.ip, orig_p: 51000 + n, resp_h: C2.ip, resp_p: 443 }, version: 'TLSv13', server_name: C2.hostname, established: true } });
    out.push({ type: 'http', record: { ts, uid: `Ch${n}`, id: { orig_h: DEVICES[1]!.ip, orig_p: 52000 + n, resp_h: '198.51.100.10', resp_p: 80 }, method: 'GET', host: `upd${XSS}.example`, uri: `/get?q=${XSS}`, user_agent: `Mozilla/5.0 ${XSS}`, status_code: 200 } });
    out.push({ type: 'x509', record: { ts, fingerprint: `fp${n}`, certificate: { subject: `CN=${XSS},O="Evil" Corp`, issuer: `CN=${XSS} CA` }, host_cert: true } });
  }
  return out;
}

export async function seed(store: Store): Promise<void> {
  await store.entities.put(
    DEVICES.map((d, n) => ({
      id: d.id,
      kind: 'device',
      time: NOW - HOUR,
      payload: {
        ...d,
        users: [`alice${XSS}`],
        connections: 480 + n,
        bytes_in: 8_000_000,
        bytes_out: 2_500_000,
        activity_by_hour: Array.from({ length: 24 }, (_, h) => (h >= 8 && h <= 18 ? 20 + h : 2)),
        baseline_by_hour: { connections: Array.from({ length: 24 }, (_, h) => (h >= 8 && h <= 18 ? 18 : 1)), bytes_out: Array.from({ length: 24 }, () => 900), bytes_in: Array.from({ length: 24 }, () => 4000) },
      },
    })),
  );
  await store.entities.put([{ id: `ep:${C2.ip}`, kind: 'endpoint', time: NOW - HOUR, payload: { ip: C2.ip, hostname: C2.hostname } }]);
  await store.breaches.put(BREACHES.map((b) => ({ id: b.id, kind: b.model, time: b.time, payload: b })));
  await store.incidents.put([INCIDENT, INCIDENT_2].map((i) => ({ id: i.id, kind: 'incident', time: i.start, payload: i })));
  await store.actions.put([{ id: ACTION.id, kind: ACTION.kind, time: ACTION.created, payload: ACTION }]);
  await store.observations.append(observations(), { source: `feed${XSS}` });
}
