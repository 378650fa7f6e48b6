// A small office for the demo: workstations browsing (DNS then HTTP/HTTPS), a file server, NTP,
// pings, one workstation that beacons to a rare external host and scans the file server.
// Deterministic for a seed, so the demo and tests see the same capture every time.
import { PcapWriter } from './pcap-writer.js';
import { dnsMessages, ping, tcpSession, udpExchange, type TimedFrame } from './sessions.js';
import type { Endpoint } from './packet-builder.js';

export interface DemoSpec {
  workstations: number;
  /** seconds of traffic */
  seconds: number;
  seed: number;
  start: number;
}

export const DEFAULT_DEMO: DemoSpec = { workstations: 12, seconds: 1800, seed: 7, start: 1_763_964_000 };

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

const host = (i: number, ip: string): Endpoint => ({ ip, mac: `02:00:00:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}` });

const SITES = [
  { name: 'www.example.com', ip: '93.184.216.34' },
  { name: 'news.example.org', ip: '151.101.1.20' },
  { name: 'mail.example.net', ip: '52.96.8.25' },
  { name: 'cdn.example.com', ip: '104.18.2.80' },
];

export function demoFrames(spec: DemoSpec = DEFAULT_DEMO): TimedFrame[] {
  const rand = rng(spec.seed);
  const gateway = host(1, '10.1.0.1');
  const dns = host(2, '10.1.0.2');
  const files = host(5, '10.1.0.5');
  const stations = Array.from({ length: spec.workstations }, (_, i) => host(100 + i, `10.1.0.${100 + i}`));
  const out: TimedFrame[] = [];
  let sport = 40000;
  const nextPort = () => (sport = sport >= 60000 ? 40000 : sport + 1);
  // Frames to or from the internet go through the gateway's MAC.
  const via = (e: { ip: string }): Endpoint => ({ ip: e.ip, mac: gateway.mac });

  for (const ws of stations) {
    let t = spec.start + rand() * 60;
    while (t < spec.start + spec.seconds) {
      const site = SITES[Math.floor(rand() * SITES.length)]!;
      const q = dnsMessages(Math.floor(rand() * 65535), site.name, site.ip);
      out.push(...udpExchange(ws, dns, nextPort(), 53, t, q.query, q.response));
      const https = rand() < 0.7;
      const request = Buffer.from(`GET /${Math.floor(rand() * 1000)} HTTP/1.1\r\nHost: ${site.name}\r\nUser-Agent: Mozilla/5.0\r\n\r\n`);
      const response = Buffer.alloc(500 + Math.floor(rand() * 20000), 0x41);
      out.push(...tcpSession({ client: ws, server: via(site), sport: nextPort(), dport: https ? 443 : 80, start: t + 0.01, exchanges: [{ request, response }], rtt: 0.03 }));
      if (rand() < 0.3) {
        out.push(...tcpSession({ client: ws, server: files, sport: nextPort(), dport: 445, start: t + 1, exchanges: [{ request: Buffer.alloc(300, 1), response: Buffer.alloc(4000, 2) }], rtt: 0.001 }));
      }
      t += 20 + rand() * 120;
    }
    out.push(...udpExchange(ws, via({ ip: '162.159.200.123' }), 123, 123, spec.start + rand() * 100, Buffer.alloc(48, 0x23), Buffer.alloc(48, 0x24), 0.02));
    out.push(...ping(ws, gateway, spec.start + rand() * 300, 3, 100 + stations.indexOf(ws)));
  }

  // The compromised workstation: beacons every 60 s to a rare host, then scans the file server.
  const victim = stations[stations.length - 1]!;
  const c2 = via({ ip: '185.220.101.7' });
  for (let t = spec.start + 30; t < spec.start + spec.seconds; t += 60 + (rand() - 0.5)) {
    out.push(...tcpSession({ client: victim, server: c2, sport: nextPort(), dport: 8443, start: t, exchanges: [{ request: Buffer.alloc(220, 7), response: Buffer.alloc(64, 9) }], rtt: 0.12 }));
  }
  const scanAt = spec.start + spec.seconds * 0.75;
  const ports = [21, 22, 23, 25, 80, 110, 135, 139, 143, 443, 445, 993, 1433, 3306, 3389, 5900, 8080];
  ports.forEach((port, i) => {
    out.push(...tcpSession({ client: victim, server: files, sport: 50000 + i, dport: port, start: scanAt + i * 0.01, exchanges: [], refused: port !== 445 && port !== 139 }));
  });

  return out.sort((a, b) => a.ts - b.ts);
}

export function writeDemoCapture(path: string, spec: DemoSpec = DEFAULT_DEMO): number {
  const w = new PcapWriter(path);
  for (const f of demoFrames(spec)) w.write(f.ts, f.frame);
  w.close();
  return w.packets;
}
