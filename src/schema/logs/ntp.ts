// NTP messages (Zeek ntp.log). Field names and meanings are Zeek's; every field but the identifying ones is optional,
// because analyzers fill what the traffic shows.
import { z } from 'zod';
import { ConnIdSchema } from '../conn.js';
import { ZEEK_CONN_HEAD, type ZeekField } from '../zeek-layout.js';

export const NtpSchema = z.object({
  ts: z.number(),
  id: ConnIdSchema,
  uid: z.string(),
  version: z.number().int().nonnegative().optional(),
  mode: z.number().int().nonnegative().optional(),
  stratum: z.number().int().nonnegative().optional(),
  poll: z.number().optional(),
  precision: z.number().optional(),
  root_delay: z.number().optional(),
  root_disp: z.number().optional(),
  ref_id: z.string().optional(),
  ref_time: z.number().optional(),
  org_time: z.number().optional(),
  rec_time: z.number().optional(),
  xmt_time: z.number().optional(),
  num_exts: z.number().int().nonnegative().optional(),
});
export type Ntp = z.infer<typeof NtpSchema>;

/** ntp.log columns in Zeek's order. */
export const NTP_LAYOUT: ZeekField[] = [
  ...ZEEK_CONN_HEAD,
  { name: 'version', type: 'count' },
  { name: 'mode', type: 'count' },
  { name: 'stratum', type: 'count' },
  { name: 'poll', type: 'interval' },
  { name: 'precision', type: 'interval' },
  { name: 'root_delay', type: 'interval' },
  { name: 'root_disp', type: 'interval' },
  { name: 'ref_id', type: 'string' },
  { name: 'ref_time', type: 'time' },
  { name: 'org_time', type: 'time' },
  { name: 'rec_time', type: 'time' },
  { name: 'xmt_time', type: 'time' },
  { name: 'num_exts', type: 'count' },
];
