// TLS client/server fingerprints: JA3 / JA3S (Salesforce) and JA4 (FoxIO), GREASE removed.
import { createHash } from 'node:crypto';
import { isGrease } from './names.js';
import type { ClientHello, ServerHello } from './parse.js';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const sha12 = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 12);
const noGrease = (xs: number[]) => xs.filter((x) => !isGrease(x));

export function ja3(ch: ClientHello): string {
  return md5([
    ch.version,
    noGrease(ch.ciphers).join('-'),
    noGrease(ch.extensions.map((e) => e.type)).join('-'),
    noGrease(ch.groups).join('-'),
    ch.pointFormats.join('-'),
  ].join(','));
}

export function ja3s(sh: ServerHello): string {
  return md5([sh.version, sh.cipher, sh.extensions.map((e) => e.type).join('-')].join(','));
}

function ja4Version(v: number): string {
  switch (v) {
    case 0x0304: return '13';
    case 0x0303: return '12';
    case 0x0302: return '11';
    case 0x0301: return '10';
    case 0x0300: return 's3';
    case 0x0002: case 0x0200: return 's2';
    case 0xfeff: return 'd1';
    case 0xfefd: return 'd2';
    case 0xfefc: return 'd3';
    default: return '00';
  }
}

const isAlnum = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const hex4 = (n: number) => n.toString(16).padStart(4, '0');
const two = (n: number) => String(Math.min(n, 99)).padStart(2, '0');

/** JA4 of a ClientHello; `transport` is 't' (TCP), 'q' (QUIC) or 'd' (DTLS). */
export function ja4(ch: ClientHello, transport: 't' | 'q' | 'd'): string {
  const versions = noGrease(ch.supportedVersions);
  const v = versions.length ? Math.max(...versions) : ch.version;
  const ciphers = noGrease(ch.ciphers);
  const exts = noGrease(ch.extensions.map((e) => e.type));
  let alpn = '00';
  const first = ch.alpn[0];
  if (first !== undefined && first.length > 0) {
    const a = first.charCodeAt(0);
    const z = first.charCodeAt(first.length - 1);
    if (isAlnum(a) && isAlnum(z)) alpn = first[0]! + first[first.length - 1]!;
    else {
      const h = Buffer.from(first, 'latin1').toString('hex');
      alpn = h[0]! + h[h.length - 1]!;
    }
  }
  const a = `${transport}${ja4Version(v)}${ch.serverNames.length ? 'd' : 'i'}${two(ciphers.length)}${two(exts.length)}${alpn}`;
  const b = ciphers.length ? sha12(ciphers.map(hex4).sort().join(',')) : '000000000000';
  const sorted = exts.filter((e) => e !== 0 && e !== 16).map(hex4).sort().join(',');
  const sigs = ch.sigAlgs.filter((s) => !isGrease(s)).map(hex4).join(',');
  const c = exts.length ? sha12(sigs ? `${sorted}_${sigs}` : sorted) : '000000000000';
  return `${a}_${b}_${c}`;
}
