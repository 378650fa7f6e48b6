// From configuration to notifiers: secrets read from where the config says (never printed), CA and
// key files read, default ports filled in, and an e-mail channel whose recipients read different
// languages split into one notifier per language (`soc-mail:en`, `soc-mail:ja`), each delivered and
// retried on its own.
import { readFileSync } from 'node:fs';
import { ConfigError } from '../schema/errors.js';
import type { ChannelConfig, NotifyConfig, SecretRef } from './config.js';
import { SmtpNotifier } from './email/smtp-notifier.js';
import { SyslogNotifier } from './syslog/syslog-notifier.js';
import type { Language, Notifier } from './types.js';
import { WebhookNotifier } from './webhook/webhook-notifier.js';

export interface BuildEnvironment {
  env?: Record<string, string | undefined>;
  readFile?: (path: string) => string;
}

function secret(ref: SecretRef, what: string, b: Required<BuildEnvironment>): string {
  if (typeof ref === 'string') return ref;
  if ('env' in ref) {
    const v = b.env[ref.env];
    if (!v) throw new ConfigError('missing_secret', `${what}: the environment variable ${ref.env} is not set`);
    return v;
  }
  return readText(ref.file, what, b).trim();
}

function readText(path: string, what: string, b: Required<BuildEnvironment>): string {
  try {
    return b.readFile(path);
  } catch (e) {
    throw new ConfigError('config_not_found', `${what}: cannot read ${path}: ${(e as Error).message}`);
  }
}

function email(name: string, c: ChannelConfig & { type: 'email' }, b: Required<BuildEnvironment>): Notifier[] {
  const groups = new Map<Language, string[]>();
  for (const r of c.recipients) {
    const [address, language] = typeof r === 'string' ? [r, c.language] : [r.address, r.language ?? c.language];
    groups.set(language, [...(groups.get(language) ?? []), address]);
  }
  const auth = c.auth && { user: c.auth.user, pass: secret(c.auth.password, `channel ${name}: auth.password`, b) };
  const ca = c.ca_file === undefined ? undefined : readText(c.ca_file, `channel ${name}: ca_file`, b);
  const port = c.port ?? (c.security === 'tls' ? 465 : c.security === 'none' ? 25 : 587);
  return [...groups].map(
    ([language, to]) =>
      new SmtpNotifier({
        name: groups.size > 1 ? `${name}:${language}` : name,
        channel: name,
        host: c.host,
        port,
        security: c.security,
        auth,
        from: c.from,
        to,
        language,
        timeZone: c.time_zone,
        ca,
        servername: c.tls_servername,
        rejectUnauthorized: c.reject_unauthorized,
        timeoutMs: c.timeout_ms,
      }),
  );
}

function syslog(name: string, c: ChannelConfig & { type: 'syslog' }, b: Required<BuildEnvironment>): Notifier {
  const file = (p: string | undefined, what: string) => (p === undefined ? undefined : readText(p, `channel ${name}: ${what}`, b));
  return new SyslogNotifier({
    name,
    protocol: c.protocol,
    host: c.host,
    port: c.port ?? (c.protocol === 'tls' ? 6514 : 514),
    format: c.format,
    facility: c.facility,
    hostname: c.hostname,
    appName: c.app_name,
    enterpriseId: c.enterprise_id,
    language: c.language,
    timeZone: c.time_zone,
    maxDatagram: c.max_datagram,
    timeoutMs: c.timeout_ms,
    tls: { ca: file(c.ca_file, 'ca_file'), cert: file(c.cert_file, 'cert_file'), key: file(c.key_file, 'key_file'), servername: c.tls_servername, rejectUnauthorized: c.reject_unauthorized },
  });
}

function webhook(name: string, c: ChannelConfig & { type: 'webhook' }, b: Required<BuildEnvironment>): Notifier {
  const url = secret(c.url, `channel ${name}: url`, b);
  try {
    new URL(url);
  } catch {
    // the URL may hold a token: say where it came from, not what it is
    throw new ConfigError('bad_config', `channel ${name}: url is not a valid http(s) URL`);
  }
  return new WebhookNotifier({
    name,
    url,
    flavor: c.flavor,
    language: c.language,
    timeZone: c.time_zone,
    secret: c.secret && secret(c.secret, `channel ${name}: secret`, b),
    bearerToken: c.bearer_token && secret(c.bearer_token, `channel ${name}: bearer_token`, b),
    headers: c.headers,
    timeoutMs: c.timeout_ms,
    ca: c.ca_file === undefined ? undefined : readText(c.ca_file, `channel ${name}: ca_file`, b),
    rejectUnauthorized: c.reject_unauthorized,
  });
}

/** The notifiers of every enabled channel (or of the named ones). */
export function buildNotifiers(config: NotifyConfig, environment: BuildEnvironment = {}, only?: readonly string[]): Notifier[] {
  const b: Required<BuildEnvironment> = { env: environment.env ?? process.env, readFile: environment.readFile ?? ((p) => readFileSync(p, 'utf8')) };
  const out: Notifier[] = [];
  for (const [name, c] of Object.entries(config.channels)) {
    if (only ? !only.includes(name) : !c.enabled) continue;
    if (c.type === 'email') out.push(...email(name, c, b));
    else if (c.type === 'syslog') out.push(syslog(name, c, b));
    else out.push(webhook(name, c, b));
  }
  return out;
}
