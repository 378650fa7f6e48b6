// A short, deterministic fuzz run over simulated captures (no ../shared/data needed): the sensor
// must never throw on bytes except the one InputFormatError for "not a capture". The long run is
// bench/fuzz-sensor.sh; this one guards every commit.
import { describe, expect, it } from 'vitest';
import { demoFrames } from '../../simulate/demo-office.js';
import { pcapBytes } from '../../simulate/pcap-writer.js';
import { InputFormatError } from '../../schema/errors.js';
import { decodePackets, encodeCapture, fuzzInput, makeRng, makeSeed, randomPackets, runSensorOnBytes, type FuzzSeed } from './fuzz-captures.js';

const INPUTS = 3000;
const SEED = 0x5eed1234;

function simulatedCorpus(): FuzzSeed[] {
  const office = demoFrames({ workstations: 3, seconds: 600, seed: 11, start: 1_763_964_000 });
  const v6 = demoFrames({ workstations: 2, seconds: 300, seed: 5, start: 1_700_000_000 });
  return [
    makeSeed('office', pcapBytes(office)),
    makeSeed('office-tail', pcapBytes(office.slice(-400))),
    makeSeed('small', pcapBytes(v6.slice(0, 200))),
  ];
}

describe('fuzzed captures', () => {
  const corpus = simulatedCorpus();

  it(`runs ${INPUTS} mutated and generated inputs without an unexpected exception`, async () => {
    const crashes: string[] = [];
    const kinds = { ok: 0, rejected: 0, crash: 0 };
    let packets = 0;
    let conns = 0;
    for (let i = 0; i < INPUTS; i++) {
      // 16 KB windows keep the run short; the long fuzzer uses 64 KB
      const input = fuzzInput(corpus, SEED, i, 16 * 1024);
      const out = await runSensorOnBytes(input.bytes, { chunks: input.chunks, validate: true });
      kinds[out.kind]++;
      if (out.kind === 'ok') {
        expect(out.stats.packets).toBeGreaterThanOrEqual(0);
        packets += out.stats.packets;
        conns += out.conns;
      } else if (out.kind === 'rejected') {
        expect(out.error).toBeInstanceOf(InputFormatError);
      } else if (crashes.length < 5) {
        crashes.push(`input ${i} [${input.ops.join(' ')}]: ${(out.error as Error)?.stack ?? String(out.error)}`);
      }
    }
    expect(crashes, crashes.join('\n\n')).toEqual([]);
    // A fuzzer that only produced garbage would pass vacuously: most inputs must decode into
    // packets and connections, and some must be rejected outright.
    expect(kinds.ok).toBeGreaterThan(INPUTS * 0.7);
    expect(kinds.rejected).toBeGreaterThan(0);
    expect(packets).toBeGreaterThan(INPUTS * 10);
    expect(conns).toBeGreaterThan(INPUTS);
  });

  it('is deterministic: the same seed and index give the same input', () => {
    for (const i of [0, 1, 999, 2999]) {
      expect(fuzzInput(corpus, SEED, i).bytes.equals(fuzzInput(corpus, SEED, i).bytes)).toBe(true);
    }
    expect(fuzzInput(corpus, SEED, 1).bytes.equals(fuzzInput(corpus, SEED + 1, 1).bytes)).toBe(false);
  });

  // Seed captures hold frames up to 256 KB; the mutators must not choke on 16-bit length fields.
  it('builds inputs from frames larger than an IP datagram', async () => {
    const jumbo = Buffer.alloc(70_000);
    jumbo.writeUInt16BE(0x0800, 12);
    jumbo[14] = 0x45;
    const big = [makeSeed('jumbo', pcapBytes([{ ts: 1_700_000_000, frame: jumbo }, { ts: 1_700_000_001, frame: jumbo }]))];
    for (let i = 0; i < 300; i++) {
      const input = fuzzInput(big, SEED, i);
      expect((await runSensorOnBytes(input.bytes, { chunks: input.chunks })).kind).not.toBe('crash');
    }
  });

  it('round-trips packets through every encoding', () => {
    const pkts = randomPackets(makeRng(3));
    for (const enc of ['pcap-le', 'pcap-be', 'pcap-ns', 'pcapng-le', 'pcapng-be'] as const) {
      const back = decodePackets(encodeCapture(pkts, enc));
      expect(back.map((p) => p.data.toString('hex'))).toEqual(pkts.map((p) => p.data.toString('hex')));
    }
  });

  // The harness itself must be able to fail: an exception inside the pipeline is a crash, even
  // though readCaptureStream would otherwise report it as a capture_read_error and carry on.
  it('reports an exception thrown while packets are processed as a crash', async () => {
    const bytes = pcapBytes(demoFrames({ workstations: 1, seconds: 60, seed: 1, start: 1_763_964_000 }));
    const out = await runSensorOnBytes(bytes, {
      sink: () => {
        throw new TypeError('boom');
      },
    });
    expect(out.kind).toBe('crash');
    expect(String((out as { error: unknown }).error)).toContain('boom');
  });

  it('rejects bytes that are not a capture with InputFormatError', async () => {
    const out = await runSensorOnBytes(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    expect(out.kind).toBe('rejected');
  });
});
