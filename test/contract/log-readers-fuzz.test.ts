// Fuzzing the log sources: mutated and random Zeek TSV/JSON and EVE lines. A source may quarantine
// a line or reject a whole file with InputFormatError; it may never throw anything else, and every
// record it accepts must satisfy its schema.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/net/prng.js';
import { InputFormatError } from '../../src/schema/errors.js';
import type { Observation } from '../../src/schema/observation.js';
import { OBSERVATION_SCHEMAS } from '../../src/schema/registry.js';
import { readEve } from '../../src/sources/eve/read-eve.js';
import { readZeekLines } from '../../src/sources/zeek/read-zeek-log.js';

const SEEDS = [
  '#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tconn_state\tmissed_bytes\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\n#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tcount\tcount\tcount\tcount\tcount\tset[string]\n1700000000.000001\tCa\t10.0.0.1\t1\t10.0.0.2\t80\ttcp\tSF\t0\t1\t40\t1\t40\t(empty)\n',
  JSON.stringify({ _path: 'dns', ts: 1700000000.5, uid: 'Cx', 'id.orig_h': '10.0.0.1', 'id.orig_p': 5353, 'id.resp_h': '10.0.0.2', 'id.resp_p': 53, query: 'example.com', answers: ['1.2.3.4'], TTLs: [30] }) + '\n',
];
const EVE_SEED = JSON.stringify({ timestamp: '2026-11-23T10:00:00.000000+0000', flow_id: 42, event_type: 'dns', src_ip: '10.0.0.1', src_port: 5353, dest_ip: '10.0.0.2', dest_port: 53, proto: 'UDP', dns: { version: 2, type: 'answer', id: 1, rrname: 'example.com', rrtype: 'A', rcode: 'NOERROR', answers: [{ rrname: 'example.com', rrtype: 'A', ttl: 30, rdata: '1.2.3.4' }] } }) + '\n';


function mutate(r: () => number, text: string): string {
  const b = Buffer.from(text);
  const n = 1 + Math.floor(r() * 8);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(r() * b.length);
    const k = r();
    if (k < 0.4) b[at] = Math.floor(r() * 256);
    else if (k < 0.6) b[at] = [9, 10, 44, 34, 123, 125, 45][Math.floor(r() * 7)]!;
    else if (k < 0.8) return b.subarray(0, at).toString('latin1') + b.subarray(Math.min(b.length, at + Math.floor(r() * 20))).toString('latin1');
    else b[at] = 0x30 + Math.floor(r() * 10);
  }
  return b.toString('latin1');
}

async function run(kind: 'zeek' | 'eve', text: string): Promise<void> {
  const check = (o: Observation) => {
    const v = OBSERVATION_SCHEMAS[o.type].safeParse(o.record);
    if (!v.success) throw new Error(`${o.type} record breaks its schema: ${v.error.message}`);
  };
  try {
    if (kind === 'zeek') await readZeekLines(Readable.from([text]), 'fuzz.log', { onObservation: check, onQuarantine: () => undefined });
    else await readEve(Readable.from([text]), { onObservation: check, onQuarantine: () => undefined }, 'fuzz.json');
  } catch (err) {
    if (!(err instanceof InputFormatError)) throw err;
  }
}

describe('log sources under fuzzing', () => {
  it('survive 3,000 mutated Zeek and EVE inputs', async () => {
    const r = mulberry32(20261123);
    let inputs = 0;
    for (let i = 0; i < 1500; i++, inputs++) await run('zeek', mutate(r, SEEDS[i % SEEDS.length]!));
    for (let i = 0; i < 1500; i++, inputs++) await run('eve', mutate(r, EVE_SEED));
    expect(inputs).toBe(3000);
  });

  it('the check itself catches a record that breaks its schema', async () => {
    // a conn line whose orig_pkts is negative must be quarantined, never accepted
    const bad = SEEDS[0]!.replace('\t0\t1\t40\t1\t40\t', '\t0\t-1\t40\t1\t40\t');
    const accepted: Observation[] = [];
    await readZeekLines(Readable.from([bad]), 'bad.log', { onObservation: (o) => accepted.push(o), onQuarantine: () => undefined });
    expect(accepted).toEqual([]);
  });
});
