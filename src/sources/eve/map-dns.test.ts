import { describe, expect, it } from 'vitest';
import { EveMapper } from './eve-mapper.js';
import { MAX_PENDING_DNS } from './map-dns.js';
import { runEve } from './test-support.js';
import { flowUid } from './uid.js';

const client = { src_ip: '10.16.1.11', src_port: 41805, dest_ip: '10.16.1.1', dest_port: 53, proto: 'UDP' };
const server = { src_ip: '10.16.1.1', src_port: 53, dest_ip: '10.16.1.11', dest_port: 41805, proto: 'UDP' };
const ID = { orig_h: '10.16.1.11', orig_p: 41805, resp_h: '10.16.1.1', resp_p: 53 };
const t = (us: number) => `2024-05-01T10:00:00.${String(us).padStart(6, '0')}+0000`;
const T0 = 1714557600;
const ev = (us: number, dir: object, dns: object, flowId = 5) => ({ timestamp: t(us), flow_id: flowId, event_type: 'dns', ...dir, dns });

describe('dns: one record per transaction, from every EVE layout', () => {
  it('v1: a query event and one event per answer RR', async () => {
    const { of, q } = await runEve([
      ev(100, client, { type: 'query', id: 36146, rrname: 'www.suricata-ids.org', rrtype: 'A', tx_id: 0 }),
      ev(250, server, { type: 'answer', id: 36146, flags: '81a0', qr: true, rd: true, ra: true, rcode: 'NOERROR', rrname: 'www.suricata-ids.org', rrtype: 'CNAME', ttl: 3544, rdata: 'suricata-ids.org' }),
      ev(250, server, { type: 'answer', id: 36146, flags: '81a0', qr: true, rd: true, ra: true, rcode: 'NOERROR', rrname: 'suricata-ids.org', rrtype: 'A', ttl: 244, rdata: '192.0.78.24' }),
      ev(250, server, { type: 'authority', id: 36146, rcode: 'NOERROR', rrname: 'suricata-ids.org', rrtype: 'NS', ttl: 100, rdata: 'ns1.example' }),
    ]);
    expect(q).toEqual([]);
    expect(of('dns')).toEqual([{
      ts: T0 + 0.0001, uid: flowUid(5), id: ID, proto: 'udp', trans_id: 36146, rtt: 0.00015,
      query: 'www.suricata-ids.org', qtype: 1, qtype_name: 'A', rcode: 0, rcode_name: 'NOERROR',
      AA: false, TC: false, RD: true, RA: true, Z: 2,
      answers: ['suricata-ids.org', '192.0.78.24'], TTLs: [3544, 244],
    }]);
  });

  it('v2: a query event and one answer event with detailed answers (flow direction)', async () => {
    const { of } = await runEve([
      ev(100, client, { type: 'query', id: 2, rrname: 'www.google.com', rrtype: 'A', tx_id: 0 }),
      ev(900, client, { version: 2, type: 'answer', id: 2, flags: '8180', qr: true, rd: true, ra: true, rrname: 'www.google.com', rrtype: 'A', rcode: 'NOERROR', answers: [{ rrname: 'www.google.com', rrtype: 'A', ttl: 91, rdata: '172.217.23.196' }], grouped: { A: ['172.217.23.196'] } }),
    ]);
    expect(of('dns')).toEqual([{
      ts: T0 + 0.0001, uid: flowUid(5), id: ID, proto: 'udp', trans_id: 2, rtt: 0.0008, query: 'www.google.com', qtype: 1, qtype_name: 'A',
      rcode: 0, rcode_name: 'NOERROR', AA: false, TC: false, RD: true, RA: true, Z: 0, answers: ['172.217.23.196'], TTLs: [91],
    }]);
  });

  it('v2 grouped only: answers without TTLs; NXDOMAIN without answers', async () => {
    const { of } = await runEve([
      ev(100, client, { version: 2, type: 'answer', id: 3, flags: '8180', rrname: 'example.com', rrtype: 'MX', rcode: 'NOERROR', grouped: { MX: ['mx1.example.com'], TXT: ['v=spf1 -all'], SRV: [{ priority: 1, weight: 2, port: 5060, name: 'sip.example.com' }] } }),
      ev(200, client, { version: 2, type: 'answer', id: 4, flags: '8183', rrname: 'nope.example', rrtype: 'AAAA', rcode: 'NXDOMAIN' }),
    ]);
    const [a, b] = of('dns');
    expect(a).toMatchObject({ query: 'example.com', qtype: 15, qtype_name: 'MX', answers: ['mx1.example.com', 'TXT 11 v=spf1 -all', 'sip.example.com'] });
    expect(a!.TTLs).toBeUndefined();
    expect(b).toMatchObject({ query: 'nope.example', qtype: 28, rcode: 3, rcode_name: 'NXDOMAIN' });
    expect(b!.answers).toBeUndefined();
    expect(b!.rtt).toBeUndefined();
  });

  it('v3: request and response events with queries arrays; the response is in packet direction', async () => {
    const { of } = await runEve([
      ev(100, client, { version: 3, type: 'request', id: 36146, flags: '0100', rd: true, opcode: 0, queries: [{ rrname: 'www.suricata-ids.org', rrtype: 'A' }], tx_id: 0 }),
      ev(400, server, {
        version: 3, type: 'response', id: 36146, flags: '81a0', qr: true, rd: true, ra: true, opcode: 0, rcode: 'NOERROR',
        queries: [{ rrname: 'www.suricata-ids.org', rrtype: 'A' }],
        answers: [
          { rrname: 'www.suricata-ids.org', rrtype: 'CNAME', ttl: 3544, rdata: 'suricata-ids.org' },
          { rrname: 'suricata-ids.org', rrtype: 'AAAA', ttl: 244, rdata: '2001:4860:0000:2001:0000:0000:0000:0068' },
        ],
        grouped: { CNAME: ['suricata-ids.org'], AAAA: ['2001:4860:0000:2001:0000:0000:0000:0068'] },
      }),
    ]);
    expect(of('dns')).toEqual([{
      ts: T0 + 0.0001, uid: flowUid(5), id: ID, proto: 'udp', trans_id: 36146, rtt: 0.0003, query: 'www.suricata-ids.org', qtype: 1, qtype_name: 'A',
      rcode: 0, rcode_name: 'NOERROR', AA: false, TC: false, RD: true, RA: true, Z: 2, answers: ['suricata-ids.org', '2001:4860:0:2001::68'], TTLs: [3544, 244],
    }]);
  });

  it('v3 on a port that is not DNS: the response still puts the client first', async () => {
    const c = { ...client, dest_port: 5300 };
    const s = { ...server, src_port: 5300 };
    const { of } = await runEve([
      ev(100, s, { version: 3, type: 'response', id: 9, flags: '8180', rcode: 'NOERROR', queries: [{ rrname: 'a.example', rrtype: 'ANY' }] }, 6),
      ev(200, c, { version: 3, type: 'request', id: 10, queries: [{ rrname: 'b.example', rrtype: 'TYPE65534' }] }, 6),
    ]);
    const [r, qy] = of('dns');
    expect(r!.id).toEqual({ ...ID, resp_p: 5300 });
    expect(r!.qtype_name).toBe('*');
    expect(qy!.id).toEqual({ ...ID, resp_p: 5300 });
    expect([qy!.qtype, qy!.qtype_name]).toEqual([65534, 'query-65534']);
  });

  it('pairs repeated queries with their answers in order, and logs an unanswered query at the end', async () => {
    const { of } = await runEve([
      ev(100, client, { type: 'query', id: 2, rrname: 'dup.example', rrtype: 'A', tx_id: 0 }),
      ev(106, client, { type: 'query', id: 2, rrname: 'dup.example', rrtype: 'A', tx_id: 1 }),
      ev(500, client, { type: 'query', id: 3, rrname: 'lonely.example', rrtype: 'A', tx_id: 2 }),
      ev(900, client, { version: 2, type: 'answer', id: 2, flags: '8180', rrname: 'dup.example', rrtype: 'A', rcode: 'NOERROR', answers: [{ rrname: 'dup.example', rrtype: 'A', ttl: 5, rdata: '192.0.2.1' }] }),
      ev(906, client, { version: 2, type: 'answer', id: 2, flags: '8180', rrname: 'dup.example', rrtype: 'A', rcode: 'NOERROR', answers: [{ rrname: 'dup.example', rrtype: 'A', ttl: 5, rdata: '192.0.2.1' }] }),
    ]);
    const d = of('dns');
    expect(d.map((x) => [x.query, x.ts, x.rtt])).toEqual([
      ['dup.example', T0 + 0.0001, 0.0008],
      ['dup.example', T0 + 0.000106, 0.0008],
      ['lonely.example', T0 + 0.0005, undefined],
    ]);
    expect(d[2]!.rcode_name).toBeUndefined();
  });

  it('logs a waiting query as it is once too many transactions are open', () => {
    const out: string[] = [];
    const mapper = new EveMapper((type, rec) => out.push(`${type} ${(rec as { query?: string }).query}`));
    for (let i = 0; i <= MAX_PENDING_DNS; i++) {
      mapper.map(ev(i % 1000, client, { type: 'query', id: i % 65536, rrname: `q${i}.example`, rrtype: 'A' }, 100 + i), 'dns', { line: i + 1, raw: '' });
    }
    expect(out).toEqual(['dns q0.example']);
    mapper.flush();
    expect(out).toHaveLength(MAX_PENDING_DNS + 1);
  });

  it('quarantines a dns event of an unknown type', async () => {
    const { q } = await runEve([ev(1, client, { type: 'banana', id: 1 })]);
    expect(q[0]!.reason).toBe('dns event of unknown type "banana"');
  });
});
