// The service configuration (YAML), validated at load with messages that say what to fix.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { NotifyConfigSchema } from '../notify/config.js';
import { ConfigError } from '../schema/errors.js';

const Listen = z.string().regex(/^[\w.:[\]-]+:\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:2055');

const Source = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('directory'),
    /** a directory of Zeek logs (TSV or JSON, plain or gzip); new and growing files are read */
    path: z.string().min(1),
    /** only files whose name matches (a regular expression), default: *.log and *.log.gz */
    match: z.string().default('\\.log(\\.gz)?$'),
    name: z.string().optional(),
  }),
  z.object({
    type: z.literal('interface'),
    name: z.string().min(1),
    filter: z.string().optional(),
    /** capture inside this network namespace (ip netns exec) */
    netns: z.string().regex(/^[\w.-]+$/, 'a network namespace name').optional(),
  }),
  z.object({ type: z.literal('netflow'), listen: Listen, name: z.string().optional() }),
]);

export const ServiceConfigSchema = z.object({
  /** where normalised logs go */
  output: z.object({ dir: z.string().min(1) }),
  /** where offsets and checkpoints are kept (must survive restarts) */
  state_dir: z.string().min(1),
  /** how often directories are scanned, in milliseconds */
  poll_ms: z.number().int().min(50).max(60_000).default(1000),
  sources: z.array(Source).min(1, 'give at least one source'),
  /** Prometheus metrics and health, on loopback unless you say otherwise */
  metrics: z.object({ listen: Listen }).optional(),
  /**
   * notification channels and routes (src/notify), validated here so one file configures both;
   * `mamori notify test --config` uses it. The service starts delivering once the analyst stage
   * runs in it (it has no incidents to send yet).
   */
  notify: NotifyConfigSchema.optional(),
  /** connection tracking of live interfaces */
  flow: z
    .object({
      /** seconds a closed TCP connection waits for stragglers before it is logged (Zeek's tcp_close_delay, 5); shorter = faster detection and response */
      tcp_close_delay: z.number().min(0).max(60).default(5),
      /**
       * accept packets with bad checksums (Zeek's -C): needed when capturing on the host's own
       * interfaces, whose outgoing packets carry checksums the NIC fills in later (offload)
       */
      ignore_checksums: z.boolean().default(false),
    })
    .optional(),
  /** learning, the models and the analyst on what the sources see, into the store */
  detect: z
    .object({
      /** the database (DuckDB file) for observations, breaches, incidents, actions */
      db: z.string().min(1),
      /** a models directory instead of the built-in library */
      models: z.string().optional(),
      local_nets: z.array(z.string()).optional(),
      /** seconds an observation may arrive late and still be learned in order */
      reorder_horizon: z.number().min(0).max(600).default(1),
    })
    .optional(),
  /** the response engine's configuration file (src/response/README.md); needs detect */
  response: z.string().min(1).optional(),
  /** scheduled reports (twice daily: two times) written to a folder, each announced as a system notification; needs detect */
  reports: z
    .object({
      dir: z.string().min(1),
      /** times of day, HH:MM, in utc_offset's zone; each report covers the time since the previous one */
      times: z.array(z.string().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'a time of day HH:MM')).min(1).default(['08:00']),
      utc_offset: z.string().regex(/^[+-](0\d|1[0-4]):?[0-5]\d$/, '±HH:MM such as +09:00').default('+00:00'),
      languages: z.array(z.enum(['en', 'ja'])).min(1).default(['en']),
      formats: z.array(z.enum(['text', 'html', 'pdf'])).min(1).default(['html']),
    })
    .optional(),
  /** the API and the Threat Visualizer, on loopback unless you say otherwise; needs detect */
  api: z.object({ listen: Listen }).optional(),
});
export type ServiceConfig = z.infer<typeof ServiceConfigSchema>;
export type SourceConfig = ServiceConfig['sources'][number];

export function parseServiceConfig(text: string, name = 'config'): ServiceConfig {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new ConfigError('bad_config', `${name} is not valid YAML: ${(err as Error).message}`);
  }
  const r = ServiceConfigSchema.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new ConfigError('bad_config', `${name} has ${lines.length} problem(s):\n${lines.join('\n')}`);
  }
  if ((r.data.response || r.data.api || r.data.reports) && !r.data.detect) throw new ConfigError('bad_config', `${name}: "response", "api" and "reports" need a "detect" section (the database they work on)`);
  return r.data;
}

export function loadServiceConfig(path: string): ServiceConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError('config_not_found', `cannot read ${path}: ${(err as Error).message}`);
  }
  return parseServiceConfig(text, path);
}
