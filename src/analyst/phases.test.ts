import { describe, expect, it } from 'vitest';
import { PHASES } from '../schema/incident.js';
import { MODELS } from './fixtures.test-util.js';
import { deviceRole, phaseOf, tacticsOf } from './phases.js';
import { modelInfo } from './state.js';

describe('attack phases', () => {
  it('knows every technique the built-in models name', () => {
    const techniques = new Set(MODELS.flatMap((m) => m.mitre));
    // privilege escalation only: no phase of its own, the model's other techniques decide
    const unmapped = [...techniques].filter((t) => tacticsOf(t).length === 0);
    expect(unmapped).toEqual(['T1068']);
    for (const m of MODELS) expect(PHASES).toContain(phaseOf(m.category, m.mitre));
  });

  it('looks up a sub-technique by its parent', () => {
    expect(tacticsOf('T1021.002')).toEqual(['lateral-movement']);
    expect(tacticsOf('T1071.004')).toEqual(['command-and-control']);
    expect(tacticsOf('T9999')).toEqual([]);
  });

  it.each([
    ['compromise/beaconing-to-rare-external', 'command-and-control'],
    ['compromise/dns-tunnelling', 'command-and-control'],
    ['device/network-scan', 'reconnaissance'],
    ['device/eternalblue-exploit-fingerprint', 'lateral-movement'],
    ['device/new-device', 'initial-access'],
    ['lateral-movement/remote-service-creation', 'lateral-movement'],
    ['lateral-movement/remote-scheduled-task', 'lateral-movement'],
    ['credential/kerberoasting', 'credential-access'],
    ['credential/dcsync', 'credential-access'],
    ['credential/unusual-ntlm', 'credential-access'],
    ['anomalous-connection/data-to-rare-destination', 'exfiltration'],
    ['anomalous-connection/smb-enumeration', 'reconnaissance'],
    ['unusual-activity/large-internal-transfer', 'collection'],
    ['unusual-activity/unusual-external-data-transfer', 'exfiltration'],
    ['compliance/remote-access-tool', 'command-and-control'],
    ['compliance/cloud-storage-upload', 'exfiltration'],
  ])('%s → %s', (id, phase) => {
    const m = MODELS.find((x) => x.id === id)!;
    expect(phaseOf(m.category, m.mitre)).toBe(phase);
  });

  it('falls back on the category, then on reconnaissance, for unknown techniques', () => {
    expect(phaseOf('Unusual Activity', ['T9999'])).toBe('collection');
    expect(phaseOf('My Category', [])).toBe('reconnaissance');
    expect(phaseOf('My Category', ['T1486'])).toBe('impact');
  });

  it('tells the device side from the filters', () => {
    expect(deviceRole({ filters: [{ field: 'direction', op: '=', value: 'outbound' }] })).toBe('source');
    expect(deviceRole({ filters: [{ field: 'direction', op: '=', value: 'inbound' }] })).toBe('target');
    expect(deviceRole({ filters: [{ field: 'device_is_originator', op: '=', value: true }] })).toBe('source');
    expect(deviceRole({ filters: [] })).toBe('unknown');
    // meta-models and dangerous models are known from the model objects
    const meta = modelInfo(MODELS.find((m) => m.id === 'device/large-number-of-model-breaches')!);
    expect(meta.meta).toBe(true);
    expect(modelInfo(MODELS.find((m) => m.id === 'credential/dcsync')!).dangerous).toBe(true);
  });
});
