// Anomaly record: malformed or unexpected input, with Zeek weird.log's meaning. Bad input is data:
// decoders never throw on bytes, they emit one of these and count it.
import { z } from 'zod';
import { ConnIdSchema } from './conn.js';
import { ZEEK_CONN_HEAD, type ZeekField } from './zeek-layout.js';

export const AnomalySchema = z.object({
  ts: z.number(),
  /** the connection it happened on, when there is one */
  uid: z.string().optional(),
  id: ConnIdSchema.optional(),
  /** stable anomaly name (Zeek's where Zeek has one: truncated_IP, bad_TCP_checksum, …) */
  name: z.string(),
  /** extra detail */
  addl: z.string().optional(),
  notice: z.boolean(),
  /** which sensor saw it */
  peer: z.string().optional(),
  /** the layer or analyzer that raised it (IP, TCP, UDP, ICMP, pcap, …) */
  source: z.string().optional(),
});
export type Anomaly = z.infer<typeof AnomalySchema>;

/** weird.log columns in Zeek's order. */
export const WEIRD_LAYOUT: ZeekField[] = [
  ...ZEEK_CONN_HEAD,
  { name: 'name', type: 'string' },
  { name: 'addl', type: 'string' },
  { name: 'notice', type: 'bool' },
  { name: 'peer', type: 'string' },
  { name: 'source', type: 'string' },
];

