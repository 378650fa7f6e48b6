import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../net/prng.js';
import { looksLikeDns, parseHeader, parseMessage, parseTcpFrame, readName } from './parse.js';
import { decodeNetbiosName, qtypeName, rcodeName } from './names.js';
import { header, name, QUERY, REPLY, rr, u16, u32 } from './test-fixtures.js';


describe('dns parse', () => {
  it('parses the header flags as Zeek reads them', () => {
    const h = parseHeader(Buffer.concat([header(7, 0x85b0 | 0x0003, 1, 2, 3, 4)]));
    expect(h.status).toBe('ok');
    if (h.status !== 'ok') return;
    expect(h.value).toMatchObject({ id: 7, qr: true, opcode: 0, aa: true, tc: false, rd: true, ra: true, z: 3, rcode: 3, qdcount: 1, ancount: 2, nscount: 3, arcount: 4 });
    expect(parseHeader(Buffer.alloc(5))).toEqual({ status: 'malformed', anomaly: 'DNS_truncated_len_lt_hdr_len' });
  });

  it('lower-cases the question and keeps flags', () => {
    const r = parseMessage(QUERY);
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    expect(r.value.questions).toEqual([{ name: 'www.example.com', qtype: 1, qclass: 1 }]);
    expect(r.value.error).toBeUndefined();
  });

  it('renders answers as Zeek logs them', () => {
    const r = parseMessage(REPLY);
    if (r.status !== 'ok') throw new Error('not ok');
    expect(r.value.answers.map((a) => a.reply)).toEqual([
      'edge.example.net', '93.184.216.34', '2001:db8::1', 'www.example.com', 'TXT 5 hello TXT 2 hi', 'sip.example.com', 'ns1.example.com', 'DS 8 2', '',
    ]);
    expect(r.value.answers.map((a) => a.ttl)).toEqual([300, 60, 60, 60, 60, 60, 60, 60, 60]);
    expect(r.value.answers[0]!.name).toBe('www.example.com');
  });

  it('renders DNSSEC records and unknown types', () => {
    const msg = Buffer.concat([
      header(1, 0x8180, 0, 5), rr(name('paypal.com'), 48, 455, Buffer.from([1, 0, 3, 5, 9, 9])),
      rr(name('paypal.com'), 46, 455, Buffer.concat([u16(48), Buffer.from([5, 2]), u32(1), u32(2), u32(3), u16(4), name('paypal.com'), Buffer.from([1, 2])])),
      rr(name('a.com'), 47, 5, Buffer.concat([name('b.a.com'), Buffer.from([0, 1, 0x40])])),
      rr(name('a.com'), 44, 5, Buffer.from([1, 1, 0xab, 0xcd])),
      rr(name('a.com'), 999, 5, Buffer.from([1])),
    ]);
    const r = parseMessage(msg);
    if (r.status !== 'ok') throw new Error('not ok');
    expect(r.value.answers.map((a) => a.reply)).toEqual(['DNSKEY 5', 'RRSIG 48 paypal.com', 'NSEC a.com b.a.com', 'SSHFP: abcd', '<unknown type=999>']);
  });

  it('rejects forward and looping compression pointers', () => {
    const loop = Buffer.concat([header(1, 0, 1, 0), Buffer.from([0xc0, 12]), u16(1), u16(1)]);
    expect(readName(loop, 12)).toMatchObject({ ok: false, anomaly: 'DNS_label_forward_compress_offset' });
    const r = parseMessage(loop);
    expect(r.status === 'ok' && r.value.error).toBe('DNS_label_forward_compress_offset');
  });

  it('limits compression chains', () => {
    // A chain of pointers, each pointing to the one before it.
    const parts: number[] = [0];
    for (let i = 0; i < 80; i++) parts.push(0xc0, i === 0 ? 12 : 12 + 1 + (i - 1) * 2);
    const buf = Buffer.concat([header(1, 0, 0, 0), Buffer.from(parts)]);
    const r = readName(buf, buf.length - 2);
    expect(r).toMatchObject({ ok: false, anomaly: 'DNS_max_compression_chain_depth_exceeded', fatal: true });
  });

  it('reports truncation without losing what was parsed', () => {
    const cut = REPLY.subarray(0, REPLY.length - 3);
    const r = parseMessage(cut);
    if (r.status !== 'ok') throw new Error('not ok');
    expect(r.value.answers.length).toBe(8);
    expect(r.value.error).toBe('DNS_truncated_ans_too_short');
  });

  it('refuses too many questions', () => {
    expect(parseMessage(header(1, 0, 26, 0))).toMatchObject({ status: 'malformed', anomaly: 'DNS_Conn_count_too_large' });
  });

  it('frames TCP messages', () => {
    const framed = Buffer.concat([u16(QUERY.length), QUERY, u16(QUERY.length), QUERY.subarray(0, 4)]);
    const f = parseTcpFrame(framed);
    expect(f.status === 'ok' && f.consumed).toBe(QUERY.length + 2);
    expect(parseTcpFrame(framed.subarray(QUERY.length + 2)).status).toBe('need-more');
  });

  it('detects DNS by content', () => {
    expect(looksLikeDns(QUERY, true)).toBe(true);
    expect(looksLikeDns(REPLY, true)).toBe(true);
    expect(looksLikeDns(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), false)).toBe(false);
    expect(looksLikeDns(Buffer.alloc(48, 0x23), true)).toBe(false);
  });

  it('names types, rcodes and NetBIOS names as Zeek does', () => {
    expect(qtypeName(30)).toBe('NXT');
    expect(qtypeName(65534)).toBe('query-65534');
    expect(rcodeName(3)).toBe('NXDOMAIN');
    expect(decodeNetbiosName('FHEPFCELEHFCEPFFFACACACACACACAAA')).toBe('WORKGROUP');
  });
});

describe('dns parse fuzz', () => {
  it('never throws on random or mutated input', () => {
    const rnd = mulberry32(0x5eed);
    const bases = [QUERY, REPLY];
    for (let i = 0; i < 4000; i++) {
      let buf: Buffer;
      if (i % 4 === 0) {
        buf = Buffer.alloc(Math.floor(rnd() * 300));
        for (let j = 0; j < buf.length; j++) buf[j] = Math.floor(rnd() * 256);
      } else {
        buf = Buffer.from(bases[i % 2]!);
        const flips = 1 + Math.floor(rnd() * 8);
        for (let k = 0; k < flips; k++) buf[Math.floor(rnd() * buf.length)] = Math.floor(rnd() * 256);
        if (rnd() < 0.3) buf = buf.subarray(0, Math.floor(rnd() * buf.length));
      }
      const r = parseMessage(buf);
      expect(['ok', 'need-more', 'malformed']).toContain(r.status);
      looksLikeDns(buf, true);
      looksLikeDns(buf, false, true);
    }
  });
});
