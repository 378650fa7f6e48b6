// Sample incidents and breaches for notification tests: a realistic C2-and-exfiltration incident in
// both languages, a breach, and hostile variants whose fields try to inject markup, headers, syslog
// and CEF syntax and chat links.
import type { Breach } from '../../schema/breach.js';
import type { Incident } from '../../schema/incident.js';

export const T0 = 1_795_000_000; // 2026-11-18 (UTC), event time

export function sampleIncident(over: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-0001',
    level: 3,
    score: 92,
    title: { en: 'Likely command and control from pc-sales-07, then data sent out', ja: 'pc-sales-07 から C2 通信の疑いとデータ持ち出し' },
    summary: {
      en: 'pc-sales-07 called cdn-update.example every 60 s for 6 hours, then uploaded 1.2 GB to it.',
      ja: 'pc-sales-07 が cdn-update.example へ 60 秒間隔で 6 時間通信した後、1.2 GB を送信しました。',
    },
    devices: [{ id: 'dev-7', ip: '10.1.20.57', hostname: 'pc-sales-07', type: 'workstation' }],
    destinations: [{ ip: '203.0.113.9', hostname: 'cdn-update.example', port: 443 }],
    breaches: ['b-1', 'b-2'],
    phases: ['command-and-control', 'exfiltration'],
    mitre: ['T1071.001', 'T1041'],
    start: T0,
    end: T0 + 6 * 3600,
    timeline: [
      { time: T0, breach: 'b-1', model: 'c2/beacon-regular', phase: 'command-and-control', text: { en: 'Regular beacon to cdn-update.example every 60 s', ja: 'cdn-update.example へ 60 秒間隔の定期通信' } },
      { time: T0 + 6 * 3600, breach: 'b-2', model: 'exfil/large-upload', phase: 'exfiltration', text: { en: '1.2 GB uploaded to cdn-update.example', ja: 'cdn-update.example へ 1.2 GB を送信' } },
    ],
    investigation: [
      {
        question: { en: 'Which other devices reached 203.0.113.9 in the last 14 days?', ja: '過去 14 日間に 203.0.113.9 と通信した端末は他にありますか。' },
        answer: { en: 'None: pc-sales-07 is the only one.', ja: 'ありません。pc-sales-07 のみです。' },
      },
      {
        question: { en: 'When was cdn-update.example first seen?', ja: 'cdn-update.example が初めて観測されたのはいつですか。' },
        answer: { en: 'Two days before the incident.', ja: 'インシデントの 2 日前です。' },
      },
    ],
    actions: { en: ['Isolate pc-sales-07.', 'Block cdn-update.example at the proxy.'], ja: ['pc-sales-07 を隔離してください。', 'プロキシで cdn-update.example を遮断してください。'] },
    ...over,
  };
}

export function sampleBreach(over: Partial<Breach> = {}): Breach {
  return {
    id: 'b-1',
    time: T0,
    model: 'c2/beacon-regular',
    model_name: { en: 'Regular beaconing to a rare destination', ja: '希少な宛先への定期通信' },
    category: 'Compromise',
    mitre: ['T1071.001'],
    score: 84,
    device: { id: 'dev-7', ip: '10.1.20.57', hostname: 'pc-sales-07' },
    destination: { ip: '203.0.113.9', hostname: 'cdn-update.example', port: 443 },
    reasons: [{ metric: 'beacon_score', value: 0.93, op: '>=', threshold: 0.8, baseline: 'no beacons in 30 days', confidence: 0.9, explanation: 'connections every 60 s ± 2 s' }],
    uids: ['C1', 'C2'],
    ...over,
  };
}

export const HOSTILE_HOST = '<img src=x onerror=alert(1)>"|\\=\r\nBcc: victim@evil.example\r\n\r\n]<!channel>[x](http://evil.example)';

/** An incident whose every free-text field is hostile. */
export function hostileIncident(): Incident {
  const inc = sampleIncident();
  return {
    ...inc,
    id: 'inc-hostile',
    title: { en: `Beacon to ${HOSTILE_HOST}`, ja: `${HOSTILE_HOST} への定期通信` },
    summary: { en: `<script>alert(1)</script> ${HOSTILE_HOST}`, ja: `<script>alert(1)</script> ${HOSTILE_HOST}` },
    devices: [{ id: 'dev-x', ip: '10.0.0.66', hostname: HOSTILE_HOST }],
    destinations: [{ ip: '198.51.100.7', hostname: `{"json":"inject"}${HOSTILE_HOST}`, port: 8443 }],
    timeline: inc.timeline.map((t) => ({ ...t, text: { en: HOSTILE_HOST, ja: HOSTILE_HOST } })),
  };
}
