// `mamori notify test --config <file> [--channel <name>]…`: sends a test notification through the
// configured channels and prints what each answered.
import { parseArgs } from 'node:util';
import { buildNotifiers, loadNotifyConfig, sendTestNotification } from '../notify/index.js';
import { ConfigError } from '../schema/errors.js';

const USAGE = `usage: mamori notify test --config <file.yaml> [--channel <name>]…

Sends a test notification through every enabled channel (or the ones named) and prints each
channel's result; exits 1 if any failed. The file is a notify config or a "mamori run" config with
a notify: section:

  channels:
    soc-mail:
      type: email
      host: smtp.example.co.jp            # port: 587 (starttls), 465 (tls), 25 (none)
      security: starttls                  # none | starttls | tls
      auth: { user: mamori, password: { env: MAMORI_SMTP_PASSWORD } }
      from: mamori@example.co.jp
      language: ja                        # en | ja (each recipient may override)
      recipients: [soc@example.co.jp, { address: ciso@example.com, language: en }]
      rate_limit: { count: 30, per_seconds: 3600 }
    siem:
      type: syslog
      protocol: tls                       # udp | tcp | tls (RFC 5424; octet counting on streams)
      host: siem.example.co.jp            # port: 514, or 6514 for tls
      format: cef                         # rfc5424 | cef
    slack:
      type: webhook
      flavor: slack                       # json | slack | teams
      url: { env: SLACK_WEBHOOK_URL }     # secrets: a value, { env: NAME } or { file: /path }
      secret: { file: /etc/mamori/hook.key }   # optional HMAC-SHA256 signature
  routes:
    - { channels: [soc-mail, slack], levels: [2, 3] }               # kinds default: incident, system
    - { channels: [siem], min_level: 0, kinds: [incident, breach, system] }
  delivery: { max_attempts: 200, max_age_seconds: 172800 }         # retries with backoff`;

export async function notifyCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { config: { type: 'string' }, channel: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (positionals[0] !== 'test' || positionals.length > 1) throw new ConfigError('bad_arguments', `expected "mamori notify test"\n${USAGE}`);
  if (!values.config) throw new ConfigError('missing_option', `--config <file> is required\n${USAGE}`);
  const config = loadNotifyConfig(values.config);
  const unknown = (values.channel ?? []).filter((c) => !(c in config.channels));
  if (unknown.length) throw new ConfigError('unknown_channel', `no channel named ${unknown.join(', ')} in ${values.config} (channels: ${Object.keys(config.channels).join(', ') || 'none'})`);
  const notifiers = buildNotifiers(config, {}, values.channel);
  if (notifiers.length === 0) throw new ConfigError('no_channels', `${values.config} has no enabled channel to test`);
  process.stdout.write(`sending a test notification through ${notifiers.length} channel(s)…\n`);
  const results = await sendTestNotification(notifiers);
  const width = Math.max(...results.map((r) => r.name.length));
  for (const r of results) {
    const outcome = r.result.ok ? `ok      ${r.result.detail ?? ''}` : `FAILED  ${r.result.error.code}${r.result.error.retryable ? ' (retryable)' : ''}: ${r.result.error.message}`;
    process.stdout.write(`  ${r.name.padEnd(width)}  ${outcome}  [${r.ms} ms]\n    ${r.where}\n`);
  }
  const failed = results.filter((r) => !r.result.ok).length;
  process.stdout.write(failed ? `${failed} of ${results.length} channel(s) failed\n` : `all ${results.length} channel(s) delivered\n`);
  return failed ? 1 : 0;
}
