// The text Zeek's dns.log shows for one answer record (the reply strings of the dns_*_reply
// handlers in base/protocols/dns/main.zeek). Pure: reads the rdata in place.
import { ipv6String } from '../../net/ip-address.js';
import { readName } from './name.js';

/** Types Zeek's analyzer parses but its base scripts do not put in `answers` (no reply text, AA/RA untouched). */
const UNREPORTED = new Set([29, 41, 64, 65, 249, 250, 257]);

/**
 * Text for `answers`: a string ('' = reported without text, as WKS), or null when Zeek raises no
 * reply for the record. `weirds` collects length anomalies.
 */
export function rdataText(buf: Buffer, p: number, len: number, type: number, owner: string, weirds: string[]): string | null {
  const end = p + len;
  switch (type) {
    case 1: // A
      if (len !== 4) return bad(weirds);
      return `${buf[p]}.${buf[p + 1]}.${buf[p + 2]}.${buf[p + 3]}`;
    case 28: { // AAAA
      if (len !== 16) return bad(weirds);
      const g: number[] = [];
      for (let i = 0; i < 8; i++) g.push(buf.readUInt16BE(p + 2 * i));
      return ipv6String(g);
    }
    case 2: case 5: case 12: // NS, CNAME, PTR
      return nameAt(buf, p, end, weirds);
    case 6: // SOA: the primary name server
      return nameAt(buf, p, end, weirds);
    case 15: // MX: the exchange
      return len < 3 ? bad(weirds) : nameAt(buf, p + 2, end, weirds);
    case 33: // SRV: the target
      return len < 7 ? bad(weirds) : nameAt(buf, p + 6, end, weirds);
    case 16: // TXT
    case 99: // SPF
      return charStrings(buf, p, end, type === 16 ? 'TXT' : 'SPF');
    case 13: { // HINFO: "cpu os"
      const cpu = charString(buf, p, end);
      if (!cpu) return bad(weirds);
      const os = charString(buf, cpu.next, end);
      return os ? `${cpu.text} ${os.text}` : bad(weirds);
    }
    case 11: // WKS
      return '';
    case 43: // DS: algorithm, digest type
      return len < 4 ? bad(weirds) : `DS ${buf[p + 2]} ${buf[p + 3]}`;
    case 48: // DNSKEY: algorithm
      return len < 4 ? bad(weirds) : `DNSKEY ${buf[p + 3]}`;
    case 46: { // RRSIG: type covered, signer
      if (len < 19) return bad(weirds);
      const signer = readName(buf, p + 18, end);
      return signer.ok ? `RRSIG ${buf.readUInt16BE(p)} ${signer.name}` : bad(weirds);
    }
    case 47: { // NSEC: owner, next name
      const next = readName(buf, p, end);
      return next.ok ? `NSEC ${owner} ${next.name}` : bad(weirds);
    }
    case 50:
      return 'NSEC3';
    case 51:
      return 'NSEC3PARAM';
    case 44: // SSHFP: the fingerprint in hex
      return len < 2 ? bad(weirds) : `SSHFP: ${buf.toString('hex', p + 2, end)}`;
    case 65534:
      return 'BIND9 signing signal';
    default:
      return UNREPORTED.has(type) ? null : `<unknown type=${type}>`;
  }
}

function bad(weirds: string[]): null {
  weirds.push('DNS_RR_bad_length');
  return null;
}

function nameAt(buf: Buffer, p: number, end: number, weirds: string[]): string | null {
  const n = readName(buf, p, end);
  return n.ok ? n.name : bad(weirds);
}

function charString(buf: Buffer, p: number, end: number): { text: string; next: number } | null {
  if (p >= end) return null;
  const l = buf[p]!;
  if (p + 1 + l > end) return null;
  return { text: buf.toString('latin1', p + 1, p + 1 + l), next: p + 1 + l };
}

/** Zeek: "TXT <len> <text>" per character-string, joined by spaces. */
function charStrings(buf: Buffer, p: number, end: number, tag: string): string {
  let out = '';
  while (p < end) {
    const s = charString(buf, p, end);
    if (!s) break;
    out += (out ? ' ' : '') + `${tag} ${s.next - p - 1} ${s.text}`;
    p = s.next;
  }
  return out;
}
