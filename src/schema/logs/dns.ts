// DNS queries and answers (Zeek dns.log). Field names and meanings are Zeek's; every field but the identifying ones is optional,
// because analyzers fill what the traffic shows.
import { z } from 'zod';
import { ConnIdSchema } from '../conn.js';
import { ZEEK_CONN_HEAD, type ZeekField } from '../zeek-layout.js';

export const DnsSchema = z.object({
  ts: z.number(),
  id: ConnIdSchema,
  uid: z.string(),
  proto: z.string().optional(),
  trans_id: z.number().int().nonnegative().optional(),
  rtt: z.number().optional(),
  query: z.string().optional(),
  qclass: z.number().int().nonnegative().optional(),
  qclass_name: z.string().optional(),
  qtype: z.number().int().nonnegative().optional(),
  qtype_name: z.string().optional(),
  rcode: z.number().int().nonnegative().optional(),
  rcode_name: z.string().optional(),
  AA: z.boolean().optional(),
  TC: z.boolean().optional(),
  RD: z.boolean().optional(),
  RA: z.boolean().optional(),
  Z: z.number().int().nonnegative().optional(),
  answers: z.array(z.string()).optional(),
  TTLs: z.array(z.number()).optional(),
  rejected: z.boolean().optional(),
  /** DNS opcode of the message (0 query, 4 notify, 5 dynamic update, …) */
  opcode: z.number().int().nonnegative().optional(),
  opcode_name: z.string().optional(),
});
export type Dns = z.infer<typeof DnsSchema>;

/** dns.log columns in Zeek's order. */
export const DNS_LAYOUT: ZeekField[] = [
  ...ZEEK_CONN_HEAD,
  { name: 'proto', type: 'enum' },
  { name: 'trans_id', type: 'count' },
  { name: 'rtt', type: 'interval' },
  { name: 'query', type: 'string' },
  { name: 'qclass', type: 'count' },
  { name: 'qclass_name', type: 'string' },
  { name: 'qtype', type: 'count' },
  { name: 'qtype_name', type: 'string' },
  { name: 'rcode', type: 'count' },
  { name: 'rcode_name', type: 'string' },
  { name: 'AA', type: 'bool' },
  { name: 'TC', type: 'bool' },
  { name: 'RD', type: 'bool' },
  { name: 'RA', type: 'bool' },
  { name: 'Z', type: 'count' },
  { name: 'answers', type: 'vector[string]' },
  { name: 'TTLs', type: 'vector[interval]' },
  { name: 'rejected', type: 'bool' },
  { name: 'opcode', type: 'count' },
  { name: 'opcode_name', type: 'string' },
];
