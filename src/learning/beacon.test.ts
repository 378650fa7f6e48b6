import { describe, expect, test } from 'vitest';
import { scoreBeacon } from './beacon-score.js';
import { BeaconTracker } from './beacon-tracker.js';
import { rng } from './synthetic.js';

describe('beacon periodicity', () => {
  test('every 60 s ± 2 s with steady size scores > 0.8, each sub-score high', () => {
    const r = rng(1);
    const times: number[] = [];
    const bytes: number[] = [];
    for (let i = 0; i < 120; i++) {
      times.push(1_700_000_000 + i * 60 + (r() * 4 - 2));
      bytes.push(300 + Math.floor(r() * 10));
    }
    const s = scoreBeacon(times, bytes);
    expect(s.score).toBeGreaterThan(0.8);
    expect(s.timing).toBeGreaterThan(0.8);
    expect(s.size).toBeGreaterThan(0.8);
    expect(s.coverage).toBe(1);
    expect(s.count).toBe(1);
    expect(s.median_interval).toBeCloseTo(60, 0);
  });

  test('human-like browsing (bursts at random times, varied sizes) scores < 0.3', () => {
    const r = rng(2);
    const times: number[] = [];
    const bytes: number[] = [];
    let t = 1_700_000_000;
    while (times.length < 128) {
      t += -Math.log(1 - r()) * 900; // a new page every ~15 min on average
      const burst = 1 + Math.floor(r() * 8);
      for (let k = 0; k < burst; k++) {
        times.push(t + k * r() * 3);
        bytes.push(Math.floor(Math.exp(5 + r() * 6)));
      }
    }
    const s = scoreBeacon(times.slice(0, 128), bytes.slice(0, 128));
    expect(s.score).toBeLessThan(0.3);
  });

  test('few connections give a small count sub-score; the tracker windows and caps its samples', () => {
    const s = scoreBeacon([0, 60, 120, 180, 240, 300], [1, 1, 1, 1, 1, 1]);
    expect(s.timing).toBe(1);
    expect(s.count).toBeCloseTo(5 / 20, 12);
    expect(s.score).toBeLessThan(0.3);
    const tr = new BeaconTracker();
    for (let i = 0; i < 1000; i++) tr.add(i * 60, 100);
    expect(tr.times.length).toBe(128);
    tr.add(1000 * 60 + 2 * 86400, 100); // two days later: the old window is gone
    expect(tr.times.length).toBe(1);
    expect(tr.score).toBeNull();
  });
});
