// SSH sessions (Zeek ssh.log plus HASSH). Field names and meanings are Zeek's; every field but the identifying ones is optional,
// because analyzers fill what the traffic shows.
import { z } from 'zod';
import { ConnIdSchema } from '../conn.js';
import { ZEEK_CONN_HEAD, type ZeekField } from '../zeek-layout.js';

export const SshSchema = z.object({
  ts: z.number(),
  id: ConnIdSchema,
  uid: z.string(),
  version: z.number().int().nonnegative().optional(),
  auth_success: z.boolean().optional(),
  auth_attempts: z.number().int().nonnegative().optional(),
  direction: z.string().optional(),
  client: z.string().optional(),
  server: z.string().optional(),
  cipher_alg: z.string().optional(),
  mac_alg: z.string().optional(),
  compression_alg: z.string().optional(),
  kex_alg: z.string().optional(),
  host_key_alg: z.string().optional(),
  /** SHA256 fingerprint of the server host key as OpenSSH prints it (Zeek 8: host_key_fingerprint) */
  host_key_fingerprint: z.string().optional(),
  /** MD5 of the server host key, colon-separated hex (Zeek before 8: host_key) */
  host_key: z.string().optional(),
  hasshVersion: z.string().optional(),
  hassh: z.string().optional(),
  hasshServer: z.string().optional(),
  hasshAlgorithms: z.string().optional(),
  hasshServerAlgorithms: z.string().optional(),
});
export type Ssh = z.infer<typeof SshSchema>;

/** ssh.log columns in Zeek's order. */
export const SSH_LAYOUT: ZeekField[] = [
  ...ZEEK_CONN_HEAD,
  { name: 'version', type: 'count' },
  { name: 'auth_success', type: 'bool' },
  { name: 'auth_attempts', type: 'count' },
  { name: 'direction', type: 'enum' },
  { name: 'client', type: 'string' },
  { name: 'server', type: 'string' },
  { name: 'cipher_alg', type: 'string' },
  { name: 'mac_alg', type: 'string' },
  { name: 'compression_alg', type: 'string' },
  { name: 'kex_alg', type: 'string' },
  { name: 'host_key_alg', type: 'string' },
  { name: 'host_key_fingerprint', type: 'string' },
  { name: 'host_key', type: 'string' },
  { name: 'hasshVersion', type: 'string' },
  { name: 'hassh', type: 'string' },
  { name: 'hasshServer', type: 'string' },
  { name: 'hasshAlgorithms', type: 'string' },
  { name: 'hasshServerAlgorithms', type: 'string' },
];
