// How `mamori analyze` shows and keeps incidents: one JSON line each (`kind: "incident"`), a table
// block in both languages, and records in `store.incidents` whose breach ids are the ids the
// breaches are stored under.
import type { Incident } from '../schema/incident.js';
import type { Store } from '../store/index.js';

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

/**
 * Stores incidents (kind 'incident', time = start), with breach ids mapped to the ids the breaches
 * were stored under (`storedIds`: engine id → stored id), so an incident leads to its stored breaches.
 */
export async function storeIncidents(store: Store, incidents: readonly Incident[], storedIds: ReadonlyMap<string, string>): Promise<void> {
  if (!incidents.length) return;
  const map = (id: string) => storedIds.get(id) ?? id;
  await store.incidents.put(
    incidents.map((i) => {
      const payload = { ...i, breaches: i.breaches.map(map), timeline: i.timeline.map((t) => ({ ...t, breach: map(t.breach) })) };
      return { id: i.id, kind: 'incident', time: i.start, payload };
    }),
  );
}
