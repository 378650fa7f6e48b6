// DHCP leases (Zeek dhcp.log). Field names and meanings are Zeek's; every field but the identifying ones is optional,
// because analyzers fill what the traffic shows.
import { z } from 'zod';
import type { ZeekField } from '../zeek-layout.js';

export const DhcpSchema = z.object({
  ts: z.number(),
  uids: z.array(z.string()).optional(),
  client_addr: z.string().optional(),
  server_addr: z.string().optional(),
  mac: z.string().optional(),
  host_name: z.string().optional(),
  client_fqdn: z.string().optional(),
  domain: z.string().optional(),
  requested_addr: z.string().optional(),
  assigned_addr: z.string().optional(),
  lease_time: z.number().optional(),
  client_message: z.string().optional(),
  server_message: z.string().optional(),
  msg_types: z.array(z.string()).optional(),
  duration: z.number().optional(),
});
export type Dhcp = z.infer<typeof DhcpSchema>;

/** dhcp.log columns in Zeek's order. */
export const DHCP_LAYOUT: ZeekField[] = [
  { name: 'ts', type: 'time' },
  { name: 'uids', type: 'set[string]' },
  { name: 'client_addr', type: 'addr' },
  { name: 'server_addr', type: 'addr' },
  { name: 'mac', type: 'string' },
  { name: 'host_name', type: 'string' },
  { name: 'client_fqdn', type: 'string' },
  { name: 'domain', type: 'string' },
  { name: 'requested_addr', type: 'addr' },
  { name: 'assigned_addr', type: 'addr' },
  { name: 'lease_time', type: 'interval' },
  { name: 'client_message', type: 'string' },
  { name: 'server_message', type: 'string' },
  { name: 'msg_types', type: 'vector[string]' },
  { name: 'duration', type: 'interval' },
];
