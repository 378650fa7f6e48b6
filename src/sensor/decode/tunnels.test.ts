// Encapsulations: the inner packets become connections of their own whose tunnel_parents name the
// outer connection (UDP tunnels) or the tunnel (IP-based tunnels), as in Zeek.
import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../../schema/anomaly.js';
import type { Connection } from '../../schema/conn.js';
import { ethernet, frame, ipPacket, udpDatagram } from '../../simulate/packet-builder.js';
import { tcpSession } from '../../simulate/sessions.js';
import { DEFAULT_SENSOR_OPTIONS, MAX_TUNNEL_DEPTH, Sensor } from '../sensor.js';
import { ETH, ETH_IP_GUESS, NOT_IP } from './link.js';
import { gre, gtpU, INNER_ETHERNET, vxlan } from './tunnels.js';

interface In {
  ts: number;
  frame: Buffer;
}

function run(frames: In[]) {
  const conns: Connection[] = [];
  const weirds: Anomaly[] = [];
  const s = new Sensor(DEFAULT_SENSOR_OPTIONS, (o) => (o.type === 'conn' ? conns.push(o.record) : o.type === 'weird' ? weirds.push(o.record) : 0));
  for (const f of frames) s.packet(1, f.ts, f.frame, 0, f.frame.length, f.frame.length);
  s.finish();
  return { conns, weirds, names: weirds.map((w) => w.name) };
}

const VTEP_A = { ip: '192.0.2.1', mac: '02:00:00:00:01:01' };
const VTEP_B = { ip: '192.0.2.2', mac: '02:00:00:00:01:02' };
const CLIENT = { ip: '10.10.0.5', mac: '02:00:00:00:00:05' };
const SERVER = { ip: '10.10.0.9', mac: '02:00:00:00:00:09' };

/** An inner TCP session (Ethernet frames) with one exchange. */
const innerSession = () => tcpSession({ client: CLIENT, server: SERVER, sport: 51000, dport: 8080, start: 50, exchanges: [{ request: Buffer.alloc(120, 1), response: Buffer.alloc(700, 2) }] });

/** Is this inner frame from the client? */
const fromClient = (f: Buffer) => f.subarray(6, 12).equals(Buffer.from([2, 0, 0, 0, 0, 5]));

function expectInner(conns: Connection[], parent: string): Connection {
  const inner = conns.find((c) => c.id.orig_h === CLIENT.ip)!;
  expect(inner).toBeDefined();
  expect(inner.id).toEqual({ orig_h: CLIENT.ip, orig_p: 51000, resp_h: SERVER.ip, resp_p: 8080 });
  expect(inner.conn_state).toBe('SF');
  expect(inner.history).toBe('ShADadFf');
  expect(inner.orig_bytes).toBe(120);
  expect(inner.resp_bytes).toBe(700);
  expect(inner.tunnel_parents).toEqual([parent]);
  return inner;
}

describe('UDP tunnels', () => {
  it('VXLAN: an outer vxlan connection and an inner one whose tunnel_parents holds its uid', () => {
    const vx = Buffer.from([0x08, 0, 0, 0, 0, 0, 0x2a, 0]); // I flag, VNI 42
    // each VTEP sends from its own port to 4789: two outer connections, both parents of the inner one
    const frames = innerSession().map((f) => {
      const a = fromClient(f.frame);
      const udp = udpDatagram(a ? 40001 : 40002, 4789, Buffer.concat([vx, f.frame]));
      return { ts: f.ts, frame: frame(a ? VTEP_A : VTEP_B, a ? VTEP_B : VTEP_A, 17, udp) };
    });
    const r = run(frames);
    expect(r.names).toEqual([]);
    expect(r.conns.length).toBe(3);
    const there = r.conns.find((c) => c.id.orig_h === VTEP_A.ip)!;
    const back = r.conns.find((c) => c.id.orig_h === VTEP_B.ip)!;
    for (const outer of [there, back]) {
      expect(outer.proto).toBe('udp');
      expect(outer.id.resp_p).toBe(4789);
      expect(outer.service).toBe('vxlan');
      expect(outer.tunnel_parents).toBeUndefined();
      expect(outer.history).toBe('D');
    }
    const inner = r.conns.find((c) => c.id.orig_h === CLIENT.ip)!;
    expect(inner.id).toEqual({ orig_h: CLIENT.ip, orig_p: 51000, resp_h: SERVER.ip, resp_p: 8080 });
    expect(inner.conn_state).toBe('SF');
    expect(inner.history).toBe('ShADadFf');
    expect(inner.tunnel_parents).toEqual([there.uid, back.uid]);
    expect(inner.orig_l2_addr).toBe(CLIENT.mac);
    expect(inner.resp_l2_addr).toBe(SERVER.mac);
  });

  it('VXLAN carried both ways on one outer connection gives one parent', () => {
    const vx = Buffer.from([0x08, 0, 0, 0, 0, 0, 0x2a, 0]);
    const frames = innerSession().map((f) => {
      const a = fromClient(f.frame);
      const udp = a ? udpDatagram(40001, 4789, Buffer.concat([vx, f.frame])) : udpDatagram(4789, 40001, Buffer.concat([vx, f.frame]));
      return { ts: f.ts, frame: frame(a ? VTEP_A : VTEP_B, a ? VTEP_B : VTEP_A, 17, udp) };
    });
    const r = run(frames);
    expect(r.conns.length).toBe(2);
    const outer = r.conns.find((c) => c.id.resp_p === 4789)!;
    expect(outer.id.orig_h).toBe(VTEP_A.ip);
    expect(outer.conn_state).toBe('SF');
    expect(outer.history).toBe('Dd');
    expectInner(r.conns, outer.uid);
  });

  it('a UDP datagram to 4789 without the VXLAN I flag is not unwrapped', () => {
    const udp = udpDatagram(40001, 4789, Buffer.concat([Buffer.alloc(8), innerSession()[0]!.frame]));
    const r = run([{ ts: 1, frame: frame(VTEP_A, VTEP_B, 17, udp) }]);
    expect(r.conns.length).toBe(1);
    expect(r.conns[0]!.service).toBeUndefined();
  });

  it('GTP-U (UDP 2152, G-PDU) with inner IPv4, with and without the optional fields', () => {
    const gtp = (ip: Buffer, opt: boolean) => {
      const h = Buffer.alloc(opt ? 12 : 8);
      h[0] = opt ? 0x32 : 0x30; // version 1, PT, (S flag)
      h[1] = 0xff; // G-PDU
      h.writeUInt16BE(ip.length + (opt ? 4 : 0), 2);
      h.writeUInt32BE(0x1234, 4);
      return Buffer.concat([h, ip]);
    };
    for (const opt of [false, true]) {
      const frames = innerSession().map((f) => {
        const a = fromClient(f.frame);
        const ip = f.frame.subarray(14);
        const udp = udpDatagram(2152, 2152, gtp(ip, opt));
        return { ts: f.ts, frame: frame(a ? VTEP_A : VTEP_B, a ? VTEP_B : VTEP_A, 17, udp) };
      });
      const r = run(frames);
      expect(r.names).toEqual([]);
      expect(r.conns.length).toBe(2);
      const outer = r.conns.find((c) => c.id.orig_p === 2152)!;
      expect(outer.service).toBe('gtpv1');
      expectInner(r.conns, outer.uid);
    }
  });

  it('GTP signalling (not a G-PDU) is not unwrapped', () => {
    const h = Buffer.from([0x30, 0x01, 0, 4, 0, 0, 0, 0, 0, 1, 0, 0]); // echo request
    const r = run([{ ts: 1, frame: frame(VTEP_A, VTEP_B, 17, udpDatagram(2152, 2152, h)) }]);
    expect(r.conns.length).toBe(1);
  });

  it('Geneve (UDP 6081) with an inner Ethernet frame', () => {
    const gen = Buffer.from([0x00, 0x00, 0x65, 0x58, 0, 0, 7, 0]);
    const frames = innerSession().map((f) => ({ ts: f.ts, frame: frame(VTEP_A, VTEP_B, 17, udpDatagram(50000, 6081, Buffer.concat([gen, f.frame]))) }));
    const r = run(frames);
    const outer = r.conns.find((c) => c.id.resp_p === 6081)!;
    expect(outer.service).toBe('geneve');
    expectInner(r.conns, outer.uid);
  });

  it('Teredo (UDP 3544) with inner IPv6', () => {
    const inner6 = ipPacket('2001:0:4136:e378::1', '2001:db8::99', 17, udpDatagram(7000, 7001, Buffer.from('hi')), { checksumAt: 6 });
    const r = run([{ ts: 1, frame: frame(VTEP_A, VTEP_B, 17, udpDatagram(50000, 3544, inner6)) }]);
    const outer = r.conns.find((c) => c.id.resp_p === 3544)!;
    expect(outer.service).toBe('teredo');
    const inner = r.conns.find((c) => c.id.orig_h === '2001:0:4136:e378::1')!;
    expect(inner.tunnel_parents).toEqual([outer.uid]);
  });
});

describe('IP tunnels', () => {
  /** Wraps each inner IP packet in an outer IPv4 packet of protocol `proto` after `hdr`. */
  const wrap = (proto: number, hdr: (ip: Buffer) => Buffer) =>
    innerSession().map((f) => {
      const a = fromClient(f.frame);
      const ip = f.frame.subarray(14);
      const outer = ipPacket(a ? VTEP_A.ip : VTEP_B.ip, a ? VTEP_B.ip : VTEP_A.ip, proto, Buffer.concat([hdr(ip), ip]));
      return { ts: f.ts, frame: ethernet(a ? VTEP_A.mac : VTEP_B.mac, a ? VTEP_B.mac : VTEP_A.mac, 0x0800, outer) };
    });

  it('GRE with inner IPv4: one tunnel uid for both directions, no outer connection', () => {
    const r = run(wrap(47, () => Buffer.from([0, 0, 0x08, 0x00])));
    expect(r.names).toEqual([]);
    expect(r.conns.length).toBe(1);
    const parent = r.conns[0]!.tunnel_parents![0]!;
    expect(parent).toMatch(/^C[0-9A-Za-z]{18}$/);
    expectInner(r.conns, parent);
  });

  it('GRE with checksum, key and sequence fields', () => {
    const r = run(wrap(47, () => Buffer.from([0xb0, 0, 0x08, 0x00, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 1])));
    expect(r.names).toEqual([]);
    expect(r.conns.length).toBe(1);
    expectInner(r.conns, r.conns[0]!.tunnel_parents![0]!);
  });

  it('GRE with transparent Ethernet bridging', () => {
    const frames = innerSession().map((f) => {
      const a = fromClient(f.frame);
      const outer = ipPacket(a ? VTEP_A.ip : VTEP_B.ip, a ? VTEP_B.ip : VTEP_A.ip, 47, Buffer.concat([Buffer.from([0, 0, 0x65, 0x58]), f.frame]));
      return { ts: f.ts, frame: ethernet(VTEP_A.mac, VTEP_B.mac, 0x0800, outer) };
    });
    const r = run(frames);
    expect(r.conns.length).toBe(1);
    const inner = expectInner(r.conns, r.conns[0]!.tunnel_parents![0]!);
    expect(inner.orig_l2_addr).toBe(CLIENT.mac);
  });

  it('an unsupported GRE version is reported', () => {
    const r = run([{ ts: 1, frame: ethernet(VTEP_A.mac, VTEP_B.mac, 0x0800, ipPacket(VTEP_A.ip, VTEP_B.ip, 47, Buffer.from([0, 5, 0x08, 0, 1, 2, 3, 4]))) }]);
    expect(r.names).toEqual(['unknown_gre_version_or_protocol']);
    expect(r.conns).toEqual([]);
  });

  it('IP-in-IP (protocol 4)', () => {
    const r = run(wrap(4, () => Buffer.alloc(0)));
    expect(r.names).toEqual([]);
    expect(r.conns.length).toBe(1);
    expectInner(r.conns, r.conns[0]!.tunnel_parents![0]!);
  });

  it('IP-in-IP and GRE between the same hosts are different tunnels', () => {
    const ipip = wrap(4, () => Buffer.alloc(0));
    const viaGre = wrap(47, () => Buffer.from([0, 0, 0x08, 0x00])).map((f) => ({ ts: f.ts + 1000, frame: f.frame }));
    const r = run([...ipip, ...viaGre]);
    expect(r.conns.length).toBe(2);
    expect(r.conns[0]!.tunnel_parents![0]).not.toBe(r.conns[1]!.tunnel_parents![0]);
  });

  it('IPv6 in IPv4 (protocol 41)', () => {
    const inner6 = ipPacket('2001:db8::1', '2001:db8::2', 17, udpDatagram(7000, 7001, Buffer.from('hi')), { checksumAt: 6 });
    const r = run([{ ts: 1, frame: ethernet(VTEP_A.mac, VTEP_B.mac, 0x0800, ipPacket(VTEP_A.ip, VTEP_B.ip, 41, inner6)) }]);
    expect(r.conns.map((c) => [c.id.orig_h, c.id.resp_h, c.proto])).toEqual([['2001:db8::1', '2001:db8::2', 'udp']]);
    expect(r.conns[0]!.tunnel_parents!.length).toBe(1);
  });

  it(`stops unwrapping past ${MAX_TUNNEL_DEPTH} levels`, () => {
    const innermost = ipPacket('10.0.0.1', '10.0.0.2', 17, udpDatagram(1000, 2000, Buffer.from('x')), { checksumAt: 6 });
    let p = innermost;
    for (let i = 0; i < MAX_TUNNEL_DEPTH + 1; i++) p = ipPacket(`192.0.2.${10 + i}`, `192.0.2.${20 + i}`, 4, p);
    const r = run([{ ts: 1, frame: ethernet(VTEP_A.mac, VTEP_B.mac, 0x0800, p) }]);
    expect(r.names).toEqual(['exceeded_tunnel_max_depth']);
    expect(r.conns).toEqual([]);
    let q = innermost;
    for (let i = 0; i < MAX_TUNNEL_DEPTH; i++) q = ipPacket(`192.0.2.${10 + i}`, `192.0.2.${20 + i}`, 4, q);
    const ok = run([{ ts: 1, frame: ethernet(VTEP_A.mac, VTEP_B.mac, 0x0800, q) }]);
    expect(ok.names).toEqual([]);
    expect(ok.conns.map((c) => c.id.orig_h)).toEqual(['10.0.0.1']);
  });
});

describe('tunnel header parsers', () => {
  it('gre: offsets for the optional fields, versions and protocols', () => {
    expect(gre(Buffer.from([0, 0, 0x08, 0x00]), 0, 4)).toEqual({ kind: ETH.IPV4, off: 4 });
    expect(gre(Buffer.from([0x80, 0, 0x86, 0xdd, 0, 0, 0, 0]), 0, 8)).toEqual({ kind: ETH.IPV6, off: 8 });
    expect(gre(Buffer.from([0x30, 0, 0x65, 0x58, 0, 0, 0, 0, 0, 0, 0, 0]), 0, 12)).toEqual({ kind: INNER_ETHERNET, off: 12 });
    expect(gre(Buffer.from([0x40, 0, 0x08, 0x00]), 0, 4)).toBeNull(); // source routing
    expect(gre(Buffer.from([0, 2, 0x08, 0x00]), 0, 4)).toBeNull(); // version 2
    expect(gre(Buffer.from([0, 0, 0x08]), 0, 3)).toBeNull();
    expect(gre(Buffer.from([0, 0, 0x12, 0x34]), 0, 4)!.kind).toBe(NOT_IP);
    // PPTP enhanced GRE: key, sequence, PPP carrying IPv4
    const pptp = Buffer.from([0x30, 0x01, 0x88, 0x0b, 0, 10, 0, 1, 0, 0, 0, 5, 0xff, 0x03, 0x00, 0x21]);
    expect(gre(pptp, 0, pptp.length)).toEqual({ kind: ETH.IPV4, off: 16 });
    expect(gre(Buffer.from([0, 0, 0x88, 0x47, 0, 0, 0x01, 0x40]), 0, 8)).toEqual({ kind: ETH_IP_GUESS, off: 8 });
  });

  it('vxlan and gtpU reject what they cannot parse', () => {
    expect(vxlan(Buffer.from([0x08, 0, 0, 0, 0, 0, 1, 0]), 0, 8)).toEqual({ kind: INNER_ETHERNET, off: 8 });
    expect(vxlan(Buffer.alloc(8), 0, 8)).toBeNull();
    expect(vxlan(Buffer.from([0x08, 0, 0]), 0, 3)).toBeNull();
    const ipv4 = Buffer.from([0x45, 0, 0, 20]);
    expect(gtpU(Buffer.concat([Buffer.from([0x30, 0xff, 0, 4, 0, 0, 0, 1]), ipv4]), 0, 12)).toEqual({ kind: ETH_IP_GUESS, off: 8 });
    expect(gtpU(Buffer.concat([Buffer.from([0x50, 0xff, 0, 4, 0, 0, 0, 1]), ipv4]), 0, 12)).toBeNull(); // GTPv2
    expect(gtpU(Buffer.from([0x30, 0xff, 0, 0, 0, 0, 0, 1]), 0, 8)).toBeNull(); // no payload
    // extension header chain (E flag): one 4-byte extension, then IPv4
    const ext = Buffer.concat([Buffer.from([0x34, 0xff, 0, 12, 0, 0, 0, 1, 0, 0, 0, 0x85, 1, 0x10, 0, 0]), ipv4]);
    expect(gtpU(ext, 0, ext.length)).toEqual({ kind: ETH_IP_GUESS, off: 16 });
  });
});
