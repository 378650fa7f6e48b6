// DCE/RPC calls with interface and operation names (Zeek dce_rpc.log). Field names and meanings are Zeek's; every field but the identifying ones is optional,
// because analyzers fill what the traffic shows.
import { z } from 'zod';
import { ConnIdSchema } from '../conn.js';
import type { ZeekField } from '../zeek-layout.js';

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
  { name: 'ts', type: 'time' },
  { name: 'uid', type: 'string' },
  { name: 'id.orig_h', type: 'addr' },
  { name: 'id.orig_p', type: 'port' },
  { name: 'id.resp_h', type: 'addr' },
  { name: 'id.resp_p', type: 'port' },
  { name: 'rtt', type: 'interval' },
  { name: 'named_pipe', type: 'string' },
  { name: 'endpoint', type: 'string' },
  { name: 'operation', type: 'string' },
];
