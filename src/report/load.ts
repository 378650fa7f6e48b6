// Reading what "mamori analyze --db" stored: an incident with its breaches, or the incidents and
// breaches of a period. Records that do not parse (an older or foreign writer) are errors that
// name the record, never silently dropped.
import { BreachSchema, type Breach } from '../schema/breach.js';
import { IncidentSchema, type Incident } from '../schema/incident.js';
import type { Store } from '../store/index.js';
import { ReportError } from './pdf.js';

function parseIncident(id: string, payload: unknown): Incident {
  const r = IncidentSchema.safeParse(payload);
  if (!r.success) throw new ReportError('bad_incident', `stored incident ${id} is not an incident (${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}); was it written by an older Mamori?`);
  return r.data;
}

function parseBreach(id: string, payload: unknown): Breach {
  const r = BreachSchema.safeParse(payload);
  if (!r.success) throw new ReportError('bad_breach', `stored breach ${id} is not a breach (${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}); was it written by an older Mamori?`);
  return r.data;
}

/** The incident and those of its breaches the store still has; undefined when there is no such incident. */
export async function loadIncident(store: Store, id: string): Promise<{ incident: Incident; breaches: Breach[] } | undefined> {
  const rec = await store.incidents.get(id);
  if (!rec) return undefined;
  const incident = parseIncident(rec.id, rec.payload);
  const breaches: Breach[] = [];
  for (const bid of incident.breaches) {
    const b = await store.breaches.get(bid);
    // the stored id is the one the incident names; the payload keeps the engine's id
    if (b) breaches.push({ ...parseBreach(b.id, b.payload), id: b.id });
  }
  return { incident, breaches };
}

/** Incidents that start and breaches that happen in [from, to). */
export async function loadPeriod(store: Store, from: number, to: number): Promise<{ incidents: Incident[]; breaches: Breach[] }> {
  const incidents = (await store.incidents.list({ since: from, until: to })).map((r) => parseIncident(r.id, r.payload));
  const breaches = (await store.breaches.list({ since: from, until: to })).map((r) => ({ ...parseBreach(r.id, r.payload), id: r.id }));
  return { incidents, breaches };
}

/** The newest incidents, for an error that helps find an id. */
export async function recentIncidents(store: Store, n: number): Promise<Incident[]> {
  const all = await store.incidents.list();
  return all.slice(-n).reverse().map((r) => parseIncident(r.id, r.payload));
}
