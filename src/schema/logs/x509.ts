// certificates seen in TLS (Zeek x509.log). Field names and meanings are Zeek's; every field but the identifying ones is optional,
// because analyzers fill what the traffic shows.
import { z } from 'zod';
import type { ZeekField } from '../zeek-layout.js';

export const X509Schema = z.object({
  ts: z.number(),
  fingerprint: z.string().optional(),
  certificate: z.object({ version: z.number().int().nonnegative().optional(), serial: z.string().optional(), subject: z.string().optional(), issuer: z.string().optional(), not_valid_before: z.number().optional(), not_valid_after: z.number().optional(), key_alg: z.string().optional(), sig_alg: z.string().optional(), key_type: z.string().optional(), key_length: z.number().int().nonnegative().optional(), exponent: z.string().optional(), curve: z.string().optional() }).optional(),
  san: z.object({ dns: z.array(z.string()).optional(), uri: z.array(z.string()).optional(), email: z.array(z.string()).optional(), ip: z.array(z.string()).optional() }).optional(),
  basic_constraints: z.object({ ca: z.boolean().optional(), path_len: z.number().int().nonnegative().optional() }).optional(),
  host_cert: z.boolean().optional(),
  client_cert: z.boolean().optional(),
});
export type X509 = z.infer<typeof X509Schema>;

/** x509.log columns in Zeek's order. */
export const X509_LAYOUT: ZeekField[] = [
  { name: 'ts', type: 'time' },
  { name: 'fingerprint', type: 'string' },
  { name: 'certificate.version', type: 'count' },
  { name: 'certificate.serial', type: 'string' },
  { name: 'certificate.subject', type: 'string' },
  { name: 'certificate.issuer', type: 'string' },
  { name: 'certificate.not_valid_before', type: 'time' },
  { name: 'certificate.not_valid_after', type: 'time' },
  { name: 'certificate.key_alg', type: 'string' },
  { name: 'certificate.sig_alg', type: 'string' },
  { name: 'certificate.key_type', type: 'string' },
  { name: 'certificate.key_length', type: 'count' },
  { name: 'certificate.exponent', type: 'string' },
  { name: 'certificate.curve', type: 'string' },
  { name: 'san.dns', type: 'vector[string]' },
  { name: 'san.uri', type: 'vector[string]' },
  { name: 'san.email', type: 'vector[string]' },
  { name: 'san.ip', type: 'vector[addr]' },
  { name: 'basic_constraints.ca', type: 'bool' },
  { name: 'basic_constraints.path_len', type: 'count' },
  { name: 'host_cert', type: 'bool' },
  { name: 'client_cert', type: 'bool' },
];
