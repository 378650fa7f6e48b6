// NTLM authentications (Zeek ntlm.log). Field names and meanings are Zeek's; every field but the identifying ones is optional,
// because analyzers fill what the traffic shows.
import { z } from 'zod';
import { ConnIdSchema } from '../conn.js';
import { ZEEK_CONN_HEAD, type ZeekField } from '../zeek-layout.js';

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
  ...ZEEK_CONN_HEAD,
  { name: 'username', type: 'string' },
  { name: 'hostname', type: 'string' },
  { name: 'domainname', type: 'string' },
  { name: 'server_nb_computer_name', type: 'string' },
  { name: 'server_dns_computer_name', type: 'string' },
  { name: 'server_tree_name', type: 'string' },
  { name: 'success', type: 'bool' },
];
