// Zeek log layouts: for each log type, its columns in Zeek's order with Zeek's type names.
// Records are the schema's typed records; nested records (id) are flattened with dots, as Zeek does.
import type { ObservationType } from '../schema/observation.js';

export type ZeekType = 'time' | 'string' | 'addr' | 'port' | 'enum' | 'interval' | 'count' | 'bool' | 'set[string]' | 'vector[string]' | 'int' | 'double';

export interface ZeekField {
  /** column name as Zeek writes it (id.orig_h) */
  name: string;
  type: ZeekType;
}

const ID: ZeekField[] = [
  { name: 'id.orig_h', type: 'addr' },
  { name: 'id.orig_p', type: 'port' },
  { name: 'id.resp_h', type: 'addr' },
  { name: 'id.resp_p', type: 'port' },
];

export const ZEEK_LOGS: Record<ObservationType, ZeekField[]> = {
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

/** Reads a dotted column from a record (id.orig_h → rec.id.orig_h). */
export function fieldValue(rec: Record<string, unknown>, name: string): unknown {
  const dot = name.indexOf('.');
  if (dot < 0) return rec[name];
  const inner = rec[name.slice(0, dot)] as Record<string, unknown> | undefined;
  return inner === undefined ? undefined : inner[name.slice(dot + 1)];
}
