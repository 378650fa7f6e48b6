import { describe, expect, it } from 'vitest';
import { FRAGMENT_TIMEOUT, FragmentReassembler, MAX_DATAGRAM, MAX_FRAGMENTS } from './fragments.js';

const HDR = Buffer.from('hdr-of-first');
const data = Buffer.from(Array.from({ length: 64 }, (_, i) => i));

function setup() {
  const weirds: string[] = [];
  const r = new FragmentReassembler();
  const add = (key: string, ts: number, start: number, end: number, more: boolean, bytes: Buffer = data) =>
    r.add(key, ts, start, more, start === 0 ? HDR : Buffer.from('other'), bytes.subarray(start, end), (n) => weirds.push(n));
  return { r, add, weirds };
}

describe('FragmentReassembler', () => {
  it('returns the whole datagram with the first fragment header once every byte is there', () => {
    const { r, add, weirds } = setup();
    expect(add('k', 1, 32, 64, false)).toBeNull();
    expect(add('k', 1, 16, 32, true)).toBeNull();
    expect(r.size).toBe(1);
    const done = add('k', 1, 0, 16, true)!;
    expect(done.header.equals(HDR)).toBe(true);
    expect(done.payload.equals(data)).toBe(true);
    expect(weirds).toEqual([]);
    expect(r.size).toBe(0);
    expect(r.completed).toBe(1);
  });

  it('waits for the last fragment (MF = 0) and for the first (offset 0)', () => {
    const { add } = setup();
    expect(add('a', 1, 0, 32, true)).toBeNull();
    expect(add('a', 1, 32, 64, true)).toBeNull(); // all bytes, but the end is not known
    expect(add('a', 1, 64, 64, false)).not.toBeNull(); // an empty last fragment closes it
    expect(add('b', 1, 16, 64, false)).toBeNull();
    expect(add('b', 1, 8, 16, true)).toBeNull();
    expect(add('b', 1, 0, 8, true)).not.toBeNull();
  });

  it('copies the bytes it keeps (the caller reuses its buffers)', () => {
    const { add } = setup();
    const scratch = Buffer.from(data);
    add('k', 1, 0, 32, true, scratch);
    scratch.fill(0);
    const done = add('k', 1, 32, 64, false)!;
    expect(done.payload.equals(data)).toBe(true);
  });

  it('reports duplicates and overlaps once per fragment; the first copy of a byte wins', () => {
    const { add, weirds } = setup();
    add('k', 1, 0, 32, true);
    add('k', 1, 0, 32, true);
    expect(weirds).toEqual(['fragment_overlap']);
    const other = Buffer.alloc(64, 0xaa);
    add('k', 1, 24, 40, true, other);
    expect(weirds).toEqual(['fragment_overlap', 'fragment_inconsistency']);
    const done = add('k', 1, 40, 64, false)!;
    expect([...done.payload.subarray(0, 32)]).toEqual([...data.subarray(0, 32)]);
    expect([...done.payload.subarray(32, 40)]).toEqual(Array(8).fill(0xaa));
    expect([...done.payload.subarray(40)]).toEqual([...data.subarray(40)]);
  });

  it('reports last fragments that disagree on the total size', () => {
    const { add, weirds } = setup();
    add('k', 1, 32, 64, false);
    add('k', 1, 40, 48, false);
    expect(weirds).toContain('fragment_size_inconsistency');
  });

  it('keeps datagrams of different keys apart', () => {
    const { r, add } = setup();
    add('x', 1, 0, 32, true);
    add('y', 1, 32, 64, false);
    expect(r.size).toBe(2);
    expect(add('x', 1, 32, 64, false)).not.toBeNull();
    expect(r.size).toBe(1);
  });

  it(`drops datagrams not completed within ${FRAGMENT_TIMEOUT} s of event time`, () => {
    const { r, add } = setup();
    add('old', 100, 0, 32, true);
    add('new', 100 + FRAGMENT_TIMEOUT, 0, 32, true);
    expect(r.expired).toBe(0);
    add('newer', 100 + FRAGMENT_TIMEOUT + 1, 0, 32, true);
    expect(r.expired).toBe(1);
    expect(add('old', 100 + FRAGMENT_TIMEOUT + 1, 32, 64, false)).toBeNull(); // its first half is gone
    expect(add('new', 100 + FRAGMENT_TIMEOUT + 1, 32, 64, false)).not.toBeNull();
  });

  it('refuses a fragment reaching past the largest datagram', () => {
    const { r, weirds } = setup();
    const big = Buffer.alloc(64);
    expect(r.add('k', 1, MAX_DATAGRAM - 8, false, HDR, big, (n) => weirds.push(n))).toBeNull();
    expect(weirds).toEqual(['excessively_large_fragment']);
    expect(r.size).toBe(0);
  });

  it(`drops a datagram of more than ${MAX_FRAGMENTS} pieces`, () => {
    const { r, weirds } = setup();
    const piece = Buffer.alloc(8);
    for (let i = 0; i <= MAX_FRAGMENTS; i++) r.add('k', 1, 8 + i * 16, true, HDR, piece, (n) => weirds.push(n));
    expect(weirds).toEqual(['excessive_fragments']);
    expect(r.dropped).toBe(1);
    expect(r.size).toBe(0);
  });
});
