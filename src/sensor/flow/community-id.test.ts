import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../net/ip-address.js';
import type { Connection } from '../../schema/conn.js';
import { frame, icmpMessage, tcpSegment, TCP_FLAGS, udpDatagram } from '../../simulate/packet-builder.js';
import { DEFAULT_SENSOR_OPTIONS, Sensor } from '../sensor.js';
import { communityId } from './community-id.js';
import { Conn } from './conn.js';
import { icmpCounterpart } from './icmp-ports.js';

/** A finished-connection stand-in with the fields communityId() reads. */
function conn(proto: number, orig: string, op: number, resp: string, rp: number, oneWay = false): Conn {
  const c = new Conn();
  const o = parseIp(orig)!;
  const r = parseIp(resp)!;
  c.v6 = o.v6;
  c.ipProto = proto;
  [c.o0, c.o1, c.o2, c.o3] = o.words as [number, number, number, number];
  [c.r0, c.r1, c.r2, c.r3] = r.words as [number, number, number, number];
  c.op = op;
  c.rp = rp;
  c.oneWay = oneWay;
  return c;
}

/** Community ID v1 written again from the specification, byte by byte, as a cross-check. */
function reference(seed: number, proto: number, src: string, dst: string, sport: number, dport: number): string {
  const bytes = (a: string) => {
    const p = parseIp(a)!;
    return p.v6 ? Buffer.concat(p.words.map((w) => Buffer.from([w >>> 24, (w >>> 16) & 255, (w >>> 8) & 255, w & 255]))) : Buffer.from(a.split('.').map(Number));
  };
  let s = bytes(src);
  let d = bytes(dst);
  let oneWay = false;
  if (proto === 1 || proto === 58) {
    const cp = icmpCounterpart(proto === 58, sport);
    if (cp < 0) oneWay = true;
    else dport = cp;
  }
  if (!oneWay && (Buffer.compare(s, d) > 0 || (Buffer.compare(s, d) === 0 && sport > dport))) {
    [s, d] = [d, s];
    [sport, dport] = [dport, sport];
  }
  const ports = [6, 17, 132, 1, 58].includes(proto) ? Buffer.from([sport >> 8, sport & 255, dport >> 8, dport & 255]) : Buffer.alloc(0);
  const input = Buffer.concat([Buffer.from([seed >> 8, seed & 255]), s, d, Buffer.from([proto, 0]), ports]);
  return '1:' + createHash('sha1').update(input).digest('base64');
}

describe('communityId', () => {
  it('matches the published vectors of the Community ID specification', () => {
    expect(communityId(conn(6, '128.232.110.120', 34855, '66.35.250.204', 80))).toBe('1:LQU9qZlK+B5F3KDmev6m5PMibrg=');
    expect(communityId(conn(17, '192.168.1.52', 54585, '8.8.8.8', 53))).toBe('1:d/FP5EW3wiY1vCndhwleRRKHowQ=');
    expect(communityId(conn(1, '192.168.0.89', 8, '192.168.0.1', 0))).toBe('1:X0snYXpgwiv9TZtqg64sgzUn6Dk=');
  });

  it('is the same in both directions', () => {
    expect(communityId(conn(6, '66.35.250.204', 80, '128.232.110.120', 34855))).toBe('1:LQU9qZlK+B5F3KDmev6m5PMibrg=');
    expect(communityId(conn(17, '8.8.8.8', 53, '192.168.1.52', 54585))).toBe('1:d/FP5EW3wiY1vCndhwleRRKHowQ=');
    // an echo reply seen alone gives the ports 0 → 8, the same flow as the request
    expect(communityId(conn(1, '192.168.0.1', 0, '192.168.0.89', 8))).toBe('1:X0snYXpgwiv9TZtqg64sgzUn6Dk=');
  });

  it('orders equal addresses by port', () => {
    expect(communityId(conn(6, '10.0.0.1', 5000, '10.0.0.1', 80))).toBe(communityId(conn(6, '10.0.0.1', 80, '10.0.0.1', 5000)));
    expect(communityId(conn(6, '10.0.0.1', 5000, '10.0.0.1', 80))).toBe(reference(0, 6, '10.0.0.1', '10.0.0.1', 80, 5000));
  });

  it('agrees with the specification for seeds, IPv6, SCTP-less protocols and one-way ICMP', () => {
    const cases: [number, number, string, string, number, number][] = [
      [1, 6, '128.232.110.120', '66.35.250.204', 34855, 80],
      [65535, 17, '192.168.1.52', '8.8.8.8', 54585, 53],
      [0, 6, '2001:db8::1', '2001:db8::2', 443, 50000],
      [0, 17, 'fe80::200:86ff:fe05:80da', 'fe80::260:97ff:fe07:69ea', 546, 547],
      [0, 58, 'fe80::200:86ff:fe05:80da', 'fe80::260:97ff:fe07:69ea', 135, 0],
      [0, 58, '2001:db8::2', '2001:db8::1', 129, 128],
      [0, 47, '10.0.0.2', '10.0.0.1', 0, 0],
      [0, 1, '192.168.0.89', '192.168.0.1', 3, 1], // one-way: type 3 code 1, order kept
      [0, 1, '192.168.0.1', '192.168.0.89', 11, 0],
      [0, 6, '255.255.255.255', '0.0.0.0', 65535, 0],
    ];
    for (const [seed, proto, src, dst, sp, dp] of cases) {
      // the sensor's ICMP "ports": type, and the counterpart type (or the code for one-way messages)
      const icmp = proto === 1 || proto === 58;
      const cp = icmp ? icmpCounterpart(proto === 58, sp) : -1;
      const oneWay = icmp && cp < 0;
      const rp = icmp && !oneWay ? cp : dp;
      expect(communityId(conn(proto, src, sp, dst, rp, oneWay), seed)).toBe(reference(seed, proto, src, dst, sp, dp));
    }
    expect(communityId(conn(6, '128.232.110.120', 34855, '66.35.250.204', 80), 1)).not.toBe('1:LQU9qZlK+B5F3KDmev6m5PMibrg=');
  });

  it('a one-way ICMP message is not reordered', () => {
    const a = communityId(conn(1, '192.168.0.89', 3, '192.168.0.1', 1, true));
    const b = communityId(conn(1, '192.168.0.1', 3, '192.168.0.89', 1, true));
    expect(a).not.toBe(b);
  });
});

describe('community_id on sensor records', () => {
  function run(frames: Buffer[], seed: number | null = 0): Connection[] {
    const out: Connection[] = [];
    const s = new Sensor({ ...DEFAULT_SENSOR_OPTIONS, communityIdSeed: seed }, (o) => o.type === 'conn' && out.push(o.record));
    frames.forEach((f, i) => s.packet(1, 100 + i, f, 0, f.length, f.length));
    s.finish();
    return out;
  }
  const host = (ip: string) => ({ ip, mac: '02:00:00:00:00:01' });

  it('TCP, UDP and ICMP connections carry the specification values', () => {
    const recs = run([
      frame(host('128.232.110.120'), host('66.35.250.204'), 6, tcpSegment(34855, 80, 1, 0, TCP_FLAGS.SYN)),
      frame(host('192.168.1.52'), host('8.8.8.8'), 17, udpDatagram(54585, 53, Buffer.alloc(20))),
      frame(host('192.168.0.89'), host('192.168.0.1'), 1, icmpMessage(8, 0, Buffer.alloc(8))),
    ]);
    expect(recs.map((r) => r.community_id)).toEqual(['1:LQU9qZlK+B5F3KDmev6m5PMibrg=', '1:d/FP5EW3wiY1vCndhwleRRKHowQ=', '1:X0snYXpgwiv9TZtqg64sgzUn6Dk=']);
  });

  it('a flipped connection (first packet from the server) has the same id', () => {
    const recs = run([frame(host('8.8.8.8'), host('192.168.1.52'), 17, udpDatagram(53, 54585, Buffer.alloc(20)))]);
    expect(recs[0]!.id.orig_h).toBe('192.168.1.52');
    expect(recs[0]!.community_id).toBe('1:d/FP5EW3wiY1vCndhwleRRKHowQ=');
  });

  it('is left out when no seed is configured', () => {
    const recs = run([frame(host('192.168.1.52'), host('8.8.8.8'), 17, udpDatagram(54585, 53, Buffer.alloc(20)))], null);
    expect(recs[0]!.community_id).toBeUndefined();
  });
});
