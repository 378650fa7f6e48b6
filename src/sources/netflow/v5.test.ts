import { describe, expect, it } from 'vitest';
import { NetflowDecoder } from './decoder.js';
import { v5Packet, type V5Record } from './payload-builder.js';

const rec: V5Record = {
  src: '10.0.0.1', dst: '192.0.2.80', nextHop: '10.0.0.254', input: 3, output: 7,
  packets: 12, bytes: 3400, first: 90_000, last: 99_500, srcPort: 51000, dstPort: 443,
  tcpFlags: 0x1b, proto: 6, tos: 0x28, srcAs: 64512, dstAs: 15169, srcMask: 24, dstMask: 19,
};
const header = { sysUptime: 100_000, unixSecs: 1_700_000_000, unixNsecs: 250_000_000, sequence: 42, engineType: 1, engineId: 2 };

describe('NetFlow v5', () => {
  it('decodes the header and every record field', () => {
    const r = new NetflowDecoder().decode(v5Packet(header, [rec, { ...rec, src: '10.0.0.2' }]), '198.51.100.1');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.version).toBe(5);
    expect(r.problems).toEqual([]);
    expect(r.flows).toHaveLength(2);
    const f = r.flows[0]!;
    expect(f).toMatchObject({ version: 5, exporter: '198.51.100.1', domain: 0x0102, templateId: 0, options: false, sequence: 42, samplingRate: 1, packets: 12, bytes: 3400 });
    expect(f.exportTime).toBeCloseTo(1_700_000_000.25, 6);
    // start = export − (uptime − first) ms
    expect(f.start).toBeCloseTo(1_700_000_000.25 - 10, 6);
    expect(f.end).toBeCloseTo(1_700_000_000.25 - 0.5, 6);
    expect(f.fields).toEqual({
      sourceIPv4Address: '10.0.0.1', destinationIPv4Address: '192.0.2.80', ipNextHopIPv4Address: '10.0.0.254',
      ingressInterface: 3, egressInterface: 7, packetDeltaCount: 12, octetDeltaCount: 3400,
      flowStartSysUpTime: 90_000, flowEndSysUpTime: 99_500, sourceTransportPort: 51000, destinationTransportPort: 443,
      tcpControlBits: 0x1b, protocolIdentifier: 6, ipClassOfService: 0x28, bgpSourceAsNumber: 64512, bgpDestinationAsNumber: 15169,
      sourceIPv4PrefixLength: 24, destinationIPv4PrefixLength: 19, engineType: 1, engineId: 2, samplingAlgorithm: 0, samplingInterval: 0,
    });
    expect(r.flows[1]!.fields.sourceIPv4Address).toBe('10.0.0.2');
  });

  it('multiplies packets and bytes by the header sampling interval (low 14 bits)', () => {
    const r = new NetflowDecoder().decode(v5Packet({ ...header, sampling: (1 << 14) | 1000 }, [rec]), 'e');
    if (!r.ok) throw new Error(r.error);
    expect(r.flows[0]).toMatchObject({ samplingRate: 1000, packets: 12_000, bytes: 3_400_000 });
    expect(r.flows[0]!.fields).toMatchObject({ samplingAlgorithm: 1, samplingInterval: 1000 });
  });

  it('takes uptime stamps after a 32-bit wrap of the uptime counter', () => {
    // Flow started 2 s before the counter wrapped; the header is 3 s after the wrap.
    const r = new NetflowDecoder().decode(v5Packet({ ...header, unixNsecs: 0, sysUptime: 3000 }, [{ ...rec, first: 2 ** 32 - 2000, last: 1000 }]), 'e');
    if (!r.ok) throw new Error(r.error);
    expect(r.flows[0]!.start).toBeCloseTo(1_700_000_000 - 5, 6);
    expect(r.flows[0]!.end).toBeCloseTo(1_700_000_000 - 2, 6);
  });

  it('refuses a payload shorter than the header', () => {
    const r = new NetflowDecoder().decode(v5Packet(header, []).subarray(0, 20), 'e');
    expect(r).toMatchObject({ ok: false, version: 5, reason: 'truncated_header' });
  });

  it('decodes the records that are there when the count claims more, and says so', () => {
    const p = v5Packet({ ...header, count: 3 }, [rec, rec]);
    const r = new NetflowDecoder().decode(p.subarray(0, p.length - 10), 'e');
    if (!r.ok) throw new Error(r.error);
    expect(r.flows).toHaveLength(1);
    expect(r.problemCounts).toEqual({ truncated_record: 1 });
  });

  it('names absurd counts and trailing bytes', () => {
    const zero = new NetflowDecoder().decode(v5Packet({ ...header, count: 0 }, [rec]), 'e');
    if (!zero.ok) throw new Error(zero.error);
    expect(zero.flows).toHaveLength(0);
    expect(zero.problemCounts).toEqual({ absurd_count: 1, trailing_bytes: 1 });
    const many = new NetflowDecoder().decode(v5Packet({ ...header, count: 0xffff }, [rec]), 'e');
    if (!many.ok) throw new Error(many.error);
    expect(many.flows).toHaveLength(1);
    expect(many.problemCounts).toEqual({ absurd_count: 1, truncated_record: 1 });
  });

  it('refuses unknown versions and empty payloads', () => {
    const d = new NetflowDecoder();
    expect(d.decode(Uint8Array.from([0, 7, 0, 0]), 'e')).toMatchObject({ ok: false, reason: 'unsupported_version', version: 7 });
    expect(d.decode(new Uint8Array(0), 'e')).toMatchObject({ ok: false, reason: 'truncated_header' });
    expect(d.stats).toMatchObject({ payloads: 2, refused: 2, flows: 0 });
  });
});
