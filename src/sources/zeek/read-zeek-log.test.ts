import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InputFormatError } from '../../schema/errors.js';
import type { Observation } from '../../schema/observation.js';
import type { QuarantinedLine } from '../../schema/quarantine.js';
import { readZeekLines } from './read-zeek-log.js';

const TSV_HEAD = [
  '#separator \\x09',
  '#set_separator\t,',
  '#empty_field\t(empty)',
  '#unset_field\t-',
  '#path\tconn',
  '#open\t2024-01-01-00-00-00',
  '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\tsite_label',
  '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]\tstring',
];
const ROW = '1700000000.123456\tCabc\t10.0.0.1\t51000\t93.184.216.34\t443\ttcp\tssl\t1.500000\t100\t2000\tSF\tT\tF\t0\tShADadFf\t10\t620\t9\t2400\t(empty)\tlondon-office';

async function read(text: string, type?: string) {
  const obs: Observation[] = [];
  const q: QuarantinedLine[] = [];
  const s = await readZeekLines(Readable.from([text]), 'test.log', { onObservation: (o) => obs.push(o), onQuarantine: (x) => q.push(x), type });
  return { obs, q, s };
}

describe('Zeek TSV logs', () => {
  it('reads typed records, nests id.*, keeps unknown columns as extra attributes', async () => {
    const { obs, q } = await read([...TSV_HEAD, ROW, '#close\t2024-01-01-00-00-01'].join('\n'));
    expect(q).toEqual([]);
    expect(obs).toHaveLength(1);
    const o = obs[0]!;
    expect(o.type).toBe('conn');
    if (o.type !== 'conn') return;
    expect(o.record.id).toEqual({ orig_h: '10.0.0.1', orig_p: 51000, resp_h: '93.184.216.34', resp_p: 443 });
    expect(o.record.ts).toBe(1700000000.123456);
    expect(o.record.local_orig).toBe(true);
    expect(o.record.tunnel_parents).toEqual([]);
    expect(o.record.uid).toBe('Cabc');
    expect(o.extra).toEqual({ site_label: 'london-office' });
  });

  it('quarantines a bad line with its number and reason, and keeps going', async () => {
    const bad = ROW.replace('51000', 'port?');
    const { obs, q } = await read([...TSV_HEAD, bad, ROW, 'too\tfew'].join('\n'));
    expect(obs).toHaveLength(1);
    expect(q.map((x) => x.line)).toEqual([9, 11]);
    expect(q[0]!.reason).toMatch(/not an integer/);
    expect(q[1]!.reason).toMatch(/expected 22 columns, found 2/);
  });

  it('rejects a record whose values break the schema (negative byte count)', async () => {
    const { q } = await read([...TSV_HEAD, ROW.replace('\t100\t', '\t-5\t')].join('\n'));
    expect(q).toHaveLength(1);
    expect(q[0]!.reason).toMatch(/orig_bytes/);
  });

  it('stops a file that is not a Zeek log with one clear error', async () => {
    const junk = Array.from({ length: 150 }, (_, i) => `garbage line ${i}`).join('\n');
    await expect(read(junk)).rejects.toThrow(InputFormatError);
    await expect(read(junk)).rejects.toThrow(/does not look like a Zeek log/);
  });
});

describe('Zeek JSON logs', () => {
  it('reads epoch and ISO 8601 timestamps and takes the type from _path', async () => {
    const a = JSON.stringify({ _path: 'dns', ts: 1700000000.5, uid: 'Cx', 'id.orig_h': '10.0.0.1', 'id.orig_p': 5353, 'id.resp_h': '10.0.0.2', 'id.resp_p': 53, query: 'example.com', answers: ['93.184.216.34'], TTLs: [300] });
    const b = JSON.stringify({ _path: 'dns', ts: '2023-11-14T22:13:20.500000Z', uid: 'Cy', id: { orig_h: '10.0.0.1', orig_p: 5354, resp_h: '10.0.0.2', resp_p: 53 }, query: 'example.org' });
    const { obs, q } = await read(`${a}\n${b}\n{not json\n`);
    expect(obs.map((o) => o.type)).toEqual(['dns', 'dns']);
    expect(obs[1]!.record.ts).toBe(1700000000.5);
    expect(q).toHaveLength(1);
    expect(q[0]!.reason).toMatch(/not JSON/);
  });

  it('counts log types it has no schema for instead of failing', async () => {
    const { obs, s } = await read(JSON.stringify({ _path: 'pe', ts: 1, id: 'Fx', machine: 'AMD64' }) + '\n');
    expect(obs).toHaveLength(0);
    expect(s.unsupported.get('pe')).toBe(1);
  });
});

describe('Zeek inventories and notices', () => {
  it('reads notice, software and known_* logs', async () => {
    const lines = [
      { _path: 'notice', ts: 1700000000, note: 'Scan::Port_Scan', msg: 'scan', src: '10.0.0.5', actions: ['Notice::ACTION_LOG'] },
      { _path: 'software', ts: 1700000001, host: '10.0.0.5', software_type: 'HTTP::BROWSER', name: 'Firefox', 'version.major': 121, unparsed_version: 'Firefox/121.0' },
      { _path: 'known_services', ts: 1700000002, host: '10.0.0.9', port_num: 443, port_proto: 'tcp', service: ['SSL'] },
    ].map((l) => JSON.stringify(l)).join('\n');
    const { obs, q } = await read(lines + '\n');
    expect(q).toEqual([]);
    expect(obs.map((o) => o.type)).toEqual(['notice', 'software', 'known_services']);
    const sw = obs[1]!;
    if (sw.type === 'software') expect(sw.record.version?.major).toBe(121);
  });
});
