// TLS records for simulated sessions: a real ClientHello (SNI, ALPN, groups, signature algorithms,
// supported versions, GREASE like browsers), ServerHello, Certificate chain, key exchange,
// ChangeCipherSpec and Finished, and application data records of given sizes.
import type { SimRandom } from '../random.js';

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}
function u24(n: number): Buffer {
  return Buffer.from([(n >> 16) & 255, (n >> 8) & 255, n & 255]);
}
const vec16 = (b: Buffer): Buffer => Buffer.concat([u16(b.length), b]);
const vec8 = (b: Buffer): Buffer => Buffer.concat([Buffer.from([b.length]), b]);
const ext = (type: number, body: Buffer): Buffer => Buffer.concat([u16(type), vec16(body)]);
const handshake = (type: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([type]), u24(body.length), body]);

export function record(contentType: number, body: Buffer, version = 0x0303): Buffer {
  const out: Buffer[] = [];
  for (let o = 0; o < body.length || o === 0; o += 16384) {
    const part = body.subarray(o, o + 16384);
    out.push(Buffer.from([contentType]), u16(version), u16(part.length), part);
    if (!body.length) break;
  }
  return Buffer.concat(out);
}

export interface ClientProfile {
  /** cipher suites offered, in order */
  ciphers: number[];
  groups: number[];
  alpn: string[];
  tls13: boolean;
  grease: boolean;
}

export const BROWSER: ClientProfile = {
  ciphers: [0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035],
  groups: [0x001d, 0x0017, 0x0018],
  alpn: ['h2', 'http/1.1'],
  tls13: true,
  grease: true,
};

/** A scripted client (what implants and tools tend to look like): no GREASE, fewer extensions. */
export const TOOL: ClientProfile = {
  ciphers: [0xc02f, 0xc030, 0xc013, 0xc014, 0x009c, 0x002f, 0x0035, 0x000a],
  groups: [0x0017, 0x0018],
  alpn: [],
  tls13: false,
  grease: false,
};

export function clientHello(r: SimRandom, sni: string, p: ClientProfile): Buffer {
  const grease = p.grease ? [0x0a0a] : [];
  const ciphers = Buffer.concat([...grease, ...p.ciphers].map(u16));
  const exts: Buffer[] = [];
  if (p.grease) exts.push(ext(0x0a0a, Buffer.alloc(0)));
  exts.push(ext(0x0000, vec16(Buffer.concat([Buffer.from([0]), vec16(Buffer.from(sni))]))));
  exts.push(ext(0x0017, Buffer.alloc(0))); // extended master secret
  exts.push(ext(0xff01, Buffer.from([0]))); // renegotiation info
  exts.push(ext(0x000a, vec16(Buffer.concat([...grease, ...p.groups].map(u16)))));
  exts.push(ext(0x000b, vec8(Buffer.from([0])))); // point formats
  exts.push(ext(0x0023, Buffer.alloc(0))); // session ticket
  if (p.alpn.length) exts.push(ext(0x0010, vec16(Buffer.concat(p.alpn.map((a) => vec8(Buffer.from(a)))))));
  exts.push(ext(0x000d, vec16(Buffer.concat([0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601].map(u16)))));
  if (p.tls13) {
    exts.push(ext(0x0033, vec16(Buffer.concat([u16(0x001d), vec16(r.bytes(32))]))));
    exts.push(ext(0x002d, vec8(Buffer.from([1]))));
    exts.push(ext(0x002b, vec8(Buffer.concat([...grease, 0x0304, 0x0303].map(u16)))));
  }
  const body = Buffer.concat([u16(0x0303), r.bytes(32), vec8(r.bytes(32)), vec16(ciphers), vec8(Buffer.from([0])), vec16(Buffer.concat(exts))]);
  return record(0x16, handshake(1, body), 0x0301);
}

/** TLS 1.2 server flight: ServerHello, Certificate, ServerKeyExchange, ServerHelloDone. */
export function serverFlight12(r: SimRandom, cipher: number, chain: Buffer[], alpn?: string): Buffer {
  const exts = [ext(0xff01, Buffer.from([0])), ext(0x0017, Buffer.alloc(0)), ext(0x000b, vec8(Buffer.from([0])))];
  if (alpn) exts.push(ext(0x0010, vec16(vec8(Buffer.from(alpn)))));
  const hello = handshake(2, Buffer.concat([u16(0x0303), r.bytes(32), vec8(r.bytes(32)), u16(cipher), Buffer.from([0]), vec16(Buffer.concat(exts))]));
  const certs = Buffer.concat(chain.map((d) => Buffer.concat([u24(d.length), d])));
  const certificate = handshake(11, Buffer.concat([u24(certs.length), certs]));
  const ske = handshake(12, Buffer.concat([Buffer.from([3]), u16(0x0017), vec8(Buffer.concat([Buffer.from([4]), r.bytes(64)])), u16(0x0403), vec16(r.bytes(71))]));
  const done = handshake(14, Buffer.alloc(0));
  return record(0x16, Buffer.concat([hello, certificate, ske, done]));
}

/** TLS 1.3 server flight: ServerHello, then ChangeCipherSpec and encrypted handshake records. */
export function serverFlight13(r: SimRandom, cipher: number): Buffer {
  const exts = [ext(0x002b, u16(0x0304)), ext(0x0033, Buffer.concat([u16(0x001d), vec16(r.bytes(32))]))];
  const hello = handshake(2, Buffer.concat([u16(0x0303), r.bytes(32), vec8(r.bytes(32)), u16(cipher), Buffer.from([0]), vec16(Buffer.concat(exts))]));
  return Buffer.concat([record(0x16, hello), record(0x14, Buffer.from([1])), record(0x17, r.bytes(2400))]);
}

/** Client's key exchange, ChangeCipherSpec and Finished (TLS 1.2). */
export function clientFinish12(r: SimRandom): Buffer {
  const cke = handshake(16, vec8(Buffer.concat([Buffer.from([4]), r.bytes(64)])));
  return Buffer.concat([record(0x16, cke), record(0x14, Buffer.from([1])), record(0x16, r.bytes(40))]);
}

export function clientFinish13(r: SimRandom): Buffer {
  return Buffer.concat([record(0x14, Buffer.from([1])), record(0x17, r.bytes(53))]);
}

export function serverFinish12(r: SimRandom): Buffer {
  return Buffer.concat([record(0x14, Buffer.from([1])), record(0x16, r.bytes(40))]);
}

/** Encrypted application data of `n` bytes. */
export function appData(r: SimRandom, n: number): Buffer {
  return record(0x17, r.bytes(Math.max(1, n)));
}
