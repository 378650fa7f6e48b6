// DCE/RPC calls with interface and operation names (Zeek dce_rpc.log). Field names and meanings are Zeek's; every field but the identifying ones is optional,
// because analyzers fill what the traffic shows.
import { z } from 'zod';
import { ConnIdSchema } from '../conn.js';
import { ZEEK_CONN_HEAD, type ZeekField } from '../zeek-layout.js';

export const DceRpcSchema = z.object({
  ts: z.number(),
  id: ConnIdSchema,
  uid: z.string(),
  rtt: z.number().optional(),
  named_pipe: z.string().optional(),
  endpoint: z.string().optional(),
  operation: z.string().optional(),
});
export type DceRpc = z.infer<typeof DceRpcSchema>;

/** dce_rpc.log columns in Zeek's order. */
export const DCE_RPC_LAYOUT: ZeekField[] = [
  ...ZEEK_CONN_HEAD,
  { name: 'rtt', type: 'interval' },
  { name: 'named_pipe', type: 'string' },
  { name: 'endpoint', type: 'string' },
  { name: 'operation', type: 'string' },
];
