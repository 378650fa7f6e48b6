// SMTP transactions (Zeek smtp.log). Field names and meanings are Zeek's; every field but the identifying ones is optional,
// because analyzers fill what the traffic shows.
import { z } from 'zod';
import { ConnIdSchema } from '../conn.js';
import { ZEEK_CONN_HEAD, type ZeekField } from '../zeek-layout.js';

export const SmtpSchema = z.object({
  ts: z.number(),
  id: ConnIdSchema,
  uid: z.string(),
  trans_depth: z.number().int().nonnegative().optional(),
  helo: z.string().optional(),
  mailfrom: z.string().optional(),
  rcptto: z.array(z.string()).optional(),
  date: z.string().optional(),
  from: z.string().optional(),
  to: z.array(z.string()).optional(),
  cc: z.array(z.string()).optional(),
  reply_to: z.string().optional(),
  msg_id: z.string().optional(),
  in_reply_to: z.string().optional(),
  subject: z.string().optional(),
  x_originating_ip: z.string().optional(),
  first_received: z.string().optional(),
  second_received: z.string().optional(),
  last_reply: z.string().optional(),
  path: z.array(z.string()).optional(),
  user_agent: z.string().optional(),
  tls: z.boolean().optional(),
  fuids: z.array(z.string()).optional(),
});
export type Smtp = z.infer<typeof SmtpSchema>;

/** smtp.log columns in Zeek's order. */
export const SMTP_LAYOUT: ZeekField[] = [
  ...ZEEK_CONN_HEAD,
  { name: 'trans_depth', type: 'count' },
  { name: 'helo', type: 'string' },
  { name: 'mailfrom', type: 'string' },
  { name: 'rcptto', type: 'set[string]' },
  { name: 'date', type: 'string' },
  { name: 'from', type: 'string' },
  { name: 'to', type: 'set[string]' },
  { name: 'cc', type: 'set[string]' },
  { name: 'reply_to', type: 'string' },
  { name: 'msg_id', type: 'string' },
  { name: 'in_reply_to', type: 'string' },
  { name: 'subject', type: 'string' },
  { name: 'x_originating_ip', type: 'addr' },
  { name: 'first_received', type: 'string' },
  { name: 'second_received', type: 'string' },
  { name: 'last_reply', type: 'string' },
  { name: 'path', type: 'vector[addr]' },
  { name: 'user_agent', type: 'string' },
  { name: 'tls', type: 'bool' },
  { name: 'fuids', type: 'vector[string]' },
];
