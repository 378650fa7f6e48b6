// How a record type is laid out as a Zeek log: its columns in Zeek's order with Zeek's type names.
// Part of the schema contract, because stored and exported field names are Zeek's (snake_case,
// nested records flattened with dots: id.orig_h).

export type ZeekType =
  | 'time' | 'string' | 'addr' | 'port' | 'enum' | 'interval' | 'count' | 'bool' | 'int' | 'double' | 'subnet'
  | 'set[string]' | 'vector[string]' | 'set[addr]' | 'vector[addr]' | 'vector[interval]' | 'vector[count]' | 'set[count]' | 'set[enum]';

export interface ZeekField {
  /** column name as Zeek writes it (id.orig_h) */
  name: string;
  type: ZeekType;
}

/** The four id.* columns every connection-based log starts with (after ts and uid). */
export const ZEEK_ID_FIELDS: ZeekField[] = [
  { name: 'id.orig_h', type: 'addr' },
  { name: 'id.orig_p', type: 'port' },
  { name: 'id.resp_h', type: 'addr' },
  { name: 'id.resp_p', type: 'port' },
];

/** ts, uid and id.*: the common head of connection-based logs. */
export const ZEEK_CONN_HEAD: ZeekField[] = [{ name: 'ts', type: 'time' }, { name: 'uid', type: 'string' }, ...ZEEK_ID_FIELDS];
