// Software Zeek saw in use (software.log): browsers, servers, SSH clients with versions.
import { z } from 'zod';
import type { ZeekField } from '../zeek-layout.js';

export const SoftwareSchema = z.object({
  ts: z.number(),
  host: z.string(),
  host_p: z.number().int().optional(),
  software_type: z.string().optional(),
  name: z.string().optional(),
  version: z.object({ major: z.number().int().optional(), minor: z.number().int().optional(), minor2: z.number().int().optional(), minor3: z.number().int().optional(), addl: z.string().optional() }).optional(),
  unparsed_version: z.string().optional(),
  url: z.string().optional(),
});
export type Software = z.infer<typeof SoftwareSchema>;

export const SOFTWARE_LAYOUT: ZeekField[] = [
  { name: 'ts', type: 'time' }, { name: 'host', type: 'addr' }, { name: 'host_p', type: 'port' }, { name: 'software_type', type: 'enum' },
  { name: 'name', type: 'string' }, { name: 'version.major', type: 'count' }, { name: 'version.minor', type: 'count' },
  { name: 'version.minor2', type: 'count' }, { name: 'version.minor3', type: 'count' }, { name: 'version.addl', type: 'string' },
  { name: 'unparsed_version', type: 'string' }, { name: 'url', type: 'string' },
];
