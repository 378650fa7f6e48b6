import { describe, expect, it } from 'vitest';
import { fieldValue } from './field-value.js';
import { allElements, elementByName, ianaElement, v9Element } from './fields.js';
import { buildTemplate, Kind, VARIABLE_LENGTH } from './template.js';

const b = (...xs: number[]) => Uint8Array.from(xs);

describe('field values', () => {
  it('reads unsigned integers of any size up to 8 bytes (reduced-size encoding)', () => {
    expect(fieldValue(Kind.uint, b(0x12, 0x34), 0, 2)).toBe(0x1234);
    expect(fieldValue(Kind.uint, b(0, 0, 1, 0, 0, 0, 0, 0), 0, 8)).toBe(2 ** 40);
    expect(fieldValue(Kind.uint, b(1, 2, 3), 0, 3)).toBe(0x010203);
    // beyond 2^53 a number would lie: decimal text instead
    expect(fieldValue(Kind.uint, b(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), 0, 8)).toBe('18446744073709551615');
  });

  it('reads signed integers, floats and booleans', () => {
    expect(fieldValue(Kind.sint, b(0xff, 0xfe), 0, 2)).toBe(-2);
    expect(fieldValue(Kind.sint, b(0x80, 0, 0, 0, 0, 0, 0, 0), 0, 8)).toBe('-9223372036854775808');
    expect(fieldValue(Kind.float32, b(0x40, 0x49, 0x0f, 0xdb), 0, 4)).toBeCloseTo(Math.PI, 6);
    expect(fieldValue(Kind.boolean, b(1), 0, 1)).toBe(true);
    expect(fieldValue(Kind.boolean, b(2), 0, 1)).toBe(false);
    expect(fieldValue(Kind.boolean, b(7), 0, 1)).toBe(7);
  });

  it('formats addresses, MACs, text and hex', () => {
    expect(fieldValue(Kind.ipv4, b(192, 0, 2, 1), 0, 4)).toBe('192.0.2.1');
    expect(fieldValue(Kind.ipv6, b(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), 0, 16)).toBe('2001:db8::1');
    expect(fieldValue(Kind.mac, b(0, 0x50, 0x56, 0xc0, 0, 1), 0, 6)).toBe('00:50:56:c0:00:01');
    expect(fieldValue(Kind.text, b(0x68, 0x69, 0, 0), 0, 4)).toBe('hi');
    expect(fieldValue(Kind.text, Uint8Array.from(Buffer.from('日本', 'utf8')), 0, 6)).toBe('日本');
    expect(fieldValue(Kind.hex, b(0xde, 0xad), 0, 2)).toBe('dead');
  });

  it('turns dateTime fields into epoch seconds', () => {
    expect(fieldValue(Kind.seconds, b(0x65, 0x53, 0xf1, 0x00), 0, 4)).toBe(0x6553f100);
    expect(fieldValue(Kind.milliseconds, b(0, 0, 1, 0x8b, 0xcf, 0xe5, 0x68, 0x00), 0, 8)).toBe(1_700_000_000);
    // NTP: 1900-based seconds + fraction
    expect(fieldValue(Kind.ntp, b(0x83, 0xaa, 0x7e, 0x80, 0x80, 0, 0, 0), 0, 8)).toBe(0.5);
  });
});

describe('field table', () => {
  it('knows the elements the golden data needs, with IANA names and types', () => {
    const want: [number, string, string][] = [
      [1, 'octetDeltaCount', 'unsigned64'], [2, 'packetDeltaCount', 'unsigned64'], [4, 'protocolIdentifier', 'unsigned8'],
      [5, 'ipClassOfService', 'unsigned8'], [6, 'tcpControlBits', 'unsigned16'], [7, 'sourceTransportPort', 'unsigned16'],
      [8, 'sourceIPv4Address', 'ipv4Address'], [9, 'sourceIPv4PrefixLength', 'unsigned8'], [10, 'ingressInterface', 'unsigned32'],
      [11, 'destinationTransportPort', 'unsigned16'], [12, 'destinationIPv4Address', 'ipv4Address'], [15, 'ipNextHopIPv4Address', 'ipv4Address'],
      [16, 'bgpSourceAsNumber', 'unsigned32'], [17, 'bgpDestinationAsNumber', 'unsigned32'], [21, 'flowEndSysUpTime', 'unsigned32'],
      [22, 'flowStartSysUpTime', 'unsigned32'], [27, 'sourceIPv6Address', 'ipv6Address'], [28, 'destinationIPv6Address', 'ipv6Address'],
      [32, 'icmpTypeCodeIPv4', 'unsigned16'], [34, 'samplingInterval', 'unsigned32'], [35, 'samplingAlgorithm', 'unsigned8'],
      [150, 'flowStartSeconds', 'dateTimeSeconds'], [151, 'flowEndSeconds', 'dateTimeSeconds'],
      [152, 'flowStartMilliseconds', 'dateTimeMilliseconds'], [153, 'flowEndMilliseconds', 'dateTimeMilliseconds'],
      [225, 'postNATSourceIPv4Address', 'ipv4Address'],
    ];
    for (const [id, name, type] of want) expect(ianaElement(id), name).toMatchObject({ id, name, type });
    expect(v9Element(40001)?.name).toBe('postNATSourceIPv4Address');
    expect(ianaElement(40001)).toBeUndefined();
    expect(elementByName('flowStartMilliseconds')?.id).toBe(152);
  });

  it('has unique names and ids', () => {
    const iana = allElements().filter((e) => e.id < 32768);
    expect(new Set(iana.map((e) => e.id)).size).toBe(iana.length);
    expect(new Set(iana.map((e) => e.name)).size).toBe(iana.length);
  });

  it('resolves odd lengths to hex rather than misreading them', () => {
    const t = buildTemplate(10, 256, false, [
      { id: 8, pen: 0, length: 16, scope: false },
      { id: 1, pen: 0, length: 12, scope: false },
      { id: 56, pen: 0, length: VARIABLE_LENGTH, scope: false },
      { id: 9999, pen: 0, length: 2, scope: false },
      { id: 12, pen: 42, length: 4, scope: false },
      { id: 2, pen: 29305, length: 4, scope: false },
      { id: 210, pen: 0, length: 3, scope: false },
    ]);
    expect(t.fields.map((f) => [f.key, f.kind])).toEqual([
      ['sourceIPv4Address', Kind.hex], ['octetDeltaCount', Kind.hex], ['sourceMacAddress', Kind.hex],
      ['unknown.9999', Kind.hex], ['enterprise.42.12', Kind.hex], ['reversePacketDeltaCount', Kind.uint], ['paddingOctets', Kind.skip],
    ]);
    expect(t).toMatchObject({ minLength: 16 + 12 + 1 + 2 + 4 + 4 + 3, variable: true });
  });
});
