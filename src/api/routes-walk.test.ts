// Walks every route the app has (the router's own list, checked against the OpenAPI document):
// without credentials each answers 401 (except the public ones), and with a viewer's token every
// state-changing route answers 403 (except signing out and changing one's own password).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_ROUTES } from './auth/middleware.js';
import { createApp } from './app.js';
import { ApiContext } from './context.js';
import { startTestServer, type TestServer } from './fixtures.test-util.js';

const SELF_SERVICE = new Set(['POST /api/auth/logout', 'POST /api/auth/password']);

describe('every route', () => {
  let t: TestServer;
  let routes: { method: string; path: string }[];
  beforeAll(async () => {
    t = await startTestServer();
    const app = createApp(new ApiContext({ store: t.store, models: [] }), '/nonexistent');
    const seen = new Set<string>();
    routes = app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => ({ method: r.method, path: r.path }))
      .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
  });
  afterAll(() => t.close());

  const fill = (path: string) => path.replace(/:(\w+)/g, (_, name: string) => (name === 'id' ? 'some-id' : 'someone'));

  it('has every route in the OpenAPI document, and nothing else', async () => {
    const doc = (await (await fetch(`${t.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`));
    const routed = routes.filter((r) => r.path !== '/api/openapi.json').map((r) => `${r.method} ${r.path}`);
    expect(routed.sort()).toEqual(documented.sort());
    expect(routes.length).toBeGreaterThan(45);
  });

  it('refuses every non-public route without credentials (401)', async () => {
    const failures: string[] = [];
    for (const r of routes) {
      const key = `${r.method} ${r.path}`;
      const res = await fetch(`${t.url}${fill(r.path)}`, { method: r.method, headers: { 'content-type': 'application/json' }, ...(r.method === 'GET' ? {} : { body: '{}' }) });
      const expected = PUBLIC_ROUTES.has(key) ? res.status !== 401 : res.status === 401;
      if (!expected) failures.push(`${key} → ${res.status}`);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
    }
    expect(failures).toEqual([]);
  });

  it('refuses every state-changing route to a viewer (403)', async () => {
    const token = await t.token('viewer');
    const failures: string[] = [];
    let checked = 0;
    for (const r of routes) {
      const key = `${r.method} ${r.path}`;
      if (r.method === 'GET' || PUBLIC_ROUTES.has(key) || SELF_SERVICE.has(key)) continue;
      checked++;
      const res = await fetch(`${t.url}${fill(r.path)}`, { method: r.method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
      if (res.status !== 403) failures.push(`${key} → ${res.status}`);
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });

  it('answers unknown API paths with JSON 404 (signed in) and unknown UI paths with the page, reflecting nothing', async () => {
    const token = await t.token('viewer');
    const r = await fetch(`${t.url}/api/no-such-thing`, { headers: { authorization: `Bearer ${token}` } });
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    const probe = '/devices/%3Cscript%3Ealert(1)%3C%2Fscript%3E?x=%22%3E%3Cimg%20src%3Dx%3E';
    const page = await fetch(`${t.url}${probe}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/<script>alert|<img src=x|%3Cscript/i);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
