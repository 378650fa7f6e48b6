// A decoded flow record: the raw field map plus what every consumer needs in one form whatever the
// exporter sent (start/end as epoch seconds, packet and byte counts scaled by the sampling rate).
import type { FieldValue, FlowFields } from './field-value.js';

/** What the packet header says about every record in it. */
export interface ExportContext {
  version: 5 | 9 | 10;
  /** address of the exporter (the UDP source), as given by the caller */
  exporter: string;
  /** v9 source id, IPFIX observation domain id, v5 engine type << 8 | engine id */
  domain: number;
  /** export time, epoch seconds (v5 with its nanoseconds) */
  exportTime: number;
  /** header sequence number */
  sequence: number;
  /** exporter uptime in ms at export (v5, v9); -1 for IPFIX, which has none */
  sysUptime: number;
  /** "version|exporter|domain": the key of what the session remembers about this exporter */
  key: string;
}

export function exportContext(
  version: 5 | 9 | 10, exporter: string, domain: number, exportTime: number, sequence: number, sysUptime: number,
): ExportContext {
  return { version, exporter, domain, exportTime, sequence, sysUptime, key: `${version}|${exporter}|${domain}` };
}

export interface DecodedFlow {
  version: 5 | 9 | 10;
  exporter: string;
  domain: number;
  /** template (set) id the record was decoded with; 0 for v5 */
  templateId: number;
  /** true for options records (exporter statistics, sampler and interface tables …), not traffic */
  options: boolean;
  exportTime: number;
  sequence: number;
  /** every field of the record, by name */
  fields: FlowFields;
  /** flow start and end, epoch seconds (export time when the record carries no time at all) */
  start: number;
  end: number;
  /** packets and bytes multiplied by samplingRate */
  packets: number;
  bytes: number;
  /** 1 when unsampled; N when 1 in N packets was sampled */
  samplingRate: number;
}

const START_FIELDS = ['flowStartSeconds', 'flowStartMilliseconds', 'flowStartMicroseconds', 'flowStartNanoseconds'];
const END_FIELDS = ['flowEndSeconds', 'flowEndMilliseconds', 'flowEndMicroseconds', 'flowEndNanoseconds',
  'observationTimeMilliseconds', 'observationTimeSeconds', 'observationTimeMicroseconds', 'observationTimeNanoseconds'];
const PACKET_FIELDS = ['packetDeltaCount', 'packetTotalCount', 'initiatorPackets', 'postPacketDeltaCount', 'postPacketTotalCount'];
const BYTE_FIELDS = ['octetDeltaCount', 'octetTotalCount', 'initiatorOctets', 'postOctetDeltaCount', 'postOctetTotalCount'];

export function numberOf(v: FieldValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

function first(fields: FlowFields, names: string[]): number | undefined {
  for (const n of names) {
    const v = numberOf(fields[n]);
    if (v !== undefined) return v;
  }
  return undefined;
}

/**
 * Epoch seconds of an uptime stamp. v5/v9: from the header's uptime and export time, the difference
 * taken as a signed 32-bit number so a counter that wrapped (every 49.7 days) or a stamp a few ms
 * after the header's uptime both come out right. IPFIX: from the exporter's boot time when known.
 */
function uptimeToEpoch(ctx: ExportContext, uptimeMs: number, bootTime: number | undefined): number | undefined {
  if (ctx.sysUptime >= 0) return ctx.exportTime - ((ctx.sysUptime - uptimeMs) | 0) / 1000;
  if (bootTime !== undefined) return bootTime + uptimeMs / 1000;
  return undefined;
}

function times(ctx: ExportContext, f: FlowFields, bootTime: number | undefined): { start: number; end: number } {
  let start = first(f, START_FIELDS);
  let end = first(f, END_FIELDS);
  const startUp = numberOf(f.flowStartSysUpTime);
  const endUp = numberOf(f.flowEndSysUpTime);
  if (start === undefined && startUp !== undefined) start = uptimeToEpoch(ctx, startUp, bootTime);
  if (end === undefined && endUp !== undefined) end = uptimeToEpoch(ctx, endUp, bootTime);
  if (start === undefined && end === undefined && startUp !== undefined && endUp !== undefined) {
    // IPFIX uptimes with no known boot time: the flow ended by the export, lasting end − start.
    end = ctx.exportTime;
    start = end - ((endUp - startUp) >>> 0) / 1000;
  }
  const startDelta = numberOf(f.flowStartDeltaMicroseconds);
  const endDelta = numberOf(f.flowEndDeltaMicroseconds);
  if (start === undefined && startDelta !== undefined) start = ctx.exportTime - startDelta / 1e6;
  if (end === undefined && endDelta !== undefined) end = ctx.exportTime - endDelta / 1e6;
  const durMs = numberOf(f.flowDurationMilliseconds);
  const durUs = numberOf(f.flowDurationMicroseconds);
  const duration = durMs !== undefined ? durMs / 1000 : durUs !== undefined ? durUs / 1e6 : undefined;
  if (start === undefined && end !== undefined) start = duration !== undefined ? end - duration : end;
  if (end === undefined && start !== undefined) end = duration !== undefined ? start + duration : start;
  if (start === undefined || end === undefined) return { start: ctx.exportTime, end: ctx.exportTime };
  return { start, end };
}

export function finishFlow(
  ctx: ExportContext,
  templateId: number,
  options: boolean,
  fields: FlowFields,
  samplingRate: number,
  bootTime: number | undefined,
): DecodedFlow {
  const { start, end } = times(ctx, fields, bootTime);
  const packets = first(fields, PACKET_FIELDS) ?? 0;
  const bytes = first(fields, BYTE_FIELDS) ?? 0;
  return {
    version: ctx.version,
    exporter: ctx.exporter,
    domain: ctx.domain,
    templateId,
    options,
    exportTime: ctx.exportTime,
    sequence: ctx.sequence,
    fields,
    start,
    end,
    packets: packets * samplingRate,
    bytes: bytes * samplingRate,
    samplingRate,
  };
}
