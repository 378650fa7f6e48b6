// Zeek log layouts: for each log type, its columns in Zeek's order with Zeek's type names.
// Records are the schema's typed records; nested records (id) are flattened with dots, as Zeek does.
import { PROTOCOL_LOG_LAYOUTS } from '../schema/logs/index.js';
import type { ObservationType } from '../schema/observation.js';
import { ZEEK_ID_FIELDS as ID, type ZeekField } from '../schema/zeek-layout.js';

export type { ZeekField, ZeekType } from '../schema/zeek-layout.js';

export const ZEEK_LOGS: Record<ObservationType, ZeekField[]> = {
  ...PROTOCOL_LOG_LAYOUTS,
  conn: [
    { name: 'ts', type: 'time' },
    { name: 'uid', type: 'string' },
    ...ID,
    { name: 'proto', type: 'enum' },
    { name: 'service', type: 'string' },
    { name: 'duration', type: 'interval' },
    { name: 'orig_bytes', type: 'count' },
    { name: 'resp_bytes', type: 'count' },
    { name: 'conn_state', type: 'string' },
    { name: 'local_orig', type: 'bool' },
    { name: 'local_resp', type: 'bool' },
    { name: 'missed_bytes', type: 'count' },
    { name: 'history', type: 'string' },
    { name: 'orig_pkts', type: 'count' },
    { name: 'orig_ip_bytes', type: 'count' },
    { name: 'resp_pkts', type: 'count' },
    { name: 'resp_ip_bytes', type: 'count' },
    { name: 'tunnel_parents', type: 'set[string]' },
    { name: 'ip_proto', type: 'count' },
    { name: 'orig_l2_addr', type: 'string' },
    { name: 'resp_l2_addr', type: 'string' },
    { name: 'vlan', type: 'int' },
    { name: 'inner_vlan', type: 'int' },
    { name: 'community_id', type: 'string' },
  ],
  weird: [
    { name: 'ts', type: 'time' },
    { name: 'uid', type: 'string' },
    ...ID,
    { name: 'name', type: 'string' },
    { name: 'addl', type: 'string' },
    { name: 'notice', type: 'bool' },
    { name: 'peer', type: 'string' },
    { name: 'source', type: 'string' },
  ],
};

/** Reads a dotted column from a record (id.orig_h → rec.id.orig_h, certificate.serial → …). */
export function fieldValue(rec: Record<string, unknown>, name: string): unknown {
  const dot = name.indexOf('.');
  if (dot < 0) return rec[name];
  const inner = rec[name.slice(0, dot)] as Record<string, unknown> | undefined;
  return inner === undefined ? undefined : inner[name.slice(dot + 1)];
}
