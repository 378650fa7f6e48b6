// `mamori actions` through `main`, on a database file in a temp dir: actions proposed by the engine
// (confirm mode), then listed, confirmed, extended, cleared and reactivated from the command line,
// with a command-hook executor that records what it was asked to do.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Action } from '../schema/action.js';
import { breach } from '../response/contract/engine-fixtures.js';
import { executorsFromConfig, loadResponseConfig, ResponseEngine } from '../response/index.js';
import { openStore } from '../store/index.js';
import { MamoriError } from '../schema/errors.js';
import { actionsCommand } from './actions.js';

const dir = mkdtempSync(join(tmpdir(), 'mamori-actions-cli-'));
const db = join(dir, 'site.duckdb');
const config = join(dir, 'response.yaml');
const hookLog = join(dir, 'hook.log');
const ids: string[] = [];
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const hook = join(dir, 'fw-hook.sh');
  writeFileSync(hook, `#!/bin/sh\ncat >/dev/null\necho "$MAMORI_ACTION_EVENT $MAMORI_ACTION_ID" >> '${hookLog}'\n`);
  chmodSync(hook, 0o755);
  writeFileSync(config, `mode: confirm\nconfirm_timeout: 1d\ndefault_duration: 1d\nexecutors:\n  - { type: command, argv: [${hook}] }\n`);
  const store = await openStore({ path: db });
  const cfg = loadResponseConfig(config);
  const engine = await ResponseEngine.open({ store, config: cfg, executors: executorsFromConfig(cfg) });
  for (const ip of ['203.0.113.1', '203.0.113.2']) ids.push((await engine.onBreach(breach({ time: Date.now() / 1000, destination: { ip, port: 443 } })))!.id);
  await engine.close();
  await store.close();
});

/** Runs the command function as main does (a MamoriError is exit 2 with its message), capturing what it writes. */
async function mamori(verb: 'actions', ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  try {
    return { code: await actionsCommand(args), out, err };
  } catch (x) {
    if (!(x instanceof MamoriError)) throw x;
    return { code: 2, out, err: err + `mamori ${verb}: ${x.message}\n` };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const hookRuns = () => (existsSync(hookLog) ? readFileSync(hookLog, 'utf8').trim().split('\n') : []);

describe('mamori actions', () => {
  it('lists actions as text and as JSON, filtered by state', async () => {
    const text = await mamori('actions', 'list', '--db', db);
    expect(text.code).toBe(0);
    expect(text.out).toContain(`${ids[0]}  awaiting_confirmation  block_connection  pc-a (10.0.0.5) → 203.0.113.1:443`);
    expect(text.out).toMatch(/mode confirm, 1d, confirm by \d{4}-\d\d-\d\d \d\d:\d\d UTC; cause: Beaconing to a rare external endpoint \(score 80\) on pc-a/);
    const json = await mamori('actions', 'list', '--db', db, '--format', 'json', '--state', 'awaiting_confirmation,active');
    const rows = json.out.trim().split('\n').map((l) => JSON.parse(l) as Action);
    expect(rows.map((a) => a.id).sort()).toEqual([...ids].sort());
    expect((await mamori('actions', 'list', '--db', db, '--state', 'cleared')).out).toBe('no actions\n');
    expect(await mamori('actions', 'list', '--db', db, '--state', 'bogus')).toMatchObject({ code: 2, err: expect.stringMatching(/--state bogus is not one of/) });
  });

  it('confirms with --by and --why, runs the executor, and audits who did it', async () => {
    const r = await mamori('actions', 'confirm', ids[0]!, '--db', db, '--config', config, '--by', 'alice', '--why', 'C2 confirmed in the packets');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${ids[0]}  active`);
    expect(r.out).toContain('by alice');
    expect(hookRuns()).toEqual([`apply ${ids[0]}`]);
    const store = await openStore({ path: db });
    try {
      const audit = (await store.audit.list()).filter((e) => e.target === ids[0]);
      expect(audit.at(-1)).toMatchObject({ actor: 'alice', action: 'action.active', details: { why: expect.stringContaining('C2 confirmed in the packets') } });
    } finally {
      await store.close();
    }
  });

  it('extends, clears and reactivates', async () => {
    const before = JSON.parse((await mamori('actions', 'list', '--db', db, '--format', 'json', '--state', 'active')).out.trim()) as Action;
    const ext = await mamori('actions', 'extend', ids[0]!, '2h', '--db', db, '--config', config, '--by', 'bob');
    expect(ext.code).toBe(0);
    const after = JSON.parse((await mamori('actions', 'list', '--db', db, '--format', 'json', '--state', 'active')).out.trim()) as Action;
    expect(after.expires).toBe(before.expires + 7200);
    expect((await mamori('actions', 'clear', ids[0]!, '--db', db, '--config', config, '--by', 'bob')).out).toContain('cleared');
    expect(hookRuns()).toEqual([`apply ${ids[0]}`, `remove ${ids[0]}`]);
    expect((await mamori('actions', 'reactivate', ids[0]!, '--db', db, '--config', config)).out).toContain(`${ids[0]}  active`);
    expect(hookRuns()).toHaveLength(3);
  });

  it('says what is wrong: no --config for a change, an unknown id, a bad state, a bad duration, a missing database', async () => {
    expect(await mamori('actions', 'confirm', ids[1]!, '--db', db)).toMatchObject({ code: 2, err: expect.stringMatching(/--config <response.yaml> is required/) });
    expect(await mamori('actions', 'confirm', 'act-nope', '--db', db, '--config', config)).toMatchObject({ code: 2, err: expect.stringMatching(/there is no action "act-nope"/) });
    expect(await mamori('actions', 'reactivate', ids[1]!, '--db', db, '--config', config)).toMatchObject({ code: 2, err: expect.stringMatching(/is awaiting_confirmation: only expired or cleared or failed/) });
    expect(await mamori('actions', 'extend', ids[1]!, 'soon', '--db', db, '--config', config)).toMatchObject({ code: 2, err: expect.stringMatching(/extend takes a duration/) });
    expect(await mamori('actions', 'list', '--db', join(dir, 'nope.duckdb'))).toMatchObject({ code: 2, err: expect.stringMatching(/there is no database/) });
    expect(await mamori('actions', 'list', '--db', db, '--by', 'x')).toMatchObject({ code: 2, err: expect.stringMatching(/--by does not apply/) });
  });
});
