// Sample actions of every kind, with documentation addresses, for the executor contract and tests.
import type { Action, ActionKind } from '../../schema/action.js';

const TARGETS: Record<ActionKind, Action['target']> = {
  block_connection: { device: { id: 'dev-1', ip: '10.66.0.5' }, destination: { ip: '203.0.113.9', port: 443, proto: 'tcp' } },
  block_endpoint: { destination: { ip: '2001:db8::9' } },
  quarantine_device: { device: { id: 'dev-2', ip: '10.66.0.6' }, direction: 'both' },
  enforce_pattern_of_life: {
    device: { id: 'dev-3', ip: '10.66.0.7' },
    allow: [{ ip: '198.51.100.1', port: 443, proto: 'tcp' }, { ip: '198.51.100.2', port: 53 }, { ip: '198.51.100.3' }],
  },
  enforce_group_pattern_of_life: { device: { id: 'dev-4', ip: 'fd00::4', peer_group: 'g1' }, allow: [{ ip: 'fd00::53', port: 53, proto: 'udp' }, { ip: '2001:db8::1' }] },
};

export function sampleAction(kind: ActionKind, id: string, over: Partial<Action> = {}): Action {
  return {
    id,
    kind,
    mode: 'active',
    state: 'active',
    target: structuredClone(TARGETS[kind]),
    cause: { model: 'compromise/test', text: { en: 'contract test', ja: '契約テスト' } },
    created: 1_795_000_000,
    expires: 1_795_003_600,
    duration: 3600,
    executors: [],
    history: [],
    ...over,
  };
}
