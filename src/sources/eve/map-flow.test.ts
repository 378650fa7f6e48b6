import { describe, expect, it } from 'vitest';
import { tcpConnState, tcpHistory } from './map-flow.js';
import { runEve } from './test-support.js';
import { flowUid } from './uid.js';

const base = {
  timestamp: '2024-05-01T10:00:09.000000+0000', flow_id: 4242, event_type: 'flow', src_ip: '192.168.1.10', src_port: 51000, dest_ip: '93.184.216.34', dest_port: 443, proto: 'TCP',
};

describe('flow → conn', () => {
  it('maps a finished TLS connection field by field', async () => {
    const { of, q } = await runEve([{
      ...base,
      app_proto: 'tls',
      community_id: '1:LQU9qZlK+B5F3KDmev6m5PMibrg=',
      ether: { src_macs: ['00:11:22:33:44:55'], dest_macs: ['66:77:88:99:aa:bb'] },
      flow: { pkts_toserver: 10, pkts_toclient: 12, bytes_toserver: 1540, bytes_toclient: 9168, start: '2024-05-01T10:00:00.250000+0000', end: '2024-05-01T10:00:01.750001+0000', age: 1, state: 'closed', reason: 'timeout', alerted: false },
      tcp: { tcp_flags: '1b', tcp_flags_ts: '1b', tcp_flags_tc: '1b', syn: true, fin: true, psh: true, ack: true, state: 'closed' },
    }]);
    expect(q).toEqual([]);
    expect(of('conn')).toEqual([{
      ts: 1714557600.25,
      uid: flowUid(4242),
      id: { orig_h: '192.168.1.10', orig_p: 51000, resp_h: '93.184.216.34', resp_p: 443 },
      proto: 'tcp',
      service: 'ssl',
      duration: 1.500001,
      conn_state: 'SF',
      missed_bytes: 0,
      history: 'ShADadFf',
      orig_pkts: 10,
      orig_ip_bytes: 1540 - 10 * 14,
      resp_pkts: 12,
      resp_ip_bytes: 9168 - 12 * 14,
      ip_proto: 6,
      orig_l2_addr: '00:11:22:33:44:55',
      resp_l2_addr: '66:77:88:99:aa:bb',
      community_id: '1:LQU9qZlK+B5F3KDmev6m5PMibrg=',
    }]);
  });

  it('takes link-layer bytes off per packet (4 more per VLAN tag), or none when told the capture is raw IP', async () => {
    const ev = { ...base, vlan: [10, 20], flow: { pkts_toserver: 2, pkts_toclient: 1, bytes_toserver: 200, bytes_toclient: 100, start: base.timestamp, state: 'new' } };
    const eth = (await runEve([ev])).of('conn')[0]!;
    expect([eth.orig_ip_bytes, eth.resp_ip_bytes, eth.vlan, eth.inner_vlan]).toEqual([200 - 2 * 22, 100 - 22, 10, 20]);
    const raw = (await runEve([ev], { linkHeaderBytes: 0 })).of('conn')[0]!;
    expect([raw.orig_ip_bytes, raw.resp_ip_bytes]).toEqual([200, 100]);
  });

  it('names services as Zeek does, with what a connection upgraded from', async () => {
    const svc = async (extra: object, proto = 'TCP') => (await runEve([{ ...base, proto, ...extra, flow: { pkts_toserver: 1, pkts_toclient: 0, bytes_toserver: 60, bytes_toclient: 0, start: base.timestamp } }])).of('conn')[0]!.service;
    expect(await svc({ app_proto: 'smtp', app_proto_orig: 'smtp', app_proto_tc: 'tls' })).toBe('smtp,ssl');
    expect(await svc({ app_proto: 'dcerpc' })).toBe('dce_rpc');
    expect(await svc({ app_proto: 'krb5' }, 'UDP')).toBe('krb');
    expect(await svc({ app_proto: 'krb5' })).toBe('krb_tcp');
    expect(await svc({ app_proto: 'failed' })).toBeUndefined();
    expect(await svc({ app_proto: 'http2' })).toBe('http2');
  });

  it('gives UDP and ICMP conn_state and ports as Zeek does', async () => {
    const { of } = await runEve([
      { ...base, flow_id: 1, proto: 'UDP', src_port: 5353, dest_port: 53, flow: { pkts_toserver: 1, pkts_toclient: 1, bytes_toserver: 80, bytes_toclient: 120, start: base.timestamp } },
      { ...base, flow_id: 2, proto: 'UDP', flow: { pkts_toserver: 3, pkts_toclient: 0, bytes_toserver: 80, bytes_toclient: 0, start: base.timestamp } },
      { ...base, flow_id: 3, proto: 'ICMP', src_port: undefined, dest_port: undefined, icmp_type: 8, icmp_code: 0, response_icmp_type: 0, response_icmp_code: 0, flow: { pkts_toserver: 1, pkts_toclient: 1, bytes_toserver: 98, bytes_toclient: 98, start: base.timestamp } },
      { ...base, flow_id: 4, proto: 'ICMP', src_port: undefined, dest_port: undefined, icmp_type: 3, icmp_code: 3, flow: { pkts_toserver: 1, pkts_toclient: 0, bytes_toserver: 70, bytes_toclient: 0, start: base.timestamp } },
      { ...base, flow_id: 5, proto: 'IPv6-ICMP', src_ip: '2001:0db8:0000:0000:0000:0000:0000:0001', dest_ip: 'fe80::1', src_port: undefined, dest_port: undefined, icmp_type: 128, icmp_code: 0, flow: { pkts_toserver: 1, pkts_toclient: 1, bytes_toserver: 70, bytes_toclient: 70, start: base.timestamp } },
      { ...base, flow_id: 6, proto: '047', src_port: undefined, dest_port: undefined, flow: { pkts_toserver: 1, pkts_toclient: 0, bytes_toserver: 70, bytes_toclient: 0, start: base.timestamp } },
    ]);
    const c = of('conn');
    expect(c.map((x) => [x.proto, x.conn_state, x.history])).toEqual([
      ['udp', 'SF', 'Dd'], ['udp', 'S0', 'D'], ['icmp', 'SF', undefined], ['icmp', 'S0', undefined], ['icmp', 'SF', undefined], ['unknown_transport', 'S0', undefined],
    ]);
    expect(c[2]!.id).toEqual({ orig_h: '192.168.1.10', orig_p: 8, resp_h: '93.184.216.34', resp_p: 0 });
    expect(c[3]!.id).toMatchObject({ orig_p: 3, resp_p: 3 });
    expect(c[4]!.id).toEqual({ orig_h: '2001:db8::1', orig_p: 128, resp_h: 'fe80::1', resp_p: 129 });
    expect(c[4]!.ip_proto).toBe(58);
    expect(c[5]!.ip_proto).toBe(47);
  });

  it('reads TCP state from the per-direction flags, and from flow.state when there are none', async () => {
    const st = async (ts: string, tc: string, state = 'closed', pkts = [2, 2]) =>
      (await runEve([{ ...base, flow: { pkts_toserver: pkts[0], pkts_toclient: pkts[1], bytes_toserver: 120, bytes_toclient: 120, start: base.timestamp, state }, tcp: { tcp_flags_ts: ts, tcp_flags_tc: tc } }])).of('conn')[0]!;
    expect((await st('02', '14')).conn_state).toBe('REJ');
    expect((await st('02', '14')).history).toBe('Sr');
    expect((await st('02', '00', 'new', [3, 0])).conn_state).toBe('S0');
    expect((await st('1a', '1a', 'established')).conn_state).toBe('S1');
    expect((await st('1f', '1b')).conn_state).toBe('RSTO');
    expect((await st('1b', '1e')).conn_state).toBe('RSTR');
    const none = await st('00', '00', 'new');
    expect([none.conn_state, none.history]).toEqual(['OTH', undefined]);
  });
});

describe('tcpConnState: Zeek conn_state from the flags each side sent', () => {
  const S = 0x02, F = 0x01, R = 0x04, P = 0x08, A = 0x10;
  it.each([
    ['SYN, no reply', S, 0, 1, 0, 'S0'],
    ['handshake only', S | A, S | A, 2, 1, 'S1'],
    ['normal close', S | A | P | F, S | A | P | F, 5, 5, 'SF'],
    ['rejected', S, R | A, 1, 1, 'REJ'],
    ['originator aborts', S | A | R, S | A, 3, 2, 'RSTO'],
    ['responder aborts', S | A, S | A | R, 3, 2, 'RSTR'],
    ['SYN then RST, responder silent', S | R, 0, 2, 0, 'RSTOS0'],
    ['midstream RST from responder', 0, R, 0, 1, 'RSTRH'],
    ['originator closes, responder silent after handshake', S | A | F, S | A, 3, 1, 'S2'],
    ['responder closes, originator silent after handshake', S | A, S | A | F, 2, 2, 'S3'],
    ['SYN then FIN, no reply', S | F, 0, 2, 0, 'SH'],
    ['responder FIN without originator SYN', A, S | A | F, 1, 2, 'SHR'],
    ['midstream data', A | P, A | P, 4, 4, 'OTH'],
  ])('%s → %s', (_name, ts, tc, o, r, want) => {
    expect(tcpConnState(ts, tc, o, r)).toBe(want);
  });

  it('writes history letters in a normal exchange order', () => {
    expect(tcpHistory(0x1b, 0x1b)).toBe('ShADadFf');
    expect(tcpHistory(0x02, 0x14)).toBe('Sr');
    expect(tcpHistory(0x02, 0x12)).toBe('Sh');
    expect(tcpHistory(0x16, 0x12)).toBe('ShAR');
  });
});

describe('netflow → conn', () => {
  const half = (src: string, sport: number, dst: string, dport: number, pkts: number, bytes: number, flags: string, start: string, end: string) => ({
    timestamp: end, flow_id: 77, event_type: 'netflow', src_ip: src, src_port: sport, dest_ip: dst, dest_port: dport, proto: 'TCP', app_proto: 'http', community_id: '1:abc=',
    netflow: { pkts, bytes, start, end, age: 0, min_ttl: 64, max_ttl: 64 }, tcp: { tcp_flags: flags },
  });

  it('pairs the two directions of one flow into one connection', async () => {
    const { of, s } = await runEve([
      half('10.0.0.1', 40000, '10.0.0.2', 80, 5, 500, '1b', '2024-05-01T10:00:00.000000+0000', '2024-05-01T10:00:02.000000+0000'),
      half('10.0.0.2', 80, '10.0.0.1', 40000, 4, 4000, '1b', '2024-05-01T10:00:00.100000+0000', '2024-05-01T10:00:02.500000+0000'),
    ], { linkHeaderBytes: 0 });
    expect(of('conn')).toEqual([{
      ts: 1714557600, uid: flowUid(77), id: { orig_h: '10.0.0.1', orig_p: 40000, resp_h: '10.0.0.2', resp_p: 80 }, proto: 'tcp', service: 'http', duration: 2.5,
      conn_state: 'SF', missed_bytes: 0, history: 'ShADadFf', orig_pkts: 5, orig_ip_bytes: 500, resp_pkts: 4, resp_ip_bytes: 4000, ip_proto: 6, community_id: '1:abc=',
    }]);
    expect(s.mapped).toBe(2);
  });

  it('logs a half whose other direction never came at the end, as one-way traffic', async () => {
    const { of } = await runEve([half('10.0.0.1', 40000, '10.0.0.2', 80, 1, 60, '02', '2024-05-01T10:00:00.000000+0000', '2024-05-01T10:00:00.000000+0000')]);
    expect(of('conn').map((c) => [c.conn_state, c.orig_pkts, c.resp_pkts, c.duration])).toEqual([['S0', 1, 0, undefined]]);
  });
});
