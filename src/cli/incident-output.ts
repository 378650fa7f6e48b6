// How `mamori analyze` shows and keeps incidents: one JSON line each (`kind: "incident"`), a table
// block in both languages, and records in `store.incidents` whose breach ids are the ids the
// breaches are stored under.
import type { Incident } from '../schema/incident.js';

/** One JSON line: the fields the issue lists first, then the rest of the incident. */
export function incidentJsonLine(i: Incident): string {
  const { id, level, score, title, summary, devices, breaches, phases, start, end, ...rest } = i;
  return JSON.stringify({ kind: 'incident', id, level, score, title, summary, devices, breaches, phases, start, end, ...rest });
}

/** The incidents block of the table output: most urgent first. */
export function incidentTable(incidents: readonly Incident[]): string {
  if (!incidents.length) return 'no incidents\n\n';
  const sorted = [...incidents].sort((a, b) => b.level - a.level || b.score - a.score || a.start - b.start);
  const out = [`${incidents.length} incident(s):`];
  for (const i of sorted) {
    const devices = i.devices.map((d) => (d.hostname ? `${d.hostname} (${d.ip})` : d.ip));
    out.push(
      `L${i.level} ${String(i.score).padStart(3)}  ${i.title.en}`,
      `         ${i.title.ja}`,
      `         ${i.id} · ${i.breaches.length} breach(es) · devices: ${devices.slice(0, 5).join(', ')}${devices.length > 5 ? ` (+${devices.length - 5})` : ''} · phases: ${i.phases.join(', ')}`,
    );
  }
  return out.join('\n') + '\n\n';
}
