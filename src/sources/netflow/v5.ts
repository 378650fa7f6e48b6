// NetFlow v5: a 24-byte header and up to 30 fixed 48-byte records (Cisco's export format
// description). Fields come out under the same IANA names as v9/IPFIX so later code needs one map.
import { ipv4Text, u16, u32 } from './bytes.js';
import type { FlowFields } from './field-value.js';
import { exportContext, type DecodedFlow } from './flow.js';
import { ProblemList } from './problems.js';
import { fail, succeed, type DecodeResult } from './result.js';
import type { Session } from './session.js';

export const V5_HEADER_LENGTH = 24;
export const V5_RECORD_LENGTH = 48;
/** Cisco: at most 30 records per v5 datagram. */
export const V5_MAX_RECORDS = 30;

export function decodeV5(b: Uint8Array, exporter: string, session: Session): DecodeResult {
  const problems = new ProblemList();
  if (b.length < V5_HEADER_LENGTH) return fail(5, 'truncated_header', `v5 header needs ${V5_HEADER_LENGTH} bytes, got ${b.length}`, problems);
  const count = u16(b, 2);
  const engineType = b[20]!;
  const engineId = b[21]!;
  const sampling = u16(b, 22);
  const ctx = exportContext(5, exporter, (engineType << 8) | engineId, u32(b, 8) + u32(b, 12) / 1e9, u32(b, 16), u32(b, 4));
  const available = Math.floor((b.length - V5_HEADER_LENGTH) / V5_RECORD_LENGTH);
  if (count === 0 || count > V5_MAX_RECORDS) problems.add('absurd_count', `v5 header announces ${count} records`);
  if (count > available) problems.add('truncated_record', `v5 header announces ${count} records, payload holds ${available}`);
  const n = Math.min(count, available);
  const end = V5_HEADER_LENGTH + n * V5_RECORD_LENGTH;
  if (count <= available && end < b.length) problems.add('trailing_bytes', `${b.length - end} bytes after ${count} v5 records`);

  const flows: DecodedFlow[] = [];
  for (let i = 0, o = V5_HEADER_LENGTH; i < n; i++, o += V5_RECORD_LENGTH) {
    const fields: FlowFields = {
      sourceIPv4Address: ipv4Text(b, o),
      destinationIPv4Address: ipv4Text(b, o + 4),
      ipNextHopIPv4Address: ipv4Text(b, o + 8),
      ingressInterface: u16(b, o + 12),
      egressInterface: u16(b, o + 14),
      packetDeltaCount: u32(b, o + 16),
      octetDeltaCount: u32(b, o + 20),
      flowStartSysUpTime: u32(b, o + 24),
      flowEndSysUpTime: u32(b, o + 28),
      sourceTransportPort: u16(b, o + 32),
      destinationTransportPort: u16(b, o + 34),
      tcpControlBits: b[o + 37]!,
      protocolIdentifier: b[o + 38]!,
      ipClassOfService: b[o + 39]!,
      bgpSourceAsNumber: u16(b, o + 40),
      bgpDestinationAsNumber: u16(b, o + 42),
      sourceIPv4PrefixLength: b[o + 44]!,
      destinationIPv4PrefixLength: b[o + 45]!,
      engineType,
      engineId,
      // Top two bits: sampling mode; low 14: the interval (1 in N packets). Juniper sends mode 0
      // with a real interval, so any interval above 1 is applied whatever the mode says.
      samplingAlgorithm: sampling >>> 14,
      samplingInterval: sampling & 0x3fff,
    };
    flows.push(session.finish(ctx, null, fields));
  }
  return succeed(5, flows, 0, problems);
}
