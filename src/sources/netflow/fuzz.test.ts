// Short fuzz run: 5,000 mutations of our own payloads and (when present) the golden .dat files,
// with a fixed seed. Nothing may throw, every problem must have a named reason, every flow must
// carry finite numbers, and every flow that becomes a Connection must pass the schema.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../net/prng.js';
import { ConnectionSchema } from '../../schema/conn.js';
import { NetflowDecoder } from './decoder.js';
import {
  Bytes, ipfixMessage, ipfixOptionsTemplateBody, ipfixTemplateBody, set, v5Packet, v9OptionsTemplateBody, v9Packet, v9TemplateBody,
} from './payload-builder.js';
import { PROBLEM_REASONS } from './problems.js';
import { FlowUidGenerator, toConnection } from './to-connection.js';

// Longer runs: NETFLOW_FUZZ_ITERATIONS=200000 NETFLOW_FUZZ_SEED=7 npx vitest run src/sources/netflow/fuzz.test.ts
const ITERATIONS = Number(process.env.NETFLOW_FUZZ_ITERATIONS ?? 5000);
const SEED = Number(process.env.NETFLOW_FUZZ_SEED ?? 0x5eed_f10e);


function ownSeeds(): Uint8Array[] {
  const v5 = v5Packet({ sysUptime: 5000, unixSecs: 1_600_000_000, sampling: 100 }, [
    { src: '10.0.0.1', dst: '10.0.0.2', packets: 3, bytes: 180, first: 1000, last: 4000, srcPort: 1, dstPort: 2, proto: 6 },
    { src: '10.0.0.3', dst: '10.0.0.4', packets: 1, bytes: 60, first: 1000, last: 1000, srcPort: 0, dstPort: 0x0303, proto: 1 },
  ]);
  const v9 = v9Packet({ sysUptime: 5000, unixSecs: 1_600_000_000, sourceId: 1 }, [
    set(0, v9TemplateBody([{ id: 256, fields: [[8, 4], [12, 4], [7, 2], [11, 2], [4, 1], [1, 4], [2, 4], [22, 4], [21, 4], [48, 1], [236, 65535]] }])),
    set(1, v9OptionsTemplateBody(257, [[1, 4]], [[48, 1], [50, 4]]), { pad: 4 }),
    set(257, new Bytes().u32(1).u8(1).u32(10).build(), { pad: 4 }),
    set(256, new Bytes().ipv4('10.0.0.1').ipv4('10.0.0.2').u16(1).u16(2).u8(17).u32(100).u32(2).u32(1000).u32(2000).u8(1).varlen([0x61, 0x62]).build(), { pad: 4 }),
  ]);
  const ipfix = ipfixMessage({ exportTime: 1_600_000_000, domain: 9 }, [
    set(2, ipfixTemplateBody([{ id: 256, fields: [[27, 16], [28, 16], [4, 1], [1, 8], [2, 8], [152, 8], [153, 8], [460, 65535], [7, 3, 9999], [1, 8, 29305]] }])),
    set(3, ipfixOptionsTemplateBody(300, [[149, 4]], [[305, 4], [306, 4], [160, 8]]), { pad: 4 }),
    set(300, new Bytes().u32(9).u32(1).u32(3).u64(1_599_000_000_000).build(), { pad: 4 }),
    set(256, new Bytes().raw(new Uint8Array(16).fill(1)).raw(new Uint8Array(16).fill(2)).u8(58).u64(1).u64(1).u64(0).u64(1).varlen(new Uint8Array(300).fill(0x41)).raw([1, 2, 3]).u64(5).build()),
  ]);
  return [v5, v9, ipfix];
}

function datSeeds(): Uint8Array[] {
  const dir = path.resolve(process.cwd(), '../shared/data/netflow/codecs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.dat')).sort().map((f) => new Uint8Array(readFileSync(path.join(dir, f))));
}

function mutate(seed: Uint8Array, other: Uint8Array, rnd: () => number): Uint8Array {
  const pick = (n: number) => Math.floor(rnd() * n);
  let b = seed.slice();
  const rounds = 1 + pick(4);
  for (let r = 0; r < rounds; r++) {
    switch (pick(6)) {
      case 0: // flip bytes
        for (let i = 0, n = 1 + pick(8); i < n && b.length; i++) b[pick(b.length)] = pick(256);
        break;
      case 1: { // write an extreme 16-bit value (lengths, counts, ids)
        if (b.length < 2) break;
        const o = pick(b.length - 1);
        const v = [0, 1, 3, 4, 255, 256, 0x7fff, 0x8000, 0xffff][pick(9)]!;
        b[o] = v >>> 8; b[o + 1] = v & 255;
        break;
      }
      case 2: // truncate
        b = b.subarray(0, pick(b.length + 1));
        break;
      case 3: { // append random bytes
        const extra = Uint8Array.from({ length: pick(64) }, () => pick(256));
        const out = new Uint8Array(b.length + extra.length); out.set(b); out.set(extra, b.length); b = out;
        break;
      }
      case 4: { // splice in a slice of another payload
        const from = pick(other.length + 1);
        const piece = other.subarray(from, from + pick(200));
        const at = pick(b.length + 1);
        const out = new Uint8Array(b.length + piece.length);
        out.set(b.subarray(0, at)); out.set(piece, at); out.set(b.subarray(at), at + piece.length); b = out;
        break;
      }
      default: { // duplicate a range (repeated sets, records)
        const from = pick(b.length + 1);
        const piece = b.slice(from, from + pick(100));
        const out = new Uint8Array(b.length + piece.length); out.set(b); out.set(piece, b.length); b = out;
      }
    }
  }
  return b;
}

describe('fuzz', () => {
  it(`survives ${ITERATIONS} mutated payloads`, () => {
    const rnd = mulberry32(SEED);
    const seeds = [...ownSeeds(), ...datSeeds()];
    const reasons = new Set<string>(PROBLEM_REASONS);
    const uids = new FlowUidGenerator();
    let decoder = new NetflowDecoder({ maxTemplates: 256 });
    let flows = 0;
    let connections = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      if (i % 500 === 0) decoder = new NetflowDecoder({ maxTemplates: 256 });
      const seed = seeds[Math.floor(rnd() * seeds.length)]!;
      // Now and then feed the unmutated seed so templates are known for later mutated data.
      const input = rnd() < 0.15 ? seed : mutate(seed, seeds[Math.floor(rnd() * seeds.length)]!, rnd);
      const r = decoder.decode(input, `exporter-${i % 3}`);
      for (const p of r.problems) if (!reasons.has(p.reason)) throw new Error(`unnamed problem ${p.reason}`);
      if (!r.ok) continue;
      for (const f of r.flows) {
        flows++;
        for (const n of [f.start, f.end, f.packets, f.bytes, f.samplingRate, f.exportTime]) {
          if (!Number.isFinite(n)) throw new Error(`non-finite number in ${JSON.stringify(f)}`);
        }
        const c = toConnection(f, uids);
        if (!c.ok) continue;
        connections++;
        if (!ConnectionSchema.safeParse(c.value.connection).success) throw new Error(`invalid Connection ${JSON.stringify(c.value.connection)}`);
      }
    }
    console.log(`fuzz: ${ITERATIONS} payloads, ${flows} flows, ${connections} connections`);
    expect(flows).toBeGreaterThan(0);
    expect(connections).toBeGreaterThan(0);
  }, 600_000);
});
