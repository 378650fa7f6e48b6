// The response configuration (YAML, validated with zod; every error names the field). Secure by
// default: without a config, or with `mode` left out, nothing is ever blocked — actions are only
// recorded as what would have been done (passive).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { ACTION_KINDS, ACTION_MODES } from '../schema/action.js';
import { ConfigError } from '../schema/errors.js';
import { DEFAULT_INTERNAL_NETS, parseAddr, parseCidr } from './address.js';
import { durationSeconds } from './duration.js';

const Duration = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const s = durationSeconds(v);
  if (s === undefined) {
    ctx.addIssue({ code: 'custom', message: `must be a duration like 30m, 2h or 1d (or seconds), not ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return s;
});
const Ip = z.string().refine((s) => parseAddr(s) !== undefined, { message: 'must be an IPv4 or IPv6 address' });
const CidrText = z.string().refine((s) => parseCidr(s) !== undefined, { message: 'must be an address or a network like 10.0.0.0/24 (host bits zero)' });
const Port = z.number().int().min(1).max(65535);
const Mode = z.enum(ACTION_MODES);
const Name = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'names are lower-case letters, digits, - and _');
const Secret = z.union([z.string().min(1), z.object({ env: z.string().min(1) }).strict(), z.object({ file: z.string().min(1) }).strict()], {
  error: 'must be a string, { env: VARIABLE } or { file: /path }',
});
export type SecretRef = z.infer<typeof Secret>;

const Rule = z
  .object({
    /** a model id or pattern: `compromise/*`, `device/port-scan` */
    model: z.string().min(1).optional(),
    /** a device id, an address or a network */
    device: z.string().min(1).optional(),
    peer_group: z.string().min(1).optional(),
    /** what to do (`none`: never act on these breaches) */
    action: z.enum([...ACTION_KINDS, 'none']).optional(),
    mode: Mode.optional(),
    duration: Duration.optional(),
    /** quarantine_device: which traffic of the device */
    direction: z.enum(['in', 'out', 'both']).optional(),
  })
  .strict()
  .refine((r) => r.model !== undefined || r.device !== undefined || r.peer_group !== undefined, { message: 'a rule needs at least one of model, device or peer_group' })
  .refine((r) => r.action !== undefined || r.mode !== undefined || r.duration !== undefined || r.direction !== undefined, { message: 'a rule must set action, mode, duration or direction' });
export type ResponseRule = z.infer<typeof Rule>;

const Hook = z.enum(['forward', 'input', 'output']);
const NftablesExec = z
  .object({
    type: z.literal('nftables'),
    name: Name.optional(),
    /** the dedicated table (family inet): Mamori touches nothing else */
    table: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'a table name is lower-case letters, digits and _').default('mamori'),
    hooks: z.array(Hook).min(1).default(['forward']),
    /** before the usual filter chains (priority 0), so a drop here wins */
    priority: z.number().int().min(-400).max(400).default(-10),
    /** run inside this network namespace (`ip netns exec`), for tests */
    netns: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a namespace name is letters, digits, ., - and _').optional(),
    /** the nft binary */
    nft: z.string().min(1).default('nft'),
    timeout_ms: z.number().int().min(100).max(120_000).default(10_000),
  })
  .strict();
const WebhookExec = z
  .object({
    type: z.literal('webhook'),
    name: Name.optional(),
    url: Secret,
    /** HMAC-SHA256 key: X-Mamori-Signature, as notify's webhooks */
    secret: Secret.optional(),
    bearer_token: Secret.optional(),
    timeout_ms: z.number().int().min(100).max(120_000).default(5000),
    max_attempts: z.number().int().min(1).max(20).default(5),
    initial_backoff_ms: z.number().int().min(0).max(600_000).default(1000),
    max_backoff_ms: z.number().int().min(0).max(600_000).default(30_000),
    /** PEM file of the CA of an internal receiver */
    ca_file: z.string().optional(),
  })
  .strict();
const CommandExec = z
  .object({
    type: z.literal('command'),
    name: Name.optional(),
    /** program and arguments, run without a shell */
    argv: z.array(z.string().min(1)).min(1),
    timeout_ms: z.number().int().min(100).max(600_000).default(10_000),
  })
  .strict();
const Executor = z.discriminatedUnion('type', [NftablesExec, WebhookExec, CommandExec]);
export type ExecutorConfig = z.infer<typeof Executor>;

export const ResponseConfigSchema = z
  .object({
    mode: Mode.default('passive'),
    /** record everything, send nothing to the executors */
    dry_run: z.boolean().default(false),
    /** breaches scored below this lead to no action */
    min_score: z.number().int().min(0).max(100).default(60),
    default_duration: Duration.default(3600),
    /** an action awaiting confirmation for longer expires */
    confirm_timeout: Duration.default(1800),
    /** no action lasts (or is extended) longer than this in one go */
    max_duration: Duration.default(7 * 86_400),
    rules: z.array(Rule).default([]),
    incidents: z
      .object({
        /** incidents at this level or above quarantine their devices (null: never) */
        quarantine_at_level: z.union([z.literal(1), z.literal(2), z.literal(3), z.null()]).default(3),
        direction: z.enum(['in', 'out', 'both']).default('both'),
        /** incidents at this level or above block their external destinations for everyone … */
        block_endpoints_at_level: z.union([z.literal(1), z.literal(2), z.literal(3), z.null()]).default(3),
        /** … when at least this many of its devices are involved */
        min_devices_for_endpoint: z.number().int().min(1).default(2),
        /** default: the mode the rules give the device */
        mode: Mode.optional(),
        duration: Duration.optional(),
      })
      .strict()
      .default({ quarantine_at_level: 3, direction: 'both', block_endpoints_at_level: 3, min_devices_for_endpoint: 2 }),
    never_act: z
      .object({
        ips: z.array(CidrText).default([]),
        /** device types as entities infer them */
        device_types: z.array(z.string()).default(['domain_controller', 'gateway', 'dns_server']),
        /** device ids */
        devices: z.array(z.string()).default([]),
      })
      .strict()
      .default({ ips: [], device_types: ['domain_controller', 'gateway', 'dns_server'], devices: [] }),
    /** always accepted before any Mamori drop rule; never a target */
    management: z
      .object({ ips: z.array(Ip).default([]), ports: z.array(Port).default([]) })
      .strict()
      .default({ ips: [], ports: [] }),
    limits: z
      .object({ max_active: z.number().int().min(0).default(50), max_per_hour: z.number().int().min(0).default(20) })
      .strict()
      .default({ max_active: 50, max_per_hour: 20 }),
    /** enforce_*: the resolvers a device may always reach on port 53, so enforcing a pattern of life does not silently cut DNS */
    enforce: z
      .object({ dns_servers: z.array(Ip).default([]) })
      .strict()
      .default({ dns_servers: [] }),
    /** not external: block_endpoint never targets these */
    internal_nets: z.array(CidrText).default(DEFAULT_INTERNAL_NETS),
    executors: z.array(Executor).default([]),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.executors.forEach((e, i) => {
      const name = executorName(e, i, c.executors);
      if (seen.has(name)) ctx.addIssue({ code: 'custom', path: ['executors', i, 'name'], message: `two executors are named "${name}": give each a distinct name` });
      seen.add(name);
    });
  });
export type ResponseConfig = z.infer<typeof ResponseConfigSchema>;

/** An executor's name: its own, else its type (numbered when the type appears more than once). */
export function executorName(e: ExecutorConfig, i: number, all: readonly ExecutorConfig[]): string {
  if (e.name) return e.name;
  const same = all.filter((x) => x.type === e.type && !x.name);
  return same.length > 1 ? `${e.type}-${same.indexOf(e) + 1}` : e.type;
}

function problems(name: string, error: z.ZodError): ConfigError {
  const lines = error.issues.map((i) => `  ${i.path.join('.') || '(top level)'}: ${i.message}`);
  return new ConfigError('bad_config', `${name} has ${lines.length} problem(s):\n${lines.join('\n')}`);
}

/** Validates a parsed config object (the response section itself); `{}` gives the defaults. */
export function parseResponseConfig(raw: unknown, name = 'response config'): ResponseConfig {
  const r = ResponseConfigSchema.safeParse(raw ?? {});
  if (!r.success) throw problems(name, r.error);
  return r.data;
}

/** Reads a YAML file: a response config, or a service config with a `response:` section. */
export function loadResponseConfig(file: string): ResponseConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError('config_not_found', `cannot read ${file}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new ConfigError('bad_config', `${file} is not valid YAML: ${(err as Error).message}`);
  }
  const nested = raw !== null && typeof raw === 'object' && 'response' in raw;
  return parseResponseConfig(nested ? (raw as { response: unknown }).response : raw, nested ? `${file} (response)` : file);
}
