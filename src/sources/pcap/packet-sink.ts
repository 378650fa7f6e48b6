// What a capture reader hands to the sensor: one call per packet, plain arguments, no allocation.
// `buf` is only valid during the call (readers reuse their buffers).

/** Link types (LINKTYPE_* from tcpdump.org) that the sensor decodes. */
export const LinkType = {
  NULL: 0, // BSD loopback, host byte order family
  ETHERNET: 1,
  PPP: 9,
  RAW_OPENBSD: 14,
  RAW_DLT: 12,
  PPP_HDLC: 50,
  PPP_ETHER: 51,
  RAW: 101,
  LOOP: 108, // OpenBSD loopback, network byte order family
  LINUX_SLL: 113,
  IEEE802_11_RADIOTAP: 127,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

export type PacketSink = (
  linktype: number,
  ts: number,
  buf: Buffer,
  off: number,
  caplen: number,
  wirelen: number,
) => void;

/** Problems in the capture file itself (not in a packet): reported, counted, never thrown. */
export type CaptureProblemSink = (name: string, detail: string) => void;

/** A push parser for one capture format: feed it bytes in any chunking. */
export interface CaptureParser {
  /** Parse as many whole records as `chunk` (plus what was left over) holds. */
  feed(chunk: Buffer): void;
  /** No more bytes: a partial record left over is reported as truncated. */
  end(): void;
  /** Packets handed to the sink so far. */
  readonly packets: number;
  /** The parser hit data it cannot continue past (the rest of the input is ignored). */
  readonly stopped: boolean;
}
