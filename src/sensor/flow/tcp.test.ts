// TCP connection semantics through the Sensor, on whole sessions built by the simulator: conn_state,
// history letters, byte counts from sequence space, gaps, retransmissions, checksums and removal.
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../../schema/anomaly.js';
import type { Connection } from '../../schema/conn.js';
import { frame, tcpSegment, TCP_FLAGS } from '../../simulate/packet-builder.js';
import { pcapBytes } from '../../simulate/pcap-writer.js';
import { readCaptureStream } from '../../sources/pcap/open-capture.js';
import { tcpSession, type TimedFrame } from '../../simulate/sessions.js';
import { DEFAULT_SENSOR_OPTIONS, Sensor, type SensorOptions } from '../sensor.js';

function run(frames: TimedFrame[], opts: SensorOptions = DEFAULT_SENSOR_OPTIONS) {
  const conns: Connection[] = [];
  const weirds: Anomaly[] = [];
  const s = new Sensor(opts, (o) => (o.type === 'conn' ? conns.push(o.record) : o.type === 'weird' ? weirds.push(o.record) : 0));
  let beforeFinish = 0;
  for (const f of frames) s.packet(1, f.ts, f.frame, 0, f.frame.length, f.frame.length);
  beforeFinish = conns.length;
  s.finish();
  return { conns, weirds, names: weirds.map((w) => w.name), beforeFinish };
}

const CLIENT = { ip: '10.0.0.10', mac: '02:00:00:00:00:10' };
const SERVER = { ip: '93.184.216.34', mac: '02:00:00:00:00:01' };
const REQ = Buffer.alloc(500, 0x51);
const RESP = Buffer.alloc(3000, 0x52);

const session = (over: Partial<Parameters<typeof tcpSession>[0]> = {}) =>
  tcpSession({ client: CLIENT, server: SERVER, sport: 49152, dport: 80, start: 1_700_000_000, exchanges: [{ request: REQ, response: RESP }], rtt: 0.02, ...over });

/** TCP flags and payload length of an Ethernet/IPv4/TCP frame. */
function tcpInfo(f: Buffer): { fromClient: boolean; flags: number; len: number } {
  const ihl = (f[14]! & 15) * 4;
  const tot = f.readUInt16BE(16);
  const tcp = 14 + ihl;
  return { fromClient: f.readUInt16BE(tcp) === 49152, flags: f[tcp + 13]!, len: tot - ihl - (f[tcp + 12]! >> 4) * 4 };
}

const ipBytes = (frames: TimedFrame[], client: boolean) =>
  frames.filter((f) => tcpInfo(f.frame).fromClient === client).reduce((n, f) => n + f.frame.readUInt16BE(16), 0);
const pkts = (frames: TimedFrame[], client: boolean) => frames.filter((f) => tcpInfo(f.frame).fromClient === client).length;

/** Breaks the TCP checksum of an Ethernet/IPv4/TCP frame (a copy). */
function badChecksum(f: TimedFrame): TimedFrame {
  const b = Buffer.from(f.frame);
  b[14 + 20 + 16]! ^= 0x5a;
  return { ts: f.ts, frame: b };
}

describe('TCP sessions', () => {
  it('a normal session: SF, ShADadFf, sizes equal to the payloads, packets and IP bytes per side', () => {
    const frames = session();
    const r = run(frames);
    expect(r.names).toEqual([]);
    expect(r.conns.length).toBe(1);
    const c = r.conns[0]!;
    expect(c.id).toEqual({ orig_h: CLIENT.ip, orig_p: 49152, resp_h: SERVER.ip, resp_p: 80 });
    expect(c.proto).toBe('tcp');
    expect(c.conn_state).toBe('SF');
    expect(c.history).toBe('ShADadFf');
    expect(c.orig_bytes).toBe(500);
    expect(c.resp_bytes).toBe(3000);
    expect(c.missed_bytes).toBe(0);
    expect(c.orig_pkts).toBe(pkts(frames, true));
    expect(c.resp_pkts).toBe(pkts(frames, false));
    expect(c.orig_ip_bytes).toBe(ipBytes(frames, true));
    expect(c.resp_ip_bytes).toBe(ipBytes(frames, false));
    expect(c.ts).toBe(frames[0]!.ts);
    // as Zeek, the time stops at the last packet before both sides had closed (the responder's FIN)
    const lastFin = frames.filter((f) => tcpInfo(f.frame).flags & TCP_FLAGS.FIN).pop()!;
    expect(c.duration).toBeCloseTo(lastFin.ts - frames[0]!.ts, 6); // durations are logged at microsecond resolution
    expect(c.local_orig).toBe(true);
    expect(c.local_resp).toBe(false);
    expect(c.orig_l2_addr).toBe(CLIENT.mac);
    expect(c.resp_l2_addr).toBe(SERVER.mac);
    expect(c.ip_proto).toBe(6);
    expect(c.service).toBeUndefined();
  });

  it('byte counts hold across a sequence-number wrap', () => {
    const r = run(session({ isn: 0xffffff00 }));
    const c = r.conns[0]!;
    expect(c.conn_state).toBe('SF');
    expect(c.history).toBe('ShADadFf');
    expect(c.orig_bytes).toBe(500);
    expect(c.resp_bytes).toBe(3000);
  });

  it('a session without data: ShAFf, zero bytes', () => {
    const r = run(session({ exchanges: [] }));
    expect(r.conns.map((c) => [c.conn_state, c.history, c.orig_bytes, c.resp_bytes])).toEqual([['SF', 'ShAFf', 0, 0]]);
  });

  it('a refused connection: REJ, Sr', () => {
    const r = run(session({ refused: true }));
    const c = r.conns[0]!;
    expect(c.conn_state).toBe('REJ');
    expect(c.history).toBe('Sr');
    expect([c.orig_pkts, c.resp_pkts]).toEqual([1, 1]);
    expect([c.orig_bytes, c.resp_bytes]).toEqual([0, 0]);
  });

  it('an unanswered SYN (and its retransmission): S0, S, two packets', () => {
    const r = run(session({ unanswered: true }));
    const c = r.conns[0]!;
    expect(c.conn_state).toBe('S0');
    expect(c.history).toBe('S');
    expect(c.orig_pkts).toBe(2);
    expect(c.resp_pkts).toBe(0);
    expect(c.duration).toBe(1);
    expect(c.orig_bytes).toBe(0);
  });

  it('a session first seen at its SYN-ACK from port 80 is flipped: the client is the originator', () => {
    const frames = session().slice(1);
    expect(tcpInfo(frames[0]!.frame).flags).toBe(TCP_FLAGS.SYN | TCP_FLAGS.ACK);
    const r = run(frames);
    expect(r.conns.length).toBe(1);
    const c = r.conns[0]!;
    expect(c.id).toEqual({ orig_h: CLIENT.ip, orig_p: 49152, resp_h: SERVER.ip, resp_p: 80 });
    expect(c.history).toBe('^hADadFf');
    expect(c.conn_state).toBe('SF');
    expect(c.orig_bytes).toBe(500);
    expect(c.resp_bytes).toBe(3000);
    expect(c.orig_l2_addr).toBe(CLIENT.mac);
  });

  it('a session picked up mid-stream keeps the client as originator when it talks to a server port', () => {
    const frames = session().slice(3);
    const r = run(frames);
    const c = r.conns[0]!;
    expect(c.id.orig_h).toBe(CLIENT.ip);
    expect(c.history!.startsWith('^')).toBe(false);
    expect(c.history).toBe('DadAFf'); // the client's first pure ACK comes after the server's data
    expect(c.conn_state).toBe('SF');
    expect(c.orig_bytes).toBe(500);
    expect(c.resp_bytes).toBe(3000);
  });

  it('a mid-stream session whose first packet comes from the server port is flipped', () => {
    const frames = session().slice(5); // starts with the server's first data segment
    expect(tcpInfo(frames[0]!.frame).fromClient).toBe(false);
    const c = run(frames).conns[0]!;
    expect(c.id.orig_h).toBe(CLIENT.ip);
    expect(c.history!.startsWith('^')).toBe(true);
  });

  it('a data segment that the peer acknowledges but the sensor never saw is a gap', () => {
    const frames = session({ exchanges: [{ request: Buffer.alloc(3 * 1448, 1), response: RESP }] });
    const dataIdx = frames.map((f, i) => [i, tcpInfo(f.frame)] as const).filter(([, t]) => t.fromClient && t.len > 0).map(([i]) => i);
    expect(dataIdx.length).toBe(3);
    const dropped = frames.filter((_, i) => i !== dataIdx[1]);
    const r = run(dropped);
    const c = r.conns[0]!;
    expect(c.missed_bytes).toBe(1448);
    expect(c.history).toMatch(/G/);
    expect(c.history).not.toMatch(/g/);
    expect(c.history).toBe('ShADaGdFf');
    expect(c.orig_bytes).toBe(3 * 1448); // from sequence space: missed bytes count
    expect(c.conn_state).toBe('SF');
  });

  it('a gap in the responder data is lower-case g', () => {
    const frames = session();
    const respData = frames.findIndex((f) => !tcpInfo(f.frame).fromClient && tcpInfo(f.frame).len > 0);
    const c = run(frames.filter((_, i) => i !== respData)).conns[0]!;
    expect(c.missed_bytes).toBe(1448);
    expect(c.history).toMatch(/g/);
    expect(c.history).not.toMatch(/G/);
  });

  it('a retransmitted data segment adds T (originator) or t (responder) and no bytes', () => {
    const frames = session();
    const i = frames.findIndex((f) => tcpInfo(f.frame).fromClient && tcpInfo(f.frame).len > 0);
    const withRxmt = [...frames.slice(0, i + 1), { ts: frames[i]!.ts + 0.0001, frame: frames[i]!.frame }, ...frames.slice(i + 1)];
    const c = run(withRxmt).conns[0]!;
    expect(c.history).toBe('ShADTadFf');
    expect(c.orig_bytes).toBe(500);
    expect(c.orig_pkts).toBe(pkts(frames, true) + 1);

    const j = frames.findIndex((f) => !tcpInfo(f.frame).fromClient && tcpInfo(f.frame).len > 0);
    const withResp = [...frames.slice(0, j + 1), { ts: frames[j]!.ts + 0.0001, frame: frames[j]!.frame }, ...frames.slice(j + 1)];
    const d = run(withResp).conns[0]!;
    expect(d.history).toBe('ShADadtFf');
    expect(d.resp_bytes).toBe(3000);
  });

  it('the originator resetting an established connection: RSTO', () => {
    const frames = session();
    const fin = frames.findIndex((f) => tcpInfo(f.frame).flags & TCP_FLAGS.FIN);
    const last = frames[fin - 1]!;
    const t = tcpInfo(last.frame);
    expect(t.fromClient).toBe(true);
    // a RST at the client's next sequence number
    const seq = last.frame.readUInt32BE(14 + 20 + 4);
    const rst = frame(CLIENT, SERVER, 6, tcpSegment(49152, 80, seq, 0, TCP_FLAGS.RST));
    const c = run([...frames.slice(0, fin), { ts: last.ts + 0.01, frame: rst }]).conns[0]!;
    expect(c.conn_state).toBe('RSTO');
    expect(c.history).toBe('ShADadR');
  });

  it('a bad TCP checksum adds C and the packet is not counted (as Zeek), unless checksums are ignored', () => {
    const frames = session();
    const syn = run([badChecksum(frames[0]!)]);
    expect(syn.names).toEqual(['bad_TCP_checksum']);
    expect(syn.weirds[0]!.uid).toBe(syn.conns[0]!.uid);
    expect(syn.conns.map((c) => [c.history, c.orig_pkts, c.orig_ip_bytes, c.conn_state])).toEqual([['C', 0, 0, 'OTH']]);

    const ignoring = run([badChecksum(frames[0]!)], { ...DEFAULT_SENSOR_OPTIONS, flow: { ...DEFAULT_SENSOR_OPTIONS.flow, ignoreChecksums: true } });
    expect(ignoring.names).toEqual([]);
    expect(ignoring.conns.map((c) => [c.history, c.orig_pkts, c.conn_state])).toEqual([['S', 1, 'S0']]);

    // the client's handshake ACK broken: C instead of A, one packet fewer, the rest unchanged
    const broken = frames.map((f, i) => (i === 2 ? badChecksum(f) : f));
    const c = run(broken).conns[0]!;
    expect(c.history).toMatch(/^ShC/);
    expect(c.orig_pkts).toBe(pkts(frames, true) - 1);
    expect(c.conn_state).toBe('SF');
    expect(c.orig_bytes).toBe(500);
  });

  it('a closed connection is logged after the close delay; a new SYN on the same ports is a new connection', () => {
    const first = session();
    const end = first[first.length - 1]!.ts;
    const second = session({ start: end + 6, isn: 777 });
    const r = run([...first, ...second]);
    expect(r.conns.length).toBe(2);
    expect(r.beforeFinish).toBe(1);
    expect(r.conns.map((c) => c.conn_state)).toEqual(['SF', 'SF']);
    expect(r.conns[0]!.uid).not.toBe(r.conns[1]!.uid);
  });

  it('reusing the ports right after a close also starts a new connection', () => {
    const first = session();
    const end = first[first.length - 1]!.ts;
    const r = run([...first, ...session({ start: end + 0.5, isn: 99 })]);
    expect(r.conns.length).toBe(2);
    expect(r.conns.map((c) => c.history)).toEqual(['ShADadFf', 'ShADadFf']);
  });

  it('an established connection left idle is logged after the TCP inactivity timeout (300 s)', () => {
    const all = session();
    const frames = all.slice(0, all.findIndex((f) => tcpInfo(f.frame).flags & TCP_FLAGS.FIN));
    const last = frames[frames.length - 1]!.ts;
    const other = session({ sport: 50000, start: last + 299, exchanges: [] }).slice(0, 1);
    expect(run([...frames, ...other]).beforeFinish).toBe(0);
    const later = session({ sport: 50000, start: last + 301, exchanges: [] }).slice(0, 1);
    const r = run([...frames, ...later]);
    expect(r.beforeFinish).toBe(1);
    expect(r.conns[0]!.conn_state).toBe('S1');
    expect(r.conns[0]!.history).toBe('ShADad');
  });

  it('an unanswered SYN is given up after the attempt delay (Zeek tcp_attempt_delay)', () => {
    const syn = session().slice(0, 1);
    const other = session({ sport: 50001, start: syn[0]!.ts + 6, exchanges: [] }).slice(0, 1);
    const r = run([...syn, ...other]);
    expect(r.beforeFinish).toBe(1);
    expect(r.conns[0]!.conn_state).toBe('S0');
  });
});

describe('capture to connection records', () => {
  it('a session read from an in-memory (gzip) pcap gives the same record as fed directly', async () => {
    // times as a microsecond pcap holds them
    const usec = (ts: number) => Math.floor(ts) + Math.round((ts - Math.floor(ts)) * 1e6) / 1e6;
    const frames = [...session(), ...session({ sport: 49153, start: 1_700_000_000.5, refused: true })]
      .sort((a, b) => a.ts - b.ts)
      .map((f) => ({ ts: usec(f.ts), frame: f.frame }));
    const direct = run(frames).conns;
    for (const bytes of [pcapBytes(frames), gzipSync(pcapBytes(frames))]) {
      const conns: Connection[] = [];
      const s = new Sensor(DEFAULT_SENSOR_OPTIONS, (o) => o.type === 'conn' && conns.push(o.record));
      const chunks = Array.from({ length: Math.ceil(bytes.length / 97) }, (_, i) => bytes.subarray(i * 97, i * 97 + 97));
      const summary = await readCaptureStream(Readable.from(chunks), 'mem.pcap', { onPacket: s.packet, onProblem: s.captureProblem });
      s.finish();
      expect(summary.packets).toBe(frames.length);
      expect(conns).toEqual(direct);
    }
    expect(direct.map((c) => [c.conn_state, c.history])).toEqual([['SF', 'ShADadFf'], ['REJ', 'Sr']]);
  });
});
