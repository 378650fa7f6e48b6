// FTP commands and replies (Zeek ftp.log). Field names and meanings are Zeek's; every field but the identifying ones is optional,
// because analyzers fill what the traffic shows.
import { z } from 'zod';
import { ConnIdSchema } from '../conn.js';
import { ZEEK_CONN_HEAD, type ZeekField } from '../zeek-layout.js';

export const FtpSchema = z.object({
  ts: z.number(),
  id: ConnIdSchema,
  uid: z.string(),
  user: z.string().optional(),
  password: z.string().optional(),
  command: z.string().optional(),
  arg: z.string().optional(),
  mime_type: z.string().optional(),
  file_size: z.number().int().nonnegative().optional(),
  reply_code: z.number().int().nonnegative().optional(),
  reply_msg: z.string().optional(),
  data_channel: z.object({ passive: z.boolean().optional(), orig_h: z.string().optional(), resp_h: z.string().optional(), resp_p: z.number().int().min(0).max(65535).optional() }).optional(),
  fuid: z.string().optional(),
});
export type Ftp = z.infer<typeof FtpSchema>;

/** ftp.log columns in Zeek's order. */
export const FTP_LAYOUT: ZeekField[] = [
  ...ZEEK_CONN_HEAD,
  { name: 'user', type: 'string' },
  { name: 'password', type: 'string' },
  { name: 'command', type: 'string' },
  { name: 'arg', type: 'string' },
  { name: 'mime_type', type: 'string' },
  { name: 'file_size', type: 'count' },
  { name: 'reply_code', type: 'count' },
  { name: 'reply_msg', type: 'string' },
  { name: 'data_channel.passive', type: 'bool' },
  { name: 'data_channel.orig_h', type: 'addr' },
  { name: 'data_channel.resp_h', type: 'addr' },
  { name: 'data_channel.resp_p', type: 'port' },
  { name: 'fuid', type: 'string' },
];
