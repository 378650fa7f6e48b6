import { describe, expect, test } from 'vitest';
import { DecayedCounter, decayFactor } from './decay.js';
import { DecayedMoments } from './decayed-moments.js';
import { labelEntropy, splitName } from './domain.js';
import { evictOldest } from './evict.js';
import { FirstSeenRegistry } from './first-seen.js';
import { hash32 } from './hash.js';
import { HyperLogLog } from './hyperloglog.js';
import { LogHistogram } from './log-histogram.js';
import { TimeProfile, hourOfWeek } from './time-profile.js';
import { WindowedDistinct } from './windowed-distinct.js';

const DAY = 86400;

describe('decay by event time', () => {
  test('a count halves after one half-life and quarters after two', () => {
    const c = new DecayedCounter(7 * DAY);
    for (let i = 0; i < 100; i++) c.add(1000);
    expect(c.valueAt(1000)).toBe(100);
    expect(c.valueAt(1000 + 7 * DAY)).toBeCloseTo(50, 10);
    expect(c.valueAt(1000 + 14 * DAY)).toBeCloseTo(25, 10);
    expect(decayFactor(-5, 10)).toBe(1);
  });

  test('late adds are decayed to the counter time; merge equals one counter fed both', () => {
    const a = new DecayedCounter(DAY);
    a.add(10 * DAY);
    a.add(9 * DAY); // one half-life late
    expect(a.value).toBeCloseTo(1.5, 12);
    const x = new DecayedCounter(DAY);
    const y = new DecayedCounter(DAY);
    const all = new DecayedCounter(DAY);
    for (let i = 0; i < 10; i++) {
      (i % 2 ? x : y).add(i * 3600);
      all.add(i * 3600);
    }
    x.merge(y);
    expect(x.valueAt(20 * 3600)).toBeCloseTo(all.valueAt(20 * 3600), 10);
  });

  test('decayed moments: mean/stddev, decay of weight, merge', () => {
    const m = new DecayedMoments(DAY);
    for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) m.add(x, 0);
    expect(m.view().mean).toBeCloseTo(5, 12);
    expect(m.view().stddev).toBeCloseTo(2, 12);
    m.add(5, DAY);
    expect(m.view().weight).toBeCloseTo(8 / 2 + 1, 12);
    const a = new DecayedMoments(DAY);
    const b = new DecayedMoments(DAY);
    const all = new DecayedMoments(DAY);
    for (let i = 0; i < 40; i++) {
      const x = (i * 37) % 11;
      (i < 20 ? a : b).add(x, i * 1000);
      all.add(x, i * 1000);
    }
    a.merge(b);
    expect(a.view().mean).toBeCloseTo(all.view().mean, 9);
    expect(a.view().stddev).toBeCloseTo(all.view().stddev, 9);
  });

  test('log histogram percentiles and decay of old buckets', () => {
    const h = new LogHistogram(DAY);
    for (let i = 0; i < 1000; i++) h.add(1000, 0);
    expect(h.quantile(0.5)).toBeGreaterThan(700);
    expect(h.quantile(0.5)).toBeLessThan(1400);
    expect(h.percentileRank(1e6)).toBe(1);
    for (let i = 0; i < 1000; i++) h.add(1e6, 10 * DAY); // the old mass is ~1000 × 2^-10 ≈ 1
    expect(h.quantile(0.5)).toBeGreaterThan(7e5);
    expect(h.buckets.total(10 * DAY)).toBeCloseTo(1000 + 1000 / 1024, 6);
  });

  test('24×7 profile in local time', () => {
    // 2023-11-14T22:13:20Z is a Tuesday
    expect(hourOfWeek(1_700_000_000, 0)).toBe(2 * 24 + 22);
    expect(hourOfWeek(1_700_000_000, 9 * 3600)).toBe(3 * 24 + 7); // Tokyo: Wednesday 07:00
    const p = new TimeProfile(DAY);
    p.add(10, 0);
    p.add(10, 0);
    p.add(11, 0);
    expect(p.share(10)).toBeCloseTo(2 / 3, 12);
    expect(p.hourOfDayShare(24 + 10)).toBeCloseTo(2 / 3, 12);
  });
});

describe('distinct counting', () => {
  test('HyperLogLog p=12 is within 5% from 100 to 200k and merges as a union', () => {
    for (const n of [100, 5000, 200_000]) {
      const h = new HyperLogLog();
      for (let i = 0; i < n; i++) h.add(hash32('device-' + i));
      expect(Math.abs(h.estimate() - n) / n).toBeLessThan(0.05);
    }
    const a = new HyperLogLog();
    const b = new HyperLogLog();
    for (let i = 0; i < 3000; i++) a.add(hash32('x' + i));
    for (let i = 2000; i < 5000; i++) b.add(hash32('x' + i));
    a.merge(b);
    expect(Math.abs(a.estimate() - 5000) / 5000).toBeLessThan(0.05);
    expect(HyperLogLog.fromState(a.toState()).estimate()).toBe(a.estimate());
  });

  test('windowed distinct: exact while small, a sketch past the cap, forgets after two generations', () => {
    const w = new WindowedDistinct();
    w.add(1, 10);
    w.add(1, 10);
    w.add(2, 10);
    expect(w.count(10)).toBe(2);
    w.add(3, 11);
    expect(w.count(11)).toBe(3); // 1, 2 from the previous generation, 3 now
    expect(w.count(12)).toBe(1); // only 3 remains a generation later
    for (let i = 0; i < 1000; i++) w.add(hash32('d' + i), 11);
    expect(w.isSketch).toBe(true);
    expect(Math.abs(w.count(11) - 1003) / 1003).toBeLessThan(0.05);
    expect(w.count(13)).toBe(0);
    const back = WindowedDistinct.fromState(JSON.parse(JSON.stringify(w.toState())));
    expect(back.count(11)).toBe(w.count(11));
  });
});

describe('first-seen registry', () => {
  test('first, last and count; bounded by evicting the least recently seen into a sketch', () => {
    const r = new FirstSeenRegistry(100);
    expect(r.touch('a', 5).count).toBe(1);
    expect(r.touch('a', 9)).toMatchObject({ first: 5, last: 9, count: 2, approx: false });
    for (let i = 0; i < 200; i++) r.touch('k' + i, 100 + i);
    expect(r.size).toBeLessThanOrEqual(100);
    expect(r.entries.has('a')).toBe(false); // least recently seen went first
    // it comes back as known (from the sketch), not as new
    expect(r.touch('a', 1000)).toMatchObject({ first: 5, count: 3, approx: true });
    expect(r.get('never-seen-key')).toBeUndefined();
  });

  test('eviction ties are broken by key, not by insertion order', () => {
    const m1 = new Map([['b', { last: 1 }], ['a', { last: 1 }], ['c', { last: 2 }]]);
    const m2 = new Map([['a', { last: 1 }], ['c', { last: 2 }], ['b', { last: 1 }]]);
    evictOldest(m1, 2);
    evictOldest(m2, 2);
    expect([...m1.keys()].sort()).toStrictEqual(['b', 'c']);
    expect([...m2.keys()].sort()).toStrictEqual(['b', 'c']);
  });
});

describe('DNS names', () => {
  test('registered domain by suffix heuristic; label entropy', () => {
    expect(splitName('a.b.example.com')).toStrictEqual({ domain: 'example.com', sub: 'a.b' });
    expect(splitName('www.bbc.co.uk')).toStrictEqual({ domain: 'bbc.co.uk', sub: 'www' });
    expect(splitName('example.com')).toStrictEqual({ domain: 'example.com', sub: '' });
    expect(labelEntropy('aaaa')).toBe(0);
    expect(labelEntropy('ab')).toBe(1);
    expect(labelEntropy('mail')).toBe(2);
    expect(labelEntropy('x7f3k9q2m1z8v4b6n0c5')).toBeGreaterThan(4);
  });
});
