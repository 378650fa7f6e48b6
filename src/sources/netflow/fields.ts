// Field types by id: the IANA "IPFIX Information Elements" registry (which NetFlow v9 field types
// 1–127 share; v9 types above follow the same registry in practice), plus the few NetFlow v9 vendor
// types that are widely deployed (Cisco ASA NSEL, Palo Alto PAN-OS). Names are IANA's; types are
// IANA's abstract data types and decide how field-value.ts turns bytes into a value.
// Anything not here decodes as raw hex under `unknown.<id>`, and enterprise-specific IPFIX fields
// under `enterprise.<pen>.<id>`, so no bytes are ever lost or misread.
import { IANA_ELEMENTS } from './iana-elements.js';

export type IeType =
  | 'unsigned8' | 'unsigned16' | 'unsigned32' | 'unsigned64'
  | 'signed8' | 'signed16' | 'signed32' | 'signed64'
  | 'float32' | 'float64' | 'boolean' | 'macAddress' | 'octetArray' | 'string'
  | 'dateTimeSeconds' | 'dateTimeMilliseconds' | 'dateTimeMicroseconds' | 'dateTimeNanoseconds'
  | 'ipv4Address' | 'ipv6Address' | 'basicList' | 'subTemplateList' | 'subTemplateMultiList';

export interface IeSpec {
  id: number;
  name: string;
  type: IeType;
}

// NetFlow v9 vendor field types (no enterprise number in v9, so these are known by id alone).
// Cisco ASA NetFlow Secure Event Logging (NSEL): 40000–40005 are the older ids of what Cisco now
// exports as the IANA elements, so they take the IANA names (one name per meaning for consumers).
// Palo Alto PAN-OS: App-ID and User-ID.
const V9_VENDOR = `
33000 nselIngressAclId octetArray
33001 nselEgressAclId octetArray
33002 nselFwExtEvent unsigned16
40000 userName string
40001 postNATSourceIPv4Address ipv4Address
40002 postNATDestinationIPv4Address ipv4Address
40003 postNAPTSourceTransportPort unsigned16
40004 postNAPTDestinationTransportPort unsigned16
40005 firewallEvent unsigned8
56701 panosAppId string
56702 panosUserId string
`;

function parseTable(table: string): Map<number, IeSpec> {
  const map = new Map<number, IeSpec>();
  for (const line of table.split('\n')) {
    const [id, name, type] = line.trim().split(' ');
    if (!id || !name || !type) continue;
    map.set(Number(id), { id: Number(id), name, type: type as IeType });
  }
  return map;
}

const IANA_BY_ID = parseTable(IANA_ELEMENTS);
const V9_VENDOR_BY_ID = parseTable(V9_VENDOR);

/** The IANA information element with this id (also NetFlow v9 field types below 32768). */
export function ianaElement(id: number): IeSpec | undefined {
  return IANA_BY_ID.get(id);
}

/** A NetFlow v9 field type: IANA-compatible ids first, then the known vendor ids. */
export function v9Element(id: number): IeSpec | undefined {
  return IANA_BY_ID.get(id) ?? V9_VENDOR_BY_ID.get(id);
}

const BY_NAME = new Map<string, IeSpec>([...IANA_BY_ID.values(), ...V9_VENDOR_BY_ID.values()].map((e) => [e.name, e]));

/** The element with this name (IANA first). */
export function elementByName(name: string): IeSpec | undefined {
  return BY_NAME.get(name);
}

/** Every known element (for documentation and tests). */
export function allElements(): IeSpec[] {
  return [...IANA_BY_ID.values(), ...V9_VENDOR_BY_ID.values()];
}

/** NetFlow v9 options-template scope field types (RFC 3954 §6.1), which overlap flow field ids. */
export const V9_SCOPE_NAMES: Record<number, string> = {
  1: 'scope.system',
  2: 'scope.interface',
  3: 'scope.lineCard',
  4: 'scope.cache',
  5: 'scope.template',
};

/** Key for a field the tables do not know: raw hex is kept under it. */
export function unknownFieldName(id: number): string {
  return `unknown.${id}`;
}

/** Key for an IPFIX enterprise-specific field (enterprise bit set, PEN follows). */
export function enterpriseFieldName(pen: number, id: number): string {
  return `enterprise.${pen}.${id}`;
}
