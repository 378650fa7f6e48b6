// Kerberos requests and replies (Zeek kerberos.log). Field names and meanings are Zeek's; every field but the identifying ones is optional,
// because analyzers fill what the traffic shows.
import { z } from 'zod';
import { ConnIdSchema } from '../conn.js';
import { ZEEK_CONN_HEAD, type ZeekField } from '../zeek-layout.js';

export const KerberosSchema = z.object({
  ts: z.number(),
  id: ConnIdSchema,
  uid: z.string(),
  request_type: z.string().optional(),
  client: z.string().optional(),
  service: z.string().optional(),
  success: z.boolean().optional(),
  error_msg: z.string().optional(),
  from: z.number().optional(),
  till: z.number().optional(),
  cipher: z.string().optional(),
  forwardable: z.boolean().optional(),
  renewable: z.boolean().optional(),
  client_cert_subject: z.string().optional(),
  client_cert_fuid: z.string().optional(),
  server_cert_subject: z.string().optional(),
  server_cert_fuid: z.string().optional(),
});
export type Kerberos = z.infer<typeof KerberosSchema>;

/** kerberos.log columns in Zeek's order. */
export const KERBEROS_LAYOUT: ZeekField[] = [
  ...ZEEK_CONN_HEAD,
  { name: 'request_type', type: 'string' },
  { name: 'client', type: 'string' },
  { name: 'service', type: 'string' },
  { name: 'success', type: 'bool' },
  { name: 'error_msg', type: 'string' },
  { name: 'from', type: 'time' },
  { name: 'till', type: 'time' },
  { name: 'cipher', type: 'string' },
  { name: 'forwardable', type: 'bool' },
  { name: 'renewable', type: 'bool' },
  { name: 'client_cert_subject', type: 'string' },
  { name: 'client_cert_fuid', type: 'string' },
  { name: 'server_cert_subject', type: 'string' },
  { name: 'server_cert_fuid', type: 'string' },
];
