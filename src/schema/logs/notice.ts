// Zeek notices (notice.log): what a site's Zeek policy already flagged. Kept as evidence for later
// stages; every field optional but ts and note, since notices need not concern a connection.
import { z } from 'zod';
import { ConnIdSchema } from '../conn.js';
import { ZEEK_CONN_HEAD, type ZeekField } from '../zeek-layout.js';

export const NoticeSchema = z.object({
  ts: z.number(),
  uid: z.string().optional(),
  id: ConnIdSchema.partial().optional(),
  fuid: z.string().optional(),
  file_mime_type: z.string().optional(),
  file_desc: z.string().optional(),
  proto: z.string().optional(),
  note: z.string(),
  msg: z.string().optional(),
  sub: z.string().optional(),
  src: z.string().optional(),
  dst: z.string().optional(),
  p: z.number().int().optional(),
  n: z.number().int().optional(),
  peer_descr: z.string().optional(),
  actions: z.array(z.string()).optional(),
  email_dest: z.array(z.string()).optional(),
  suppress_for: z.number().optional(),
});
export type Notice = z.infer<typeof NoticeSchema>;

export const NOTICE_LAYOUT: ZeekField[] = [
  ...ZEEK_CONN_HEAD,
  { name: 'fuid', type: 'string' }, { name: 'file_mime_type', type: 'string' }, { name: 'file_desc', type: 'string' },
  { name: 'proto', type: 'enum' }, { name: 'note', type: 'enum' }, { name: 'msg', type: 'string' }, { name: 'sub', type: 'string' },
  { name: 'src', type: 'addr' }, { name: 'dst', type: 'addr' }, { name: 'p', type: 'port' }, { name: 'n', type: 'count' },
  { name: 'peer_descr', type: 'string' }, { name: 'actions', type: 'set[enum]' }, { name: 'email_dest', type: 'set[string]' },
  { name: 'suppress_for', type: 'interval' },
];
