// `mamori sensor <capture|-> --out <dir> [--format json|tsv]`: Zeek-compatible logs from a capture
// (pcap/pcapng, optionally gzip), standard input, or a live interface (--interface).
import { parseArgs } from 'node:util';
import { LogDirWriter, type LogFormat } from '../output/log-dir-writer.js';
import { ConfigError } from '../schema/errors.js';
import { DEFAULT_FLOW_CONFIG } from '../sensor/flow/conn-table.js';
import { DEFAULT_LOCAL_NETS } from '../sensor/flow/local-nets.js';
import { runSensorOnCapture, runSensorOnStream, type CaptureRun } from '../sensor/run-capture.js';
import type { SensorOptions } from '../sensor/sensor.js';
import { NO_ANALYZERS } from '../sensor/analyzers.js';
import { startLiveCapture } from '../sources/live/tcpdump.js';
import { formatBytes, Progress } from './progress.js';

export const SENSOR_USAGE = `usage: mamori sensor <capture|-> --out <dir> [options]
       mamori sensor --interface <if> --out <dir> [options]

Reads a pcap or pcapng capture (optionally gzip-compressed; "-" reads standard input) or captures
live from an interface (through tcpdump), and writes Zeek-compatible logs (conn.log, weird.log).

options:
  --out <dir>              directory for the logs (created if missing)
  --format json|tsv        JSON lines (default) or TSV with Zeek's header lines
  --interface <if>         capture live from <if> (needs root or CAP_NET_RAW); stop with Ctrl-C
  --filter <bpf>           capture filter for --interface
  --local-nets <cidrs>     comma-separated local networks (default: private address space)
  --checksums <mode>       auto (default: validate, but ignore for a capture whose first packets show
                           checksum offloading), validate (Zeek), or ignore (Zeek's -C)
  --ignore-checksums       the same as --checksums ignore
  --no-community-id        leave community_id out of conn.log
  --no-analyzers           connection tracking alone (no protocol logs, no service)
  --max-conns <n>          connections held at once before the oldest are flushed (default ${DEFAULT_FLOW_CONFIG.maxConns})
  --tcp-timeout <s>        TCP inactivity timeout (default ${DEFAULT_FLOW_CONFIG.tcpInactivity})
  --udp-timeout <s>        UDP inactivity timeout (default ${DEFAULT_FLOW_CONFIG.udpInactivity})
  --icmp-timeout <s>       ICMP inactivity timeout (default ${DEFAULT_FLOW_CONFIG.icmpInactivity})
  --quiet                  no summary on stderr`;

function positiveNumber(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new ConfigError('bad_option', `--${name} must be a positive number, got "${v}"`);
  return n;
}

export function sensorOptionsFrom(values: Record<string, string | boolean | undefined>): SensorOptions {
  const localNets = typeof values['local-nets'] === 'string' ? values['local-nets'].split(',').filter(Boolean) : DEFAULT_LOCAL_NETS;
  return {
    flow: {
      ...DEFAULT_FLOW_CONFIG,
      tcpInactivity: positiveNumber('tcp-timeout', values['tcp-timeout'] as string | undefined, DEFAULT_FLOW_CONFIG.tcpInactivity),
      udpInactivity: positiveNumber('udp-timeout', values['udp-timeout'] as string | undefined, DEFAULT_FLOW_CONFIG.udpInactivity),
      icmpInactivity: positiveNumber('icmp-timeout', values['icmp-timeout'] as string | undefined, DEFAULT_FLOW_CONFIG.icmpInactivity),
      maxConns: Math.floor(positiveNumber('max-conns', values['max-conns'] as string | undefined, DEFAULT_FLOW_CONFIG.maxConns)),
      ignoreChecksums: Boolean(values['ignore-checksums']) || values.checksums === 'ignore',
    },
    checksums: checksumMode(values),
    localNets,
    communityIdSeed: values['no-community-id'] ? null : 0,
    ...(values['no-analyzers'] ? { analyzers: NO_ANALYZERS } : {}),
  };
}

function checksumMode(values: Record<string, string | boolean | undefined>): 'auto' | 'validate' | 'ignore' {
  const m = values.checksums ?? 'auto';
  if (m !== 'auto' && m !== 'validate' && m !== 'ignore') throw new ConfigError('bad_option', `--checksums must be auto, validate or ignore, got "${String(m)}"`);
  return values['ignore-checksums'] ? 'ignore' : m;
}

export const SENSOR_OPTIONS = {
  checksums: { type: 'string' },
  out: { type: 'string' },
  format: { type: 'string', default: 'json' },
  interface: { type: 'string' },
  filter: { type: 'string' },
  'local-nets': { type: 'string' },
  'ignore-checksums': { type: 'boolean' },
  'no-community-id': { type: 'boolean' },
  'no-analyzers': { type: 'boolean' },
  'max-conns': { type: 'string' },
  'tcp-timeout': { type: 'string' },
  'udp-timeout': { type: 'string' },
  'icmp-timeout': { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function sensorCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: SENSOR_OPTIONS, allowPositionals: true });
  if (values.help) {
    process.stdout.write(SENSOR_USAGE + '\n');
    return 0;
  }
  if (!values.out) throw new ConfigError('missing_option', `--out <dir> is required\n${SENSOR_USAGE}`);
  if (values.format !== 'json' && values.format !== 'tsv') throw new ConfigError('bad_option', `--format must be json or tsv, got "${values.format}"`);
  if (!values.interface && positionals.length !== 1) throw new ConfigError('missing_input', `give one capture file, "-" for standard input, or --interface\n${SENSOR_USAGE}`);
  const opts = sensorOptionsFrom(values);
  const writer = new LogDirWriter(values.out, values.format as LogFormat);
  const started = process.hrtime.bigint();
  let run: CaptureRun;
  if (values.interface) {
    const live = startLiveCapture({ iface: values.interface, filter: values.filter });
    const stop = () => live.stop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const [r] = await Promise.all([runSensorOnStream(live.stream, `interface ${values.interface}`, opts, writer.write, true), live.done]);
    run = r;
  } else {
    const input = positionals[0]!;
    const progress = new Progress(input === '-' ? 'stdin' : input.split('/').pop()!);
    run = await runSensorOnCapture(input, opts, writer.write, (read, total, stats) => progress.update(read, total, `${stats().connections} conns`));
    progress.done();
  }
  await writer.close();
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  if (!values.quiet) process.stderr.write(summary(run, secs, writer.counts()) + '\n');
  return 0;
}

export function summary(run: CaptureRun, secs: number, logs: Record<string, number>): string {
  const s = run.stats;
  const gbps = (s.bytes * 8) / secs / 1e9;
  const lines = [
    `packets ${s.packets.toLocaleString('en')} (${formatBytes(s.bytes)}, ${s.nonIp.toLocaleString('en')} not IP) in ${secs.toFixed(2)} s: ` +
      `${(s.packets / secs / 1000).toFixed(0)} kpkt/s, ${gbps.toFixed(2)} Gbps`,
    `connections ${s.connections.toLocaleString('en')}${s.evicted ? ` (${s.evicted} flushed early: flow table full)` : ''}; ` +
      `logs: ${Object.entries(logs).map(([k, v]) => `${k}.log ${v}`).join(', ') || 'none'}`,
  ];
  if (s.weirds) {
    const top = [...s.weirdCounts].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ${v}`);
    lines.push(`anomalies ${s.weirds}: ${top.join(', ')}${s.weirdCounts.size > 8 ? ', …' : ''}`);
  }
  if (run.capture.stopped) lines.push('the capture is corrupt part-way through: packets after the damage were not read (see weird.log)');
  return lines.join('\n');
}
