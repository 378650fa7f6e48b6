// Builds NetFlow v5, v9 and IPFIX payloads byte by byte, for unit tests and fuzzing (the decoders
// must read what this writes, and survive whatever a mutation of it becomes).

export class Bytes {
  private readonly parts: number[] = [];
  u8(v: number): this { this.parts.push(v & 255); return this; }
  u16(v: number): this { return this.u8(v >>> 8).u8(v); }
  u32(v: number): this { return this.u16(Math.floor(v / 65536)).u16(v & 0xffff); }
  u64(v: number | bigint): this {
    const b = BigInt(v);
    return this.u32(Number((b >> 32n) & 0xffffffffn)).u32(Number(b & 0xffffffffn));
  }
  ipv4(a: string): this { for (const p of a.split('.')) this.u8(Number(p)); return this; }
  raw(bytes: ArrayLike<number>): this { for (let i = 0; i < bytes.length; i++) this.u8(bytes[i]!); return this; }
  text(s: string): this { return this.raw(new TextEncoder().encode(s)); }
  /** IPFIX variable-length encoding: 1-byte length, or 255 and a 2-byte length. */
  varlen(bytes: ArrayLike<number>, forceLong = false): this {
    if (bytes.length < 255 && !forceLong) this.u8(bytes.length);
    else this.u8(255).u16(bytes.length);
    return this.raw(bytes);
  }
  get length(): number { return this.parts.length; }
  build(): Uint8Array { return Uint8Array.from(this.parts); }
}

export interface V5Record {
  src: string; dst: string; nextHop?: string;
  input?: number; output?: number; packets: number; bytes: number;
  first: number; last: number; srcPort: number; dstPort: number;
  tcpFlags?: number; proto: number; tos?: number; srcAs?: number; dstAs?: number; srcMask?: number; dstMask?: number;
}

export interface V5Header { count?: number; sysUptime: number; unixSecs: number; unixNsecs?: number; sequence?: number; engineType?: number; engineId?: number; sampling?: number }

export function v5Packet(h: V5Header, records: V5Record[]): Uint8Array {
  const b = new Bytes().u16(5).u16(h.count ?? records.length).u32(h.sysUptime).u32(h.unixSecs).u32(h.unixNsecs ?? 0)
    .u32(h.sequence ?? 0).u8(h.engineType ?? 0).u8(h.engineId ?? 0).u16(h.sampling ?? 0);
  for (const r of records) {
    b.ipv4(r.src).ipv4(r.dst).ipv4(r.nextHop ?? '0.0.0.0').u16(r.input ?? 0).u16(r.output ?? 0)
      .u32(r.packets).u32(r.bytes).u32(r.first).u32(r.last).u16(r.srcPort).u16(r.dstPort)
      .u8(0).u8(r.tcpFlags ?? 0).u8(r.proto).u8(r.tos ?? 0).u16(r.srcAs ?? 0).u16(r.dstAs ?? 0)
      .u8(r.srcMask ?? 0).u8(r.dstMask ?? 0).u16(0);
  }
  return b.build();
}

/** A set / flowset: id, length (computed unless given), body, zero padding to `pad` bytes. */
export function set(id: number, body: Uint8Array, opts: { length?: number; pad?: number } = {}): Uint8Array {
  const padding = opts.pad ? (opts.pad - ((body.length + 4) % opts.pad)) % opts.pad : 0;
  const b = new Bytes().u16(id).u16(opts.length ?? body.length + 4 + padding).raw(body);
  for (let i = 0; i < padding; i++) b.u8(0);
  return b.build();
}

/** Field specifier: [id, length] or, for IPFIX enterprise fields, [id, length, pen]. */
export type FieldSpec = [number, number] | [number, number, number];

export function v9TemplateBody(templates: { id: number; fields: FieldSpec[] }[]): Uint8Array {
  const b = new Bytes();
  for (const t of templates) {
    b.u16(t.id).u16(t.fields.length);
    for (const [id, len] of t.fields) b.u16(id).u16(len);
  }
  return b.build();
}

export function v9OptionsTemplateBody(id: number, scope: FieldSpec[], options: FieldSpec[]): Uint8Array {
  const b = new Bytes().u16(id).u16(scope.length * 4).u16(options.length * 4);
  for (const [fid, len] of [...scope, ...options]) b.u16(fid).u16(len);
  return b.build();
}

export interface V9Header { count?: number; sysUptime: number; unixSecs: number; sequence?: number; sourceId?: number }

export function v9Packet(h: V9Header, flowsets: Uint8Array[]): Uint8Array {
  const b = new Bytes().u16(9).u16(h.count ?? flowsets.length).u32(h.sysUptime).u32(h.unixSecs).u32(h.sequence ?? 0).u32(h.sourceId ?? 0);
  for (const f of flowsets) b.raw(f);
  return b.build();
}

function ipfixField(b: Bytes, [id, len, pen]: FieldSpec): void {
  if (pen !== undefined) b.u16(id | 0x8000).u16(len).u32(pen);
  else b.u16(id).u16(len);
}

export function ipfixTemplateBody(templates: { id: number; fields: FieldSpec[] }[]): Uint8Array {
  const b = new Bytes();
  for (const t of templates) {
    b.u16(t.id).u16(t.fields.length);
    for (const f of t.fields) ipfixField(b, f);
  }
  return b.build();
}

export function ipfixOptionsTemplateBody(id: number, scope: FieldSpec[], options: FieldSpec[]): Uint8Array {
  const b = new Bytes().u16(id).u16(scope.length + options.length).u16(scope.length);
  for (const f of [...scope, ...options]) ipfixField(b, f);
  return b.build();
}

export interface IpfixHeader { exportTime: number; sequence?: number; domain?: number; length?: number }

export function ipfixMessage(h: IpfixHeader, sets: Uint8Array[]): Uint8Array {
  const bodyLength = sets.reduce((n, s) => n + s.length, 0);
  const b = new Bytes().u16(10).u16(h.length ?? 16 + bodyLength).u32(h.exportTime).u32(h.sequence ?? 0).u32(h.domain ?? 0);
  for (const s of sets) b.raw(s);
  return b.build();
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
