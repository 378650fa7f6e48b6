import { describe, expect, it } from 'vitest';
import { NetflowDecoder } from './decoder.js';
import { Bytes, set, v9OptionsTemplateBody, v9Packet, v9TemplateBody, type FieldSpec } from './payload-builder.js';

const FIELDS: FieldSpec[] = [[8, 4], [12, 4], [7, 2], [11, 2], [4, 1], [1, 4], [2, 4], [22, 4], [21, 4]];
const header = { sysUptime: 600_000, unixSecs: 1_700_000_000, sequence: 7, sourceId: 5 };

function record(src: string, dst: string, bytes: number, packets: number): Bytes {
  return new Bytes().ipv4(src).ipv4(dst).u16(40000).u16(53).u8(17).u32(bytes).u32(packets).u32(590_000).u32(599_000);
}

const templateSet = set(0, v9TemplateBody([{ id: 256, fields: FIELDS }]));
const dataSet = (...recs: Bytes[]) => set(256, new Bytes().raw(recs.flatMap((r) => [...r.build()])).build(), { pad: 4 });

describe('NetFlow v9', () => {
  it('decodes a template and data in one packet', () => {
    const r = new NetflowDecoder().decode(v9Packet(header, [templateSet, dataSet(record('10.1.1.1', '10.2.2.2', 120, 2), record('10.1.1.3', '10.2.2.2', 60, 1))]), '198.51.100.9');
    if (!r.ok) throw new Error(r.error);
    expect(r.problems).toEqual([]);
    expect(r.templates).toBe(1);
    expect(r.flows).toHaveLength(2);
    expect(r.flows[0]).toMatchObject({ version: 9, domain: 5, templateId: 256, sequence: 7, exportTime: 1_700_000_000, packets: 2, bytes: 120 });
    expect(r.flows[0]!.start).toBeCloseTo(1_700_000_000 - 10, 6);
    expect(r.flows[0]!.end).toBeCloseTo(1_700_000_000 - 1, 6);
    expect(r.flows[0]!.fields).toEqual({
      sourceIPv4Address: '10.1.1.1', destinationIPv4Address: '10.2.2.2', sourceTransportPort: 40000, destinationTransportPort: 53,
      protocolIdentifier: 17, octetDeltaCount: 120, packetDeltaCount: 2, flowStartSysUpTime: 590_000, flowEndSysUpTime: 599_000,
    });
  });

  it('keeps templates per exporter and source id across packets', () => {
    const d = new NetflowDecoder();
    d.decode(v9Packet(header, [templateSet]), 'A');
    const data = v9Packet(header, [dataSet(record('10.1.1.1', '10.2.2.2', 1, 1))]);
    expect(d.decode(data, 'A')).toMatchObject({ ok: true, flows: [{ exporter: 'A' }] });
    const otherExporter = d.decode(data, 'B');
    expect(otherExporter).toMatchObject({ ok: true, flows: [], problemCounts: { missing_template: 1 } });
    const otherSource = d.decode(v9Packet({ ...header, sourceId: 6 }, [dataSet(record('10.1.1.1', '10.2.2.2', 1, 1))]), 'A');
    expect(otherSource).toMatchObject({ ok: true, flows: [], problemCounts: { missing_template: 1 } });
  });

  it('buffers data that arrives before its template and decodes it when the template comes', () => {
    const d = new NetflowDecoder();
    const early = d.decode(v9Packet({ ...header, sequence: 1 }, [dataSet(record('10.9.9.9', '10.2.2.2', 5, 1))]), 'A');
    expect(early).toMatchObject({ ok: true, flows: [], problemCounts: { missing_template: 1 } });
    const late = d.decode(v9Packet({ ...header, sequence: 2 }, [templateSet]), 'A');
    if (!late.ok) throw new Error(late.error);
    expect(late.flows).toHaveLength(1);
    // decoded with the header of the packet it came in
    expect(late.flows[0]).toMatchObject({ sequence: 1, fields: { sourceIPv4Address: '10.9.9.9' } });
  });

  it('does not buffer when buffering is off', () => {
    const d = new NetflowDecoder({ bufferMissing: false });
    d.decode(v9Packet(header, [dataSet(record('10.9.9.9', '10.2.2.2', 5, 1))]), 'A');
    expect(d.decode(v9Packet(header, [templateSet]), 'A')).toMatchObject({ ok: true, flows: [] });
    expect(d.stats.problems).toEqual({ missing_template: 1 });
  });

  it('stops at a zero-length flowset instead of looping, and ignores zero padding', () => {
    const zero = new Bytes().u16(256).u16(0).u32(0x01020304).build();
    const r = new NetflowDecoder().decode(v9Packet(header, [templateSet, zero]), 'A');
    expect(r).toMatchObject({ ok: true, templates: 1, problemCounts: { zero_length_set: 1 } });
    const padded = new NetflowDecoder().decode(v9Packet(header, [templateSet, dataSet(record('10.1.1.1', '10.2.2.2', 1, 1)), new Uint8Array(200)]), 'A');
    expect(padded).toMatchObject({ ok: true, problems: [] });
    if (padded.ok) expect(padded.flows).toHaveLength(1);
  });

  it('decodes the whole records of a flowset that runs past the packet', () => {
    const full = dataSet(record('10.1.1.1', '10.2.2.2', 1, 1), record('10.1.1.2', '10.2.2.2', 1, 1));
    const p = v9Packet(header, [templateSet, full]);
    const r = new NetflowDecoder().decode(p.subarray(0, p.length - 10), 'A');
    if (!r.ok) throw new Error(r.error);
    expect(r.flows).toHaveLength(1);
    expect(r.problemCounts).toEqual({ set_overruns_packet: 1, record_overruns_set: 1 });
  });

  it('leaves zero-length template fields out and decodes the rest', () => {
    const t = set(0, v9TemplateBody([{ id: 300, fields: [[8, 4], [99, 0], [12, 4]] }]));
    const d = set(300, new Bytes().ipv4('10.0.0.1').ipv4('10.0.0.2').build());
    const r = new NetflowDecoder().decode(v9Packet(header, [t, d]), 'A');
    if (!r.ok) throw new Error(r.error);
    expect(r.problemCounts).toEqual({ zero_length_field: 1 });
    expect(r.flows[0]!.fields).toEqual({ sourceIPv4Address: '10.0.0.1', destinationIPv4Address: '10.0.0.2' });
  });

  it('refuses templates with no usable bytes, ids below 256 and truncated field lists', () => {
    const empty = set(0, v9TemplateBody([{ id: 301, fields: [[8, 0]] }]));
    const low = set(0, v9TemplateBody([{ id: 200, fields: [[8, 4]] }]));
    const cut = set(0, new Bytes().u16(302).u16(50).u16(8).u16(4).build());
    const r = new NetflowDecoder().decode(v9Packet(header, [empty, low, cut]), 'A');
    expect(r).toMatchObject({ ok: true, templates: 0, problemCounts: { zero_length_field: 1, unusable_template: 1, bad_template: 1, truncated_template: 1 } });
  });

  it('reports a template id reused with another layout', () => {
    const d = new NetflowDecoder();
    d.decode(v9Packet(header, [templateSet]), 'A');
    const again = d.decode(v9Packet(header, [templateSet]), 'A');
    expect(again).toMatchObject({ ok: true, problems: [] });
    const changed = d.decode(v9Packet(header, [set(0, v9TemplateBody([{ id: 256, fields: [[8, 4]] }]))]), 'A');
    expect(changed).toMatchObject({ ok: true, problemCounts: { template_changed: 1 } });
  });

  it('reads options templates with scope fields, and applies sampler rates from options data', () => {
    // Sampler table: scope = system, options = sampler id (48), algorithm (49), random interval (50).
    const optTemplate = set(1, v9OptionsTemplateBody(257, [[1, 4]], [[48, 1], [49, 1], [50, 4]]), { pad: 4 });
    const optData = set(257, new Bytes().u32(0x0a000001).u8(3).u8(2).u32(100).build(), { pad: 4 });
    const t = set(0, v9TemplateBody([{ id: 258, fields: [...FIELDS, [48, 1]] }]));
    const data = set(258, new Bytes().raw(record('10.1.1.1', '10.2.2.2', 1500, 3).build()).u8(3).build(), { pad: 4 });
    const unknownSampler = set(258, new Bytes().raw(record('10.1.1.1', '10.2.2.2', 1500, 3).build()).u8(9).build(), { pad: 4 });
    const r = new NetflowDecoder().decode(v9Packet(header, [optTemplate, optData, t, data, unknownSampler]), 'A');
    if (!r.ok) throw new Error(r.error);
    expect(r.problems).toEqual([]);
    expect(r.flows).toHaveLength(3);
    expect(r.flows[0]).toMatchObject({ options: true, templateId: 257, fields: { 'scope.system': 0x0a000001, samplerId: 3, samplerMode: 2, samplerRandomInterval: 100 } });
    expect(r.flows[1]).toMatchObject({ options: false, samplingRate: 100, packets: 300, bytes: 150_000, fields: { packetDeltaCount: 3, octetDeltaCount: 1500 } });
    expect(r.flows[2]).toMatchObject({ samplingRate: 1, packets: 3 });
  });

  it('applies an exporter-wide sampling interval from options data without a sampler id', () => {
    const optTemplate = set(1, v9OptionsTemplateBody(257, [[1, 4]], [[34, 4], [35, 1]]), { pad: 4 });
    const optData = set(257, new Bytes().u32(0).u32(64).u8(1).build(), { pad: 4 });
    const r = new NetflowDecoder().decode(v9Packet(header, [optTemplate, optData, templateSet, dataSet(record('10.1.1.1', '10.2.2.2', 10, 1))]), 'A');
    if (!r.ok) throw new Error(r.error);
    expect(r.flows[1]).toMatchObject({ samplingRate: 64, packets: 64, bytes: 640 });
  });

  it('decodes variable-length fields (as H3C sends them in v9)', () => {
    const t = set(0, v9TemplateBody([{ id: 400, fields: [[8, 4], [236, 65535]] }]));
    const d = set(400, new Bytes().ipv4('10.0.0.1').varlen(new TextEncoder().encode('vrf-blue')).build(), { pad: 4 });
    const r = new NetflowDecoder().decode(v9Packet(header, [t, d]), 'A');
    if (!r.ok) throw new Error(r.error);
    expect(r.flows[0]!.fields).toEqual({ sourceIPv4Address: '10.0.0.1', VRFname: 'vrf-blue' });
  });

  it('names unknown and vendor fields', () => {
    const t = set(0, v9TemplateBody([{ id: 401, fields: [[40005, 1], [56701, 8], [60000, 2], [8, 4], [8, 4]] }]));
    const d = set(401, new Bytes().u8(2).text('ssl').raw([0, 0, 0, 0, 0]).u16(0xbeef).ipv4('10.0.0.1').ipv4('10.0.0.2').build());
    const r = new NetflowDecoder().decode(v9Packet(header, [t, d]), 'A');
    if (!r.ok) throw new Error(r.error);
    expect(r.flows[0]!.fields).toEqual({ firewallEvent: 2, panosAppId: 'ssl', 'unknown.60000': 'beef', sourceIPv4Address: '10.0.0.1', 'sourceIPv4Address#2': '10.0.0.2' });
  });

  it('refuses a payload shorter than the header and names reserved flowset ids', () => {
    expect(new NetflowDecoder().decode(v9Packet(header, []).subarray(0, 19), 'A')).toMatchObject({ ok: false, reason: 'truncated_header' });
    expect(new NetflowDecoder().decode(v9Packet(header, [set(7, new Uint8Array(4))]), 'A')).toMatchObject({ ok: true, problemCounts: { reserved_set_id: 1 } });
  });
});
