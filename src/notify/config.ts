// The notification configuration (YAML, zod-validated at load with messages that name the field and
// say what to fix): named channels (email, syslog, webhook), routes from alert levels and kinds to
// channels, and how hard delivery tries. It can stand alone or sit under `notify:` in the service
// configuration of `mamori run`.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../schema/errors.js';
import { LANGUAGES, NOTIFICATION_KINDS } from './types.js';

const Language = z.enum(LANGUAGES, 'must be en or ja');

const TimeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Asia/Tokyo or UTC');

/** A secret: the value itself, or where to read it (an environment variable, a file), so it need not sit in the YAML. */
const Secret = z.union([z.string().min(1), z.object({ env: z.string().min(1) }).strict(), z.object({ file: z.string().min(1) }).strict()], {
  error: 'must be a string, { env: VARIABLE } or { file: /path }',
});
export type SecretRef = z.infer<typeof Secret>;

const Port = z.number().int().min(1).max(65535);

const RateLimit = z
  .object({
    /** at most this many messages … */
    count: z.number().int().min(1),
    /** … in this many seconds; more wait their turn in the outbox (never dropped) */
    per_seconds: z.number().min(1),
  })
  .strict();

const Common = {
  /** language of the messages (an e-mail recipient may override it) */
  language: Language.default('en'),
  /** time zone of times in messages; default Asia/Tokyo for ja, UTC for en */
  time_zone: TimeZone.optional(),
  rate_limit: RateLimit.optional(),
  enabled: z.boolean().default(true),
};

const Recipient = z.union([z.email('must be an e-mail address'), z.object({ address: z.email('must be an e-mail address'), language: Language.optional() }).strict()]);

const EmailChannel = z
  .object({
    type: z.literal('email'),
    host: z.string().min(1),
    /** default 465 with security tls, else 587 (25 with security none) */
    port: Port.optional(),
    /** none: plain; starttls: STARTTLS required; tls: implicit TLS */
    security: z.enum(['none', 'starttls', 'tls'], 'must be none, starttls or tls').default('starttls'),
    auth: z.object({ user: z.string().min(1), password: Secret }).strict().optional(),
    /** `mamori@example.co.jp` or `Mamori <mamori@example.co.jp>` */
    from: z.string().regex(/^(?:[^<>\r\n]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/, 'must be an e-mail address, optionally with a name: Mamori <mamori@example.co.jp>'),
    recipients: z.array(Recipient).min(1, 'give at least one recipient'),
    /** PEM file of the CA that signed the server's certificate (default: the system's) */
    ca_file: z.string().optional(),
    tls_servername: z.string().optional(),
    /** false accepts any server certificate: only for testing */
    reject_unauthorized: z.boolean().default(true),
    timeout_ms: z.number().int().min(100).max(600_000).default(30_000),
    ...Common,
  })
  .strict();

const FACILITIES: Record<string, number> = { kern: 0, user: 1, mail: 2, daemon: 3, auth: 4, syslog: 5, lpr: 6, news: 7, uucp: 8, cron: 9, authpriv: 10, ftp: 11, ntp: 12, audit: 13, alert: 14, clock: 15, local0: 16, local1: 17, local2: 18, local3: 19, local4: 20, local5: 21, local6: 22, local7: 23 };

const Facility = z.union([z.number().int().min(0).max(23), z.enum(Object.keys(FACILITIES) as [string, ...string[]])], { error: `must be 0–23 or one of ${Object.keys(FACILITIES).join(', ')}` }).transform((f) => (typeof f === 'number' ? f : FACILITIES[f]!));

const SyslogChannel = z
  .object({
    type: z.literal('syslog'),
    protocol: z.enum(['udp', 'tcp', 'tls'], 'must be udp, tcp or tls').default('tcp'),
    host: z.string().min(1),
    /** default 6514 for tls, else 514 */
    port: Port.optional(),
    /** rfc5424: text with structured data; cef: a CEF record as the message, for SIEMs */
    format: z.enum(['rfc5424', 'cef'], 'must be rfc5424 or cef').default('rfc5424'),
    facility: Facility.default(4),
    hostname: z.string().optional(),
    app_name: z.string().default('mamori'),
    enterprise_id: z.number().int().min(1).default(32473),
    ca_file: z.string().optional(),
    /** client certificate and key for mutual TLS */
    cert_file: z.string().optional(),
    key_file: z.string().optional(),
    tls_servername: z.string().optional(),
    reject_unauthorized: z.boolean().default(true),
    max_datagram: z.number().int().min(480).max(65_000).default(2048),
    timeout_ms: z.number().int().min(100).max(600_000).default(10_000),
    ...Common,
  })
  .strict();

const WebhookChannel = z
  .object({
    type: z.literal('webhook'),
    /** json: the notification as JSON; slack / teams: their message formats */
    flavor: z.enum(['json', 'slack', 'teams'], 'must be json, slack or teams').default('json'),
    /** a chat webhook URL is itself a secret: { env: SLACK_WEBHOOK_URL } keeps it out of the file */
    url: Secret,
    /** HMAC-SHA256 key for the X-Mamori-Signature header */
    secret: Secret.optional(),
    bearer_token: Secret.optional(),
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/, 'header names are letters, digits and -'), z.string()).optional(),
    ca_file: z.string().optional(),
    reject_unauthorized: z.boolean().default(true),
    timeout_ms: z.number().int().min(100).max(600_000).default(10_000),
    ...Common,
  })
  .strict();

const Channel = z.discriminatedUnion('type', [EmailChannel, SyslogChannel, WebhookChannel], { error: 'type must be email, syslog or webhook' });
export type ChannelConfig = z.infer<typeof Channel>;

const Level = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)], { error: 'levels are 0, 1, 2 or 3' });

const Route = z
  .object({
    channels: z.array(z.string()).min(1, 'name at least one channel'),
    /** the alert levels this route carries (default all); or give min_level */
    levels: z.array(Level).min(1).optional(),
    min_level: Level.optional(),
    /** default incident and system: breaches are many, route them only on purpose */
    kinds: z.array(z.enum(NOTIFICATION_KINDS, 'kinds are incident, breach or system')).min(1).default(['incident', 'system']),
  })
  .strict()
  .refine((r) => r.levels === undefined || r.min_level === undefined, { message: 'give levels or min_level, not both' });
export type RouteConfig = z.infer<typeof Route>;

export const DeliverySchema = z
  .object({
    /**
     * attempts per message and channel before it is marked failed; at the 15-minute cap, 200
     * attempts span about two days, so max_age_seconds is what normally ends the retrying
     */
    max_attempts: z.number().int().min(1).max(10_000).default(200),
    /** a message still undelivered this long after it was raised is marked failed */
    max_age_seconds: z.number().int().min(1).default(2 * 86400),
    /** the first retry waits about this long; each next one twice as long (with jitter) … */
    initial_delay_ms: z.number().int().min(1).default(5_000),
    /** … up to this */
    max_delay_ms: z.number().int().min(1).default(15 * 60_000),
    /** delivered and failed entries are removed from the outbox after this long */
    keep_seconds: z.number().int().min(0).default(7 * 86400),
  })
  .strict();
export type DeliveryConfig = z.infer<typeof DeliverySchema>;

const CHANNEL_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export const NotifyConfigSchema = z
  .object({
    // names go into outbox keys and `name:lang` delivery names
    channels: z.record(z.string().regex(CHANNEL_NAME), Channel, { error: (i) => (i.code === 'invalid_key' ? 'channel names are lower-case letters, digits, - and _ (at most 63)' : undefined) }),
    routes: z.array(Route).default([]),
    delivery: DeliverySchema.default(DeliverySchema.parse({})),
  })
  .strict()
  .superRefine((c, ctx) => {
    c.routes.forEach((r, i) =>
      r.channels.forEach((name, j) => {
        if (!(name in c.channels)) ctx.addIssue({ code: 'custom', path: ['routes', i, 'channels', j], message: `no channel named "${name}" (channels: ${Object.keys(c.channels).join(', ') || 'none'})` });
      }),
    );
  });
export type NotifyConfig = z.infer<typeof NotifyConfigSchema>;

function problems(name: string, error: z.ZodError): ConfigError {
  const lines = error.issues.map((i) => `  ${i.path.join('.') || '(top level)'}: ${i.message}`);
  return new ConfigError('bad_config', `${name} has ${lines.length} problem(s):\n${lines.join('\n')}`);
}

/** Validates a parsed config object (the notify section itself). */
export function parseNotifyConfig(raw: unknown, name = 'notify config'): NotifyConfig {
  const r = NotifyConfigSchema.safeParse(raw);
  if (!r.success) throw problems(name, r.error);
  return r.data;
}

/** Reads a YAML file: a notify config, or a service config with a `notify:` section. */
export function loadNotifyConfig(path: string): NotifyConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError('config_not_found', `cannot read ${path}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new ConfigError('bad_config', `${path} is not valid YAML: ${(err as Error).message}`);
  }
  const section = raw !== null && typeof raw === 'object' && 'notify' in raw ? (raw as { notify: unknown }).notify : raw;
  return parseNotifyConfig(section, 'notify' in ((raw as object | null) ?? {}) ? `${path} (notify)` : path);
}
