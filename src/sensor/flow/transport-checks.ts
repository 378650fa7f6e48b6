// Transport checksums as Zeek verifies them, and the scaled history letters for failures.
import { fold, onesSum, pseudoHeaderSumWords } from '../../net/checksum.js';
import type { Packet } from '../decode/packet.js';
import type { Conn } from './conn.js';

export function udpChecksumError(c: Conn, isOrig: boolean): void {
  // Zeek logs C/c at the 1st, 10th, 100th … bad checksum per direction.
  const n = isOrig ? ++c.udpChkOrig : ++c.udpChkResp;
  if (n === 1 || n === 10 || n === 100 || n === 1000 || n === 10000) c.history += isOrig ? 'C' : 'c';
}

const srcWords = [0, 0, 0, 0];
const dstWords = [0, 0, 0, 0];

/** TCP/UDP/ICMPv6 checksum over the segment and the pseudo-header of the packet's addresses. */
export function checksumOk(p: Packet, proto: number): boolean {
  srcWords[0] = p.s0; srcWords[1] = p.s1; srcWords[2] = p.s2; srcWords[3] = p.s3;
  dstWords[0] = p.d0; dstWords[1] = p.d1; dstWords[2] = p.d2; dstWords[3] = p.d3;
  return fold(onesSum(p.buf, p.l4off, p.l4len, pseudoHeaderSumWords(p.ipv6, srcWords, dstWords, proto, p.l4len))) === 0xffff;
}

export function transportChecksumOkNoPseudo(buf: Buffer, off: number, len: number): boolean {
  let sum = 0;
  const end = off + (len & ~1);
  for (let i = off; i < end; i += 2) sum += (buf[i]! << 8) | buf[i + 1]!;
  if (len & 1) sum += buf[off + len - 1]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum === 0xffff;
}

