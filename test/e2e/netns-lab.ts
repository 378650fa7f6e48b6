// A small network in namespaces for response tests and the latency benchmark:
//
//   victims (one namespace each, 10.77.<n>.11, .12, …) ─┐
//                                                       ├─ bridge in the gateway namespace (10.77.<n>.1/24),
//   gateway: routes to the outside, where Mamori       ─┘  where Mamori captures and nftables filters (forward)
//            captures (on the bridge) and runs nftables
//   outside namespace: a fake C2 server (198.51.<n>.10:8080) and an ordinary web server (198.51.<n>.20:80)
//
// Victims run real clients: a beacon (a new HTTP connection to the C2 every `beaconMs`) and ordinary
// browsing (irregular requests to the web server). Every request's outcome is a JSON line the test
// reads. Traffic stays between the lab's namespaces. Needs root and iproute2.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface LabOutcome {
  kind: 'beacon' | 'web';
  victim: string;
  /** epoch ms when the request started */
  t: number;
  ok: boolean;
}

export function labAvailable(): { ok: boolean; why?: string } {
  if (process.getuid?.() !== 0) return { ok: false, why: 'needs root (network namespaces, nftables)' };
  for (const [cmd, args] of [['ip', ['-V']], ['nft', ['--version']], ['tcpdump', ['--version']]] as const) {
    try {
      execFileSync(cmd, [...args], { stdio: 'ignore' });
    } catch {
      return { ok: false, why: `needs ${cmd} (apt-get install ${cmd === 'ip' ? 'iproute2' : cmd === 'nft' ? 'nftables' : cmd})` };
    }
  }
  return { ok: true };
}

function sh(...args: string[]): void {
  execFileSync(args[0]!, args.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
}

const SERVER = `
const http = require('http');
const [c2, web] = process.argv.slice(1);
http.createServer((q, r) => r.end('{"task":"sleep"}')).listen(8080, c2);
http.createServer((q, r) => r.end('<html><body>' + 'news '.repeat(200 + Math.floor(Math.random() * 400)) + '</body></html>')).listen(80, web);
`;

const CLIENT = `
const http = require('http');
const [victim, c2, web, beaconMs] = process.argv.slice(1);
function get(kind, host, port, path) {
  const t = Date.now();
  let done = false;
  const out = (ok) => { if (!done) { done = true; process.stdout.write(JSON.stringify({ kind, victim, t, ok }) + '\\n'); } };
  // agent: false: a new TCP connection per request, as beacons and page loads make
  const req = http.get({ host, port, path, agent: false, timeout: 700 }, (res) => { res.resume(); res.on('end', () => out(res.statusCode === 200)); });
  req.on('timeout', () => { req.destroy(); out(false); });
  req.on('error', () => out(false));
}
setInterval(() => get('beacon', c2, 8080, '/api/v2/poll?id=7f3a'), Number(beaconMs));
(function browse() { get('web', web, 80, '/news/' + Math.floor(Math.random() * 1000)); setTimeout(browse, 250 + Math.random() * 900); })();
`;

export class NetnsLab {
  readonly gateway: string;
  readonly outside: string;
  readonly bridge = 'mbr0';
  readonly c2: string;
  readonly web: string;
  readonly victims: { ns: string; ip: string }[] = [];
  readonly outcomes: LabOutcome[] = [];
  private readonly procs: ChildProcess[] = [];

  constructor(private readonly n = process.pid % 200, victims = 3) {
    this.gateway = `mamori-gw-${n}`;
    this.outside = `mamori-out-${n}`;
    this.c2 = `198.51.${n}.10`;
    this.web = `198.51.${n}.20`;
    for (let i = 0; i < victims; i++) this.victims.push({ ns: `mamori-v${i}-${n}`, ip: `10.77.${n}.${11 + i}` });
  }

  get localNet(): string {
    return `10.77.${this.n}.0/24`;
  }

  up(): void {
    const { gateway: g, outside: o, n } = this;
    this.down();
    sh('ip', 'netns', 'add', g);
    sh('ip', 'netns', 'add', o);
    sh('ip', 'netns', 'exec', g, 'ip', 'link', 'set', 'lo', 'up');
    sh('ip', 'netns', 'exec', o, 'ip', 'link', 'set', 'lo', 'up');
    sh('ip', 'netns', 'exec', g, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
    sh('ip', 'netns', 'exec', g, 'ip', 'link', 'add', this.bridge, 'type', 'bridge');
    sh('ip', 'netns', 'exec', g, 'ip', 'addr', 'add', `10.77.${n}.1/24`, 'dev', this.bridge);
    sh('ip', 'netns', 'exec', g, 'ip', 'link', 'set', this.bridge, 'up');
    // gateway ↔ outside
    sh('ip', 'link', 'add', 'mgo0', 'netns', g, 'type', 'veth', 'peer', 'name', 'mgo1', 'netns', o);
    sh('ip', 'netns', 'exec', g, 'ip', 'addr', 'add', `198.51.${n}.1/24`, 'dev', 'mgo0');
    sh('ip', 'netns', 'exec', g, 'ip', 'link', 'set', 'mgo0', 'up');
    sh('ip', 'netns', 'exec', o, 'ip', 'addr', 'add', `${this.c2}/24`, 'dev', 'mgo1');
    sh('ip', 'netns', 'exec', o, 'ip', 'addr', 'add', `${this.web}/24`, 'dev', 'mgo1');
    sh('ip', 'netns', 'exec', o, 'ip', 'link', 'set', 'mgo1', 'up');
    sh('ip', 'netns', 'exec', o, 'ip', 'route', 'add', `10.77.${n}.0/24`, 'via', `198.51.${n}.1`);
    for (const [i, v] of this.victims.entries()) {
      sh('ip', 'netns', 'add', v.ns);
      sh('ip', 'link', 'add', `mgv${i}`, 'netns', g, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', v.ns);
      sh('ip', 'netns', 'exec', g, 'ip', 'link', 'set', `mgv${i}`, 'master', this.bridge);
      sh('ip', 'netns', 'exec', g, 'ip', 'link', 'set', `mgv${i}`, 'up');
      sh('ip', 'netns', 'exec', v.ns, 'ip', 'link', 'set', 'lo', 'up');
      sh('ip', 'netns', 'exec', v.ns, 'ip', 'addr', 'add', `${v.ip}/24`, 'dev', 'eth0');
      sh('ip', 'netns', 'exec', v.ns, 'ip', 'link', 'set', 'eth0', 'up');
      sh('ip', 'netns', 'exec', v.ns, 'ip', 'route', 'add', 'default', 'via', `10.77.${n}.1`);
    }
  }

  /** Starts the servers, then each victim's beacon and browsing. */
  async startTraffic(beaconMs = 400): Promise<void> {
    this.procs.push(spawn('ip', ['netns', 'exec', this.outside, process.execPath, '-e', SERVER, this.c2, this.web], { stdio: 'ignore' }));
    await new Promise((r) => setTimeout(r, 400));
    for (const v of this.victims) {
      const p = spawn('ip', ['netns', 'exec', v.ns, process.execPath, '-e', CLIENT, v.ip, this.c2, this.web, String(beaconMs)], { stdio: ['ignore', 'pipe', 'ignore'] });
      createInterface({ input: p.stdout! }).on('line', (l) => {
        try {
          this.outcomes.push(JSON.parse(l) as LabOutcome);
        } catch {
          /* not a result line */
        }
      });
      this.procs.push(p);
    }
  }

  /** Outcomes of one victim and kind that started within [from, to) (epoch ms). */
  results(victimIp: string, kind: LabOutcome['kind'], from: number, to = Infinity): { ok: number; failed: number } {
    let ok = 0;
    let failed = 0;
    for (const o of this.outcomes) if (o.victim === victimIp && o.kind === kind && o.t >= from && o.t < to) o.ok ? ok++ : failed++;
    return { ok, failed };
  }

  down(): void {
    for (const p of this.procs.splice(0)) p.kill('SIGKILL');
    for (const ns of [this.gateway, this.outside, ...this.victims.map((v) => v.ns)]) {
      try {
        sh('ip', 'netns', 'del', ns);
      } catch {
        /* not there */
      }
    }
  }
}
