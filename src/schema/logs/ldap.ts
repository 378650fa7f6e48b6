// LDAP operations (Zeek ldap.log). Field names and meanings are Zeek's; every field but the identifying ones is optional,
// because analyzers fill what the traffic shows.
import { z } from 'zod';
import { ConnIdSchema } from '../conn.js';
import { ZEEK_CONN_HEAD, type ZeekField } from '../zeek-layout.js';

export const LdapSchema = z.object({
  ts: z.number(),
  id: ConnIdSchema,
  uid: z.string(),
  message_id: z.number().int().optional(),
  version: z.number().int().optional(),
  opcode: z.string().optional(),
  result: z.string().optional(),
  diagnostic_message: z.string().optional(),
  object: z.string().optional(),
  argument: z.string().optional(),
});
export type Ldap = z.infer<typeof LdapSchema>;

/** ldap.log columns in Zeek's order. */
export const LDAP_LAYOUT: ZeekField[] = [
  ...ZEEK_CONN_HEAD,
  { name: 'message_id', type: 'int' },
  { name: 'version', type: 'int' },
  { name: 'opcode', type: 'string' },
  { name: 'result', type: 'string' },
  { name: 'diagnostic_message', type: 'string' },
  { name: 'object', type: 'string' },
  { name: 'argument', type: 'string' },
];
