import { describe, expect, it } from 'vitest';
import { openStore } from '../store/index.js';
import { loadModels } from './library.js';
import { TunedRun } from './tuning-store.js';
import { USER_MODELS_NAMESPACE } from './user-models.js';

const TELNET = `
id: compliance/site-telnet-out
name: { en: Telnet to the Internet, ja: インターネットへの Telnet }
category: Compliance
priority: 2
on: [conn]
filters:
  - { field: peer_is_external, op: '=', value: true }
components:
  - { field: dest_port, op: '=', value: 23, weight: 1 }
dangerous_in_itself: true
throttle_seconds: 0
description: { en: A device used telnet to an external host., ja: 端末が外部ホストへ Telnet で接続しました。 }
actions: { en: [Stop using telnet.], ja: [Telnet の使用をやめてください。] }
`;

describe('user models in the store', () => {
  it('join the library in every tuned run, replace a built-in of the same id, and a broken one is left out', async () => {
    const store = await openStore();
    const builtins = loadModels();
    const beacon = builtins.find((m) => m.id === 'compromise/beaconing-to-rare-external')!;
    const edited = TELNET.replace('compliance/site-telnet-out', beacon.id).replace('Telnet to the Internet', 'Edited beaconing');
    await store.state.put(USER_MODELS_NAMESPACE, 'compliance/site-telnet-out', { id: 'compliance/site-telnet-out', yaml: TELNET, updated: 1, updated_by: 'admin' }, 1);
    await store.state.put(USER_MODELS_NAMESPACE, beacon.id, { id: beacon.id, yaml: edited, updated: 1, updated_by: 'admin' }, 1);
    await store.state.put(USER_MODELS_NAMESPACE, 'broken', { id: 'broken', yaml: 'id: [', updated: 1, updated_by: 'admin' }, 1);
    const run = await TunedRun.open(store, builtins, 0);
    expect(run.models).toHaveLength(builtins.length + 1);
    expect(run.models.find((m) => m.id === 'compliance/site-telnet-out')).toBeDefined();
    expect(run.models.find((m) => m.id === beacon.id)!.name.en).toBe('Edited beaconing');
    await store.close();
  });
});
