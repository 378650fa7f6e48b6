// Zeek's asset inventories (known_hosts.log, known_services.log, known_certs.log).
import { z } from 'zod';
import type { ZeekField } from '../zeek-layout.js';

export const KnownHostsSchema = z.object({ ts: z.number(), host: z.string() });
export type KnownHosts = z.infer<typeof KnownHostsSchema>;
export const KNOWN_HOSTS_LAYOUT: ZeekField[] = [{ name: 'ts', type: 'time' }, { name: 'host', type: 'addr' }];

export const KnownServicesSchema = z.object({
  ts: z.number(),
  host: z.string(),
  port_num: z.number().int().optional(),
  port_proto: z.string().optional(),
  service: z.array(z.string()).optional(),
});
export type KnownServices = z.infer<typeof KnownServicesSchema>;
export const KNOWN_SERVICES_LAYOUT: ZeekField[] = [
  { name: 'ts', type: 'time' }, { name: 'host', type: 'addr' }, { name: 'port_num', type: 'port' }, { name: 'port_proto', type: 'enum' }, { name: 'service', type: 'set[string]' },
];

export const KnownCertsSchema = z.object({
  ts: z.number(),
  host: z.string(),
  port_num: z.number().int().optional(),
  subject: z.string().optional(),
  issuer_subject: z.string().optional(),
  serial: z.string().optional(),
});
export type KnownCerts = z.infer<typeof KnownCertsSchema>;
export const KNOWN_CERTS_LAYOUT: ZeekField[] = [
  { name: 'ts', type: 'time' }, { name: 'host', type: 'addr' }, { name: 'port_num', type: 'port' }, { name: 'subject', type: 'string' },
  { name: 'issuer_subject', type: 'string' }, { name: 'serial', type: 'string' },
];
