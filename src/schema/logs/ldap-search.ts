// LDAP searches (Zeek ldap_search.log). Field names and meanings are Zeek's; every field but the identifying ones is optional,
// because analyzers fill what the traffic shows.
import { z } from 'zod';
import { ConnIdSchema } from '../conn.js';
import { ZEEK_CONN_HEAD, type ZeekField } from '../zeek-layout.js';

export const LdapSearchSchema = z.object({
  ts: z.number(),
  id: ConnIdSchema,
  uid: z.string(),
  message_id: z.number().int().optional(),
  scope: z.string().optional(),
  deref_aliases: z.string().optional(),
  base_object: z.string().optional(),
  result_count: z.number().int().nonnegative().optional(),
  result: z.string().optional(),
  diagnostic_message: z.string().optional(),
  filter: z.string().optional(),
  attributes: z.array(z.string()).optional(),
});
export type LdapSearch = z.infer<typeof LdapSearchSchema>;

/** ldap_search.log columns in Zeek's order. */
export const LDAP_SEARCH_LAYOUT: ZeekField[] = [
  ...ZEEK_CONN_HEAD,
  { name: 'message_id', type: 'int' },
  { name: 'scope', type: 'string' },
  { name: 'deref_aliases', type: 'string' },
  { name: 'base_object', type: 'string' },
  { name: 'result_count', type: 'count' },
  { name: 'result', type: 'string' },
  { name: 'diagnostic_message', type: 'string' },
  { name: 'filter', type: 'string' },
  { name: 'attributes', type: 'vector[string]' },
];
