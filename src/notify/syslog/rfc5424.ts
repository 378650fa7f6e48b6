// RFC 5424 syslog messages: `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] MSG`, with the
// alert's fields as structured data under a private SD-ID, and either a one-line text MSG (UTF-8
// with its BOM) or a CEF record as MSG for SIEMs.
import type { AlertLevel } from '../../schema/incident.js';
import { oneLine, type AlertView } from '../alert-view.js';
import type { Notification } from '../types.js';
import { formatCef } from './cef.js';

/** Syslog severities: 3 urgent → 2 critical, 2 investigate → 4 warning, 1 watch → 5 notice, 0 → 6 informational. */
export const SYSLOG_SEVERITY: Record<AlertLevel, number> = { 3: 2, 2: 4, 1: 5, 0: 6 };

/**
 * The private enterprise number in the SD-ID (`mamori@<number>`). 32473 is the number RFC 5612
 * reserves for documentation; a site with its own number sets `enterprise_id`.
 */
export const DEFAULT_ENTERPRISE_ID = 32473;

export interface SyslogFormatOptions {
  /** 0–23 (config default 4, security/authorization messages) */
  facility: number;
  hostname: string;
  appName: string;
  format: 'rfc5424' | 'cef';
  enterpriseId: number;
  /** the version string in CEF headers */
  version: string;
  procId?: string;
}

/** A header field: printable US-ASCII only, at most `max` characters, `-` when empty. */
export function headerField(s: string | undefined, max: number): string {
  const v = (s ?? '').replace(/[^\x21-\x7e]/g, '_').slice(0, max);
  return v === '' ? '-' : v;
}

/** An SD-PARAM value: `"`, `\` and `]` escaped (RFC 5424 §6.3.3); line breaks folded to spaces. */
export function sdValue(s: string): string {
  return oneLine(s).replace(/[\\"\]]/g, (c) => '\\' + c);
}

function structuredData(n: Notification, view: AlertView, o: SyslogFormatOptions): string {
  const p: [string, string | number | undefined][] = [
    ['id', n.id],
    ['kind', n.kind],
    ['level', n.level],
    ['level_name', view.levelName],
    ['title', view.title],
  ];
  if (n.kind === 'incident') {
    const i = n.incident;
    p.push(['incident', i.id], ['score', i.score], ['devices', i.devices.map((d) => d.ip).join(',')], ['destinations', i.destinations.map((d) => d.hostname ?? d.ip ?? '').join(',')]);
    p.push(['phases', i.phases.join(',')], ['mitre', i.mitre.join(',')], ['breaches', i.breaches.length]);
  } else if (n.kind === 'breach') {
    const b = n.breach;
    p.push(['breach', b.id], ['model', b.model], ['score', b.score], ['device', b.device.ip], ['destination', b.destination?.hostname ?? b.destination?.ip], ['port', b.destination?.port], ['mitre', b.mitre.join(',')]);
  } else {
    p.push(['code', n.system.code]);
  }
  const params = p.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}="${sdValue(String(v))}"`);
  return `[mamori@${o.enterpriseId} ${params.join(' ')}]`;
}

export function formatSyslog(n: Notification, view: AlertView, o: SyslogFormatOptions): string {
  const pri = o.facility * 8 + SYSLOG_SEVERITY[n.level];
  const ts = new Date(Math.round(n.created * 1000)).toISOString();
  const header = `<${pri}>1 ${ts} ${headerField(o.hostname, 255)} ${headerField(o.appName, 48)} ${headerField(o.procId, 128)} ${headerField(n.kind, 32)}`;
  const msg = o.format === 'cef' ? formatCef(n, view, o.version) : '\uFEFF' + oneLine(`${view.subject} ${view.summary}`);
  return `${header} ${structuredData(n, view, o)} ${msg}`;
}
