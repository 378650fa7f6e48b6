import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../net/prng.js';
import type { Observation } from '../../schema/observation.js';
import type { AnalyzerContext } from '../app/analyzer.js';
import { DhcpJoin, makeDhcpSpec } from './analyzer.js';
import { fmtMac, looksLikeDhcp, parseDhcp } from './parse.js';

function opt(code: number, data: Buffer | number[]): Buffer {
  const d = Buffer.isBuffer(data) ? data : Buffer.from(data);
  return Buffer.concat([Buffer.from([code, d.length]), d]);
}
function dhcp(op: number, xid: number, type: number, opts: Buffer[], yiaddr = [0, 0, 0, 0]): Buffer {
  const h = Buffer.alloc(236);
  h[0] = op; h[1] = 1; h[2] = 6;
  h.writeUInt32BE(xid, 4);
  Buffer.from(yiaddr).copy(h, 16);
  Buffer.from([0x00, 0x0a, 0x28, 0x00, 0xfa, 0x42]).copy(h, 28);
  return Buffer.concat([h, Buffer.from([0x63, 0x82, 0x53, 0x63]), opt(53, [type]), ...opts, Buffer.from([255])]);
}
const DISCOVER = dhcp(1, 0x3d11, 1, [opt(12, Buffer.from('laptop')), opt(50, [192, 168, 0, 10]), opt(81, Buffer.concat([Buffer.from([0, 0, 0]), Buffer.from('laptop.corp')]))]);
const ACK = dhcp(2, 0x3d11, 5, [opt(51, [0, 0, 0x0e, 0x10]), opt(54, [10, 10, 0, 1]), opt(15, Buffer.from('corp.example\0')), opt(56, Buffer.from('ok'))], [192, 168, 0, 10]);

function ctx(uid: string, orig: string, resp: string, clock: { t: number }, out: Observation[], weirds: string[] = []): AnalyzerContext {
  return {
    conn: { uid, id: { orig_h: orig, orig_p: 68, resp_h: resp, resp_p: 67 }, proto: 'udp', start: clock.t },
    now: () => clock.t, emit: (o) => out.push(o), confirm: () => {}, violation: () => {}, weird: (n) => weirds.push(n), newId: () => 'F',
  };
}

describe('dhcp parse', () => {
  it('parses the header and options', () => {
    const r = parseDhcp(DISCOVER);
    if (r.status !== 'ok') throw new Error('not ok');
    expect(r.value).toMatchObject({ op: 1, xid: 0x3d11, msgType: 1, chaddr: '00:0a:28:00:fa:42', hostName: 'laptop', requestedAddr: '192.168.0.10', clientFqdn: 'laptop.corp' });
    const a = parseDhcp(ACK);
    if (a.status !== 'ok') throw new Error('not ok');
    expect(a.value).toMatchObject({ op: 2, msgType: 5, yiaddr: '192.168.0.10', leaseTime: 3600, serverId: '10.10.0.1', domainName: 'corp.example', message: 'ok' });
  });
  it('rejects what is not DHCP', () => {
    expect(looksLikeDhcp(DISCOVER)).toBe(true);
    expect(looksLikeDhcp(Buffer.alloc(300))).toBe(false);
    expect(parseDhcp(Buffer.alloc(10))).toMatchObject({ status: 'malformed', anomaly: 'DHCP_truncated' });
    expect(fmtMac(Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]), 0, 8)).toBe('01:02:03:04:05:06:07:08');
  });
  it('flags options that run past the packet', () => {
    const cut = Buffer.concat([DISCOVER.subarray(0, 240), Buffer.from([12, 40, 65])]);
    const r = parseDhcp(cut);
    expect(r.status === 'ok' && r.value.truncatedOptions).toBe(true);
  });
  it('joins a transaction across connections into one record', () => {
    const out: Observation[] = [];
    const clock = { t: 10 };
    const spec = makeDhcpSpec(new DhcpJoin());
    const a = spec.create(ctx('C1', '0.0.0.0', '255.255.255.255', clock, out));
    const b = spec.create(ctx('C2', '10.10.0.1', '192.168.0.10', clock, out));
    a.datagram(true, DISCOVER);
    clock.t = 10.5;
    b.datagram(true, ACK);
    a.end();
    expect(out.length).toBe(0);
    b.end();
    expect(out.map((o) => o.record)).toEqual([{
      ts: 10, uids: ['C1', 'C2'], msg_types: ['DISCOVER', 'ACK'], duration: 0.5, mac: '00:0a:28:00:fa:42', host_name: 'laptop',
      client_fqdn: 'laptop.corp', requested_addr: '192.168.0.10', server_addr: '10.10.0.1', assigned_addr: '192.168.0.10',
      client_addr: '192.168.0.10', domain: 'corp.example', lease_time: 3600, server_message: 'ok',
    }]);
  });
  it('logs quiet transactions and bounds the table', () => {
    const out: Observation[] = [];
    const weirds: string[] = [];
    const clock = { t: 0 };
    const join = new DhcpJoin(5);
    const spec = makeDhcpSpec(join);
    const a = spec.create(ctx('C1', '0.0.0.0', '255.255.255.255', clock, out, weirds));
    for (let i = 0; i < 8; i++) {
      const d = Buffer.from(DISCOVER);
      d.writeUInt32BE(i, 4);
      a.datagram(true, d);
    }
    expect(out.length).toBe(3);
    expect(weirds).toEqual(['DHCP_max_tracked_transactions_exceeded']);
    clock.t = 20;
    a.datagram(true, DISCOVER);
    expect(out.length).toBe(8);
    expect(join.size).toBe(1);
  });
  it('never throws on random or mutated input', () => {
    const rnd = mulberry32(42);
    for (let i = 0; i < 3000; i++) {
      const buf = Buffer.from(i % 2 ? DISCOVER : ACK);
      for (let k = 0; k < 1 + Math.floor(rnd() * 10); k++) buf[236 + Math.floor(rnd() * (buf.length - 236))] = Math.floor(rnd() * 256);
      const cut = rnd() < 0.3 ? buf.subarray(0, Math.floor(rnd() * buf.length)) : buf;
      expect(['ok', 'malformed', 'need-more']).toContain(parseDhcp(cut).status);
    }
  });
});
