import { describe, expect, it } from 'vitest';
import type { Observation } from '../../schema/observation.js';
import type { AnalyzerContext } from '../app/analyzer.js';
import { FILE_REASSEMBLY_BUFFER, startFile } from './file-tracker.js';

function ctx(origH: string, respH: string) {
  const out: Observation[] = [];
  const c: AnalyzerContext = {
    conn: { uid: 'C1', id: { orig_h: origH, orig_p: 1, resp_h: respH, resp_p: 2 }, proto: 'tcp', start: 0 },
    now: () => 1, emit: (o) => out.push(o), confirm: () => undefined, violation: () => undefined, weird: () => undefined, newId: (p) => `${p}1`,
  };
  return { c, files: () => out.map((o) => o.record as unknown as Record<string, unknown>) };
}

describe('file tracker', () => {
  it('local_orig is whether the sender of the file is local (Zeek files/main.zeek)', () => {
    const t = ctx('10.0.0.1', '8.8.8.8');
    startFile(t.c, { source: 'HTTP', isOrig: false }).end();
    startFile(t.c, { source: 'HTTP', isOrig: true }).end();
    expect(t.files().map((f) => f.local_orig)).toEqual([false, true]);
  });

  it('dataAt: overlapping and repeated pieces count once, held pieces follow their hole', () => {
    const t = ctx('10.0.0.1', '8.8.8.8');
    const f = startFile(t.c, { source: 'HTTP', isOrig: false, totalBytes: 12 });
    f.dataAt(4, Buffer.from('efgh'));
    f.dataAt(0, Buffer.from('abcdef')); // overlaps the held piece
    f.dataAt(0, Buffer.from('ab')); // already seen
    expect(f.seenBytes()).toBe(8);
    f.dataAt(10, Buffer.from('kl'));
    expect(f.complete()).toBe(false);
    f.end(true);
    expect(t.files()[0]).toMatchObject({ seen_bytes: 10, missing_bytes: 2, timedout: true, total_bytes: 12 });
  });

  it('dataAt: what is held ahead of the stream is bounded', () => {
    const t = ctx('10.0.0.1', '8.8.8.8');
    const f = startFile(t.c, { source: 'HTTP', isOrig: false });
    const piece = Buffer.alloc(64 * 1024, 0x61);
    for (let i = 0; i < 20; i++) f.dataAt(1000 + i * piece.length, piece);
    // the oldest holes were given up to stay under the buffer
    expect(f.seenBytes()).toBeGreaterThan(20 * piece.length - FILE_REASSEMBLY_BUFFER - 1);
    f.end();
    expect(t.files()[0]).toMatchObject({ seen_bytes: 20 * piece.length, missing_bytes: 1000 });
  });
});
