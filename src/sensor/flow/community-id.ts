// Community ID v1 (https://github.com/corelight/community-id-spec): a flow hash that other tools
// (Zeek's policy script, Suricata, Arkime) compute the same way, so records can be joined across them.
import { createHash } from 'node:crypto';
import type { Conn } from './conn.js';

function writeAddr(b: Buffer, o: number, v6: boolean, w0: number, w1: number, w2: number, w3: number): number {
  if (v6) {
    b.writeUInt32BE(w0 >>> 0, o); b.writeUInt32BE(w1 >>> 0, o + 4); b.writeUInt32BE(w2 >>> 0, o + 8); b.writeUInt32BE(w3 >>> 0, o + 12);
    return o + 16;
  }
  b.writeUInt32BE(w3 >>> 0, o);
  return o + 4;
}

function less(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i]! >>> 0) < (b[i]! >>> 0) ? -1 : 1;
  return 0;
}

export function communityId(c: Conn, seed = 0): string {
  const hasPorts = c.ipProto === 6 || c.ipProto === 17 || c.ipProto === 132 || c.ipProto === 1 || c.ipProto === 58;
  let sa = [c.o0, c.o1, c.o2, c.o3];
  let da = [c.r0, c.r1, c.r2, c.r3];
  let sp = c.op;
  let dp = c.rp;
  const oneWay = (c.ipProto === 1 || c.ipProto === 58) && c.oneWay;
  if (!oneWay) {
    const cmp = less(sa, da);
    if (cmp > 0 || (cmp === 0 && sp > dp)) {
      [sa, da] = [da, sa];
      [sp, dp] = [dp, sp];
    }
  }
  const b = Buffer.alloc(2 + 32 + 4 + 4);
  b.writeUInt16BE(seed, 0);
  let o = writeAddr(b, 2, c.v6, sa[0]!, sa[1]!, sa[2]!, sa[3]!);
  o = writeAddr(b, o, c.v6, da[0]!, da[1]!, da[2]!, da[3]!);
  b[o++] = c.ipProto;
  b[o++] = 0;
  if (hasPorts) {
    b.writeUInt16BE(sp, o);
    b.writeUInt16BE(dp, o + 2);
    o += 4;
  }
  return '1:' + createHash('sha1').update(b.subarray(0, o)).digest('base64');
}
