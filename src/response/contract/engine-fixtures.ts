// Breaches, incidents and an in-memory executor for the engine's tests. The executor is a real
// implementation of the interface that keeps its rules in a Set (as nftables keeps them in a table),
// so tests can see what the engine put in force; it is not a stand-in for the store.
import type { Action } from '../../schema/action.js';
import type { Breach } from '../../schema/breach.js';
import type { Incident } from '../../schema/incident.js';
import { ExecutorError } from '../errors.js';
import type { ExecResult, Executor } from '../types.js';
import { planAction } from '../executors/validate.js';

export function breach(over: Partial<Breach> & { device?: Partial<Breach['device']> } = {}): Breach {
  const { device, ...rest } = over;
  return {
    id: `br-${Math.random().toString(36).slice(2, 10)}`,
    time: 1_795_000_000,
    model: 'compromise/beaconing-to-rare-external',
    model_name: { en: 'Beaconing to a rare external endpoint', ja: '稀な外部宛先へのビーコン' },
    category: 'Compromise',
    mitre: ['T1071'],
    score: 80,
    device: { id: 'dev-a', ip: '10.0.0.5', hostname: 'pc-a', peer_group: 'g1', ...device },
    destination: { ip: '203.0.113.9', port: 443 },
    reasons: [],
    uids: ['C1'],
    ...rest,
  };
}

export function incident(over: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-1',
    level: 3,
    score: 90,
    title: { en: 'C2 from two devices', ja: '2台からのC2' },
    summary: { en: '', ja: '' },
    devices: [
      { id: 'dev-a', ip: '10.0.0.5', hostname: 'pc-a' },
      { id: 'dev-b', ip: '10.0.0.6' },
    ],
    destinations: [{ ip: '203.0.113.9', port: 443 }, { ip: '10.0.0.80' }],
    breaches: ['br-1', 'br-2'],
    phases: ['command-and-control'],
    mitre: [],
    start: 1_795_000_000,
    end: 1_795_000_100,
    timeline: [],
    investigation: [],
    actions: { en: [], ja: [] },
    ...over,
  };
}

export class MemoryExecutor implements Executor {
  readonly rules = new Set<string>();
  readonly calls: string[] = [];
  /** the next apply calls fail while this is set */
  failing: string | undefined;
  /** the next remove calls fail while this is set */
  failingRemove: string | undefined;

  constructor(readonly name = 'memory') {}

  async apply(a: Action): Promise<ExecResult> {
    this.calls.push(`apply ${a.id}`);
    try {
      planAction(a);
    } catch (e) {
      return { ok: false, error: e as ExecutorError };
    }
    if (this.failing) return { ok: false, error: new ExecutorError('failed', this.failing) };
    this.rules.add(a.id);
    return { ok: true, detail: 'in memory' };
  }

  async remove(a: Action): Promise<ExecResult> {
    this.calls.push(`remove ${a.id}`);
    if (this.failingRemove) return { ok: false, error: new ExecutorError('failed', this.failingRemove) };
    this.rules.delete(a.id);
    return { ok: true };
  }

  async removeById(id: string): Promise<ExecResult> {
    this.calls.push(`removeById ${id}`);
    this.rules.delete(id);
    return { ok: true };
  }

  async active(): Promise<string[]> {
    return [...this.rules];
  }
}
