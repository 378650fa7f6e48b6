// SMB file operations (Zeek smb_files.log). Field names and meanings are Zeek's; every field but the identifying ones is optional,
// because analyzers fill what the traffic shows.
import { z } from 'zod';
import { ConnIdSchema } from '../conn.js';
import { ZEEK_CONN_HEAD, type ZeekField } from '../zeek-layout.js';

export const SmbFilesSchema = z.object({
  ts: z.number(),
  id: ConnIdSchema,
  uid: z.string(),
  /** unset when no file content was transferred (Zeek: &optional) */
  fuid: z.string().optional(),
  action: z.string().optional(),
  path: z.string().optional(),
  name: z.string().optional(),
  size: z.number().int().nonnegative().optional(),
  prev_name: z.string().optional(),
  times: z.object({ modified: z.number().optional(), accessed: z.number().optional(), created: z.number().optional(), changed: z.number().optional() }).optional(),
});
export type SmbFiles = z.infer<typeof SmbFilesSchema>;

/** smb_files.log columns in Zeek's order. */
export const SMB_FILES_LAYOUT: ZeekField[] = [
  ...ZEEK_CONN_HEAD,
  { name: 'fuid', type: 'string' },
  { name: 'action', type: 'enum' },
  { name: 'path', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'size', type: 'count' },
  { name: 'prev_name', type: 'string' },
  { name: 'times.modified', type: 'time' },
  { name: 'times.accessed', type: 'time' },
  { name: 'times.created', type: 'time' },
  { name: 'times.changed', type: 'time' },
];
