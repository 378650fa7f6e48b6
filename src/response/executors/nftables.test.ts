// The nftables executor for real, in throwaway network namespaces: the contract suite, the rules as
// `nft list table` shows them, management rules first, restore by a new executor, and packets.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store/index.js';
import { parseResponseConfig } from '../config.js';
import { breach } from '../contract/engine-fixtures.js';
import { runExecutorContract } from '../contract/executor-contract.js';
import { ResponseEngine } from '../engine.js';
import { sampleAction } from '../contract/fixtures.js';
import { NftablesExecutor } from './nftables.js';

function unavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (network namespaces and nftables)';
  for (const bin of ['nft', 'ip']) if (spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0) return `${bin} is not installed`;
  const probe = `mamori-t-probe-${randomBytes(3).toString('hex')}`;
  if (spawnSync('ip', ['netns', 'add', probe]).status !== 0) return 'cannot create a network namespace here';
  spawnSync('ip', ['netns', 'del', probe]);
  return undefined;
}
const skip = unavailable();
const ns = `mamori-t-${randomBytes(4).toString('hex')}`;
const MGMT = { ips: ['10.66.0.250', 'fd00::250'], ports: [22, 8780] };
const inNs = (...args: string[]) => execFileSync('ip', ['netns', 'exec', ns, ...args], { encoding: 'utf8' });
const make = (name?: string) => new NftablesExecutor({ netns: ns, hooks: ['forward', 'input'], management: MGMT, ...(name ? { name } : {}) });

beforeAll(() => {
  if (!skip) execFileSync('ip', ['netns', 'add', ns]);
});
afterAll(() => {
  if (!skip) spawnSync('ip', ['netns', 'del', ns]);
});

runExecutorContract(
  'nftables',
  async () => {
    const executor = make();
    return { executor, sideEffects: () => executor.runs };
  },
  skip ? { skip } : {},
);

describe.skipIf(!!skip)('nftables executor', () => {
  it('puts the rules in a dedicated table, tagged with the action id, management accepts first in every chain', async () => {
    const ex = make();
    const a = sampleAction('block_connection', 'nft-rules-1');
    expect(await ex.apply(a)).toMatchObject({ ok: true });
    const text = inNs('nft', 'list', 'table', 'inet', 'mamori');
    expect(text).toMatch(/chain forward \{\s+type filter hook forward priority filter - 10; policy accept;/);
    expect(text).toMatch(/chain input \{\s+type filter hook input priority filter - 10; policy accept;/);
    expect(text).toContain('ip saddr 10.66.0.5 ip daddr 203.0.113.9 tcp dport 443 drop comment "mamori:nft-rules-1"');
    expect(text).toContain('ip saddr 203.0.113.9 ip daddr 10.66.0.5 tcp sport 443 drop comment "mamori:nft-rules-1"');
    const rules = JSON.parse(inNs('nft', '-j', 'list', 'table', 'inet', 'mamori')).nftables.filter((x: { rule?: unknown }) => x.rule).map((x: { rule: { chain: string; comment?: string } }) => x.rule);
    for (const chain of ['forward', 'input']) {
      const comments = rules.filter((r: { chain: string }) => r.chain === chain).map((r: { comment?: string }) => r.comment);
      const firstAction = comments.findIndex((c: string | undefined) => c !== 'mamori:management');
      const lastMgmt = comments.lastIndexOf('mamori:management');
      expect(lastMgmt).toBeGreaterThanOrEqual(3); // 2 addresses × saddr/daddr (+ ports on input)
      expect(firstAction).toBeGreaterThan(lastMgmt);
    }
    expect(text).toContain('tcp dport { 22, 8780 } accept comment "mamori:management"');
    await ex.remove(a);
    expect(inNs('nft', 'list', 'table', 'inet', 'mamori')).not.toContain('nft-rules-1');
  });

  it('enforces a pattern of life with per-action sets, IPv6 included, and removes the sets with the rules', async () => {
    const ex = make();
    const v4 = sampleAction('enforce_pattern_of_life', 'nft-pol-4');
    const v6 = sampleAction('enforce_group_pattern_of_life', 'nft-pol-6');
    expect(await ex.apply(v4)).toMatchObject({ ok: true });
    expect(await ex.apply(v6)).toMatchObject({ ok: true });
    const text = inNs('nft', 'list', 'table', 'inet', 'mamori');
    expect(text).toMatch(/198\.51\.100\.1 \. tcp \. 443/);
    expect(text).toMatch(/198\.51\.100\.2 \. udp \. 53/);
    expect(text).toMatch(/198\.51\.100\.2 \. tcp \. 53/);
    expect(text).toContain('ip saddr 10.66.0.7 drop comment "mamori:nft-pol-4"');
    expect(text).toContain('ip6 saddr fd00::4 drop comment "mamori:nft-pol-6"');
    expect(text).toContain('fd00::53 . udp . 53');
    // apply again with a changed allow list: replaced, not doubled
    v4.target.allow = [{ ip: '198.51.100.9', port: 22, proto: 'tcp' }];
    expect(await ex.apply(v4)).toMatchObject({ ok: true });
    const again = inNs('nft', 'list', 'table', 'inet', 'mamori');
    expect(again).toContain('198.51.100.9 . tcp . 22');
    expect(again).not.toContain('198.51.100.1 . tcp . 443');
    expect(again.split('ip saddr 10.66.0.7 drop').length - 1).toBe(2); // once per chain
    await ex.remove(v4);
    await ex.remove(v6);
    const after = inNs('nft', 'list', 'table', 'inet', 'mamori');
    expect(after).not.toMatch(/nft-pol|set m_/);
  });

  it('a new executor (after a restart) sees what is in force and can remove it', async () => {
    const a = sampleAction('quarantine_device', 'nft-restart-1');
    expect(await make().apply(a)).toMatchObject({ ok: true });
    const later = make();
    expect(await later.active()).toContain('nft-restart-1');
    expect(await later.removeById('nft-restart-1')).toMatchObject({ ok: true });
    expect(await later.active()).not.toContain('nft-restart-1');
  });

  it('reports nft failing as a failed result, not a throw', async () => {
    const ex = new NftablesExecutor({ netns: ns, nft: '/nonexistent/nft' });
    const r = await ex.apply(sampleAction('quarantine_device', 'nft-missing-1'));
    expect(r).toMatchObject({ ok: false, error: { code: 'failed' } });
  });
});

describe.skipIf(!!skip)('nftables executor with the engine', () => {
  it('an active action is put back after a restart that lost the rules, and its rules go when it expires', async () => {
    const store = await openStore();
    let now = 1_795_000_000;
    const config = parseResponseConfig({ mode: 'active', default_duration: '1h', management: MGMT });
    const e1 = await ResponseEngine.open({ store, config, executors: [make()], clock: () => now });
    const a = (await e1.onBreach(breach({ device: { id: 'dev-r', ip: '10.66.1.5' }, destination: { ip: '203.0.113.77', port: 8443 } })))!;
    expect(a.state).toBe('active');
    expect(inNs('nft', 'list', 'table', 'inet', 'mamori')).toContain(`ip daddr 203.0.113.77 meta l4proto { tcp, udp } th dport 8443 drop comment "mamori:${a.id}"`);
    await e1.close();
    expect(inNs('nft', 'list', 'table', 'inet', 'mamori')).toContain(a.id); // close leaves rules in force
    inNs('nft', 'delete', 'table', 'inet', 'mamori'); // a reboot
    now += 60;
    const e2 = await ResponseEngine.open({ store, config, executors: [make()], clock: () => now });
    expect(inNs('nft', 'list', 'table', 'inet', 'mamori')).toContain(`comment "mamori:${a.id}"`);
    now = a.expires;
    await e2.tick();
    expect((await e2.get(a.id))!.state).toBe('expired');
    expect(inNs('nft', 'list', 'table', 'inet', 'mamori')).not.toContain(a.id);
    await e2.close();
    await store.close();
  });
});

describe.skipIf(!!skip)('nftables executor, packets', () => {
  // a client namespace and a server namespace joined by a veth pair; Mamori's table in the server's
  // input hook. A TCP connect to a closed port is refused at once when packets pass, and gets no
  // answer (the connect times out) when they are dropped.
  const server = `${ns}-s`;
  const client = `${ns}-c`;
  const connect = () => {
    const r = spawnSync('ip', ['netns', 'exec', client, 'timeout', '1', 'bash', '-c', 'exec 3<>/dev/tcp/10.67.0.2/9'], { encoding: 'utf8' });
    return /refused/i.test(r.stderr) ? 'refused' : r.status === 124 ? 'dropped' : `other: ${r.status} ${r.stderr}`;
  };
  beforeAll(() => {
    execFileSync('ip', ['netns', 'add', server]);
    execFileSync('ip', ['netns', 'add', client]);
    execFileSync('ip', ['link', 'add', 'mt-c', 'netns', client, 'type', 'veth', 'peer', 'name', 'mt-s', 'netns', server]);
    execFileSync('ip', ['-n', client, 'addr', 'add', '10.67.0.1/24', 'dev', 'mt-c']);
    execFileSync('ip', ['-n', server, 'addr', 'add', '10.67.0.2/24', 'dev', 'mt-s']);
    for (const [n, dev] of [[client, 'mt-c'], [server, 'mt-s']] as const) {
      execFileSync('ip', ['-n', n, 'link', 'set', dev, 'up']);
      execFileSync('ip', ['-n', n, 'link', 'set', 'lo', 'up']);
    }
  });
  afterAll(() => {
    spawnSync('ip', ['netns', 'del', server]);
    spawnSync('ip', ['netns', 'del', client]);
  });

  it('a quarantine drops the device’s packets and its removal lets them through again', async () => {
    const ex = new NftablesExecutor({ netns: server, hooks: ['input'], management: { ips: [], ports: [] } });
    expect(connect()).toBe('refused');
    const a = sampleAction('quarantine_device', 'nft-pkt-1', { target: { device: { id: 'c', ip: '10.67.0.1' }, direction: 'out' } });
    expect(await ex.apply(a)).toMatchObject({ ok: true });
    expect(connect()).toBe('dropped');
    expect(await ex.remove(a)).toMatchObject({ ok: true });
    expect(connect()).toBe('refused');
  });

  it('a management address is accepted even when a quarantine covers it', async () => {
    const ex = new NftablesExecutor({ netns: server, hooks: ['input'], management: { ips: ['10.67.0.1'], ports: [] } });
    const a = sampleAction('quarantine_device', 'nft-pkt-2', { target: { device: { id: 'c', ip: '10.67.0.1' }, direction: 'both' } });
    expect(await ex.apply(a)).toMatchObject({ ok: true });
    expect(connect()).toBe('refused');
    await ex.remove(a);
  });
});
