import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputFormatError } from '../../schema/errors.js';
import type { EveObservation } from './context.js';
import { eveLineHandler, MAX_LINE, readEve } from './read-eve.js';
import { runEve } from './test-support.js';
import { flowIdOfUid, flowUid } from './uid.js';

const TS = '2024-05-01T10:00:00.123456+0200';
const flow = (flowId: number, extra: object = {}) => ({
  timestamp: TS, flow_id: flowId, event_type: 'flow', src_ip: '10.0.0.1', src_port: 50000, dest_ip: '10.0.0.2', dest_port: 80, proto: 'UDP',
  flow: { pkts_toserver: 1, pkts_toclient: 1, bytes_toserver: 100, bytes_toclient: 200, start: TS, end: TS, state: 'established' },
  ...extra,
});

describe('readEve: input', () => {
  it('reads a plain file, a gzip file and a stream (also gzip) the same way', async () => {
    const text = [flow(1), flow(2)].map((e) => JSON.stringify(e)).join('\n') + '\n';
    const dir = mkdtempSync(join(tmpdir(), 'mamori-eve-'));
    writeFileSync(join(dir, 'eve.json'), text);
    writeFileSync(join(dir, 'eve.json.gz'), gzipSync(text));
    const read = async (input: string | Readable) => {
      const obs: EveObservation[] = [];
      await readEve(input, { onObservation: (o) => obs.push(o), onQuarantine: () => {} });
      return obs;
    };
    const plain = await read(join(dir, 'eve.json'));
    expect(plain.map((o) => o.type)).toEqual(['conn', 'conn']);
    expect(await read(join(dir, 'eve.json.gz'))).toEqual(plain);
    expect(await read(Readable.from([Buffer.from(text)]))).toEqual(plain);
    const gz = gzipSync(text);
    // gzip magic split over chunks, one byte at a time
    expect(await read(Readable.from([...gz].map((b) => Buffer.from([b]))))).toEqual(plain);
  });

  it('reads CRLF line ends, a byte-order mark, a last line without newline and blank lines', async () => {
    const text = '\ufeff' + JSON.stringify(flow(1)) + '\r\n\r\n  \n' + JSON.stringify(flow(2));
    const obs: EveObservation[] = [];
    const s = await readEve(Readable.from([text]), { onObservation: (o) => obs.push(o), onQuarantine: () => {} });
    expect(obs).toHaveLength(2);
    expect(s.lines).toBe(2);
  });

  it('turns event time into epoch seconds at microsecond resolution, whatever the offset form', async () => {
    const forms = ['2024-05-01T10:00:00.123456+0200', '2024-05-01T08:00:00.123456Z', '2024-05-01T09:00:00.123456+01:00', '2024-05-01T03:00:00.123456-0500'];
    const { of } = await runEve(forms.map((t, i) => flow(i + 1, { flow: { ...flow(1).flow, start: t, end: t } })));
    expect(of('conn').map((c) => c.ts)).toEqual(forms.map(() => 1714550400.123456));
  });
});

describe('readEve: uids from flow_id', () => {
  it('gives every event of a flow the uid made from its flow_id, reversible', async () => {
    const id = 1567838537225881;
    const { of } = await runEve([
      { timestamp: TS, flow_id: id, event_type: 'dns', src_ip: '10.0.0.1', src_port: 5000, dest_ip: '10.0.0.53', dest_port: 53, proto: 'UDP', dns: { type: 'query', id: 7, rrname: 'example.com', rrtype: 'A', tx_id: 0 } },
      { timestamp: TS, flow_id: id, event_type: 'alert', src_ip: '10.0.0.1', src_port: 5000, dest_ip: '10.0.0.53', dest_port: 53, proto: 'UDP', alert: { signature_id: 1, signature: 'x' } },
      flow(id, { src_port: 5000, dest_ip: '10.0.0.53', dest_port: 53 }),
    ]);
    const uid = flowUid(id);
    expect(uid).toMatch(/^E[0-9A-Za-z]{11}$/);
    expect(of('conn')[0]!.uid).toBe(uid);
    expect(of('dns')[0]!.uid).toBe(uid);
    expect(of('alert')[0]!.uid).toBe(uid);
    expect(flowIdOfUid(uid)).toBe(BigInt(id));
  });

  it('keeps every digit of 64-bit flow ids that JSON numbers cannot hold', async () => {
    const big = '18446744073709551557';
    const line = JSON.stringify(flow(0)).replace('"flow_id":0', `"flow_id":${big}`);
    const other = JSON.stringify(flow(0)).replace('"flow_id":0', '"flow_id":18446744073709551556');
    const { of } = await runEve([line, other]);
    const [a, b] = of('conn');
    expect(flowIdOfUid(a!.uid)).toBe(BigInt(big));
    expect(a!.uid).not.toBe(b!.uid);
  });
});

describe('readEve: bad input', () => {
  it('quarantines lines that are not JSON, not objects, not EVE, or do not map, with line numbers and reasons', async () => {
    const { obs, q, s } = await runEve([
      flow(1),
      '{not json',
      '[1,2]',
      JSON.stringify({ ts: 1, uid: 'Cabc' }),
      JSON.stringify({ ...flow(2), timestamp: 'yesterday' }),
      JSON.stringify({ ...flow(3), src_ip: 'not-an-ip' }),
      JSON.stringify({ ...flow(4), dest_port: 70000 }),
      JSON.stringify({ ...flow(5), flow: undefined }),
      JSON.stringify({ ...flow(6), flow: { ...flow(6).flow, pkts_toserver: -3 } }),
      flow(7),
    ]);
    expect(obs).toHaveLength(3);
    expect(q.map((x) => [x.source, x.line])).toEqual([2, 3, 4, 5, 6, 7, 8].map((l) => ['test.json', l]));
    expect(q.map((x) => x.reason)).toEqual([
      expect.stringMatching(/^not JSON/),
      'a JSON line that is not an object',
      'no event_type (not a Suricata EVE event)',
      'timestamp "yesterday" is not an EVE time',
      'src_ip "not-an-ip" is not an IP address',
      'dest_port is not a port number',
      'flow event without a "flow" object',
    ]);
    expect(q[0]!.raw).toBe('{not json');
    // a negative packet count is not trusted: the field is dropped, the flow kept (orig_pkts 0)
    expect(s.quarantined).toBe(7);
    expect(s.lines).toBe(10);
    expect(s.mapped).toBe(3);
  });

  it('counts event types it does not read instead of failing', async () => {
    const { obs, q, s } = await runEve([
      { timestamp: TS, event_type: 'stats', stats: { uptime: 1 } },
      { timestamp: TS, flow_id: 3, event_type: 'nfs', src_ip: '10.0.0.1', dest_ip: '10.0.0.2', nfs: {} },
      { timestamp: TS, flow_id: 3, event_type: 'nfs', src_ip: '10.0.0.1', dest_ip: '10.0.0.2', nfs: {} },
    ]);
    expect(obs).toEqual([]);
    expect(q).toEqual([]);
    expect(s.unsupported).toEqual(new Map([['stats', 1], ['nfs', 2]]));
    expect(s.events.get('nfs')).toBe(2);
  });

  it('stops a file that is not EVE with one clear error (Zeek JSON)', async () => {
    const zeek = Array.from({ length: 150 }, (_, i) => JSON.stringify({ _path: 'conn', ts: 1700000000 + i, uid: `C${i}`, 'id.orig_h': '10.0.0.1' }));
    const err = await runEve(zeek).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputFormatError);
    expect((err as InputFormatError).code).toBe('not_eve');
    expect((err as Error).message).toMatch(/^test\.json does not look like Suricata EVE JSON: 100 of 100 lines could not be read \(last: line 100: no event_type/);
  });

  it('stops a file when more than half of its lines fail past the probe, but not a file with some bad lines', async () => {
    const good = JSON.stringify(flow(1));
    const mostlyBad = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? good : 'garbage'));
    await expect(runEve(mostlyBad)).rejects.toThrow(/does not look like Suricata EVE JSON/);
    const someBad = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? 'garbage' : good));
    const { q, obs } = await runEve(someBad);
    expect(q).toHaveLength(100);
    expect(obs).toHaveLength(200);
  });

  it('quarantines a record that fails its schema, keeping the other records of the line', async () => {
    // a TLS event whose certificate dates are text: ssl is kept; x509 has no dates but is valid
    const { of, q } = await runEve([{ timestamp: TS, flow_id: 9, event_type: 'tls', src_ip: '10.0.0.1', src_port: 5, dest_ip: '10.0.0.2', dest_port: 443, proto: 'TCP', tls: { version: 'TLS 1.2', fingerprint: 'aa:bb', subject: 'CN=x', notbefore: 'soon' } }]);
    expect(q).toEqual([]);
    expect(of('ssl')).toHaveLength(1);
    expect(of('x509')[0]!.certificate).toEqual({ subject: 'CN=x' });
  });

  it('quarantines a line longer than the limit once, without buffering it, and reads on', async () => {
    const huge = '{"event_type":"flow","pad":"' + 'x'.repeat(MAX_LINE + 10) + '"}';
    const { q, obs, s } = await runEve([flow(1), huge, flow(2)]);
    expect(obs).toHaveLength(2);
    expect(q.map((x) => [x.line, x.reason, x.raw.length])).toEqual([[2, `a line longer than ${MAX_LINE} bytes`, 4096]]);
    expect(s.lines).toBe(3);
    // the same line arriving in small chunks is cut while it is being read
    const text = [JSON.stringify(flow(1)), huge, JSON.stringify(flow(2))].join('\n') + '\n';
    const chunks: string[] = [];
    for (let i = 0; i < text.length; i += 1 << 20) chunks.push(text.slice(i, i + (1 << 20)));
    const q2: number[] = [];
    const obs2: EveObservation[] = [];
    await readEve(Readable.from(chunks), { onObservation: (o) => obs2.push(o), onQuarantine: (x) => q2.push(x.line) });
    expect([obs2.length, q2]).toEqual([2, [2]]);
  });
});

describe('eveLineHandler (for a tailer)', () => {
  it('maps lines as they come and holds back only what waits for a partner until flush', () => {
    const obs: EveObservation[] = [];
    const h = eveLineHandler('eve.json', { onObservation: (o) => obs.push(o), onQuarantine: () => {} });
    h.line(JSON.stringify(flow(1)));
    expect(obs.map((o) => o.type)).toEqual(['conn']);
    h.line(JSON.stringify({ timestamp: TS, flow_id: 2, event_type: 'dns', src_ip: '10.0.0.1', src_port: 5000, dest_ip: '10.0.0.53', dest_port: 53, proto: 'UDP', dns: { type: 'query', id: 1, rrname: 'a.example', rrtype: 'A' } }));
    expect(obs).toHaveLength(1);
    h.flush();
    expect(obs.map((o) => o.type)).toEqual(['conn', 'dns']);
    expect(h.lines()).toBe(2);
    expect(h.summary.mapped).toBe(2);
  });
});
