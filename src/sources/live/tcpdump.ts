// Live capture by running `tcpdump -w -` and reading the pcap stream it writes.
//
// Why tcpdump rather than a libpcap binding: the Node libpcap bindings are thinly maintained and
// need a native build against libpcap headers; tcpdump is in every distribution, is the reference
// libpcap user, opens the interface with the needed privilege and then drops it (-Z), and its
// output is the same pcap format the file reader already handles, so live and offline input share
// one code path. Cost: one pipe copy per packet, far below the sensor's own per-packet work.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { InputFormatError } from '../../schema/errors.js';

export interface LiveCaptureOptions {
  iface: string;
  /** BPF filter expression, optional */
  filter?: string;
  /** user tcpdump switches to after opening the interface */
  dropTo?: string;
  snaplen?: number;
  tcpdumpPath?: string;
  /** capture inside this network namespace (`ip netns exec <netns> tcpdump …`; the sensor runs where Mamori does) */
  netns?: string;
}

export function startLiveCapture(opts: LiveCaptureOptions): { stream: Readable; stop: () => void; done: Promise<number> } {
  const args = ['-i', opts.iface, '-w', '-', '-U', '-n', '-s', String(opts.snaplen ?? 0)];
  if (opts.dropTo) args.push('-Z', opts.dropTo);
  if (opts.filter) args.push(opts.filter);
  let child: ChildProcessByStdio<null, Readable, Readable>;
  try {
    const tcpdump = opts.tcpdumpPath ?? 'tcpdump';
    child = opts.netns
      ? spawn('ip', ['netns', 'exec', opts.netns, tcpdump, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(tcpdump, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new InputFormatError('live_capture_failed', `cannot start tcpdump: ${(err as Error).message}`, { cause: err });
  }
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (stderr.length > 4096) stderr = stderr.slice(-4096);
  });
  const done = new Promise<number>((resolve, reject) => {
    child.on('error', (err) =>
      reject(new InputFormatError('live_capture_failed', `cannot run tcpdump (install it with "apt-get install tcpdump"): ${err.message}`, { cause: err })),
    );
    child.on('close', (code, signal) => {
      if (code && code !== 0 && !signal) {
        reject(new InputFormatError('live_capture_failed', `tcpdump on ${opts.iface} exited with ${code}: ${stderr.trim() || 'no message'} (capturing needs root or CAP_NET_RAW)`));
      } else resolve(code ?? 0);
    });
  });
  return { stream: child.stdout, stop: () => child.kill('SIGTERM'), done };
}
