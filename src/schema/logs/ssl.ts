// TLS handshakes with fingerprints (Zeek ssl.log plus JA3/JA3S/JA4). Field names and meanings are Zeek's; every field but the identifying ones is optional,
// because analyzers fill what the traffic shows.
import { z } from 'zod';
import { ConnIdSchema } from '../conn.js';
import { ZEEK_CONN_HEAD, type ZeekField } from '../zeek-layout.js';

export const SslSchema = z.object({
  ts: z.number(),
  id: ConnIdSchema,
  uid: z.string(),
  version: z.string().optional(),
  cipher: z.string().optional(),
  curve: z.string().optional(),
  server_name: z.string().optional(),
  resumed: z.boolean().optional(),
  last_alert: z.string().optional(),
  next_protocol: z.string().optional(),
  established: z.boolean().optional(),
  ssl_history: z.string().optional(),
  cert_chain_fps: z.array(z.string()).optional(),
  client_cert_chain_fps: z.array(z.string()).optional(),
  sni_matches_cert: z.boolean().optional(),
  validation_status: z.string().optional(),
  ja3: z.string().optional(),
  ja3s: z.string().optional(),
  ja4: z.string().optional(),
});
export type Ssl = z.infer<typeof SslSchema>;

/** ssl.log columns in Zeek's order. */
export const SSL_LAYOUT: ZeekField[] = [
  ...ZEEK_CONN_HEAD,
  { name: 'version', type: 'string' },
  { name: 'cipher', type: 'string' },
  { name: 'curve', type: 'string' },
  { name: 'server_name', type: 'string' },
  { name: 'resumed', type: 'bool' },
  { name: 'last_alert', type: 'string' },
  { name: 'next_protocol', type: 'string' },
  { name: 'established', type: 'bool' },
  { name: 'ssl_history', type: 'string' },
  { name: 'cert_chain_fps', type: 'vector[string]' },
  { name: 'client_cert_chain_fps', type: 'vector[string]' },
  { name: 'sni_matches_cert', type: 'bool' },
  { name: 'validation_status', type: 'string' },
  { name: 'ja3', type: 'string' },
  { name: 'ja3s', type: 'string' },
  { name: 'ja4', type: 'string' },
];
