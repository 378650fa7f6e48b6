// QUIC connections (Zeek quic.log). Field names and meanings are Zeek's; every field but the identifying ones is optional,
// because analyzers fill what the traffic shows.
import { z } from 'zod';
import { ConnIdSchema } from '../conn.js';
import { ZEEK_CONN_HEAD, type ZeekField } from '../zeek-layout.js';

export const QuicSchema = z.object({
  ts: z.number(),
  id: ConnIdSchema,
  uid: z.string(),
  version: z.string().optional(),
  client_initial_dcid: z.string().optional(),
  client_scid: z.string().optional(),
  server_scid: z.string().optional(),
  server_name: z.string().optional(),
  client_protocol: z.string().optional(),
  history: z.string().optional(),
});
export type Quic = z.infer<typeof QuicSchema>;

/** quic.log columns in Zeek's order. */
export const QUIC_LAYOUT: ZeekField[] = [
  ...ZEEK_CONN_HEAD,
  { name: 'version', type: 'string' },
  { name: 'client_initial_dcid', type: 'string' },
  { name: 'client_scid', type: 'string' },
  { name: 'server_scid', type: 'string' },
  { name: 'server_name', type: 'string' },
  { name: 'client_protocol', type: 'string' },
  { name: 'history', type: 'string' },
];
