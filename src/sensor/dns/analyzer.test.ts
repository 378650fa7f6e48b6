import { describe, expect, it } from 'vitest';
import type { Observation } from '../../schema/observation.js';
import type { AnalyzerContext } from '../app/analyzer.js';
import { DnsDatagramAnalyzer, DnsStreamAnalyzer, dnsDatagramSpec, dnsStreamSpec } from './analyzer.js';
import { QUERY, REPLY } from './test-fixtures.js';

function fakeCtx(resp = { h: '10.0.0.53', p: 53 }, proto: 'udp' | 'tcp' = 'udp') {
  const out: Observation[] = [];
  const weirds: string[] = [];
  const services: string[] = [];
  let t = 100;
  const ctx: AnalyzerContext = {
    conn: { uid: 'Cabc', id: { orig_h: '10.0.0.1', orig_p: 40000, resp_h: resp.h, resp_p: resp.p }, proto, start: 100 },
    now: () => t,
    emit: (o) => out.push(o),
    confirm: (s) => services.push(s ?? 'dns'),
    violation: (r) => weirds.push(`violation:${r}`),
    weird: (n) => weirds.push(n),
    newId: () => 'F1',
  };
  return { ctx, out, weirds, services, tick: (d: number) => (t += d) };
}

const recs = (out: Observation[]) => out.map((o) => o.record as Record<string, unknown>);

describe('dns analyzer', () => {
  it('pairs a query with its reply', () => {
    const f = fakeCtx();
    const a = new DnsDatagramAnalyzer(f.ctx);
    a.datagram(true, QUERY);
    f.tick(0.25);
    a.datagram(false, REPLY);
    a.end();
    expect(f.services).toEqual(['dns']);
    const [r] = recs(f.out);
    expect(f.out.length).toBe(1);
    expect(r).toMatchObject({ ts: 100, trans_id: 0x1234, rtt: 0.25, query: 'www.example.com', qtype: 1, qtype_name: 'A', qclass_name: 'C_INTERNET', rcode: 0, rcode_name: 'NOERROR', AA: true, RD: true, RA: true, TC: false, Z: 0, opcode_name: 'query', proto: 'udp' });
    expect((r!.answers as string[]).length).toBe(8);
  });

  it('logs unanswered queries and unmatched replies at the end', () => {
    const f = fakeCtx();
    const a = new DnsDatagramAnalyzer(f.ctx);
    a.datagram(true, QUERY);
    const other = Buffer.from(REPLY);
    other.writeUInt16BE(0x9999, 0);
    a.datagram(false, other);
    expect(f.out.length).toBe(0);
    a.end();
    expect(recs(f.out).map((r) => r.trans_id)).toEqual([0x1234, 0x9999]);
    expect(recs(f.out)[1]).toMatchObject({ query: 'www.example.com', RD: false, rcode: 0 });
    expect(f.weirds).toContain('dns_unmatched_reply');
  });

  it('does not pair mDNS sent to a multicast group', () => {
    const f = fakeCtx({ h: '224.0.0.251', p: 5353 });
    const a = new DnsDatagramAnalyzer(f.ctx);
    a.datagram(true, QUERY);
    a.datagram(true, REPLY);
    expect(f.out.length).toBe(2);
  });

  it('reads DNS over TCP across segment boundaries', () => {
    const f = fakeCtx(undefined, 'tcp');
    const a = new DnsStreamAnalyzer(f.ctx);
    const q = Buffer.concat([Buffer.from([0, QUERY.length]), QUERY]);
    const r = Buffer.alloc(2 + REPLY.length);
    r.writeUInt16BE(REPLY.length);
    REPLY.copy(r, 2);
    a.data(true, q.subarray(0, 5));
    a.data(true, q.subarray(5));
    a.data(false, r.subarray(0, 1));
    a.data(false, r.subarray(1));
    a.end();
    expect(recs(f.out)).toMatchObject([{ proto: 'tcp', query: 'www.example.com', trans_id: 0x1234 }]);
  });

  it('detects by content, with ports breaking ties', () => {
    expect(dnsDatagramSpec.detect(QUERY, true, { orig: 40000, resp: 53 })).toBe('yes');
    expect(dnsDatagramSpec.detect(QUERY, true, { orig: 40000, resp: 9999 })).toBe('yes');
    expect(dnsDatagramSpec.detect(Buffer.from('hello world, not dns'), true, { orig: 40000, resp: 9999 })).toBe('no');
    const framed = Buffer.concat([Buffer.from([0, QUERY.length]), QUERY]);
    expect(dnsStreamSpec.detect(framed, Buffer.alloc(0), { orig: 40000, resp: 53 })).toBe('yes');
    expect(dnsStreamSpec.detect(Buffer.from('GET / HTTP/1.1\r\n'), Buffer.alloc(0), { orig: 40000, resp: 80 })).toBe('no');
  });

  it('survives hostile datagrams and bounds pending state', () => {
    const f = fakeCtx();
    const a = new DnsDatagramAnalyzer(f.ctx);
    for (let i = 0; i < 5000; i++) {
      const q = Buffer.from(QUERY);
      q.writeUInt16BE(i & 0xffff, 0);
      a.datagram(true, q);
    }
    a.end();
    expect(f.out.length).toBe(5000);
    expect(f.weirds).toContain('dns_unmatched_query_id_quantity');
  });
});
