import { describe, expect, it } from 'vitest';
import { NetflowDecoder } from './decoder.js';
import { Bytes, concat, ipfixMessage, ipfixOptionsTemplateBody, ipfixTemplateBody, set, type FieldSpec } from './payload-builder.js';

const T0 = 1_700_000_000;
const enc = (s: string) => new TextEncoder().encode(s);

// src, dst, proto, octets (8), packets (8), start/end ms, HTTP host (variable), an enterprise field
// (PEN 9999, id 7, 3 bytes), a variable-length enterprise field, and a reverse (RFC 5103) octet count.
const FIELDS: FieldSpec[] = [
  [8, 4], [12, 4], [4, 1], [1, 8], [2, 8], [152, 8], [153, 8], [460, 65535], [7, 3, 9999], [8, 65535, 9999], [1, 8, 29305],
];

function record(host: Uint8Array, longHost = false): Uint8Array {
  return new Bytes().ipv4('192.0.2.1').ipv4('198.51.100.2').u8(6).u64(5000).u64(10)
    .u64(T0 * 1000 - 2500).u64(T0 * 1000 - 500).varlen(host, longHost).raw([0xca, 0xfe, 0x01]).varlen([1, 2]).u64(777).build();
}

describe('IPFIX', () => {
  it('decodes templates, variable-length (1- and 3-byte lengths), enterprise and reverse fields', () => {
    const long = enc('h'.repeat(300));
    const msg = ipfixMessage({ exportTime: T0, sequence: 9, domain: 77 }, [
      set(2, ipfixTemplateBody([{ id: 256, fields: FIELDS }])),
      set(256, concat(record(enc('example.org')), record(long), record(enc('short'), true)), { pad: 4 }),
    ]);
    const r = new NetflowDecoder().decode(msg, '203.0.113.5');
    if (!r.ok) throw new Error(r.error);
    expect(r.problems).toEqual([]);
    expect(r.flows).toHaveLength(3);
    const f = r.flows[0]!;
    expect(f).toMatchObject({ version: 10, exporter: '203.0.113.5', domain: 77, templateId: 256, sequence: 9, exportTime: T0, packets: 10, bytes: 5000 });
    expect(f.start).toBeCloseTo(T0 - 2.5, 6);
    expect(f.end).toBeCloseTo(T0 - 0.5, 6);
    expect(f.fields).toEqual({
      sourceIPv4Address: '192.0.2.1', destinationIPv4Address: '198.51.100.2', protocolIdentifier: 6,
      octetDeltaCount: 5000, packetDeltaCount: 10, flowStartMilliseconds: T0 - 2.5, flowEndMilliseconds: T0 - 0.5,
      httpRequestHost: 'example.org', 'enterprise.9999.7': 'cafe01', 'enterprise.9999.8': '0102', reverseOctetDeltaCount: 777,
    });
    expect(r.flows[1]!.fields.httpRequestHost).toBe('h'.repeat(300));
    expect(r.flows[2]!.fields.httpRequestHost).toBe('short');
  });

  it('names a variable-length field that runs past its set, and keeps the records before it', () => {
    const bad = new Bytes().raw(record(enc('ok'))).ipv4('192.0.2.1').ipv4('198.51.100.2').u8(6).u64(1).u64(1).u64(0).u64(0).u8(200).text('too short for the 200 bytes this says it has').build();
    const msg = ipfixMessage({ exportTime: T0 }, [set(2, ipfixTemplateBody([{ id: 256, fields: FIELDS }])), set(256, bad)]);
    const r = new NetflowDecoder().decode(msg, 'A');
    if (!r.ok) throw new Error(r.error);
    expect(r.flows).toHaveLength(1);
    expect(r.problemCounts).toEqual({ record_overruns_set: 1 });
    // a cut record shorter than the smallest record is not mistaken for padding either
    const short = ipfixMessage({ exportTime: T0 }, [set(2, ipfixTemplateBody([{ id: 256, fields: FIELDS }])), set(256, bad.subarray(0, bad.length - 30))]);
    expect(new NetflowDecoder().decode(short, 'A')).toMatchObject({ ok: true, problemCounts: { record_overruns_set: 1 } });
  });

  it('withdraws templates (one, or all of a kind)', () => {
    const d = new NetflowDecoder();
    const tpl = set(2, ipfixTemplateBody([{ id: 256, fields: [[8, 4]] }, { id: 257, fields: [[12, 4]] }]));
    d.decode(ipfixMessage({ exportTime: T0 }, [tpl]), 'A');
    expect(d.session.templates.size).toBe(2);
    d.decode(ipfixMessage({ exportTime: T0 }, [set(2, new Bytes().u16(256).u16(0).build())]), 'A');
    expect(d.session.templates.size).toBe(1);
    d.decode(ipfixMessage({ exportTime: T0 }, [set(2, new Bytes().u16(2).u16(0).build())]), 'A');
    expect(d.session.templates.size).toBe(0);
  });

  it('learns sampling from an options record (packet interval and space) and applies it', () => {
    const opt = set(3, ipfixOptionsTemplateBody(300, [[149, 4]], [[302, 4], [305, 4], [306, 4]]), { pad: 4 });
    const optData = set(300, new Bytes().u32(77).u32(4).u32(1).u32(9).build());
    const tpl = set(2, ipfixTemplateBody([{ id: 256, fields: [[8, 4], [12, 4], [2, 4], [1, 4], [302, 4]] }]));
    const data = set(256, new Bytes().ipv4('10.0.0.1').ipv4('10.0.0.2').u32(2).u32(100).u32(4).build());
    const r = new NetflowDecoder().decode(ipfixMessage({ exportTime: T0, domain: 77 }, [opt, optData, tpl, data]), 'A');
    if (!r.ok) throw new Error(r.error);
    expect(r.problems).toEqual([]);
    expect(r.flows[0]).toMatchObject({ options: true, fields: { observationDomainId: 77, selectorId: 4, samplingPacketInterval: 1, samplingPacketSpace: 9 } });
    expect(r.flows[1]).toMatchObject({ samplingRate: 10, packets: 20, bytes: 1000 });
  });

  it('applies samplingInterval from options data to the whole domain (Juniper)', () => {
    const opt = set(3, ipfixOptionsTemplateBody(512, [[144, 4]], [[34, 4]]));
    const optData = set(512, new Bytes().u32(2).u32(1000).build());
    const tpl = set(2, ipfixTemplateBody([{ id: 256, fields: [[8, 4], [12, 4], [2, 4]] }]));
    const d = new NetflowDecoder();
    d.decode(ipfixMessage({ exportTime: T0 }, [opt, optData]), 'A');
    const r = d.decode(ipfixMessage({ exportTime: T0 }, [tpl, set(256, new Bytes().ipv4('10.0.0.1').ipv4('10.0.0.2').u32(3).build())]), 'A');
    expect(r).toMatchObject({ ok: true, flows: [{ samplingRate: 1000, packets: 3000 }] });
  });

  it('turns uptime stamps into times with the boot time from options data', () => {
    const opt = set(3, ipfixOptionsTemplateBody(300, [[143, 4]], [[160, 8]]), { pad: 4 });
    const optData = set(300, new Bytes().u32(1).u64((T0 - 3600) * 1000).build(), { pad: 4 });
    const tpl = set(2, ipfixTemplateBody([{ id: 256, fields: [[8, 4], [12, 4], [22, 4], [21, 4]] }]));
    const data = set(256, new Bytes().ipv4('10.0.0.1').ipv4('10.0.0.2').u32(1_000_000).u32(1_500_000).build());
    const r = new NetflowDecoder().decode(ipfixMessage({ exportTime: T0 }, [opt, optData, tpl, data]), 'A');
    if (!r.ok) throw new Error(r.error);
    expect(r.flows[1]!.start).toBeCloseTo(T0 - 3600 + 1000, 6);
    expect(r.flows[1]!.end).toBeCloseTo(T0 - 3600 + 1500, 6);
    // Without a boot time: the flow is taken to end at the export, lasting end − start.
    const alone = new NetflowDecoder().decode(ipfixMessage({ exportTime: T0 }, [tpl, data]), 'A');
    expect(alone).toMatchObject({ ok: true, flows: [{ start: T0 - 500, end: T0 }] });
  });

  it('decodes NTP-format microsecond timestamps', () => {
    const tpl = set(2, ipfixTemplateBody([{ id: 256, fields: [[154, 8], [155, 8]] }]));
    const ntp = T0 + 2_208_988_800;
    const data = set(256, new Bytes().u32(ntp).u32(2 ** 31).u32(ntp + 1).u32(0).build());
    const r = new NetflowDecoder().decode(ipfixMessage({ exportTime: T0 }, [tpl, data]), 'A');
    expect(r).toMatchObject({ ok: true, flows: [{ start: T0 + 0.5, end: T0 + 1, fields: { flowStartMicroseconds: T0 + 0.5 } }] });
  });

  it('decodes every message of a payload that holds several back to back', () => {
    const tpl = set(2, ipfixTemplateBody([{ id: 256, fields: [[8, 4]] }]));
    const a = ipfixMessage({ exportTime: T0, sequence: 1 }, [tpl, set(256, new Bytes().ipv4('10.0.0.1').build())]);
    const b = ipfixMessage({ exportTime: T0 + 1, sequence: 2 }, [set(256, new Bytes().ipv4('10.0.0.2').ipv4('10.0.0.3').build())]);
    const r = new NetflowDecoder().decode(concat(a, b, Uint8Array.from([1, 2, 3])), 'A');
    if (!r.ok) throw new Error(r.error);
    expect(r.flows.map((f) => [f.sequence, f.fields.sourceIPv4Address])).toEqual([[1, '10.0.0.1'], [2, '10.0.0.2'], [2, '10.0.0.3']]);
    expect(r.problemCounts).toEqual({ trailing_bytes: 1 });
  });

  it('names bad message lengths, zero-length sets and reserved set ids', () => {
    const d = new NetflowDecoder();
    expect(d.decode(ipfixMessage({ exportTime: T0, length: 8 }, []), 'A')).toMatchObject({ ok: false, reason: 'bad_message_length' });
    expect(d.decode(ipfixMessage({ exportTime: T0 }, []).subarray(0, 10), 'A')).toMatchObject({ ok: false, reason: 'truncated_header' });
    const long = d.decode(ipfixMessage({ exportTime: T0, length: 500 }, [set(2, ipfixTemplateBody([{ id: 256, fields: [[8, 4]] }]))]), 'A');
    expect(long).toMatchObject({ ok: true, templates: 1, problemCounts: { bad_message_length: 1 } });
    const zero = d.decode(ipfixMessage({ exportTime: T0 }, [new Bytes().u16(256).u16(0).u32(0).build()]), 'A');
    expect(zero).toMatchObject({ ok: true, problemCounts: { zero_length_set: 1 } });
    expect(d.decode(ipfixMessage({ exportTime: T0 }, [set(1, new Uint8Array(4))]), 'A')).toMatchObject({ ok: true, problemCounts: { reserved_set_id: 1 } });
  });

  it('refuses options templates whose scope count makes no sense, and truncated enterprise fields', () => {
    const noScope = set(3, new Bytes().u16(300).u16(1).u16(0).u16(8).u16(4).build());
    const tooMany = set(3, new Bytes().u16(301).u16(1).u16(2).u16(8).u16(4).build());
    const cut = set(2, new Bytes().u16(302).u16(1).u16(0x8000 | 8).u16(4).u16(0).build());
    const r = new NetflowDecoder().decode(ipfixMessage({ exportTime: T0 }, [noScope, tooMany, cut]), 'A');
    expect(r).toMatchObject({ ok: true, templates: 0, problemCounts: { bad_template: 2, truncated_template: 1 } });
  });
});
