// The service loses nothing and duplicates nothing: a watched directory of Zeek logs is read while
// it grows; the service is killed with SIGKILL in the middle, restarted, and finally stopped with
// SIGTERM; every input record is in the output exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const VITE_NODE = join(process.cwd(), 'node_modules/.bin/vite-node');

function record(i: number): string {
  return JSON.stringify({ _path: 'conn', ts: 1700000000 + i * 0.01, uid: `Ctest${String(i).padStart(8, '0')}`, 'id.orig_h': '10.0.0.1', 'id.orig_p': 1024 + (i % 60000), 'id.resp_h': '10.0.0.2', 'id.resp_p': 443, proto: 'tcp', conn_state: 'SF', missed_bytes: 0, orig_pkts: 1, orig_ip_bytes: 60, resp_pkts: 1, resp_ip_bytes: 60 });
}

function lines(from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += record(i) + '\n';
  return s;
}

function start(config: string): Promise<ChildProcess> {
  const child = spawn(VITE_NODE, [join(process.cwd(), 'test/e2e/fixtures/run-service.ts'), config], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('started') && resolve(child));
    child.once('exit', (code) => reject(new Error(`service exited early with ${code}`)));
  });
}

function outputUids(out: string): string[] {
  const f = join(out, 'conn.log');
  if (!existsSync(f)) return [];
  return readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { uid: string }).uid);
}

async function until(cond: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('service restart', () => {
  it('kill -9 in the middle, restart, SIGTERM: every record exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-svc-'));
    const input = join(dir, 'zeek');
    const out = join(dir, 'out');
    mkdirSync(input);
    const config = join(dir, 'mamori.yaml');
    writeFileSync(config, `output: { dir: ${out} }\nstate_dir: ${join(dir, 'state')}\npoll_ms: 100\nsources:\n  - { type: directory, path: ${input} }\n`);
    const log = join(input, 'conn.log');
    const N = 30_000;

    writeFileSync(log, lines(0, 10_000));
    let svc = await start(config);
    await until(() => outputUids(out).length >= 10_000);
    // More arrives, and the service dies without warning while reading it.
    appendFileSync(log, lines(10_000, 20_000) + record(20_000).slice(0, 40)); // ends mid-line
    await new Promise((r) => setTimeout(r, 120));
    svc.kill('SIGKILL');
    await new Promise((r) => svc.once('exit', r));

    appendFileSync(log, record(20_000).slice(40) + '\n' + lines(20_001, N));
    svc = await start(config);
    await until(() => outputUids(out).length >= N);
    svc.kill('SIGTERM');
    const code = await new Promise((r) => svc.once('exit', r));
    expect(code).toBe(0);

    const uids = outputUids(out);
    expect(uids.length).toBe(N);
    expect(new Set(uids).size).toBe(N);
    const state = JSON.parse(readFileSync(join(dir, 'state', 'checkpoint.json'), 'utf8')) as { files: Record<string, { offset: number }> };
    expect(state.files[log]!.offset).toBe(readFileSync(log).length);
  }, 90_000);
});
