// files carried by HTTP, SMB, FTP, SMTP (Zeek files.log). Field names and meanings are Zeek's; every field but the identifying ones is optional,
// because analyzers fill what the traffic shows.
import { z } from 'zod';
import { ConnIdSchema } from '../conn.js';
import { ZEEK_ID_FIELDS, type ZeekField } from '../zeek-layout.js';

export const FilesSchema = z.object({
  ts: z.number(),
  id: ConnIdSchema,
  fuid: z.string(),
  uid: z.string().optional(),
  source: z.string().optional(),
  depth: z.number().int().nonnegative().optional(),
  analyzers: z.array(z.string()).optional(),
  mime_type: z.string().optional(),
  filename: z.string().optional(),
  duration: z.number().optional(),
  local_orig: z.boolean().optional(),
  is_orig: z.boolean().optional(),
  seen_bytes: z.number().int().nonnegative().optional(),
  total_bytes: z.number().int().nonnegative().optional(),
  missing_bytes: z.number().int().nonnegative().optional(),
  overflow_bytes: z.number().int().nonnegative().optional(),
  timedout: z.boolean().optional(),
  parent_fuid: z.string().optional(),
  md5: z.string().optional(),
  sha1: z.string().optional(),
  sha256: z.string().optional(),
});
export type Files = z.infer<typeof FilesSchema>;

/** files.log columns in Zeek's order. */
export const FILES_LAYOUT: ZeekField[] = [
  { name: 'ts', type: 'time' },
  { name: 'fuid', type: 'string' },
  { name: 'uid', type: 'string' },
  ...ZEEK_ID_FIELDS,
  { name: 'source', type: 'string' },
  { name: 'depth', type: 'count' },
  { name: 'analyzers', type: 'set[string]' },
  { name: 'mime_type', type: 'string' },
  { name: 'filename', type: 'string' },
  { name: 'duration', type: 'interval' },
  { name: 'local_orig', type: 'bool' },
  { name: 'is_orig', type: 'bool' },
  { name: 'seen_bytes', type: 'count' },
  { name: 'total_bytes', type: 'count' },
  { name: 'missing_bytes', type: 'count' },
  { name: 'overflow_bytes', type: 'count' },
  { name: 'timedout', type: 'bool' },
  { name: 'parent_fuid', type: 'string' },
  { name: 'md5', type: 'string' },
  { name: 'sha1', type: 'string' },
  { name: 'sha256', type: 'string' },
];
