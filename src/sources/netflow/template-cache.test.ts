import { describe, expect, it } from 'vitest';
import { NetflowDecoder } from './decoder.js';
import { ipfixMessage, ipfixTemplateBody, set } from './payload-builder.js';
import { MAX_TEMPLATES, TemplateCache } from './template-cache.js';
import { buildTemplate } from './template.js';

const tpl = (id: number, options = false) => buildTemplate(10, id, options, [{ id: 8, pen: 0, length: 4, scope: options }]);

describe('template cache', () => {
  it('keys templates by version, exporter, domain and id', () => {
    const c = new TemplateCache();
    c.set('A', 1, tpl(256));
    expect(c.get(10, 'A', 1, 256)?.id).toBe(256);
    expect(c.get(9, 'A', 1, 256)).toBeUndefined();
    expect(c.get(10, 'B', 1, 256)).toBeUndefined();
    expect(c.get(10, 'A', 2, 256)).toBeUndefined();
    expect(c.get(10, 'A', 1, 257)).toBeUndefined();
  });

  it('is bounded: the oldest entry goes when full, a refreshed one counts as new', () => {
    const c = new TemplateCache(3);
    c.set('A', 0, tpl(256));
    c.set('A', 0, tpl(257));
    c.set('A', 0, tpl(258));
    c.set('A', 0, tpl(256)); // refresh: 257 is now the oldest
    expect(c.set('A', 0, tpl(259))).toEqual({ evicted: true, changed: false });
    expect(c.size).toBe(3);
    expect(c.evictions).toBe(1);
    expect(c.get(10, 'A', 0, 257)).toBeUndefined();
    expect(c.get(10, 'A', 0, 256)).toBeDefined();
  });

  it('withdraws all templates of one kind of one domain only', () => {
    const c = new TemplateCache();
    c.set('A', 0, tpl(256));
    c.set('A', 0, tpl(257, true));
    c.set('A', 1, tpl(256));
    c.set('AB', 0, tpl(256));
    expect(c.withdrawAll(10, 'A', 0, false)).toBe(1);
    expect(c.get(10, 'A', 0, 256)).toBeUndefined();
    expect(c.get(10, 'A', 0, 257)).toBeDefined();
    expect(c.get(10, 'A', 1, 256)).toBeDefined();
    expect(c.get(10, 'AB', 0, 256)).toBeDefined();
  });

  it('keeps a hostile exporter that sends endless template ids at MAX_TEMPLATES', () => {
    const d = new NetflowDecoder({ maxTemplates: 100 });
    for (let i = 0; i < 50; i++) {
      const templates = Array.from({ length: 20 }, (_, j) => ({ id: 256 + i * 20 + j, fields: [[8, 4]] as [number, number][] }));
      d.decode(ipfixMessage({ exportTime: 1 }, [set(2, ipfixTemplateBody(templates))]), 'hostile');
    }
    expect(d.session.templates.size).toBe(100);
    expect(d.stats.problems.template_evicted).toBe(900);
    expect(MAX_TEMPLATES).toBeGreaterThanOrEqual(1024);
  });
});
