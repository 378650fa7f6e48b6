// UDP and ICMP connections, timeouts and table limits, through the Sensor.
import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../../schema/anomaly.js';
import type { Connection } from '../../schema/conn.js';
import { ethernet, frame, icmpMessage, ipPacket, udpDatagram } from '../../simulate/packet-builder.js';
import { ping, udpExchange, type TimedFrame } from '../../simulate/sessions.js';
import { DEFAULT_SENSOR_OPTIONS, Sensor, type SensorOptions } from '../sensor.js';
import { DEFAULT_FLOW_CONFIG, DNS_SESSION_TIMEOUT, type FlowConfig } from './conn-table.js';

function run(frames: TimedFrame[], flow: Partial<FlowConfig> = {}) {
  const conns: Connection[] = [];
  const weirds: Anomaly[] = [];
  const opts: SensorOptions = { ...DEFAULT_SENSOR_OPTIONS, flow: { ...DEFAULT_FLOW_CONFIG, ...flow } };
  const s = new Sensor(opts, (o) => (o.type === 'conn' ? conns.push(o.record) : o.type === 'weird' ? weirds.push(o.record) : 0));
  const seenAt: number[] = [];
  for (const f of frames) {
    s.packet(1, f.ts, f.frame, 0, f.frame.length, f.frame.length);
    seenAt.push(conns.length);
  }
  const beforeFinish = conns.length;
  const stats = s.finish();
  return { conns, weirds, names: weirds.map((w) => w.name), beforeFinish, seenAt, stats };
}

const A = { ip: '192.168.1.52', mac: '02:00:00:00:00:52' };
const B = { ip: '192.168.1.60', mac: '02:00:00:00:00:60' };
const NTP = { ip: '192.0.2.123', mac: '02:00:00:00:00:01' };

describe('UDP', () => {
  it('a request and its response: SF, Dd, payload sizes', () => {
    const r = run(udpExchange(A, B, 40000, 7777, 100, Buffer.alloc(30, 1), Buffer.alloc(300, 2), 0.01));
    expect(r.names).toEqual([]);
    const c = r.conns[0]!;
    expect(c.id).toEqual({ orig_h: A.ip, orig_p: 40000, resp_h: B.ip, resp_p: 7777 });
    expect([c.proto, c.conn_state, c.history, c.orig_bytes, c.resp_bytes]).toEqual(['udp', 'SF', 'Dd', 30, 300]);
    expect([c.orig_pkts, c.orig_ip_bytes, c.resp_pkts, c.resp_ip_bytes]).toEqual([1, 58, 1, 328]);
    expect(c.duration).toBeCloseTo(0.01, 9);
  });

  it('a request without answer: S0, D, and no byte counts for a single instant', () => {
    const r = run(udpExchange(A, B, 40000, 7777, 100, Buffer.alloc(30, 1), null));
    const c = r.conns[0]!;
    expect([c.conn_state, c.history]).toEqual(['S0', 'D']);
    expect(c.duration).toBeUndefined();
    expect(c.orig_bytes).toBeUndefined();
  });

  it('a first packet from a likely server port to another port is flipped', () => {
    const reply = udpExchange(NTP, A, 53, 40000, 100, Buffer.alloc(40, 1), null);
    const c = run(reply).conns[0]!;
    expect(c.id).toEqual({ orig_h: A.ip, orig_p: 40000, resp_h: NTP.ip, resp_p: 53 });
    expect(c.history).toBe('^d');
    expect(c.conn_state).toBe('SHR');
    // both ends on likely server ports: the first sender stays the originator
    const ntp = run(udpExchange(A, NTP, 123, 123, 100, Buffer.alloc(48), Buffer.alloc(48))).conns[0]!;
    expect(ntp.id.orig_h).toBe(A.ip);
    expect(ntp.history).toBe('Dd');
  });

  it('ends by inactivity after 60 s: a later packet of another flow logs it', () => {
    const first = udpExchange(A, B, 40000, 7777, 100, Buffer.alloc(10), Buffer.alloc(10));
    const early = udpExchange(A, B, 40001, 7777, 100 + 59.9, Buffer.alloc(10), null);
    expect(run([...first, ...early]).seenAt).toEqual([0, 0, 0]);
    const late = udpExchange(A, B, 40001, 7777, 100.005 + 61, Buffer.alloc(10), null);
    const r = run([...first, ...late]);
    expect(r.seenAt).toEqual([0, 0, 1]);
    expect(r.conns[0]!.id.orig_p).toBe(40000);
    expect(r.conns[0]!.conn_state).toBe('SF');
  });

  it('the same ports after the timeout are a new connection', () => {
    const first = udpExchange(A, B, 40000, 7777, 100, Buffer.alloc(10), Buffer.alloc(10));
    const again = udpExchange(A, B, 40000, 7777, 200, Buffer.alloc(10), Buffer.alloc(10));
    const r = run([...first, ...again]);
    expect(r.conns.length).toBe(2);
    expect(r.conns[0]!.uid).not.toBe(r.conns[1]!.uid);
  });

  it(`DNS over UDP times out after ${DNS_SESSION_TIMEOUT} s (Zeek dns_session_timeout)`, () => {
    const q1 = udpExchange(A, B, 40000, 53, 100, Buffer.alloc(30), Buffer.alloc(60));
    const q2 = udpExchange(A, B, 40000, 53, 100 + DNS_SESSION_TIMEOUT + 1, Buffer.alloc(30), Buffer.alloc(60));
    const r = run([...q1, ...q2]);
    expect(r.conns.length).toBe(2);
    const q3 = udpExchange(A, B, 40000, 53, 100 + DNS_SESSION_TIMEOUT - 1, Buffer.alloc(30), Buffer.alloc(60));
    expect(run([...q1, ...q3]).conns.length).toBe(1);
  });

  it('a configured inactivity timeout is used', () => {
    const first = udpExchange(A, B, 40000, 7777, 100, Buffer.alloc(10), Buffer.alloc(10));
    const late = udpExchange(A, B, 40001, 7777, 111, Buffer.alloc(10), null);
    expect(run([...first, ...late], { udpInactivity: 10 }).beforeFinish).toBe(1);
  });

  it('a bad UDP checksum adds C and drops the datagram; a zero checksum (IPv4) is none', () => {
    const [q] = udpExchange(A, B, 40000, 7777, 100, Buffer.alloc(30, 1), null);
    const bad = Buffer.from(q!.frame);
    bad[14 + 20 + 6]! ^= 0xff;
    const r = run([{ ts: 100, frame: bad }]);
    expect(r.names).toEqual(['bad_UDP_checksum']);
    expect(r.conns.map((c) => [c.history, c.orig_pkts])).toEqual([['C', 0]]);

    const zero = Buffer.from(q!.frame);
    zero.writeUInt16BE(0, 14 + 20 + 6);
    const z = run([{ ts: 100, frame: zero }]);
    expect(z.names).toEqual([]);
    expect(z.conns.map((c) => [c.history, c.orig_pkts])).toEqual([['D', 1]]);

    const ignored = run([{ ts: 100, frame: bad }], { ignoreChecksums: true });
    expect(ignored.conns.map((c) => [c.history, c.orig_pkts])).toEqual([['D', 1]]);
  });

  it('a zero UDP checksum over IPv6 is invalid', () => {
    const ip = ipPacket('2001:db8::1', '2001:db8::2', 17, udpDatagram(40000, 7777, Buffer.alloc(8, 1)));
    const r = run([{ ts: 1, frame: ethernet(A.mac, B.mac, 0x86dd, ip) }]);
    expect(r.names).toEqual(['bad_UDP_checksum']);
  });

  it('a UDP length field that disagrees with the IP length is reported', () => {
    const udp = udpDatagram(40000, 7777, Buffer.alloc(20));
    udp.writeUInt16BE(20, 4);
    const r = run([{ ts: 1, frame: frame(A, B, 17, udp) }]);
    expect(r.names).toContain('UDP_datagram_length_mismatch');
    expect(r.weirds.find((w) => w.name === 'UDP_datagram_length_mismatch')!.uid).toBe(r.conns[0]!.uid);
  });
});

describe('ICMP', () => {
  it('echo request and reply: one icmp connection, type 8 → 0, OTH', () => {
    const frames = ping(A, B, 100, 3, 77);
    const r = run(frames);
    expect(r.names).toEqual([]);
    expect(r.conns.length).toBe(1);
    const c = r.conns[0]!;
    expect(c.proto).toBe('icmp');
    expect(c.id).toEqual({ orig_h: A.ip, orig_p: 8, resp_h: B.ip, resp_p: 0 });
    expect(c.conn_state).toBe('OTH');
    expect([c.orig_pkts, c.resp_pkts]).toEqual([3, 3]);
    expect(c.orig_ip_bytes).toBe(3 * (20 + 64));
    expect(c.orig_bytes).toBe(c.resp_bytes);
    expect(c.orig_bytes).toBeGreaterThan(0);
    expect(c.ip_proto).toBe(1);
    expect(c.history).toBeUndefined();
  });

  it('ICMPv6 echo: types 128 → 129', () => {
    const c = run(ping({ ip: 'fe80::1', mac: A.mac }, { ip: 'fe80::2', mac: B.mac }, 100, 2, 1)).conns[0]!;
    expect(c.proto).toBe('icmp');
    expect(c.id).toEqual({ orig_h: 'fe80::1', orig_p: 128, resp_h: 'fe80::2', resp_p: 129 });
    expect(c.ip_proto).toBe(58);
    expect([c.orig_pkts, c.resp_pkts]).toEqual([2, 2]);
  });

  it('a one-way message (destination unreachable) takes the code as responder port', () => {
    const quoted = ipPacket(B.ip, A.ip, 17, udpDatagram(5000, 6000, Buffer.alloc(8)));
    const unreach = icmpMessage(3, 3, Buffer.concat([Buffer.alloc(4), quoted.subarray(0, 28)]));
    const c = run([{ ts: 1, frame: frame(A, B, 1, unreach) }]).conns[0]!;
    expect(c.id).toEqual({ orig_h: A.ip, orig_p: 3, resp_h: B.ip, resp_p: 3 });
  });

  it('a bad ICMP checksum is reported and the message dropped', () => {
    const [req] = ping(A, B, 100, 1, 5);
    const bad = Buffer.from(req!.frame);
    bad[14 + 20 + 2]! ^= 0x01;
    const r = run([{ ts: 100, frame: bad }]);
    expect(r.names).toEqual(['bad_ICMP_checksum']);
    expect(r.conns[0]!.orig_pkts).toBe(0);
  });

  it('ICMP connections time out after 60 s', () => {
    const frames = [...ping(A, B, 100, 1, 5), ...udpExchange(A, B, 1, 2, 200, Buffer.alloc(1), null)];
    expect(run(frames).seenAt).toEqual([0, 0, 1]);
  });
});

describe('flow table', () => {
  it('other IP protocols get an unknown_transport connection without ports', () => {
    const r = run([{ ts: 1, frame: frame(A, B, 50, Buffer.alloc(40, 9)) }]);
    expect(r.conns.map((c) => [c.proto, c.ip_proto, c.id.orig_p, c.id.resp_p, c.conn_state])).toEqual([['unknown_transport', 50, 0, 0, 'OTH']]);
  });

  it('past maxConns the least recently active connections are flushed early and counted', () => {
    const frames: TimedFrame[] = [];
    for (let i = 0; i < 30; i++) frames.push(...udpExchange(A, B, 30000 + i, 7777, 100 + i, Buffer.alloc(4), null));
    const r = run(frames, { maxConns: 20 });
    expect(r.conns.length).toBe(30);
    expect(r.stats.evicted).toBeGreaterThan(0);
    expect(r.names).toContain('flow_table_full');
    expect(r.beforeFinish).toBe(r.stats.evicted);
    // the oldest went first
    expect(r.conns[0]!.id.orig_p).toBe(30000);
  });

  it('a far backward jump in time finishes the open connections instead of expiring new ones', () => {
    const frames = [
      ...udpExchange(A, B, 30001, 7777, 10_000, Buffer.alloc(4), Buffer.alloc(4)),
      ...udpExchange(A, B, 30002, 7777, 100, Buffer.alloc(4), Buffer.alloc(4)),
    ];
    const r = run(frames);
    expect(r.names).toEqual(['time_went_backwards']);
    expect(r.seenAt).toEqual([0, 0, 1, 1]);
    expect(r.conns.map((c) => [c.id.orig_p, c.conn_state])).toEqual([[30001, 'SF'], [30002, 'SF']]);
    // a small step back is only reordering: nothing is flushed
    const small = run([...udpExchange(A, B, 30001, 7777, 1000, Buffer.alloc(4), null), ...udpExchange(A, B, 30002, 7777, 990, Buffer.alloc(4), null)]);
    expect(small.names).toEqual([]);
    expect(small.beforeFinish).toBe(0);
  });

  it('finish() logs open connections in start order', () => {
    const frames = [
      ...udpExchange(A, B, 3, 7777, 10, Buffer.alloc(4), null),
      ...udpExchange(A, B, 1, 7777, 11, Buffer.alloc(4), null),
      ...udpExchange(A, B, 2, 7777, 12, Buffer.alloc(4), null),
    ];
    expect(run(frames).conns.map((c) => c.id.orig_p)).toEqual([3, 1, 2]);
  });

  it('uids are deterministic for the same input and seed, and change with the seed', () => {
    const frames = [...udpExchange(A, B, 1, 7777, 10, Buffer.alloc(4), null), ...udpExchange(A, B, 2, 7777, 11, Buffer.alloc(4), null)];
    const a = run(frames).conns.map((c) => c.uid);
    const b = run(frames).conns.map((c) => c.uid);
    const c = run(frames, { uidSeed: 1234 }).conns.map((x) => x.uid);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(2);
    expect(c).not.toEqual(a);
    for (const uid of a) expect(uid).toMatch(/^C[0-9A-Za-z]{18}$/);
  });
});
