import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadResponseConfig, parseResponseConfig } from './config.js';
import { parseAddr, parseCidr, contains } from './address.js';
import { executorsFromConfig } from './executors/from-config.js';
import { NftablesExecutor } from './executors/nftables.js';
import { WebhookExecutor } from './executors/webhook.js';
import { CommandExecutor } from './executors/command.js';
import { durationSeconds, formatDuration } from './duration.js';

const dir = mkdtempSync(join(tmpdir(), 'mamori-response-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('response config', () => {
  it('is passive, never-acting on gateways, DCs and DNS servers, with nothing configured', () => {
    const c = parseResponseConfig({});
    expect(c).toMatchObject({ mode: 'passive', dry_run: false, min_score: 60, default_duration: 3600, confirm_timeout: 1800, limits: { max_active: 50, max_per_hour: 20 }, executors: [] });
    expect(c.never_act.device_types).toEqual(['domain_controller', 'gateway', 'dns_server']);
  });

  it('reads the sketch from the brief, durations and all, from YAML (or a response: section)', () => {
    const yaml = `
mode: passive
dry_run: false
min_score: 60
default_duration: 1h
confirm_timeout: 30m
rules:
  - { model: "compromise/*", action: block_connection, mode: active, duration: 2h }
  - { device: 10.0.0.0/24, mode: confirm }
  - { peer_group: g3, mode: passive }
incidents: { quarantine_at_level: 3, mode: confirm }
never_act: { ips: [10.0.0.1/32], device_types: [domain_controller, gateway, dns_server], devices: [] }
management: { ips: [10.0.0.250], ports: [8780, 22] }
limits: { max_active: 50, max_per_hour: 20 }
executors:
  - { type: nftables, table: mamori, hooks: [forward, input, output], netns: optional-name-for-tests }
  - { type: webhook, url: https://soar.example/hooks/mamori, secret: { env: MAMORI_SOAR_SECRET }, timeout_ms: 5000, max_attempts: 5 }
  - { type: command, argv: [/usr/local/bin/fw-hook], timeout_ms: 10000 }
`;
    const file = join(dir, 'response.yaml');
    writeFileSync(file, yaml);
    const c = loadResponseConfig(file);
    expect(c.rules[0]).toMatchObject({ model: 'compromise/*', action: 'block_connection', mode: 'active', duration: 7200 });
    expect(c.incidents).toMatchObject({ quarantine_at_level: 3, mode: 'confirm', direction: 'both' });
    const nested = join(dir, 'service.yaml');
    writeFileSync(nested, 'response:\n' + yaml.split('\n').map((l) => '  ' + l).join('\n'));
    expect(loadResponseConfig(nested).rules).toHaveLength(3);
    const ex = executorsFromConfig(c, { env: { MAMORI_SOAR_SECRET: 'x' } });
    expect(ex.map((e) => [e.name, e.constructor])).toEqual([
      ['nftables', NftablesExecutor],
      ['webhook', WebhookExecutor],
      ['command', CommandExecutor],
    ]);
    expect(() => executorsFromConfig(c, { env: {} })).toThrow(/executors.1.secret: the environment variable MAMORI_SOAR_SECRET is not set/);
  });

  it('names every bad field', () => {
    let msg = '';
    try {
      parseResponseConfig({
        mode: 'aggressive',
        default_duration: '10 parsecs',
        rules: [{ mode: 'active' }, { model: 'x/*' }],
        never_act: { ips: ['10.0.0.1/33', '10.0.0.5/24'] },
        management: { ips: ['not-an-ip'] },
        executors: [{ type: 'nftables', table: 'Bad Table' }, { type: 'command', argv: [] }, { type: 'command', argv: ['/a'] }, { type: 'command', name: 'command', argv: ['/b'] }],
      });
    } catch (e) {
      msg = (e as Error).message;
    }
    for (const field of ['mode:', 'default_duration:', 'rules.0:', 'rules.1:', 'never_act.ips.0:', 'never_act.ips.1:', 'management.ips.0:', 'executors.0.table:', 'executors.1.argv:']) expect(msg).toContain(field);
    expect(() => parseResponseConfig({ bogus: 1 })).toThrow(/Unrecognized key/);
    expect(() => loadResponseConfig(join(dir, 'missing.yaml'))).toThrow(/cannot read/);
  });

  it('refuses two executors with the same name', () => {
    expect(() => parseResponseConfig({ executors: [{ type: 'command', name: 'fw', argv: ['/a'] }, { type: 'webhook', name: 'fw', url: 'http://127.0.0.1/' }] })).toThrow(/executors.1.name: two executors are named "fw"/);
    const two = parseResponseConfig({ executors: [{ type: 'command', argv: ['/a'] }, { type: 'command', argv: ['/b'] }] });
    expect(executorsFromConfig(two).map((e) => e.name)).toEqual(['command-1', 'command-2']);
  });
});

describe('durations and addresses', () => {
  it('parses and formats durations', () => {
    expect([durationSeconds('30m'), durationSeconds('2h'), durationSeconds('1d'), durationSeconds(90), durationSeconds('0h'), durationSeconds('5 years')]).toEqual([1800, 7200, 86400, 90, undefined, undefined]);
    expect([formatDuration(7200), formatDuration(5400), formatDuration(45), formatDuration(86400 * 14)]).toEqual(['2h', '90m', '45s', '2w']);
  });

  it('prints addresses canonically and refuses anything else', () => {
    expect(parseAddr('2001:DB8:0:0::1')?.text).toBe('2001:db8::1');
    expect(parseAddr('010.0.0.1')?.text).toBe('10.0.0.1');
    for (const bad of ['1.2.3.4; flush ruleset', ' 1.2.3.4', 'fe80::1%eth0', '1.2.3', '::g', '']) expect(parseAddr(bad)).toBeUndefined();
    expect(contains(parseCidr('10.0.0.0/24')!, parseAddr('10.0.0.200')!)).toBe(true);
    expect(contains(parseCidr('10.0.0.0/24')!, parseAddr('10.0.1.1')!)).toBe(false);
    expect(contains(parseCidr('fd00::/8')!, parseAddr('fd12::1')!)).toBe(true);
    expect(contains(parseCidr('0.0.0.0/0')!, parseAddr('::1')!)).toBe(false);
    expect(parseCidr('10.0.0.5/24')).toBeUndefined();
  });
});
