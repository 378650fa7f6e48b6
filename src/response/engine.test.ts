import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Action } from '../schema/action.js';
import { openStore, type Store } from '../store/index.js';
import { parseResponseConfig, type ResponseConfig } from './config.js';
import { breach, incident, MemoryExecutor } from './contract/engine-fixtures.js';
import { ResponseEngine } from './engine.js';
import type { NormalProvider } from './types.js';

const T0 = 1_795_000_000;
let now = T0;
const clock = () => now;
let store: Store;
let ex: MemoryExecutor;
const engines: ResponseEngine[] = [];

beforeEach(async () => {
  now = T0;
  store = await openStore();
  ex = new MemoryExecutor();
});
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
  await store.close();
});

async function engine(cfg: Record<string, unknown>, o: { executors?: MemoryExecutor[]; normal?: NormalProvider } = {}): Promise<ResponseEngine> {
  const config: ResponseConfig = parseResponseConfig({ never_act: { ips: ['10.0.0.1/32'] }, management: { ips: ['10.0.0.250'], ports: [8780] }, ...cfg });
  const e = await ResponseEngine.open({ store, config, executors: o.executors ?? [ex], clock, ...(o.normal ? { normal: o.normal } : {}) });
  engines.push(e);
  return e;
}
const audit = async (target?: string) => (await store.audit.list()).filter((e) => target === undefined || e.target === target);

describe('response engine: modes', () => {
  it('passive: records what would have been done, touches no executor, and expires', async () => {
    const e = await engine({ mode: 'passive', default_duration: '2h' });
    const a = (await e.onBreach(breach()))!;
    expect(a).toMatchObject({ state: 'proposed', mode: 'passive', kind: 'block_connection', target: { device: { ip: '10.0.0.5' }, destination: { ip: '203.0.113.9', port: 443 } } });
    expect(a.expires).toBe(T0 + 7200);
    expect(ex.calls).toEqual([]);
    expect((await audit(a.id)).map((x) => x.action)).toEqual(['action.proposed']);
    expect(a.history[0]!.why).toMatch(/passive mode.*nothing was blocked/);
    now = T0 + 7200;
    await e.tick();
    expect((await e.get(a.id))!.state).toBe('expired');
    expect(ex.calls).toEqual([]);
  });

  it('confirm: awaits an analyst, goes active when confirmed, and expires after its duration', async () => {
    const e = await engine({ mode: 'confirm', default_duration: '1h', confirm_timeout: '30m' });
    const a = (await e.onBreach(breach()))!;
    expect(a.state).toBe('awaiting_confirmation');
    expect(a.expires).toBe(T0 + 1800);
    expect(ex.rules.size).toBe(0);
    now = T0 + 600;
    const c = await e.confirm(a.id, 'alice', 'seen the beacon in the packets');
    expect(c.state).toBe('active');
    expect(c.expires).toBe(T0 + 600 + 3600);
    expect(ex.rules.has(a.id)).toBe(true);
    expect(c.executors).toEqual([{ name: 'memory', ok: true, detail: 'in memory' }]);
    now = T0 + 600 + 3599;
    await e.tick();
    expect(ex.rules.has(a.id)).toBe(true);
    now = T0 + 600 + 3600;
    await e.tick();
    const done = (await e.get(a.id))!;
    expect(done.state).toBe('expired');
    expect(ex.rules.has(a.id)).toBe(false);
    expect(done.history.map((h) => [h.from, h.to, h.by])).toEqual([
      [null, 'proposed', 'system'],
      ['proposed', 'awaiting_confirmation', 'system'],
      ['awaiting_confirmation', 'active', 'alice'],
      ['active', 'expired', 'system'],
    ]);
    // every transition is in the audit log, with who, when and why
    const log = await audit(a.id);
    expect(log.map((x) => [x.action, x.actor, x.ts])).toEqual([
      ['action.proposed', 'system', T0],
      ['action.awaiting_confirmation', 'system', T0],
      ['action.active', 'alice', T0 + 600],
      ['action.expired', 'system', T0 + 4200],
    ]);
    expect(log[2]!.details).toMatchObject({ from: 'awaiting_confirmation', to: 'active', why: expect.stringContaining('seen the beacon in the packets') });
  });

  it('confirm: an action nobody confirms times out to expired and cannot be confirmed after', async () => {
    const e = await engine({ mode: 'confirm', confirm_timeout: '30m' });
    const a = (await e.onBreach(breach()))!;
    now = T0 + 1800;
    await e.tick();
    const x = (await e.get(a.id))!;
    expect(x.state).toBe('expired');
    expect(x.history.at(-1)!.why).toMatch(/not confirmed within 30m/);
    expect(ex.calls).toEqual([]);
    await expect(e.confirm(a.id, 'bob')).rejects.toMatchObject({ code: 'bad_state' });
  });

  it('active: applies at once; the same cause and target while live is not duplicated', async () => {
    const e = await engine({ mode: 'active' });
    const a = (await e.onBreach(breach()))!;
    expect(a.state).toBe('active');
    expect(ex.rules.has(a.id)).toBe(true);
    now = T0 + 60;
    const again = await e.onBreach(breach({ id: 'br-other' }));
    expect(again!.id).toBe(a.id);
    expect(again!.expires).toBe(a.expires);
    expect(await e.list()).toHaveLength(1);
    // another destination is another action
    const other = await e.onBreach(breach({ destination: { ip: '198.51.100.7', port: 8443 } }));
    expect(other!.id).not.toBe(a.id);
    expect(await e.list({ state: 'active' })).toHaveLength(2);
  });

  it('active: a block already in force for another model covers the next model breaching on the same traffic', async () => {
    const e = await engine({ mode: 'active' });
    const a = (await e.onBreach(breach({ model: 'compromise/beaconing-to-rare-external' })))!;
    const b = await e.onBreach(breach({ id: 'br-2', model: 'compromise/http-beaconing-to-new-endpoint' }));
    expect(b!.id).toBe(a.id);
    expect(ex.rules.size).toBe(1);
  });

  it('extend, clear and reactivate, each audited', async () => {
    const e = await engine({ mode: 'active', default_duration: '1h', max_duration: '1d' });
    const a = (await e.onBreach(breach()))!;
    const x = await e.extend(a.id, 7200, 'carol', 'still investigating');
    expect(x.expires).toBe(a.expires + 7200);
    expect(x.state).toBe('active');
    await expect(e.extend(a.id, 10 * 86400, 'carol')).resolves.toMatchObject({ expires: T0 + 86400 }); // capped at max_duration
    await expect(e.extend(a.id, -5, 'carol')).rejects.toMatchObject({ code: 'bad_value' });
    now = T0 + 100;
    const c = await e.clear(a.id, 'dave', 'false positive: backup agent');
    expect(c.state).toBe('cleared');
    expect(ex.rules.has(a.id)).toBe(false);
    await expect(e.clear(a.id, 'dave')).rejects.toMatchObject({ code: 'bad_state' });
    now = T0 + 200;
    const r = await e.reactivate(a.id, 'erin', 'it came back');
    expect(r).toMatchObject({ state: 'active', expires: T0 + 200 + 3600 });
    expect(ex.rules.has(a.id)).toBe(true);
    expect((await audit(a.id)).map((x) => `${x.action} ${x.actor}`)).toEqual([
      'action.proposed system',
      'action.active system',
      'action.extended carol',
      'action.extended carol',
      'action.cleared dave',
      'action.active erin',
    ]);
    await expect(e.confirm('no-such-action', 'x')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('an executor failure leaves the action failed with the reason; reactivating after a fix puts it in force', async () => {
    const e = await engine({ mode: 'active' });
    ex.failing = 'nft: Could not process rule';
    const a = (await e.onBreach(breach()))!;
    expect(a.state).toBe('failed');
    expect(a.history.at(-1)!.why).toMatch(/memory failed \(failed: nft: Could not process rule\)/);
    ex.failing = undefined;
    expect((await e.reactivate(a.id, 'ops')).state).toBe('active');
  });
});

describe('response engine: removal failures', () => {
  it('an action whose rules cannot be removed stays active and is retried, never reported gone while in force', async () => {
    const logs: string[] = [];
    const config = parseResponseConfig({ mode: 'active', default_duration: '1h' });
    const e = await ResponseEngine.open({ store, config, executors: [ex], clock, log: (m) => logs.push(m) });
    engines.push(e);
    const a = (await e.onBreach(breach()))!;
    ex.failingRemove = 'nft: table busy';
    now = a.expires;
    await e.tick();
    expect((await e.get(a.id))!.state).toBe('active');
    expect(logs.join('\n')).toMatch(/could not be removed everywhere.*trying again in 60 s/);
    await expect(e.clear(a.id, 'ops')).rejects.toMatchObject({ code: 'executor_failed' });
    expect((await e.get(a.id))!.state).toBe('active');
    expect((await audit(a.id)).at(-1)).toMatchObject({ action: 'action.clear_failed', actor: 'ops' });
    ex.failingRemove = undefined;
    now += 30;
    await e.tick(); // within the retry delay: not tried yet
    expect(ex.rules.has(a.id)).toBe(true);
    now += 30;
    await e.tick();
    expect((await e.get(a.id))!.state).toBe('expired');
    expect(ex.rules.has(a.id)).toBe(false);
  });
});

describe('response engine: policy and safety', () => {
  it('chooses the mode by the most specific rule: device network over model pattern, peer group in between', async () => {
    const e = await engine({
      mode: 'passive',
      rules: [
        { model: 'compromise/*', action: 'block_connection', mode: 'active', duration: '2h' },
        { device: '10.0.0.0/24', mode: 'confirm' },
        { peer_group: 'g3', mode: 'passive' },
      ],
    });
    const inNet = (await e.onBreach(breach()))!;
    expect([inNet.mode, inNet.duration]).toEqual(['confirm', 7200]);
    const g3 = (await e.onBreach(breach({ device: { id: 'dev-x', ip: '10.9.0.5', peer_group: 'g3' } })))!;
    expect(g3.mode).toBe('passive');
    const elsewhere = (await e.onBreach(breach({ device: { id: 'dev-y', ip: '10.9.0.6', peer_group: 'g1' } })))!;
    expect(elsewhere.mode).toBe('active');
    const otherModel = (await e.onBreach(breach({ model: 'device/new-device', category: 'Device', device: { id: 'dev-z', ip: '10.9.0.7' } })))!;
    expect(otherModel.mode).toBe('passive');
  });

  it('below min_score: no action and no audit line', async () => {
    const e = await engine({ mode: 'active', min_score: 60 });
    expect(await e.onBreach(breach({ score: 59 }))).toBeUndefined();
    expect(await audit()).toEqual([]);
  });

  it('never acts on a never-act device, type or network, nor on a management address, and audits the refusal', async () => {
    const e = await engine({ mode: 'active', never_act: { ips: ['10.0.0.1/32', '10.8.0.0/16'], devices: ['dev-crit'], device_types: ['domain_controller'] } });
    const cases = [
      breach({ device: { id: 'gw', ip: '10.0.0.1' } }),
      breach({ device: { id: 'srv', ip: '10.8.3.4' } }),
      breach({ device: { id: 'dev-crit', ip: '10.0.0.9' } }),
      breach({ device: { id: 'dc1', ip: '10.0.0.10', type: 'domain_controller' } }),
      breach({ device: { id: 'mgr', ip: '10.0.0.250' } }),
      breach({ destination: { ip: '10.0.0.250', port: 8780 } }),
    ];
    for (const b of cases) expect(await e.onBreach(b)).toBeUndefined();
    expect(ex.calls).toEqual([]);
    expect(await e.list()).toEqual([]);
    const refused = await audit();
    expect(refused.map((x) => x.action)).toEqual(Array(6).fill('action.refused'));
    expect(refused.map((x) => String(x.details?.['why']))).toEqual([
      expect.stringMatching(/never-act network/),
      expect.stringMatching(/never-act network/),
      expect.stringMatching(/never-act list/),
      expect.stringMatching(/domain_controller, a never-act device type/),
      expect.stringMatching(/management address/),
      expect.stringMatching(/destination 10.0.0.250 is a management address/),
    ]);
  });

  it('limits: max_active and max_per_hour refuse automatic actions (audited), and an analyst confirm too', async () => {
    const e = await engine({ mode: 'active', limits: { max_active: 2, max_per_hour: 3 } });
    const dest = (i: number) => ({ destination: { ip: `198.51.100.${i}`, port: 443 } });
    const a1 = (await e.onBreach(breach(dest(1))))!;
    await e.onBreach(breach(dest(2)));
    expect(await e.onBreach(breach(dest(3)))).toBeUndefined();
    expect((await audit()).at(-1)).toMatchObject({ action: 'action.refused', details: { why: expect.stringMatching(/limits.max_active is 2/) } });
    await e.clear(a1.id, 'ops');
    expect((await e.onBreach(breach(dest(4))))!.state).toBe('active'); // third activation this hour
    await e.clear((await e.list({ state: 'active' }))[0]!.id, 'ops');
    expect(await e.onBreach(breach(dest(5)))).toBeUndefined();
    expect((await audit()).at(-1)!.details).toMatchObject({ why: expect.stringMatching(/limits.max_per_hour is 3/) });
    await expect(e.reactivate(a1.id, 'ops')).rejects.toMatchObject({ code: 'limit_reached' });
    now = T0 + 3601;
    expect((await e.onBreach(breach(dest(6))))!.state).toBe('active');
  });

  it('dry run: goes through every state, sends nothing to the executors', async () => {
    const e = await engine({ mode: 'active', dry_run: true });
    const a = (await e.onBreach(breach()))!;
    expect(a).toMatchObject({ state: 'active', dry_run: true });
    expect(a.executors).toEqual([{ name: 'memory', ok: true, detail: 'dry run: not sent' }]);
    now = a.expires;
    await e.tick();
    expect((await e.get(a.id))!.state).toBe('expired');
    expect(ex.calls).toEqual([]);
  });

  it('with no executor configured an active action fails instead of pretending to block', async () => {
    const e = await engine({ mode: 'active' }, { executors: [] });
    const a = (await e.onBreach(breach()))!;
    expect(a.state).toBe('failed');
    expect(a.history.at(-1)!.why).toMatch(/no executor is configured/);
  });

  it('scans and lateral movement quarantine the device outgoing by default', async () => {
    const e = await engine({ mode: 'active' });
    const a = (await e.onBreach(breach({ model: 'device/network-scan', category: 'Device', destination: undefined })))!;
    expect(a).toMatchObject({ kind: 'quarantine_device', target: { direction: 'out', device: { ip: '10.0.0.5' } } });
  });

  it('enforce pattern of life: allows what is normal plus the configured resolvers; refused when nothing is known', async () => {
    const normal: NormalProvider = { deviceNormal: (id) => (id === 'dev-a' ? [{ ip: '198.51.100.1', port: 443, proto: 'tcp' }] : []), groupNormal: () => [] };
    const e = await engine({ mode: 'active', rules: [{ model: 'compromise/*', action: 'enforce_pattern_of_life' }], enforce: { dns_servers: ['10.0.0.53'] } }, { normal });
    const a = (await e.onBreach(breach()))!;
    expect(a.kind).toBe('enforce_pattern_of_life');
    expect(a.target.allow).toEqual([
      { ip: '198.51.100.1', port: 443, proto: 'tcp' },
      { ip: '10.0.0.53', port: 53, proto: 'udp' },
      { ip: '10.0.0.53', port: 53, proto: 'tcp' },
    ]);
    expect(await e.onBreach(breach({ device: { id: 'dev-new', ip: '10.0.0.77' } }))).toBeUndefined();
    expect((await audit()).at(-1)!.details).toMatchObject({ why: expect.stringMatching(/no pattern of life is known for device dev-new/) });
  });

  it('incidents: level 3 quarantines each device and blocks the external endpoint several devices reached', async () => {
    const e = await engine({ mode: 'active', incidents: { quarantine_at_level: 3, mode: 'confirm', block_endpoints_at_level: 3, min_devices_for_endpoint: 2 } });
    expect(await e.onIncident(incident({ level: 2 }))).toEqual([]);
    const actions = await e.onIncident(incident());
    expect(actions.map((a) => [a.kind, a.state, a.target.device?.ip ?? a.target.destination?.ip])).toEqual([
      ['quarantine_device', 'awaiting_confirmation', '10.0.0.5'],
      ['quarantine_device', 'awaiting_confirmation', '10.0.0.6'],
      ['block_endpoint', 'awaiting_confirmation', '203.0.113.9'], // 10.0.0.80 is internal: not an endpoint to block for all
    ]);
    expect(actions[0]!.target.direction).toBe('both');
    // the incident again (grown): no duplicates
    expect((await e.onIncident(incident({ score: 95 }))).map((a) => a.id)).toEqual(actions.map((a) => a.id));
    expect(await e.list()).toHaveLength(3);
  });
});

describe('response engine: restart', () => {
  it('re-applies active actions, expires what ran out meanwhile and removes leftovers', async () => {
    const e1 = await engine({ mode: 'active', default_duration: '1h', rules: [{ device: '10.0.0.6', duration: '5m' }] });
    const long = (await e1.onBreach(breach()))!;
    const short = (await e1.onBreach(breach({ device: { id: 'dev-b', ip: '10.0.0.6' } })))!;
    const cleared = (await e1.onBreach(breach({ score: 90, destination: { ip: '198.51.100.50', port: 25 } })))!;
    await e1.clear(cleared.id, 'ops');
    await e1.close();
    // the machine restarted: the firewall lost its rules but for one leftover the store does not know
    const ex2 = new MemoryExecutor();
    ex2.rules.add('act-ghost');
    ex2.rules.add(cleared.id);
    now = T0 + 600;
    const e2 = await engine({ mode: 'active', default_duration: '1h' }, { executors: [ex2] });
    expect([...ex2.rules].sort()).toEqual([long.id]);
    expect(ex2.calls).toContain(`apply ${long.id}`);
    expect(ex2.calls).toContain('removeById act-ghost');
    expect(ex2.calls).toContain(`remove ${cleared.id}`);
    expect((await e2.get(short.id))!.state).toBe('expired');
    expect((await e2.get(long.id))!.state).toBe('active');
    now = long.expires;
    await e2.tick();
    expect(ex2.rules.size).toBe(0);
  });

  it('an executor that cannot be asked (webhook, command) adopts what the store says instead of sending it again', async () => {
    const e1 = await engine({ mode: 'active' });
    const a = (await e1.onBreach(breach()))!;
    await e1.close();
    const adopted: string[] = [];
    class Adopting extends MemoryExecutor {
      adopt(ids: readonly string[]) {
        adopted.push(...ids);
        for (const id of ids) this.rules.add(id);
      }
    }
    const ex2 = new Adopting();
    await engine({ mode: 'active' }, { executors: [ex2] });
    expect(adopted).toEqual([a.id]);
    expect(ex2.calls).toEqual([]);
  });
});

describe('response engine: listing', () => {
  it('lists newest first, by state, paged; onChange sees every change', async () => {
    const seen: Action[] = [];
    const config = parseResponseConfig({ mode: 'confirm' });
    const e = await ResponseEngine.open({ store, config, executors: [ex], clock, onChange: (a) => seen.push(a) });
    engines.push(e);
    for (let i = 1; i <= 3; i++) {
      now = T0 + i;
      await e.onBreach(breach({ destination: { ip: `198.51.100.${i}`, port: 443 } }));
    }
    const all = await e.list();
    expect(all.map((a) => a.target.destination!.ip)).toEqual(['198.51.100.3', '198.51.100.2', '198.51.100.1']);
    expect((await e.list({ limit: 1, offset: 1 }))[0]!.target.destination!.ip).toBe('198.51.100.2');
    await e.confirm(all[0]!.id, 'amy');
    expect((await e.list({ state: ['active', 'expired'] })).map((a) => a.id)).toEqual([all[0]!.id]);
    expect(seen.map((a) => a.state)).toEqual(['proposed', 'awaiting_confirmation', 'proposed', 'awaiting_confirmation', 'proposed', 'awaiting_confirmation', 'active']);
  });
});
