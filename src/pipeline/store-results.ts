// What the pipeline leaves in the store for the API, the UI and reports besides the observations:
// devices and external endpoints as entity records (identity plus the pattern of life a device page
// shows), and incidents naming their breaches by the ids the breaches were stored under.
import { investigateInStore } from '../analyst/investigate-store.js';
import type { EntityResolver } from '../entities/index.js';
import type { PatternOfLife } from '../learning/index.js';
import type { Incident } from '../schema/incident.js';
import type { JsonRecord, Store } from '../store/index.js';

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * One entity record per device (kind `device`, time = last seen) and per external endpoint (kind
 * `endpoint`). A device's payload: its latest address and all of them, MAC, best hostname, inferred
 * type with its evidence, peer group, users, and from its pattern of life the share of its activity
 * in each hour of the day (UTC) and its learned hourly baselines by hour of day (bytes out and in,
 * connections), so a device page can draw "now against normal" without recomputing anything.
 */
export function entityRecords(entities: EntityResolver, pol: PatternOfLife): JsonRecord[] {
  const out: JsonRecord[] = [];
  for (const d of entities.devices()) {
    const latest = [...d.ips].sort((a, b) => b.last_seen - a.last_seen)[0];
    const hostname = [...d.hostnames].sort((a, b) => b.last_seen - a.last_seen)[0]?.name;
    const profile = pol.devices.get(d.id);
    const group = pol.peerGroupOf(d.id);
    const payload: Record<string, unknown> = {
      ip: latest?.ip ?? d.id.replace(/^dev:(ip:)?/, ''),
      ips: d.ips.map((i) => i.ip),
      ...(d.macs[0] ? { mac: d.macs[0] } : {}),
      ...(hostname ? { hostname } : {}),
      hostnames: d.hostnames.map((h) => h.name),
      type: d.type,
      type_evidence: d.type_evidence,
      ...(d.subnet ? { subnet: d.subnet } : {}),
      ...(group ? { peer_group: group.group, peer_group_size: group.members } : {}),
      users: d.users.map((u) => u.user),
      first_seen: d.first_seen,
      last_seen: d.last_seen,
    };
    if (profile) {
      payload.activity_by_hour = HOURS.map((h) => round(profile.activity.hourOfDayShare(h)));
      payload.baseline_by_hour = {
        bytes_out: HOURS.map((h) => round(profile.baseline('bytes_out', h).mean)),
        bytes_in: HOURS.map((h) => round(profile.baseline('bytes_in', h).mean)),
        connections: HOURS.map((h) => round(profile.baseline('connections', h).mean)),
      };
      payload.hours_learned = profile.hoursClosed;
    }
    out.push({ id: d.id, kind: 'device', time: d.last_seen, payload });
  }
  for (const e of entities.endpoints()) {
    const payload: Record<string, unknown> = {
      ip: e.ip,
      hostnames: e.hostnames.map((h) => h.name),
      ...(e.hostnames[0] ? { hostname: e.hostnames[0].name } : {}),
      ...(e.asn !== undefined ? { asn: e.asn } : {}),
      ...(e.org ? { org: e.org } : {}),
      ...(e.country ? { country: e.country } : {}),
      first_seen: e.first_seen,
      last_seen: e.last_seen,
    };
    out.push({ id: `ep:${e.ip}`, kind: 'endpoint', time: e.last_seen, payload });
  }
  return out;
}

/**
 * Stores incidents (kind 'incident', time = start), with breach ids mapped to the ids the breaches
 * were stored under (`storedIds`: engine id → stored id), so an incident leads to its stored breaches.
 * `investigate`: the observations are in the store too, so the analyst's questions about them
 * (before and after, who else, certificates) are asked and their answers added to the investigation.
 * Returns the incidents as stored.
 */
export async function storeIncidents(store: Store, incidents: readonly Incident[], storedIds: ReadonlyMap<string, string>, investigate = false): Promise<Incident[]> {
  if (!incidents.length) return [];
  const map = (id: string) => storedIds.get(id) ?? id;
  const stored: Incident[] = [];
  for (const i of incidents) {
    const mapped = { ...i, breaches: i.breaches.map(map), timeline: i.timeline.map((t) => ({ ...t, breach: map(t.breach) })) };
    // asked with the stored breach ids: the questions read the breaches back
    const extra = investigate ? await investigateInStore(store, mapped) : [];
    stored.push({ ...mapped, investigation: [...i.investigation, ...extra] });
  }
  await store.incidents.put(stored.map((i) => ({ id: i.id, kind: 'incident', time: i.start, payload: i })));
  return stored;
}
