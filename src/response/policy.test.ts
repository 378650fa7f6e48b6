import { describe, expect, it } from 'vitest';
import { parseResponseConfig } from './config.js';
import { breach } from './contract/engine-fixtures.js';
import { defaultAction, globMatch, resolveRules } from './policy.js';

describe('response policy', () => {
  it('maps model categories to default actions', () => {
    expect(defaultAction(breach())).toEqual({ kind: 'block_connection' });
    expect(defaultAction(breach({ model: 'anomalous-connection/data-to-rare-destination', category: 'Anomalous Connection' }))).toEqual({ kind: 'block_connection' });
    expect(defaultAction(breach({ model: 'lateral-movement/psexec-named-pipe', category: 'Lateral Movement' }))).toEqual({ kind: 'quarantine_device', direction: 'out' });
    expect(defaultAction(breach({ model: 'device/port-scan', category: 'Device' }))).toEqual({ kind: 'quarantine_device', direction: 'out' });
    expect(defaultAction(breach({ model: 'credential/password-spray', category: 'Credential' }))).toEqual({ kind: 'quarantine_device', direction: 'out' });
    expect(defaultAction(breach({ model: 'compromise/dga-many-nxdomain', destination: undefined }))).toEqual({ kind: 'quarantine_device', direction: 'out' });
  });

  it('matches globs', () => {
    expect(globMatch('compromise/*', 'compromise/dga-many-nxdomain')).toBe(true);
    expect(globMatch('compromise/*beacon*', 'compromise/ssl-beaconing-to-new-endpoint')).toBe(true);
    expect(globMatch('compromise/*', 'device/port-scan')).toBe(false);
    expect(globMatch('device/port-sca?', 'device/port-scan')).toBe(true);
    expect(globMatch('a.b', 'axb')).toBe(false);
  });

  it('takes each setting from the most specific rule that sets it; the earlier rule wins a tie', () => {
    const cfg = parseResponseConfig({
      mode: 'passive',
      default_duration: '1h',
      rules: [
        { model: 'compromise/*', action: 'block_connection', mode: 'active', duration: '2h' },
        { model: 'compromise/dga-*', mode: 'confirm' },
        { device: '10.0.0.0/16', mode: 'passive' },
        { device: '10.0.0.0/24', mode: 'confirm' },
        { device: 'dev-vip', mode: 'passive', duration: '30m' },
        { device: '10.0.0.0/24', model: 'compromise/*', mode: 'active' },
        { peer_group: 'g9', mode: 'confirm' },
        { peer_group: 'g9', mode: 'active' },
        { model: 'device/*', action: 'none' },
      ],
    });
    const dev = (id: string, ip: string, peer_group?: string) => ({ id, ip, ...(peer_group ? { peer_group } : {}) });
    expect(resolveRules(cfg, { model: 'compromise/x', device: dev('d', '192.168.1.1') })).toEqual({ action: 'block_connection', mode: 'active', duration: 7200, direction: undefined });
    expect(resolveRules(cfg, { model: 'compromise/dga-many', device: dev('d', '192.168.1.1') }).mode).toBe('confirm');
    expect(resolveRules(cfg, { model: 'other/x', device: dev('d', '10.0.5.1') }).mode).toBe('passive');
    expect(resolveRules(cfg, { model: 'other/x', device: dev('d', '10.0.0.7') }).mode).toBe('confirm');
    expect(resolveRules(cfg, { model: 'compromise/x', device: dev('d', '10.0.0.7') }).mode).toBe('active');
    expect(resolveRules(cfg, { model: 'compromise/x', device: dev('dev-vip', '10.0.5.7') })).toMatchObject({ mode: 'passive', duration: 1800, action: 'block_connection' });
    // criteria add up: a network and a model pattern together beat a device id alone
    expect(resolveRules(cfg, { model: 'compromise/x', device: dev('dev-vip', '10.0.0.7') })).toMatchObject({ mode: 'active', duration: 1800 });
    expect(resolveRules(cfg, { model: 'other/x', device: dev('d', '192.168.1.1', 'g9') }).mode).toBe('confirm');
    expect(resolveRules(cfg, { model: 'device/port-scan', device: dev('d', '192.168.1.1') }).action).toBe('none');
  });
});
