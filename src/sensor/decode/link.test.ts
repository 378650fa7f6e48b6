// Link layers, tested through the Sensor: each frame carries a UDP exchange (or a TCP SYN) and the
// connection record must come out with the right addresses, VLANs and link-layer addresses.
import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../../schema/anomaly.js';
import type { Connection } from '../../schema/conn.js';
import { ipPacket, tcpSegment, TCP_FLAGS, udpDatagram } from '../../simulate/packet-builder.js';
import { DEFAULT_SENSOR_OPTIONS, Sensor } from '../sensor.js';

interface In {
  ts: number;
  frame: Buffer;
  linktype?: number;
  caplen?: number;
  wirelen?: number;
}

function run(frames: In[]) {
  const conns: Connection[] = [];
  const weirds: Anomaly[] = [];
  const s = new Sensor(DEFAULT_SENSOR_OPTIONS, (o) => (o.type === 'conn' ? conns.push(o.record) : o.type === 'weird' ? weirds.push(o.record) : 0));
  for (const f of frames) s.packet(f.linktype ?? 1, f.ts, f.frame, 0, f.caplen ?? f.frame.length, f.wirelen ?? f.caplen ?? f.frame.length);
  const stats = s.finish();
  return { conns, weirds, names: weirds.map((w) => w.name), stats };
}

const MAC_A = Buffer.from([0x02, 0, 0, 0, 0, 0x0a]);
const MAC_B = Buffer.from([0x02, 0, 0, 0, 0, 0x0b]);
const u16 = (v: number) => Buffer.from([v >> 8, v & 255]);

/** Ethernet header from `src` to `dst` followed by `rest` (ethertype chain and payload). */
const eth = (src: Buffer, dst: Buffer, ...rest: Buffer[]) => Buffer.concat([dst, src, ...rest]);

const v4q = () => ipPacket('10.0.0.1', '10.0.0.2', 17, udpDatagram(40000, 5000, Buffer.from('question')), { checksumAt: 6 });
const v4r = () => ipPacket('10.0.0.2', '10.0.0.1', 17, udpDatagram(5000, 40000, Buffer.from('the answer')), { checksumAt: 6 });
const v6q = () => ipPacket('2001:db8::1', '2001:db8::2', 17, udpDatagram(40000, 5000, Buffer.from('question')), { checksumAt: 6 });
const v6r = () => ipPacket('2001:db8::2', '2001:db8::1', 17, udpDatagram(5000, 40000, Buffer.from('the answer')), { checksumAt: 6 });

/** A UDP query and answer, each IP packet wrapped by `wrap(ip, fromA)`. */
function exchange(wrap: (ip: Buffer, fromA: boolean) => Buffer, v6 = false, linktype = 1): In[] {
  return [
    { ts: 100, frame: wrap(v6 ? v6q() : v4q(), true), linktype },
    { ts: 100.5, frame: wrap(v6 ? v6r() : v4r(), false), linktype },
  ];
}

function expectExchange(r: ReturnType<typeof run>, v6 = false): Connection {
  expect(r.names).toEqual([]);
  expect(r.conns.length).toBe(1);
  const c = r.conns[0]!;
  expect(c.id).toEqual(v6
    ? { orig_h: '2001:db8::1', orig_p: 40000, resp_h: '2001:db8::2', resp_p: 5000 }
    : { orig_h: '10.0.0.1', orig_p: 40000, resp_h: '10.0.0.2', resp_p: 5000 });
  expect(c.proto).toBe('udp');
  expect(c.conn_state).toBe('SF');
  expect(c.history).toBe('Dd');
  expect(c.orig_bytes).toBe(8);
  expect(c.resp_bytes).toBe(10);
  expect(c.orig_pkts).toBe(1);
  expect(c.resp_pkts).toBe(1);
  expect(c.orig_ip_bytes).toBe((v6 ? 40 : 20) + 16);
  expect(c.resp_ip_bytes).toBe((v6 ? 40 : 20) + 18);
  return c;
}

describe('Ethernet', () => {
  it('plain Ethernet II: MAC addresses of each side, no VLAN', () => {
    const c = expectExchange(run(exchange((ip, a) => eth(a ? MAC_A : MAC_B, a ? MAC_B : MAC_A, u16(0x0800), ip))));
    expect(c.orig_l2_addr).toBe('02:00:00:00:00:0a');
    expect(c.resp_l2_addr).toBe('02:00:00:00:00:0b');
    expect(c.vlan).toBeUndefined();
    expect(c.inner_vlan).toBeUndefined();
  });

  it('IPv6 over Ethernet', () => {
    expectExchange(run(exchange((ip, a) => eth(a ? MAC_A : MAC_B, a ? MAC_B : MAC_A, u16(0x86dd), ip), true)), true);
  });

  it('802.1Q: the VLAN id (without priority bits) on the connection', () => {
    const c = expectExchange(run(exchange((ip, a) => eth(a ? MAC_A : MAC_B, a ? MAC_B : MAC_A, u16(0x8100), u16(0xa000 | 10), u16(0x0800), ip))));
    expect(c.vlan).toBe(10);
    expect(c.inner_vlan).toBeUndefined();
    expect(c.orig_l2_addr).toBe('02:00:00:00:00:0a');
  });

  for (const outer of [0x88a8, 0x9100, 0x8100]) {
    it(`QinQ (outer ethertype 0x${outer.toString(16)}): vlan and inner_vlan`, () => {
      const c = expectExchange(run(exchange((ip, a) => eth(a ? MAC_A : MAC_B, a ? MAC_B : MAC_A, u16(outer), u16(100), u16(0x8100), u16(200), u16(0x0800), ip))));
      expect(c.vlan).toBe(100);
      expect(c.inner_vlan).toBe(200);
    });
  }

  it('a VLAN does not stick to the next, untagged packet', () => {
    const tagged = eth(MAC_A, MAC_B, u16(0x8100), u16(7), u16(0x0800), v4q());
    const other = ipPacket('10.0.0.3', '10.0.0.4', 17, udpDatagram(1, 2, Buffer.alloc(4)), { checksumAt: 6 });
    const r = run([{ ts: 1, frame: tagged }, { ts: 2, frame: eth(MAC_A, MAC_B, u16(0x0800), other) }]);
    expect(r.conns.map((c) => c.vlan)).toEqual([7, undefined]);
  });

  it('MPLS label stack down to IPv4 and IPv6', () => {
    const labels = Buffer.from([0x00, 0x06, 0x40, 0x40, 0x00, 0x0c, 0x81, 0x40]); // label 100, label 200 (bottom)
    expectExchange(run(exchange((ip, a) => eth(a ? MAC_A : MAC_B, a ? MAC_B : MAC_A, u16(0x8847), labels, ip))));
    expectExchange(run(exchange((ip, a) => eth(a ? MAC_A : MAC_B, a ? MAC_B : MAC_A, u16(0x8847), labels, ip), true)), true);
  });

  it('VLAN then MPLS', () => {
    const c = expectExchange(run(exchange((ip, a) => eth(a ? MAC_A : MAC_B, a ? MAC_B : MAC_A, u16(0x8100), u16(42), u16(0x8847), Buffer.from([0, 1, 0x01, 64]), ip))));
    expect(c.vlan).toBe(42);
  });

  it('PPPoE session with PPP IPv4 and IPv6', () => {
    const pppoe = (ip: Buffer, proto: number) => Buffer.concat([Buffer.from([0x11, 0x00]), u16(0x1234), u16(ip.length + 2), u16(proto), ip]);
    expectExchange(run(exchange((ip, a) => eth(a ? MAC_A : MAC_B, a ? MAC_B : MAC_A, u16(0x8864), pppoe(ip, 0x0021)))));
    expectExchange(run(exchange((ip, a) => eth(a ? MAC_A : MAC_B, a ? MAC_B : MAC_A, u16(0x8864), pppoe(ip, 0x0057)), true)), true);
  });

  it('802.3 with LLC/SNAP carrying IPv4', () => {
    expectExchange(run(exchange((ip, a) => eth(a ? MAC_A : MAC_B, a ? MAC_B : MAC_A, u16(ip.length + 8), Buffer.from([0xaa, 0xaa, 0x03, 0, 0, 0]), u16(0x0800), ip))));
  });

  it('frames without IP (ARP, LLDP, plain 802.3) are counted, not anomalies', () => {
    const arp = eth(MAC_A, Buffer.alloc(6, 0xff), u16(0x0806), Buffer.alloc(28));
    const lldp = eth(MAC_A, MAC_B, u16(0x88cc), Buffer.alloc(30));
    const llc = eth(MAC_A, MAC_B, u16(40), Buffer.from([0x42, 0x42, 0x03]), Buffer.alloc(37));
    const r = run([{ ts: 1, frame: arp }, { ts: 2, frame: lldp }, { ts: 3, frame: llc }]);
    expect(r.conns).toEqual([]);
    expect(r.names).toEqual([]);
    expect(r.stats.nonIp).toBe(3);
    expect(r.stats.packets).toBe(3);
  });

  it('truncated Ethernet and VLAN headers are named anomalies', () => {
    const r = run([
      { ts: 1, frame: Buffer.alloc(10) },
      { ts: 2, frame: eth(MAC_A, MAC_B, u16(0x8100), Buffer.from([0, 1])) },
      { ts: 3, frame: eth(MAC_A, MAC_B, u16(0x8847), Buffer.from([0, 1, 0])) },
      { ts: 4, frame: eth(MAC_A, MAC_B, u16(0x8864), Buffer.from([0x11, 0, 0, 1])) },
    ]);
    expect(r.names).toEqual(['truncated_ethernet_frame', 'truncated_VLAN_header', 'truncated_MPLS_header', 'truncated_PPPoE_header']);
    expect(r.weirds.every((w) => w.uid === undefined && w.notice === false)).toBe(true);
    expect(r.conns).toEqual([]);
  });
});

describe('other link types', () => {
  it('Linux cooked capture (SLL, 113): no MAC addresses taken from it', () => {
    const sll = (ip: Buffer, a: boolean, proto: number) => Buffer.concat([u16(a ? 4 : 0), u16(1), u16(6), a ? MAC_A : MAC_B, Buffer.alloc(2), u16(proto), ip]);
    const c = expectExchange(run(exchange((ip, a) => sll(ip, a, 0x0800), false, 113)));
    expect(c.orig_l2_addr).toBeUndefined();
    expectExchange(run(exchange((ip, a) => sll(ip, a, 0x86dd), true, 113)), true);
  });

  it('SLL with a VLAN tag inside', () => {
    const sll = (ip: Buffer) => Buffer.concat([u16(0), u16(1), u16(6), MAC_A, Buffer.alloc(2), u16(0x8100), u16(33), u16(0x0800), ip]);
    const c = expectExchange(run(exchange((ip) => sll(ip), false, 113)));
    expect(c.vlan).toBe(33);
  });

  it('Linux cooked capture v2 (SLL2, 276)', () => {
    const sll2 = (ip: Buffer, proto: number) => Buffer.concat([u16(proto), u16(0), Buffer.from([0, 0, 0, 3]), u16(1), Buffer.from([0, 6]), MAC_A, Buffer.alloc(2), ip]);
    expectExchange(run(exchange((ip) => sll2(ip, 0x0800), false, 276)));
    expectExchange(run(exchange((ip) => sll2(ip, 0x86dd), true, 276)), true);
  });

  it('raw IP (101, 12, 14) guesses the version; 228 is IPv4 and 229 IPv6', () => {
    for (const lt of [101, 12, 14]) {
      expectExchange(run(exchange((ip) => ip, false, lt)));
      expectExchange(run(exchange((ip) => ip, true, lt)), true);
    }
    expectExchange(run(exchange((ip) => ip, false, 228)));
    expectExchange(run(exchange((ip) => ip, true, 229)), true);
  });

  it('a packet of the wrong IP version on an IPv4- or IPv6-only link type is an anomaly', () => {
    const r = run([{ ts: 1, frame: v6q(), linktype: 228 }, { ts: 2, frame: v4q(), linktype: 229 }]);
    expect(r.names).toEqual(['IP_version_mismatch', 'IP_version_mismatch']);
    expect(r.conns).toEqual([]);
  });

  it('BSD loopback (0): family 2 is IPv4, 24/28/30 are IPv6, in either byte order', () => {
    const le = (fam: number) => {
      const b = Buffer.alloc(4);
      b.writeUInt32LE(fam);
      return b;
    };
    const be = (fam: number) => {
      const b = Buffer.alloc(4);
      b.writeUInt32BE(fam);
      return b;
    };
    expectExchange(run(exchange((ip) => Buffer.concat([le(2), ip]), false, 0)));
    expectExchange(run(exchange((ip) => Buffer.concat([be(2), ip]), false, 0)));
    for (const fam of [24, 28, 30]) {
      expectExchange(run(exchange((ip) => Buffer.concat([le(fam), ip]), true, 0)), true);
      expectExchange(run(exchange((ip) => Buffer.concat([be(fam), ip]), true, 0)), true);
    }
    // OpenBSD loopback (108): network byte order
    expectExchange(run(exchange((ip) => Buffer.concat([be(2), ip]), false, 108)));
    expectExchange(run(exchange((ip) => Buffer.concat([be(24), ip]), true, 108)), true);
  });

  it('BSD loopback with an unknown family is an anomaly', () => {
    const r = run([{ ts: 1, frame: Buffer.concat([Buffer.from([7, 0, 0, 0]), v4q()]), linktype: 0 }]);
    expect(r.names).toEqual(['unknown_null_family']);
    expect(r.weirds[0]!.addl).toBe('7');
  });

  it('PPP (9) with and without address/control bytes', () => {
    expectExchange(run(exchange((ip) => Buffer.concat([Buffer.from([0xff, 0x03, 0x00, 0x21]), ip]), false, 9)));
    expectExchange(run(exchange((ip) => Buffer.concat([Buffer.from([0x00, 0x57]), ip]), true, 9)), true);
  });

  it('an unknown link type is reported by number', () => {
    const r = run([{ ts: 1, frame: v4q(), linktype: 147 }]);
    expect(r.names).toEqual(['unknown_link_type']);
    expect(r.weirds[0]!.addl).toBe('147');
  });

  it('short link headers are anomalies, not crashes', () => {
    const r = run([
      { ts: 1, frame: Buffer.alloc(10), linktype: 113 },
      { ts: 2, frame: Buffer.alloc(10), linktype: 276 },
      { ts: 3, frame: Buffer.alloc(3), linktype: 0 },
      { ts: 4, frame: Buffer.alloc(0), linktype: 101 },
    ]);
    expect(r.names).toEqual(['truncated_link_header', 'truncated_link_header', 'truncated_link_header', 'truncated_IP']);
  });

  it('a TCP SYN over raw IPv4 gives an S0 connection', () => {
    const syn = ipPacket('192.168.1.5', '8.8.4.4', 6, tcpSegment(33000, 443, 1000, 0, TCP_FLAGS.SYN), { checksumAt: 16 });
    const r = run([{ ts: 5, frame: syn, linktype: 101 }]);
    expect(r.conns.map((c) => [c.proto, c.conn_state, c.history, c.id.resp_p, c.local_orig, c.local_resp])).toEqual([['tcp', 'S0', 'S', 443, true, false]]);
  });
});
