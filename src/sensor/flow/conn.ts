// Live state of one connection in the flow table. Plain fields, no getters: it is touched by every
// packet. Turned into a schema Connection record only when it ends.
import type { TcpEndpoint } from './tcp-endpoint.js';

export class Conn {
  /** next connection in the same hash bucket */
  hashNext: Conn | null = null;
  hash = 0;
  uid = '';
  startTime = 0;
  lastTime = 0;
  /** address family and IP protocol */
  v6 = false;
  ipProto = 0;
  /** originator and responder addresses (four words each) and ports */
  o0 = 0; o1 = 0; o2 = 0; o3 = 0;
  r0 = 0; r1 = 0; r2 = 0; r3 = 0;
  op = 0;
  rp = 0;
  /** ICMP: the message type has no counterpart (Community ID needs this) */
  oneWay = false;

  origPkts = 0;
  origIpBytes = 0;
  respPkts = 0;
  respIpBytes = 0;
  /** UDP/ICMP payload bytes per direction, -1 when the direction never sent */
  origSize = -1;
  respSize = -1;

  /** UDP bad-checksum counts per direction (scaled history C/c) */
  udpChkOrig = 0;
  udpChkResp = 0;
  history = '';
  histSeen = 0;
  missedBytes = 0;

  tcpOrig: TcpEndpoint | null = null;
  tcpResp: TcpEndpoint | null = null;
  /** connection has been handed to the log (no more updates) */
  done = false;
  /** when the TCP close-delay removal is due, or 0 */
  deleteAt = 0;
  /** Zeek's attempt timer: when an unanswered SYN's connection is given up, or 0 */
  attemptAt = 0;
  /** earliest time this connection is queued in the timer heap */
  scheduledAt = Infinity;
  /** half-closed connection: the next check of whether it has gone quiet */
  expireCheckAt = 0;

  tunnelParents: string[] | null = null;
  vlan = -1;
  innerVlan = -1;
  origL2 = '';
  respL2 = '';
  /** weird names already reported on this connection (reported once each, as Zeek does) */
  weirds: Set<string> | null = null;
  /** the protocol analysis state of this connection (owned by the sensor's app layer) */
  app: unknown = null;
  /** application protocols confirmed on this connection, in order */
  services: string[] | null = null;

  /** Adds a history letter the first time `mask` is seen (Zeek's CheckHistory). */
  checkHistory(mask: number, code: string): boolean {
    if ((this.histSeen & mask) === 0) {
      this.histSeen |= mask;
      this.history += code;
      return true;
    }
    return false;
  }

  addService(name: string): void {
    if (!this.services) this.services = [name];
    else if (!this.services.includes(name)) this.services.push(name);
  }
}

/** History bits (originator side; the responder's are shifted left by 16). */
export const HIST = {
  SYN: 0x1,
  FIN: 0x2,
  RST: 0x4,
  FIN_RST: 0x8,
  DATA: 0x10,
  ACK: 0x20,
  MULTI_FLAG: 0x40,
  ORIG_DATA_UDP: 0x400,
  RESP_DATA_UDP: 0x800,
} as const;
