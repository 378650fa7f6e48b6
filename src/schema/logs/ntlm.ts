// NTLM authentications (Zeek ntlm.log). Field names and meanings are Zeek's; every field but the identifying ones is optional,
// because analyzers fill what the traffic shows.
import { z } from 'zod';
import { ConnIdSchema } from '../conn.js';
import type { ZeekField } from '../zeek-layout.js';

export const NtlmSchema = z.object({
  ts: z.number(),
  id: ConnIdSchema,
  uid: z.string(),
  username: z.string().optional(),
  hostname: z.string().optional(),
  domainname: z.string().optional(),
  server_nb_computer_name: z.string().optional(),
  server_dns_computer_name: z.string().optional(),
  server_tree_name: z.string().optional(),
  success: z.boolean().optional(),
});
export type Ntlm = z.infer<typeof NtlmSchema>;

/** ntlm.log columns in Zeek's order. */
export const NTLM_LAYOUT: ZeekField[] = [
  { name: 'ts', type: 'time' },
  { name: 'uid', type: 'string' },
  { name: 'id.orig_h', type: 'addr' },
  { name: 'id.orig_p', type: 'port' },
  { name: 'id.resp_h', type: 'addr' },
  { name: 'id.resp_p', type: 'port' },
  { name: 'username', type: 'string' },
  { name: 'hostname', type: 'string' },
  { name: 'domainname', type: 'string' },
  { name: 'server_nb_computer_name', type: 'string' },
  { name: 'server_dns_computer_name', type: 'string' },
  { name: 'server_tree_name', type: 'string' },
  { name: 'success', type: 'bool' },
];
