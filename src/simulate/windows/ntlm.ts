// NTLMSSP messages (MS-NLMP 2.2.1): NEGOTIATE, CHALLENGE with the server's AV pairs, and AUTHENTICATE
// with an NTLMv2 response. The hashes are random bytes of the right sizes.
import type { SimRandom } from '../random.js';

const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');
// UNICODE, REQUEST_TARGET, SIGN, SEAL, NTLM, ALWAYS_SIGN, EXTENDED_SESSIONSECURITY, VERSION, 128, KEY_EXCH, 56
const FLAGS = 0xe2088297;
const VERSION = Buffer.from([10, 0, 0x61, 0x4a, 0, 0, 0, 15]); // Windows 10.0 build 19041, NTLM revision 15

export function ntlmNegotiate(): Buffer {
  const b = Buffer.alloc(40);
  SIGNATURE.copy(b, 0);
  b.writeUInt32LE(1, 8);
  b.writeUInt32LE(FLAGS, 12);
  // empty domain and workstation buffers point just past the fixed part
  b.writeUInt32LE(40, 20);
  b.writeUInt32LE(40, 28);
  VERSION.copy(b, 32);
  return b;
}

function avPair(id: number, value: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt16LE(id, 0);
  h.writeUInt16LE(value.length, 2);
  return Buffer.concat([h, value]);
}

const u16 = (s: string) => Buffer.from(s, 'utf16le');

/** FILETIME of an epoch time. */
export function filetimeBytes(epochSeconds: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(Math.round((epochSeconds + 11644473600) * 1e7)));
  return b;
}

export function ntlmChallenge(r: SimRandom, server: { nbName: string; nbDomain: string; dnsDomain: string }, t: number): Buffer {
  const target = u16(server.nbDomain);
  const info = Buffer.concat([
    avPair(2, u16(server.nbDomain)),
    avPair(1, u16(server.nbName)),
    avPair(4, u16(server.dnsDomain)),
    avPair(3, u16(`${server.nbName.toLowerCase()}.${server.dnsDomain}`)),
    avPair(5, u16(server.dnsDomain)),
    avPair(7, filetimeBytes(t)),
    avPair(0, Buffer.alloc(0)),
  ]);
  const b = Buffer.alloc(56);
  SIGNATURE.copy(b, 0);
  b.writeUInt32LE(2, 8);
  b.writeUInt16LE(target.length, 12);
  b.writeUInt16LE(target.length, 14);
  b.writeUInt32LE(56, 16);
  b.writeUInt32LE((FLAGS | 0x00810000) >>> 0, 20); // + TARGET_TYPE_DOMAIN, TARGET_INFO
  r.bytes(8).copy(b, 24);
  b.writeUInt16LE(info.length, 40);
  b.writeUInt16LE(info.length, 42);
  b.writeUInt32LE(56 + target.length, 44);
  VERSION.copy(b, 48);
  return Buffer.concat([b, target, info]);
}

export function ntlmAuthenticate(r: SimRandom, user: string, domain: string, workstation: string, t: number): Buffer {
  const lm = Buffer.alloc(24);
  // NTLMv2 response: NTProofStr, then the client blob (version, time, client challenge, AV pairs)
  const blob = Buffer.concat([Buffer.from([1, 1, 0, 0, 0, 0, 0, 0]), filetimeBytes(t), r.bytes(8), Buffer.alloc(4), avPair(2, u16(domain)), avPair(0, Buffer.alloc(0)), Buffer.alloc(4)]);
  const nt = Buffer.concat([r.bytes(16), blob]);
  const fields = [lm, nt, u16(domain), u16(user), u16(workstation), r.bytes(16)];
  const head = Buffer.alloc(88);
  SIGNATURE.copy(head, 0);
  head.writeUInt32LE(3, 8);
  let off = head.length;
  fields.forEach((f, i) => {
    const at = 12 + i * 8;
    head.writeUInt16LE(f.length, at);
    head.writeUInt16LE(f.length, at + 2);
    head.writeUInt32LE(off, at + 4);
    off += f.length;
  });
  head.writeUInt32LE(FLAGS, 60);
  VERSION.copy(head, 64);
  r.bytes(16).copy(head, 72); // MIC
  return Buffer.concat([head, ...fields]);
}
