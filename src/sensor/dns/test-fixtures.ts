// Hand-built DNS messages shared by the DNS tests.
/** Encodes a name as labels (no compression). */
export function name(n: string): Buffer {
  const parts = n ? n.split('.') : [];
  return Buffer.concat([...parts.map((p) => Buffer.concat([Buffer.from([p.length]), Buffer.from(p, 'latin1')])), Buffer.from([0])]);
}
export const u16 = (n: number) => Buffer.from([n >> 8, n & 255]);
export const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
export function header(id: number, flags: number, qd: number, an: number, ns = 0, ar = 0): Buffer {
  return Buffer.concat([u16(id), u16(flags), u16(qd), u16(an), u16(ns), u16(ar)]);
}
export function rr(owner: Buffer, type: number, ttl: number, rdata: Buffer, cls = 1): Buffer {
  return Buffer.concat([owner, u16(type), u16(cls), u32(ttl), u16(rdata.length), rdata]);
}
const PTR_TO_QNAME = Buffer.from([0xc0, 12]);

export const QUERY = Buffer.concat([header(0x1234, 0x0100, 1, 0), name('WWW.Example.com'), u16(1), u16(1)]);
export const REPLY = Buffer.concat([
  header(0x1234, 0x8580, 1, 9), name('www.example.com'), u16(1), u16(1),
  rr(PTR_TO_QNAME, 5, 300, name('edge.example.net')),
  rr(PTR_TO_QNAME, 1, 60, Buffer.from([93, 184, 216, 34])),
  rr(PTR_TO_QNAME, 28, 60, Buffer.from('20010db8000000000000000000000001', 'hex')),
  rr(PTR_TO_QNAME, 15, 60, Buffer.concat([u16(10), Buffer.from([0xc0, 12])])),
  rr(PTR_TO_QNAME, 16, 60, Buffer.concat([Buffer.from([5]), Buffer.from('hello'), Buffer.from([2]), Buffer.from('hi')])),
  rr(PTR_TO_QNAME, 33, 60, Buffer.concat([u16(0), u16(5), u16(5060), name('sip.example.com')])),
  rr(PTR_TO_QNAME, 6, 60, Buffer.concat([name('ns1.example.com'), name('hostmaster.example.com'), u32(1), u32(2), u32(3), u32(4), u32(5)])),
  rr(PTR_TO_QNAME, 43, 60, Buffer.from([0, 1, 8, 2, 0xaa])),
  rr(PTR_TO_QNAME, 99, 60, Buffer.alloc(0)),
]);

