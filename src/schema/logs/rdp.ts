// RDP connections (Zeek rdp.log). Field names and meanings are Zeek's; every field but the identifying ones is optional,
// because analyzers fill what the traffic shows.
import { z } from 'zod';
import { ConnIdSchema } from '../conn.js';
import { ZEEK_CONN_HEAD, type ZeekField } from '../zeek-layout.js';

export const RdpSchema = z.object({
  ts: z.number(),
  id: ConnIdSchema,
  uid: z.string(),
  cookie: z.string().optional(),
  result: z.string().optional(),
  security_protocol: z.string().optional(),
  client_channels: z.array(z.string()).optional(),
  keyboard_layout: z.string().optional(),
  client_build: z.string().optional(),
  client_name: z.string().optional(),
  client_dig_product_id: z.string().optional(),
  desktop_width: z.number().int().nonnegative().optional(),
  desktop_height: z.number().int().nonnegative().optional(),
  requested_color_depth: z.string().optional(),
  cert_type: z.string().optional(),
  cert_count: z.number().int().nonnegative().optional(),
  cert_permanent: z.boolean().optional(),
  encryption_level: z.string().optional(),
  encryption_method: z.string().optional(),
});
export type Rdp = z.infer<typeof RdpSchema>;

/** rdp.log columns in Zeek's order. */
export const RDP_LAYOUT: ZeekField[] = [
  ...ZEEK_CONN_HEAD,
  { name: 'cookie', type: 'string' },
  { name: 'result', type: 'string' },
  { name: 'security_protocol', type: 'string' },
  { name: 'client_channels', type: 'vector[string]' },
  { name: 'keyboard_layout', type: 'string' },
  { name: 'client_build', type: 'string' },
  { name: 'client_name', type: 'string' },
  { name: 'client_dig_product_id', type: 'string' },
  { name: 'desktop_width', type: 'count' },
  { name: 'desktop_height', type: 'count' },
  { name: 'requested_color_depth', type: 'string' },
  { name: 'cert_type', type: 'string' },
  { name: 'cert_count', type: 'count' },
  { name: 'cert_permanent', type: 'bool' },
  { name: 'encryption_level', type: 'string' },
  { name: 'encryption_method', type: 'string' },
];
