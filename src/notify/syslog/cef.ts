// ArcSight Common Event Format for SIEMs: `CEF:0|vendor|product|version|signature|name|severity|ext`.
// Header fields escape `\` and `|` (line breaks become spaces); extension values escape `\` and `=`
// and encode line breaks as `\n` / `\r`. Severity 0–10 from the alert level.
import type { AlertLevel } from '../../schema/incident.js';
import type { AlertView } from '../alert-view.js';
import type { Notification } from '../types.js';

export function cefHeader(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

export function cefValue(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/=/g, '\\=').replace(/\r\n|\n/g, '\\n').replace(/\r/g, '\\r');
}

/** 3 urgent → 10 (very high), 2 investigate → 7 (high), 1 watch → 4 (medium), 0 → 1 (low). */
export const CEF_SEVERITY: Record<AlertLevel, number> = { 3: 10, 2: 7, 1: 4, 0: 1 };

function signature(n: Notification): string {
  if (n.kind === 'breach') return n.breach.model;
  if (n.kind === 'incident') return `incident-level-${n.level}`;
  return `system-${n.system.code}`;
}

export function formatCef(n: Notification, view: AlertView, version: string): string {
  const ext: [string, string | number | undefined][] = [
    ['rt', Math.round(view.time * 1000)],
    ['externalId', n.id],
    ['cat', n.kind],
    ['msg', view.summary],
  ];
  if (n.kind === 'incident') {
    const i = n.incident;
    const d = i.devices[0];
    const t = i.destinations[0];
    ext.push(['src', d?.ip], ['shost', d?.hostname], ['dst', t?.ip], ['dhost', t?.hostname], ['dpt', t?.port]);
    ext.push(['cn1', i.score], ['cn1Label', 'score'], ['cs1', i.phases.join(',')], ['cs1Label', 'phases'], ['cs2', i.mitre.join(',')], ['cs2Label', 'mitre']);
    ext.push(['cs3', i.id], ['cs3Label', 'incident'], ['cs4', i.devices.map((x) => x.ip).join(',')], ['cs4Label', 'devices'], ['cnt', i.breaches.length]);
    ext.push(['start', Math.round(i.start * 1000)], ['end', Math.round(i.end * 1000)]);
  } else if (n.kind === 'breach') {
    const b = n.breach;
    ext.push(['src', b.device.ip], ['shost', b.device.hostname], ['smac', b.device.mac], ['dst', b.destination?.ip], ['dhost', b.destination?.hostname], ['dpt', b.destination?.port]);
    ext.push(['cn1', b.score], ['cn1Label', 'score'], ['cs2', b.mitre.join(',')], ['cs2Label', 'mitre'], ['cs3', b.id], ['cs3Label', 'breach'], ['cs5', b.category], ['cs5Label', 'category']);
  }
  const extension = ext
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${cefValue(String(v))}`)
    .join(' ');
  return ['CEF:0', 'Mamori', 'Mamori NDR', version, signature(n), view.title, String(CEF_SEVERITY[n.level])].map(cefHeader).join('|') + '|' + extension;
}
