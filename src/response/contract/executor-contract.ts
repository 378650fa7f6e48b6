// The executor contract: one suite every executor passes (as the store's engines and notify's
// channels pass theirs), so the engine can treat them alike. Use from a test file:
//
//   runExecutorContract('command', async () => ({ executor, sideEffects: () => executor.runs }));
//
// This file registers vitest tests and is meant for test files only.
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION_KINDS, type Action } from '../../schema/action.js';
import { ExecutorError } from '../errors.js';
import type { Executor } from '../types.js';
import { sampleAction } from './fixtures.js';

export interface ExecutorHarness {
  executor: Executor;
  /** how many times the executor reached outside so far (nft scripts run, requests received, hook runs) */
  sideEffects: () => number | Promise<number>;
  /** called after each test */
  cleanup?: () => Promise<void>;
}

export interface ContractOptions {
  /** a reason to skip the suite (not root, nft missing …), printed */
  skip?: string;
}

let seq = 0;
const uniqueId = (kind: string) => `ct-${process.pid}-${++seq}-${kind.replace(/_/g, '-')}`;

export function runExecutorContract(name: string, factory: () => Promise<ExecutorHarness>, opts: ContractOptions = {}): void {
  if (opts.skip) console.warn(`skipping the executor contract for ${name}: ${opts.skip}`);
  describe.skipIf(!!opts.skip)(`executor contract: ${name}`, () => {
    let h: ExecutorHarness | undefined;
    const setup = async () => (h = await factory());
    afterEach(async () => {
      await h?.cleanup?.();
      h = undefined;
    });

    it('apply makes an action active, twice is idempotent, remove makes it inactive', async () => {
      const { executor } = await setup();
      const a = sampleAction('block_connection', uniqueId('bc'));
      expect(await executor.active()).not.toContain(a.id);
      expect(await executor.apply(a)).toMatchObject({ ok: true });
      expect(await executor.active()).toContain(a.id);
      expect(await executor.apply(a)).toMatchObject({ ok: true });
      expect((await executor.active()).filter((id) => id === a.id)).toHaveLength(1);
      expect(await executor.remove(a)).toMatchObject({ ok: true });
      expect(await executor.active()).not.toContain(a.id);
    });

    it('removing an action that is not in force is ok', async () => {
      const { executor } = await setup();
      expect(await executor.remove(sampleAction('quarantine_device', uniqueId('never-applied')))).toMatchObject({ ok: true });
    });

    it('accepts every action kind (or refuses it with a typed error), and removes each on its own', async () => {
      const { executor } = await setup();
      const actions = ACTION_KINDS.map((k) => sampleAction(k, uniqueId(k)));
      const accepted: Action[] = [];
      for (const a of actions) {
        const r = await executor.apply(a);
        if (r.ok) accepted.push(a);
        else {
          expect(r.error).toBeInstanceOf(ExecutorError);
          expect(r.error.code).toBe('unsupported');
        }
      }
      expect(accepted.length).toBeGreaterThan(0);
      const active = await executor.active();
      for (const a of accepted) expect(active).toContain(a.id);
      expect(await executor.remove(accepted[0]!)).toMatchObject({ ok: true });
      const after = await executor.active();
      expect(after).not.toContain(accepted[0]!.id);
      for (const a of accepted.slice(1)) expect(after).toContain(a.id);
      for (const a of accepted.slice(1)) expect(await executor.remove(a)).toMatchObject({ ok: true });
    });

    it('keeps actions apart: two actions on the same device are removed one at a time', async () => {
      const { executor } = await setup();
      const a = sampleAction('quarantine_device', uniqueId('q1'));
      const b = sampleAction('quarantine_device', uniqueId('q2'), { target: { device: { id: 'dev-2', ip: '10.66.0.6' }, direction: 'out' } });
      expect(await executor.apply(a)).toMatchObject({ ok: true });
      expect(await executor.apply(b)).toMatchObject({ ok: true });
      expect(await executor.remove(a)).toMatchObject({ ok: true });
      expect(await executor.active()).toContain(b.id);
      expect(await executor.active()).not.toContain(a.id);
      await executor.remove(b);
    });

    const hostile: [string, (a: Action) => Action][] = [
      ['an id with spaces', (a) => ({ ...a, id: 'x y; flush ruleset' })],
      ['an id with a quote', (a) => ({ ...a, id: 'x"y' })],
      ['a device address with a command', (a) => ({ ...a, target: { ...a.target, device: { id: 'd', ip: '1.2.3.4; flush ruleset' } } })],
      ['a destination address with a command', (a) => ({ ...a, target: { ...a.target, destination: { ip: '1.2.3.4 } ; flush ruleset' } } })],
      ['a port out of range', (a) => ({ ...a, target: { ...a.target, destination: { ip: '203.0.113.9', port: 70000 } } })],
      ['a fractional port', (a) => ({ ...a, target: { ...a.target, destination: { ip: '203.0.113.9', port: 44.5 } } })],
      ['a protocol that is not tcp or udp', (a) => ({ ...a, target: { ...a.target, destination: { ip: '203.0.113.9', port: 1, proto: 'icmp; drop' as 'tcp' } } })],
      ['an address with a zone id', (a) => ({ ...a, target: { ...a.target, device: { id: 'd', ip: 'fe80::1%eth0' } } })],
    ];
    for (const [what, make] of hostile) {
      it(`refuses ${what} before anything runs`, async () => {
        const { executor, sideEffects } = await setup();
        const before = await sideEffects();
        const a = make(sampleAction('block_connection', uniqueId('hostile')));
        const r = await executor.apply(a);
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.error).toBeInstanceOf(ExecutorError);
          expect(r.error.code).toBe('bad_value');
        }
        expect(await sideEffects()).toBe(before);
        expect(await executor.active()).not.toContain(a.id);
      });
    }

    it('refuses a hostile id on remove before anything runs', async () => {
      const { executor, sideEffects } = await setup();
      const before = await sideEffects();
      const r = await executor.remove(sampleAction('block_endpoint', 'a b; flush ruleset'));
      expect(r).toMatchObject({ ok: false, error: { code: 'bad_value' } });
      expect(await sideEffects()).toBe(before);
    });

    it('refuses an enforce action whose allowed destination is not an address', async () => {
      const { executor, sideEffects } = await setup();
      const before = await sideEffects();
      const a = sampleAction('enforce_pattern_of_life', uniqueId('enf'));
      a.target.allow = [{ ip: '198.51.100.1 } ; flush ruleset ; {' }];
      expect(await executor.apply(a)).toMatchObject({ ok: false, error: { code: 'bad_value' } });
      expect(await sideEffects()).toBe(before);
    });
  });
}
