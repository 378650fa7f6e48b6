// Checkpointing the resolver into `store.state`: everything as plain JSON, in the tables' own
// least-recently-seen order, so restoring rebuilds the same tables (and the same future evictions)
// and a restored resolver answers exactly as one that never stopped.
import { InputFormatError } from '../schema/errors.js';
import type { Binding } from './bindings.js';
import type { DeviceRecord } from './device-table.js';
import type { Evidence } from './evidence.js';
import type { ResolverCore } from './context.js';
import type { Device, Endpoint, User } from './types.js';

export const ENTITY_SNAPSHOT_VERSION = 1;

export interface EntitySnapshot {
  version: number;
  local_nets: string[];
  devices: { device: Device; evidence: Evidence }[];
  bindings: [string, Binding[]][];
  mac_ips: [string, [string, number][]][];
  gateways: [string, number][];
  endpoints: Endpoint[];
  users: User[];
}

/** A deep copy: the live tables keep changing after the snapshot is taken. */
const copy = <T>(v: T): T => structuredClone(v);

export function snapshotOf(r: ResolverCore): EntitySnapshot {
  const t = r.table;
  return copy({
    version: ENTITY_SNAPSHOT_VERSION,
    local_nets: r.localNetCidrs,
    devices: [...t.devices.values()].map((rec) => ({ device: t.view(rec), evidence: rec.ev })),
    bindings: [...t.bindings.map],
    mac_ips: [...t.macIps],
    gateways: [...t.gateways],
    endpoints: [...r.endpointTable.endpoints.values()],
    users: [...r.userTable.users.values()],
  });
}

export function restoreInto(r: ResolverCore, raw: EntitySnapshot): void {
  if (!raw || typeof raw !== 'object' || raw.version !== ENTITY_SNAPSHOT_VERSION || !Array.isArray(raw.devices)) {
    throw new InputFormatError('bad_entity_snapshot', `entity snapshot has version ${String((raw as { version?: unknown } | undefined)?.version)}, expected ${ENTITY_SNAPSHOT_VERSION}: it was written by another Mamori version; discard it and let entities be relearned`);
  }
  const s = copy(raw);
  const t = r.table;
  for (const { device, evidence } of s.devices) {
    const rec: DeviceRecord = { device, ev: evidence, dirty: true };
    t.devices.set(device.id, rec);
    for (const m of device.macs) t.byMac.set(m, device.id);
  }
  for (const [ip, list] of s.bindings) t.bindings.map.set(ip, list);
  for (const [mac, list] of s.mac_ips) t.macIps.set(mac, list);
  for (const [mac, since] of s.gateways) t.gateways.set(mac, since);
  for (const e of s.endpoints) r.endpointTable.endpoints.set(e.ip, e);
  for (const u of s.users) r.userTable.users.set(u.id, u);
}
