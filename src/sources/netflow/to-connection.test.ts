import { describe, expect, it } from 'vitest';
import { ConnectionSchema } from '../../schema/conn.js';
import type { FlowFields } from './field-value.js';
import type { DecodedFlow } from './flow.js';
import { NetflowDecoder } from './decoder.js';
import { FlowUidGenerator, toConnection } from './to-connection.js';
import { v5Packet } from './payload-builder.js';

function flow(fields: FlowFields, over: Partial<DecodedFlow> = {}): DecodedFlow {
  return {
    version: 9, exporter: '198.51.100.1', domain: 3, templateId: 256, options: false, exportTime: 1000, sequence: 1,
    fields, start: 990, end: 995.5, packets: 4, bytes: 400, samplingRate: 1, ...over,
  };
}

const tcp: FlowFields = {
  sourceIPv4Address: '10.0.0.1', destinationIPv4Address: '192.0.2.7', sourceTransportPort: 50000, destinationTransportPort: 443,
  protocolIdentifier: 6, packetDeltaCount: 4, octetDeltaCount: 400, sourceMacAddress: '00:11:22:33:44:55', vlanId: 12,
};

function conn(fields: FlowFields, over: Partial<DecodedFlow> = {}) {
  const r = toConnection(flow(fields, over), new FlowUidGenerator());
  if (!r.ok) throw new Error(r.error);
  expect(ConnectionSchema.safeParse(r.value.connection).success).toBe(true);
  return r.value;
}

describe('flow to Connection', () => {
  it('maps a TCP flow with conn.log meaning (one direction, OTH, no history)', () => {
    const v = conn(tcp);
    expect(v.connection).toEqual({
      ts: 990, uid: v.connection.uid, id: { orig_h: '10.0.0.1', orig_p: 50000, resp_h: '192.0.2.7', resp_p: 443 },
      proto: 'tcp', duration: 5.5, conn_state: 'OTH', missed_bytes: 0, orig_pkts: 4, orig_ip_bytes: 400, resp_pkts: 0, resp_ip_bytes: 0,
      ip_proto: 6, orig_l2_addr: '00:11:22:33:44:55', vlan: 12,
    });
    expect(v.connection.history).toBeUndefined();
    expect(v).toMatchObject({ exporter: '198.51.100.1', domain: 3, samplingRate: 1, fields: tcp });
  });

  it('gives uids with the N prefix, deterministic for a seed', () => {
    const a = new FlowUidGenerator(7);
    const b = new FlowUidGenerator(7);
    const ua = [a.next(), a.next(), a.next()];
    expect(ua).toEqual([b.next(), b.next(), b.next()]);
    expect(new Set(ua).size).toBe(3);
    for (const u of ua) expect(u).toMatch(/^N[0-9A-Za-z]{18}$/);
    expect(new FlowUidGenerator(8).next()).not.toBe(ua[0]);
  });

  it('names protocols and keeps UDP ports', () => {
    expect(conn({ ...tcp, protocolIdentifier: 17 }).connection.proto).toBe('udp');
    expect(conn({ ...tcp, protocolIdentifier: 47 }).connection).toMatchObject({ proto: 'unknown_transport', ip_proto: 47 });
    const noProto = conn({ sourceIPv4Address: '10.0.0.1', destinationIPv4Address: '10.0.0.2' }).connection;
    expect(noProto).toMatchObject({ proto: 'unknown_transport', id: { orig_p: 0, resp_p: 0 } });
    expect(noProto.ip_proto).toBeUndefined();
  });

  it('takes ICMP type and code from the type/code field, the NSEL fields or the destination port', () => {
    const icmp = { sourceIPv4Address: '10.0.0.1', destinationIPv4Address: '10.0.0.2', protocolIdentifier: 1 };
    // echo request: responder "port" is the counterpart type (reply, 0)
    expect(conn({ ...icmp, icmpTypeCodeIPv4: 8 << 8 }).connection.id).toMatchObject({ orig_p: 8, resp_p: 0 });
    expect(conn({ ...icmp, icmpTypeIPv4: 3, icmpCodeIPv4: 1 }).connection.id).toMatchObject({ orig_p: 3, resp_p: 1 });
    expect(conn({ ...icmp, icmpTypeCodeIPv4: 0, sourceTransportPort: 0, destinationTransportPort: (3 << 8) | 3 }).connection.id)
      .toMatchObject({ orig_p: 3, resp_p: 3 });
    const v6 = conn({ sourceIPv6Address: 'fe80::1', destinationIPv6Address: 'ff02::1', protocolIdentifier: 58, destinationTransportPort: 135 << 8 });
    expect(v6.connection).toMatchObject({ proto: 'icmp', id: { orig_h: 'fe80::1', orig_p: 135, resp_p: 136 } });
  });

  it('chooses the address family by ipVersion, else the filled-in pair', () => {
    const both = { sourceIPv4Address: '0.0.0.0', destinationIPv4Address: '0.0.0.0', sourceIPv6Address: '2001:db8::1', destinationIPv6Address: '2001:db8::2' };
    expect(conn(both).connection.id.orig_h).toBe('2001:db8::1');
    expect(conn({ ...both, ipVersion: 4 }).connection.id.orig_h).toBe('0.0.0.0');
    expect(conn({ ...both, sourceIPv4Address: '10.0.0.1', destinationIPv4Address: '10.0.0.2' }).connection.id.orig_h).toBe('10.0.0.1');
  });

  it('leaves duration out for a single instant and uses the sampled-up counts', () => {
    const v = conn(tcp, { start: 990, end: 990, packets: 4000, bytes: 400_000, samplingRate: 1000 });
    expect(v.connection.duration).toBeUndefined();
    expect(v.connection).toMatchObject({ orig_pkts: 4000, orig_ip_bytes: 400_000 });
    expect(v.samplingRate).toBe(1000);
  });

  it('refuses options records and records without addresses', () => {
    const uids = new FlowUidGenerator();
    expect(toConnection(flow(tcp, { options: true }), uids)).toMatchObject({ ok: false, reason: 'options_record' });
    expect(toConnection(flow({ protocolIdentifier: 6 }), uids)).toMatchObject({ ok: false, reason: 'no_addresses' });
  });

  it('works end to end from a v5 payload', () => {
    const p = v5Packet({ sysUptime: 10_000, unixSecs: 1_600_000_000, sampling: 10 }, [
      { src: '10.0.0.1', dst: '10.0.0.2', packets: 3, bytes: 180, first: 4000, last: 9000, srcPort: 0, dstPort: 0x0800, proto: 1 },
    ]);
    const r = new NetflowDecoder().decode(p, '192.0.2.200');
    if (!r.ok) throw new Error(r.error);
    const c = toConnection(r.flows[0]!, new FlowUidGenerator());
    if (!c.ok) throw new Error(c.error);
    expect(c.value.connection).toMatchObject({
      ts: 1_599_999_994, duration: 5, proto: 'icmp', id: { orig_h: '10.0.0.1', orig_p: 8, resp_h: '10.0.0.2', resp_p: 0 },
      orig_pkts: 30, orig_ip_bytes: 1800, conn_state: 'OTH',
    });
    expect(c.value.exporter).toBe('192.0.2.200');
  });
});
