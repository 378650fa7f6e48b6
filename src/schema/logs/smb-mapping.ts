// SMB tree connects (Zeek smb_mapping.log). Field names and meanings are Zeek's; every field but the identifying ones is optional,
// because analyzers fill what the traffic shows.
import { z } from 'zod';
import { ConnIdSchema } from '../conn.js';
import { ZEEK_CONN_HEAD, type ZeekField } from '../zeek-layout.js';

export const SmbMappingSchema = z.object({
  ts: z.number(),
  id: ConnIdSchema,
  uid: z.string(),
  path: z.string().optional(),
  service: z.string().optional(),
  native_file_system: z.string().optional(),
  share_type: z.string().optional(),
});
export type SmbMapping = z.infer<typeof SmbMappingSchema>;

/** smb_mapping.log columns in Zeek's order. */
export const SMB_MAPPING_LAYOUT: ZeekField[] = [
  ...ZEEK_CONN_HEAD,
  { name: 'path', type: 'string' },
  { name: 'service', type: 'string' },
  { name: 'native_file_system', type: 'string' },
  { name: 'share_type', type: 'string' },
];
