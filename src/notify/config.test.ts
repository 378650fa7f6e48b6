// The notify configuration: a full YAML example, defaults, messages that name the field, secrets
// from the environment or files (never printed), routing by level and kind, and backoff timing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { parseServiceConfig } from '../service/config.js';
import { backoffMs, RateLimiter } from './backoff.js';
import { buildNotifiers } from './build.js';
import { loadNotifyConfig, parseNotifyConfig } from './config.js';
import { routeChannels } from './routing.js';

export const EXAMPLE = `
channels:
  soc-mail:
    type: email
    host: smtp.example.co.jp
    security: starttls
    auth: { user: mamori, password: { env: MAMORI_SMTP_PASSWORD } }
    from: Mamori 監視 <mamori@example.co.jp>
    language: ja
    recipients:
      - soc@example.co.jp
      - { address: ciso@example.com, language: en }
    rate_limit: { count: 30, per_seconds: 3600 }
  siem:
    type: syslog
    protocol: tls
    host: siem.example.co.jp
    format: cef
    facility: local4
  slack:
    type: webhook
    flavor: slack
    url: { env: SLACK_WEBHOOK_URL }
routes:
  - { channels: [soc-mail, slack], levels: [2, 3] }
  - { channels: [siem], min_level: 0, kinds: [incident, breach, system] }
delivery:
  max_attempts: 30
`;

const dir = mkdtempSync(join(tmpdir(), 'mamori-notify-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problems(raw: unknown): string {
  try {
    parseNotifyConfig(raw, 'test.yaml');
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the config to be refused');
}

describe('notify config', () => {
  it('reads the documented example with its defaults', () => {
    const c = parseNotifyConfig(parse(EXAMPLE));
    expect(c.channels['soc-mail']).toMatchObject({ type: 'email', security: 'starttls', reject_unauthorized: true, timeout_ms: 30_000, enabled: true });
    expect(c.channels['siem']).toMatchObject({ type: 'syslog', protocol: 'tls', facility: 20, format: 'cef', language: 'en' });
    expect(c.channels['slack']).toMatchObject({ type: 'webhook', flavor: 'slack', timeout_ms: 10_000 });
    expect(c.routes[0]!.kinds).toEqual(['incident', 'system']);
    expect(c.delivery).toEqual({ max_attempts: 30, max_age_seconds: 172_800, initial_delay_ms: 5000, max_delay_ms: 900_000, keep_seconds: 604_800 });
  });

  it('names each problem and says what is expected', () => {
    const msg = problems({
      channels: {
        'Bad Name': { type: 'webhook', url: 'http://x' },
        m: { type: 'email', host: 'h', from: 'not-an-address', recipients: [], language: 'fr' },
        s: { type: 'syslog', host: 'h', protocol: 'sctp', facility: 'nope' },
        w: { type: 'pager' },
        t: { type: 'webhook', url: 'http://x', time_zone: 'Mars/Olympus' },
      },
      routes: [{ channels: ['m', 'missing'], levels: [4] }, { channels: ['m'], levels: [1], min_level: 2 }],
    });
    expect(msg).toMatch(/^test\.yaml has \d+ problem\(s\):/);
    expect(msg).toContain('channels.Bad Name: channel names are lower-case letters, digits, - and _');
    expect(msg).toContain('channels.m.from: must be an e-mail address, optionally with a name');
    expect(msg).toContain('channels.m.recipients: give at least one recipient');
    expect(msg).toContain('channels.m.language: must be en or ja');
    expect(msg).toContain('channels.s.protocol: must be udp, tcp or tls');
    expect(msg).toMatch(/channels\.s\.facility: must be 0–23 or one of kern, user/);
    expect(msg).toContain('channels.w.type: type must be email, syslog or webhook');
    expect(msg).toContain('channels.t.time_zone: must be an IANA time zone such as Asia/Tokyo or UTC');
    expect(msg).toContain('routes.0.levels.0: levels are 0, 1, 2 or 3');
    expect(msg).toContain('routes.1: give levels or min_level, not both');
  });

  it('refuses a route to a channel that does not exist', () => {
    expect(problems({ channels: { a: { type: 'webhook', url: 'http://x' } }, routes: [{ channels: ['a', 'b'] }] })).toContain('routes.0.channels.1: no channel named "b" (channels: a)');
  });

  it('refuses unknown keys, so a typo is not silently ignored', () => {
    expect(problems({ channels: { a: { type: 'webhook', url: 'http://x', time_out_ms: 5 } } })).toMatch(/channels\.a: Unrecognized key.*time_out_ms/);
  });

  it('reads secrets from the environment and files, and names the variable (not a value) when one is missing', () => {
    const c = parseNotifyConfig(parse(EXAMPLE));
    const env = { MAMORI_SMTP_PASSWORD: 'pw-from-env', SLACK_WEBHOOK_URL: 'https://hooks.example/services/T1/B1/secretpart' };
    const built = buildNotifiers(c, { env });
    expect(built.map((n) => n.name)).toEqual(['soc-mail:ja', 'soc-mail:en', 'siem', 'slack']);
    expect(built.map((n) => n.describe()).join('\n')).not.toMatch(/pw-from-env|secretpart/);
    expect(() => buildNotifiers(c, { env: { MAMORI_SMTP_PASSWORD: 'x' } })).toThrow(/channel slack: url: the environment variable SLACK_WEBHOOK_URL is not set/);
    const file = join(dir, 'hook-url');
    writeFileSync(file, 'http://127.0.0.1:9/hook\n');
    const fromFile = buildNotifiers(parseNotifyConfig({ channels: { h: { type: 'webhook', url: { file } } } }));
    expect(fromFile[0]!.describe()).toContain('http://127.0.0.1:9/…');
    expect(() => buildNotifiers(parseNotifyConfig({ channels: { h: { type: 'webhook', url: { file: join(dir, 'missing') } } } }))).toThrow(/channel h: url: cannot read/);
  });

  it('builds only enabled channels, or the ones asked for', () => {
    const c = parseNotifyConfig({ channels: { a: { type: 'webhook', url: 'http://127.0.0.1:9/' }, b: { type: 'webhook', url: 'http://127.0.0.1:9/', enabled: false } } });
    expect(buildNotifiers(c).map((n) => n.name)).toEqual(['a']);
    expect(buildNotifiers(c, {}, ['b']).map((n) => n.name)).toEqual(['b']);
  });

  it('loads a standalone file or the notify section of a service config', () => {
    const standalone = join(dir, 'notify.yaml');
    writeFileSync(standalone, EXAMPLE);
    expect(Object.keys(loadNotifyConfig(standalone).channels)).toEqual(['soc-mail', 'siem', 'slack']);
    const service = join(dir, 'service.yaml');
    const text = `output: { dir: /tmp/out }\nstate_dir: /tmp/state\nsources: [{ type: netflow, listen: 127.0.0.1:2055 }]\nnotify:\n${EXAMPLE.replace(/^/gm, '  ')}`;
    writeFileSync(service, text);
    expect(Object.keys(loadNotifyConfig(service).channels)).toEqual(['soc-mail', 'siem', 'slack']);
    expect(parseServiceConfig(text).notify?.routes).toHaveLength(2);
    expect(() => parseServiceConfig(text.replace('levels: [2, 3]', 'levels: [5]'))).toThrow(/notify\.routes\.0\.levels\.0: levels are 0, 1, 2 or 3/);
  });
});

describe('routing', () => {
  const c = parseNotifyConfig(parse(EXAMPLE));
  it('sends each level and kind where the routes say', () => {
    expect(routeChannels(c.routes, { kind: 'incident', level: 3 })).toEqual(['soc-mail', 'slack', 'siem']);
    expect(routeChannels(c.routes, { kind: 'incident', level: 1 })).toEqual(['siem']);
    expect(routeChannels(c.routes, { kind: 'breach', level: 3 })).toEqual(['siem']);
    expect(routeChannels(c.routes, { kind: 'system', level: 2 })).toEqual(['soc-mail', 'slack', 'siem']);
    expect(routeChannels([{ channels: ['x'], min_level: 2, kinds: ['incident'] }], { kind: 'incident', level: 1 })).toEqual([]);
  });
});

describe('backoff and rate limits', () => {
  const o = { initialDelayMs: 1000, maxDelayMs: 60_000 };
  it('doubles each attempt, caps, and jitters within the upper half', () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a, o, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((a) => backoffMs(a, o, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffMs(30, o, () => 1)).toBe(60_000);
    expect(backoffMs(5000, o, () => 1)).toBe(60_000);
  });

  it('lets a burst through, then spaces the rest', () => {
    const r = new RateLimiter(3, 60, 0);
    expect([r.take(0), r.take(0), r.take(0)]).toEqual([0, 0, 0]);
    expect(r.take(0)).toBe(20_000);
    expect(r.take(20_000)).toBe(0);
    expect(r.take(20_000)).toBe(20_000);
  });
});
