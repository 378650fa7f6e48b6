// Pure BOOTP/DHCP message parsing (RFC 2131/2132): the fixed header, the magic cookie and the
// options Zeek's DHCP analyzer reports (message type, host name, client FQDN, domain, requested
// address, lease time, messages, server identifier, client identifier).
import type { ParseResult } from '../app/analyzer.js';

/** Fixed BOOTP header before the magic cookie. */
export const BOOTP_HEADER_LEN = 236;
export const DHCP_MAGIC_COOKIE = 0x63825363;
/** Options read from one message, whatever the packet holds. */
export const MAX_OPTIONS = 255;

export interface DhcpMessage {
  op: number;
  htype: number;
  hlen: number;
  xid: number;
  secs: number;
  ciaddr: string;
  yiaddr: string;
  siaddr: string;
  giaddr: string;
  /** client hardware address as Zeek's fmt_mac prints it ('' when not a MAC) */
  chaddr: string;
  /** option 53; 0 when absent (plain BOOTP) */
  msgType: number;
  hostName?: string;
  clientFqdn?: string;
  domainName?: string;
  requestedAddr?: string;
  leaseTime?: number;
  message?: string;
  serverId?: string;
  /** option 61 with hardware type 1 (Ethernet) */
  clientIdMac?: string;
  /** an option ran past the end of the packet */
  truncatedOptions?: boolean;
}

const ipv4 = (b: Buffer, p: number): string => `${b[p]}.${b[p + 1]}.${b[p + 2]}.${b[p + 3]}`;
const hex2 = (n: number): string => (n < 16 ? '0' : '') + n.toString(16);

/** Zeek's fmt_mac: 6 bytes, or 8 when bytes 7–8 are not zero. */
export function fmtMac(b: Buffer, p: number, len: number): string {
  if (len < 8 && len !== 6) return '';
  const n = len === 6 || (b[p + 6] === 0 && b[p + 7] === 0) ? 6 : 8;
  let s = hex2(b[p]!);
  for (let i = 1; i < n; i++) s += ':' + hex2(b[p + i]!);
  return s;
}

/** Quick content check: a BOOTP request/reply with the DHCP magic cookie. */
export function looksLikeDhcp(buf: Buffer): boolean {
  return buf.length >= BOOTP_HEADER_LEN + 4 && (buf[0] === 1 || buf[0] === 2) && buf[2]! <= 16 && buf.readUInt32BE(BOOTP_HEADER_LEN) === DHCP_MAGIC_COOKIE;
}

/** Zeek drops the trailing NULs some clients add (it keeps bytes up to the last non-NUL after the first). */
function domainName(buf: Buffer, v: number, len: number): string {
  let last = 0;
  for (let i = 0; i < len; i++) if (buf[v + i] !== 0) last = i;
  return buf.toString('latin1', v, last === 0 ? v : v + last + 1);
}

export function parseDhcp(buf: Buffer): ParseResult<DhcpMessage> {
  if (buf.length < BOOTP_HEADER_LEN + 4) return { status: 'malformed', anomaly: 'DHCP_truncated' };
  if (buf[0] !== 1 && buf[0] !== 2) return { status: 'malformed', anomaly: 'DHCP_bad_op', detail: String(buf[0]) };
  if (buf.readUInt32BE(BOOTP_HEADER_LEN) !== DHCP_MAGIC_COOKIE) return { status: 'malformed', anomaly: 'DHCP_bad_magic_cookie' };
  const m: DhcpMessage = {
    op: buf[0]!,
    htype: buf[1]!,
    hlen: buf[2]!,
    xid: buf.readUInt32BE(4),
    secs: buf.readUInt16BE(8),
    ciaddr: ipv4(buf, 12),
    yiaddr: ipv4(buf, 16),
    siaddr: ipv4(buf, 20),
    giaddr: ipv4(buf, 24),
    chaddr: fmtMac(buf, 28, 16),
    msgType: 0,
  };
  let p = BOOTP_HEADER_LEN + 4;
  for (let n = 0; p < buf.length && n < MAX_OPTIONS; n++) {
    const code = buf[p]!;
    if (code === 0) {
      p++;
      continue;
    }
    if (code === 255) break;
    if (p + 1 >= buf.length || p + 2 + buf[p + 1]! > buf.length) {
      m.truncatedOptions = true;
      break;
    }
    const len = buf[p + 1]!;
    const v = p + 2;
    switch (code) {
      case 53: if (len >= 1) m.msgType = buf[v]!; break;
      case 12: m.hostName = buf.toString('latin1', v, v + len); break;
      case 15: m.domainName = domainName(buf, v, len); break;
      case 81: if (len >= 3) m.clientFqdn = buf.toString('latin1', v + 3, v + len); break;
      case 50: if (len === 4) m.requestedAddr = ipv4(buf, v); break;
      case 51: if (len === 4) m.leaseTime = buf.readUInt32BE(v); break;
      case 56: m.message = buf.toString('latin1', v, v + len); break;
      case 54: if (len === 4) m.serverId = ipv4(buf, v); break;
      case 61: if (len >= 7 && buf[v] === 1) m.clientIdMac = fmtMac(buf, v + 1, len - 1); break;
      default: break;
    }
    p = v + len;
  }
  return { status: 'ok', consumed: buf.length, value: m };
}

const MESSAGE_TYPES = [
  '', 'DISCOVER', 'OFFER', 'REQUEST', 'DECLINE', 'ACK', 'NAK', 'RELEASE', 'INFORM', 'FORCERENEW',
  'LEASEQUERY', 'LEASEUNASSIGNED', 'LEASEUNKNOWN', 'LEASEACTIVE', 'BULKLEASEQUERY', 'LEASEQUERYDONE',
  'ACTIVELEASEQUERY', 'LEASEQUERYSTATUS', 'TLS',
];

/** Zeek's DHCP::message_types. */
export function messageTypeName(t: number): string {
  return MESSAGE_TYPES[t] || `unknown-message-type-${t}`;
}
