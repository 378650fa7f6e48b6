// `mamori learn --db` survives kill -9: the built CLI (dist/, made by `npm ci`) is killed right after a
// checkpoint, run again on the same input, and ends with exactly the state of a run that never stopped.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { PIPELINE_CHECKPOINT } from '../pipeline/checkpoint.js';
import { simulate } from '../simulate/simulate.js';
import { openStore } from '../store/index.js';

const BIN = join(import.meta.dirname, '../../bin/mamori.js');
const built = existsSync(join(import.meta.dirname, '../../dist/cli/main.js'));
const dir = mkdtempSync(join(tmpdir(), 'mamori-resume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function finalState(db: string): Promise<string> {
  const s = await openStore({ path: db });
  try {
    const cp = await s.state.latestCheckpoint(PIPELINE_CHECKPOINT);
    return gunzipSync(cp!.payload as Uint8Array).toString('utf8');
  } finally {
    await s.close();
  }
}

describe.skipIf(!built)('learn --db after kill -9', () => {
  it('resumes from the last checkpoint and ends in the state of an uninterrupted run', async () => {
    const pcap = join(dir, 'office.pcap');
    simulate({ devices: 8, days: 1, seed: 11, attacks: ['beacon'], start: Date.parse('2026-11-02T00:00:00Z') / 1000 }, pcap);
    const args = (db: string) => [BIN, 'learn', pcap, '--db', db, '--checkpoint-every', '500'];

    const whole = join(dir, 'whole.duckdb');
    expect(spawnSync(process.execPath, args(whole), { encoding: 'utf8' }).status).toBe(0);

    const crashed = join(dir, 'crashed.duckdb');
    const child = spawn(process.execPath, args(crashed), { stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise<void>((resolve) => {
      child.stderr!.on('data', (d: Buffer) => {
        if (/checkpoint at \d+/.test(d.toString())) {
          child.kill('SIGKILL'); // no clean shutdown, no final checkpoint
          resolve();
        }
      });
    });
    await new Promise((r) => child.once('exit', r));
    expect(child.signalCode).toBe('SIGKILL');

    const again = spawnSync(process.execPath, args(crashed), { encoding: 'utf8' });
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/resuming from the checkpoint .* \(\d[\d,]* observations already learned\)/);
    expect(await finalState(crashed)).toBe(await finalState(whole));
  }, 60_000);
});
