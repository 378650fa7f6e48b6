// Live capture end to end: a real TCP server in a network namespace, real connections to it over a
// veth pair, captured live by the sensor (through tcpdump) and turned into conn.log records.
// Needs root, iproute2 and tcpdump (CI installs them); skipped with a message otherwise.
import { execFileSync, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/schema/conn.js';
import { runSensorOnStream } from '../../src/sensor/run-capture.js';
import { DEFAULT_SENSOR_OPTIONS } from '../../src/sensor/sensor.js';
import { startLiveCapture } from '../../src/sources/live/tcpdump.js';

function can(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const isRoot = process.getuid?.() === 0;
const ready = isRoot && can('tcpdump', ['--version']) && can('ip', ['-V']);
if (!ready) console.warn('skipping live capture test: needs root, tcpdump and iproute2');

const id = process.pid % 200;
const NS = `mamori-live-${process.pid}`;
const HOST_IF = `mlv${id}a`;
const NS_IF = `mlv${id}b`;
const HOST_IP = `10.199.${id}.1`;
const SERVER_IP = `10.199.${id}.2`;

function sh(...args: string[]): void {
  execFileSync(args[0]!, args.slice(1), { stdio: 'ignore' });
}

describe.skipIf(!ready)('live capture from an interface', () => {
  let server: ReturnType<typeof spawn> | undefined;
  beforeAll(async () => {
    sh('ip', 'netns', 'add', NS);
    sh('ip', 'link', 'add', HOST_IF, 'type', 'veth', 'peer', 'name', NS_IF);
    sh('ip', 'link', 'set', NS_IF, 'netns', NS);
    sh('ip', 'addr', 'add', `${HOST_IP}/24`, 'dev', HOST_IF);
    sh('ip', 'link', 'set', HOST_IF, 'up');
    sh('ip', 'netns', 'exec', NS, 'ip', 'addr', 'add', `${SERVER_IP}/24`, 'dev', NS_IF);
    sh('ip', 'netns', 'exec', NS, 'ip', 'link', 'set', NS_IF, 'up');
    sh('ip', 'netns', 'exec', NS, 'ip', 'link', 'set', 'lo', 'up');
    // Offloaded checksums would be left blank on the veth: compute them so the sensor sees real ones.
    try {
      sh('ethtool', '-K', HOST_IF, 'tx', 'off');
    } catch {
      /* ethtool may be absent: the test then captures with checksums ignored */
    }
    server = spawn('ip', ['netns', 'exec', NS, process.execPath, '-e', `require('net').createServer((s) => { s.on('data', () => s.end('pong from the server')); }).listen(8080, '${SERVER_IP}')`], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 500));
  });
  afterAll(() => {
    server?.kill();
    try {
      sh('ip', 'netns', 'del', NS);
    } catch {
      /* already gone */
    }
    try {
      sh('ip', 'link', 'del', HOST_IF);
    } catch {
      /* removed with the namespace */
    }
  });

  it('turns live TCP sessions into complete conn records', async () => {
    const live = startLiveCapture({ iface: HOST_IF, filter: 'tcp port 8080' });
    const conns: Connection[] = [];
    const opts = { ...DEFAULT_SENSOR_OPTIONS, flow: { ...DEFAULT_SENSOR_OPTIONS.flow, ignoreChecksums: true } };
    const run = runSensorOnStream(live.stream, `interface ${HOST_IF}`, opts, (o) => {
      if (o.type === 'conn') conns.push(o.record);
    });
    await new Promise((r) => setTimeout(r, 1000)); // tcpdump opens the interface
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        const s = connect(8080, SERVER_IP, () => s.write('ping from the client'));
        s.on('data', () => undefined);
        s.on('end', () => {
          s.end();
          resolve();
        });
        s.on('error', reject);
      });
    }
    await new Promise((r) => setTimeout(r, 1000)); // let the last packets reach tcpdump
    live.stop();
    await run;
    await live.done;
    const mine = conns.filter((c) => c.id.resp_h === SERVER_IP && c.id.resp_p === 8080);
    expect(mine).toHaveLength(3);
    for (const c of mine) {
      expect(c.id.orig_h).toBe(HOST_IP);
      expect(c.conn_state).toBe('SF');
      expect(c.orig_bytes).toBe('ping from the client'.length);
      expect(c.resp_bytes).toBe('pong from the server'.length);
      expect(c.history).toMatch(/^ShAD/);
    }
  }, 30_000);
});
