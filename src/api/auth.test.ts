import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/index.js';
import { USERS_NAMESPACE, type StoredUser } from './auth/users.js';
import { ADMIN_PASSWORD, login, startTestServer, withToken, type TestServer } from './fixtures.test-util.js';
import { startApiServer } from './server.js';

describe('authentication', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('signs in, answers me with the CSRF token, signs out', async () => {
    const r = await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { user: { name: string; role: string }; csrf_token: string };
    expect(body.user).toEqual({ name: 'admin', role: 'admin' });
    const set = r.headers.getSetCookie().find((c) => c.startsWith('mamori_session='))!;
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Strict/i);
    expect(set).toMatch(/Path=\//);
    expect(set).not.toMatch(/Secure/); // plain http in the test; Secure when served over HTTPS
    const cookie = set.split(';')[0]!;
    const me = await fetch(`${t.url}/api/auth/me`, { headers: { cookie } });
    expect(await me.json()).toEqual({ user: { name: 'admin', role: 'admin', kind: 'user' }, csrf_token: body.csrf_token });
    // the cookie's value is not what the store keeps
    const stored = await t.store.state.list('api-sessions');
    expect(stored.some((e) => e.key === cookie.split('=')[1])).toBe(false);
    expect(JSON.stringify(stored)).not.toContain(cookie.split('=')[1]);
    const out = await fetch(`${t.url}/api/auth/logout`, { method: 'POST', headers: { cookie, 'x-csrf-token': body.csrf_token } });
    expect(out.status).toBe(200);
    expect((await fetch(`${t.url}/api/auth/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('refuses a wrong password with 401 and the same answer for an unknown user', async () => {
    const post = (username: string, password: string) => fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    const a = await post('admin', 'wrong password!');
    const b = await post('nobody', 'wrong password!');
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(await a.json()).toEqual(await b.json());
  });

  it('limits failed sign-ins per user: 429 with Retry-After, even with the right password', async () => {
    const admin = withToken(t.url, await t.token('admin'));
    expect((await admin('/api/users', { method: 'POST', json: { name: 'victim', role: 'viewer', password: 'victim-password-1' } })).status).toBe(200);
    const post = (password: string) => fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'victim', password }) });
    for (let i = 0; i < 5; i++) expect((await post(`guess-${i}-xxxxxx`)).status).toBe(401);
    const r = await post('victim-password-1');
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('too_many_attempts');
  });

  it('requires the CSRF token on state-changing requests made with the cookie; a token needs none', async () => {
    const s = await login(t.url, 'admin', ADMIN_PASSWORD);
    const body = JSON.stringify({ name: 'csrf-user', role: 'viewer', password: 'csrf-user-password' });
    const missing = await fetch(`${t.url}/api/users`, { method: 'POST', headers: { cookie: s.cookie, 'content-type': 'application/json' }, body });
    expect(missing.status).toBe(403);
    const wrong = await fetch(`${t.url}/api/users`, { method: 'POST', headers: { cookie: s.cookie, 'content-type': 'application/json', 'x-csrf-token': s.csrf.slice(0, -2) + 'xx' }, body });
    expect(wrong.status).toBe(403);
    const crossSite = await fetch(`${t.url}/api/users`, { method: 'POST', headers: { cookie: s.cookie, 'content-type': 'application/json', 'x-csrf-token': s.csrf, origin: 'https://evil.example' }, body });
    expect(crossSite.status).toBe(403);
    expect((await t.store.state.get(USERS_NAMESPACE, 'csrf-user'))).toBeUndefined();
    const ok = await s.fetch('/api/users', { method: 'POST', json: JSON.parse(body) });
    expect(ok.status).toBe(200);
    const viaToken = await withToken(t.url, await t.token('admin'))('/api/users', { method: 'POST', json: { name: 'token-made', role: 'viewer', password: 'token-made-password' } });
    expect(viaToken.status).toBe(200);
  });

  it('enforces roles: a viewer cannot acknowledge, an analyst cannot create users, an admin can', async () => {
    await t.store.incidents.put([{ id: 'I1', kind: 'incident', time: 1, payload: { id: 'I1', level: 2, score: 50, title: { en: 't', ja: 't' }, summary: { en: 's', ja: 's' }, devices: [], destinations: [], breaches: [], phases: [], mitre: [], start: 1, end: 2, timeline: [], investigation: [], actions: { en: [], ja: [] } } }]);
    const viewer = withToken(t.url, await t.token('viewer'));
    const analyst = withToken(t.url, await t.token('analyst'));
    const admin = withToken(t.url, await t.token('admin'));
    expect((await viewer('/api/incidents/I1')).status).toBe(200);
    expect((await viewer('/api/incidents/I1/acknowledge', { method: 'POST' })).status).toBe(403);
    expect((await analyst('/api/incidents/I1/acknowledge', { method: 'POST' })).status).toBe(200);
    const user = { name: 'role-test', role: 'analyst', password: 'role-test-password' };
    expect((await analyst('/api/users', { method: 'POST', json: user })).status).toBe(403);
    expect((await admin('/api/users', { method: 'POST', json: user })).status).toBe(200);
    expect((await viewer('/api/users')).status).toBe(403);
  });

  it('refuses a revoked or made-up token', async () => {
    const admin = withToken(t.url, await t.token('admin'));
    const made = (await (await admin('/api/tokens', { method: 'POST', json: { name: 'ci', role: 'viewer' } })).json()) as { id: string; token: string };
    expect(made.token).toMatch(/^mamori_/);
    expect((await withToken(t.url, made.token)('/api/status')).status).toBe(200);
    const listed = await (await admin('/api/tokens')).text();
    expect(listed).not.toContain(made.token);
    expect((await admin(`/api/tokens/${made.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await withToken(t.url, made.token)('/api/status')).status).toBe(401);
    expect((await withToken(t.url, 'mamori_made-up')('/api/status')).status).toBe(401);
  });

  it('stores passwords as salted scrypt: the same password gives different hashes', async () => {
    const admin = withToken(t.url, await t.token('admin'));
    for (const name of ['same-a', 'same-b']) expect((await admin('/api/users', { method: 'POST', json: { name, role: 'viewer', password: 'the same password' } })).status).toBe(200);
    const a = (await t.store.state.get(USERS_NAMESPACE, 'same-a'))!.value as unknown as StoredUser;
    const b = (await t.store.state.get(USERS_NAMESPACE, 'same-b'))!.value as unknown as StoredUser;
    expect(a.password.alg).toBe('scrypt');
    expect(a.password.N).toBeGreaterThanOrEqual(2 ** 15);
    expect(a.password.salt).not.toBe(b.password.salt);
    expect(a.password.hash).not.toBe(b.password.hash);
    expect(JSON.stringify(a)).not.toContain('the same password');
    // and the new user can sign in with it, then change it
    const s = await login(t.url, 'same-a', 'the same password');
    expect((await s.fetch('/api/auth/password', { method: 'POST', json: { old: 'wrong old password', new: 'a brand new password' } })).status).toBe(403);
    expect((await s.fetch('/api/auth/password', { method: 'POST', json: { old: 'the same password', new: 'a brand new password' } })).status).toBe(200);
    await login(t.url, 'same-a', 'a brand new password');
  });
});

describe('the first admin', () => {
  it('is created once with a generated password, printed once; MAMORI_ADMIN_PASSWORD is honoured', async () => {
    const store = await openStore();
    try {
      const saved = process.env['MAMORI_ADMIN_PASSWORD'];
      delete process.env['MAMORI_ADMIN_PASSWORD'];
      const first = await startApiServer({ store, port: 0, models: [] });
      const pw = first.initialAdmin?.password;
      expect(first.initialAdmin?.name).toBe('admin');
      expect(pw?.length).toBeGreaterThanOrEqual(20);
      await login(first.url, 'admin', pw!);
      await first.close();
      const again = await startApiServer({ store, port: 0, models: [] });
      expect(again.initialAdmin).toBeUndefined();
      await again.close();
      expect((await store.audit.list({ actor: 'system' })).filter((e) => e.action === 'user.create')).toHaveLength(1);

      const store2 = await openStore();
      process.env['MAMORI_ADMIN_PASSWORD'] = 'from the environment';
      try {
        const env = await startApiServer({ store: store2, port: 0, models: [] });
        expect(env.initialAdmin).toBeUndefined();
        await login(env.url, 'admin', 'from the environment');
        await env.close();
      } finally {
        if (saved === undefined) delete process.env['MAMORI_ADMIN_PASSWORD'];
        else process.env['MAMORI_ADMIN_PASSWORD'] = saved;
        await store2.close();
      }
    } finally {
      await store.close();
    }
  });
});

describe('bad requests', () => {
  it('answers malformed, mistyped, missing and oversized bodies with 400/413 JSON', async () => {
    const t = await startTestServer();
    try {
      const token = await t.token('admin');
      const post = (body: string, type = 'application/json') => fetch(`${t.url}/api/users`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body });
      const statuses = [await post('not json'), await post('{"name":"x","role":"viewer","password":"long enough pw"}', 'text/plain'), await post(''), await post('{"name":"x","role":"root","password":"long enough pw"}'), await post('x'.repeat(300_000))];
      expect(statuses.map((r) => r.status)).toEqual([400, 400, 400, 400, 413]);
      for (const r of statuses) expect(((await r.json()) as { error: { code: string } }).error.code).toBeTruthy();
    } finally {
      await t.close();
    }
  });
});
