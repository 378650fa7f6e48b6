import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runExecutorContract } from '../contract/executor-contract.js';
import { sampleAction } from '../contract/fixtures.js';
import { CommandExecutor } from './command.js';

const dir = mkdtempSync(join(tmpdir(), 'mamori-command-exec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A hook that appends "event id" and its stdin to a log, so the test sees every run. */
function hook(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}
const logFile = join(dir, 'runs.log');
const recorder = hook('record.sh', `printf '%s %s %s\\n' "$MAMORI_ACTION_EVENT" "$MAMORI_ACTION_ID" "$(cat | head -c 60)" >> '${logFile}'; echo done`);
const runsLogged = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').filter(Boolean).length : 0);

runExecutorContract('command', async () => {
  const executor = new CommandExecutor({ argv: [recorder], timeoutMs: 5000 });
  return { executor, sideEffects: runsLogged };
});

describe('command executor', () => {
  it('passes the event and id in the environment and the action as JSON on stdin', async () => {
    const out = join(dir, 'stdin.json');
    const ex = new CommandExecutor({ argv: [hook('stdin.sh', `cat > '${out}'; printf '%s' "$MAMORI_ACTION_EVENT:$MAMORI_ACTION_ID:$MAMORI_ACTION_KIND" > '${out}.env'`)] });
    const a = sampleAction('quarantine_device', 'cmd-env-1');
    expect(await ex.apply(a)).toMatchObject({ ok: true });
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ id: 'cmd-env-1', kind: 'quarantine_device', target: { device: { ip: '10.66.0.6' } } });
    expect(readFileSync(`${out}.env`, 'utf8')).toBe('apply:cmd-env-1:quarantine_device');
    expect(await ex.remove(a)).toMatchObject({ ok: true });
    expect(readFileSync(`${out}.env`, 'utf8')).toBe('remove:cmd-env-1:quarantine_device');
  });

  it('a non-zero exit is a failure carrying the end of stderr, and the action is not active', async () => {
    const ex = new CommandExecutor({ argv: [hook('fail.sh', 'cat >/dev/null; echo "firewall said no: rule limit reached" >&2; exit 3')] });
    const r = await ex.apply(sampleAction('block_endpoint', 'cmd-fail-1'));
    expect(r).toMatchObject({ ok: false, error: { code: 'failed' } });
    if (!r.ok) expect(r.error.message).toMatch(/exited with 3: firewall said no: rule limit reached/);
    expect(await ex.active()).toEqual([]);
  });

  it('kills a hook that does not finish in time', async () => {
    const ex = new CommandExecutor({ argv: [hook('hang.sh', 'exec sleep 30')], timeoutMs: 300 });
    const r = await ex.apply(sampleAction('block_endpoint', 'cmd-hang-1'));
    expect(r).toMatchObject({ ok: false, error: { code: 'timeout' } });
  });

  it('reports a program that cannot be started', async () => {
    const ex = new CommandExecutor({ argv: [join(dir, 'missing-hook')] });
    const r = await ex.apply(sampleAction('block_endpoint', 'cmd-missing-1'));
    expect(r).toMatchObject({ ok: false, error: { code: 'failed' } });
  });

  it('never runs through a shell: arguments with shell syntax reach the hook as they are', async () => {
    const out = join(dir, 'args.txt');
    const ex = new CommandExecutor({ argv: [hook('args.sh', `cat >/dev/null; printf '%s|' "$@" > '${out}'`), '$(touch pwned)', 'a;b'] });
    expect(await ex.apply(sampleAction('block_endpoint', 'cmd-args-1'))).toMatchObject({ ok: true });
    expect(readFileSync(out, 'utf8')).toBe('$(touch pwned)|a;b|');
    expect(existsSync(join(process.cwd(), 'pwned'))).toBe(false);
  });

  it('adopts what the store says it applied before a restart', async () => {
    const ex = new CommandExecutor({ argv: [recorder] });
    ex.adopt(['cmd-old-1']);
    expect(await ex.active()).toEqual(['cmd-old-1']);
    expect(await ex.remove(sampleAction('block_endpoint', 'cmd-old-1'))).toMatchObject({ ok: true });
    expect(await ex.active()).toEqual([]);
  });
});
