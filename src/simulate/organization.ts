// A believable organisation for the simulator (external sites use public-looking addresses: the
// documentation ranges count as local by Zeek's default, which would hide them from learning): workstations that keep office hours and browse
// (DNS, then HTTPS or HTTP), lease addresses by DHCP and sync time; servers; a domain controller
// that resolves names; IoT cameras that upload to their cloud around the clock.
import { makeCertificate, makeIssuer, type Issuer } from './tls/certificate.js';
import { BROWSER, TOOL } from './tls/handshake.js';
import { tlsSession } from './tls/session.js';
import { frame, udpDatagram, type Endpoint } from './packet-builder.js';
import { dhcp, dns, httpRequest, httpResponse, ntp, USER_AGENTS } from './protocols.js';
import type { SimRandom } from './random.js';
import { tcpSession, udpExchange, type TimedFrame } from './sessions.js';
import { DNS_DOMAIN, logon, mapShare } from './windows/activity.js';

export interface Device extends Endpoint {
  hostname: string;
  role: 'workstation' | 'server' | 'domain-controller' | 'printer' | 'iot';
}

export interface Site {
  hostname: string;
  ip: string;
  chain: Buffer[];
  /** visited by the organisation's browsers (popular) or only by a tool (rare) */
  popularity: number;
}

export interface Organisation {
  devices: Device[];
  dc: Device;
  gateway: Device;
  sites: Site[];
  issuer: Issuer;
}

const POPULAR = ['www.office-suite.example', 'mail.example.com', 'news.example.org', 'cdn.example.net', 'search.example.com', 'video.example.com', 'docs.example.org', 'updates.example.com', 'crm.example.com', 'weather.example.net', 'intranet-sso.example.com', 'chat.example.com'];

export function buildOrganisation(r: SimRandom, devices: number, start: number): Organisation {
  const mac = (i: number) => `02:4d:4d:${((i >> 16) & 255).toString(16).padStart(2, '0')}:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;
  const gateway: Device = { ip: '10.20.0.1', mac: mac(1), hostname: 'gw', role: 'server' };
  const dc: Device = { ip: '10.20.0.10', mac: mac(10), hostname: 'dc01', role: 'domain-controller' };
  const list: Device[] = [dc, { ip: '10.20.0.20', mac: mac(20), hostname: 'files01', role: 'server' }, { ip: '10.20.0.21', mac: mac(21), hostname: 'web01', role: 'server' }];
  for (let i = 0; list.length < devices; i++) {
    const kind = i % 12 === 10 ? 'printer' : i % 12 === 11 ? 'iot' : 'workstation';
    const host = 100 + i;
    list.push({ ip: `10.20.${1 + Math.floor(host / 250)}.${host % 250}`, mac: mac(1000 + i), hostname: kind === 'workstation' ? `ws${String(i).padStart(3, '0')}` : `${kind}${i}`, role: kind });
  }
  const issuer = makeIssuer(r.fork('issuer'), 'Simulated Issuing CA', 'Simulated Trust Services');
  const sites: Site[] = POPULAR.map((hostname, i) => {
    const chain = [makeCertificate(r.fork(hostname), { hostname, organisation: 'Example Inc', serial: 1000 + i, notBefore: start - 90 * 86400, notAfter: start + 300 * 86400, issuer })];
    return { hostname, ip: `151.101.${64 + i}.${10 + i}`, chain, popularity: 1 / (i + 1) };
  });
  return { devices: list, dc, gateway, sites, issuer };
}

/** Frames to or from the internet carry the gateway's MAC. */
export function viaGateway(org: Organisation, ip: string): Endpoint {
  return { ip, mac: org.gateway.mac };
}

let portCounter = 49152;

/** Restarts client port allocation (a simulation starts from the same state every time). */
export function resetPorts(): void {
  portCounter = 49152;
}

export function ephemeralPort(): number {
  portCounter = portCounter >= 65000 ? 49152 : portCounter + 1;
  return portCounter;
}

function pickSite(r: SimRandom, sites: Site[]): Site {
  const total = sites.reduce((n, s) => n + s.popularity, 0);
  let x = r.next() * total;
  for (const s of sites) if ((x -= s.popularity) <= 0) return s;
  return sites[0]!;
}

/** A DNS lookup by `client` through the domain controller. */
export function lookup(r: SimRandom, org: Organisation, client: Endpoint, t: number, name: string, type: 'A' | 'TXT', answers: string[]): TimedFrame[] {
  const m = dns(r.int(65536), name, type, answers);
  return udpExchange(client, org.dc, ephemeralPort(), 53, t, m.query, m.response, 0.002 + r.next() * 0.01);
}

/** One day of normal business for one device. */
export function deviceDay(r: SimRandom, org: Organisation, d: Device, dayStart: number): TimedFrame[] {
  const out: TimedFrame[] = [];
  const weekday = new Date(dayStart * 1000).getUTCDay();
  if (d.role === 'iot') {
    const cloud = viaGateway(org, '52.94.236.77');
    for (let t = dayStart + r.next() * 300; t < dayStart + 86400; t += 300 + r.range(-5, 5)) {
      out.push(...tlsSession(r, { client: d, server: cloud, sport: ephemeralPort(), start: t, sni: 'ingest.camcloud.example', profile: TOOL, chain: org.sites[0]!.chain, tls13: false, upload: 20000 + r.int(5000), download: 300 }));
    }
    return out;
  }
  if (d.role !== 'workstation') return out;
  if (weekday === 0 || weekday === 6) return out; // nobody in at the weekend
  const arrive = dayStart + 8 * 3600 + r.exp(1800);
  const leave = dayStart + 17 * 3600 + r.exp(3600);
  // The day starts with a lease and a clock sync.
  const xid = r.int(0x7fffffff);
  const server: Endpoint = { ip: org.dc.ip, mac: org.dc.mac };
  const bcast: Endpoint = { ip: '255.255.255.255', mac: 'ff:ff:ff:ff:ff:ff' };
  const zero: Endpoint = { ip: '0.0.0.0', mac: d.mac };
  out.push({ ts: arrive, frame: frame(zero, bcast, 17, udpDatagram(68, 67, dhcp(1, xid, d.mac, { hostname: d.hostname }))) });
  out.push({ ts: arrive + 0.01, frame: frame(server, { ip: d.ip, mac: d.mac }, 17, udpDatagram(67, 68, dhcp(2, xid, d.mac, { yiaddr: d.ip, server: org.dc.ip, lease: 86400 }))) });
  out.push({ ts: arrive + 0.02, frame: frame(zero, bcast, 17, udpDatagram(68, 67, dhcp(3, xid, d.mac, { hostname: d.hostname, requested: d.ip, server: org.dc.ip }))) });
  out.push({ ts: arrive + 0.03, frame: frame(server, { ip: d.ip, mac: d.mac }, 17, udpDatagram(67, 68, dhcp(5, xid, d.mac, { yiaddr: d.ip, server: org.dc.ip, lease: 86400 }))) });
  const n = ntp(arrive + 1);
  out.push(...udpExchange(d, viaGateway(org, '162.159.200.123'), 123, 123, arrive + 1, n.request, n.reply, 0.02));
  out.push(...windowsDay(r.fork('windows'), org, d, arrive + 2, leave));
  const ua = r.pick(USER_AGENTS.slice(0, 2));
  for (let t = arrive + 5; t < leave; t += r.exp(240)) {
    const site = pickSite(r, org.sites);
    out.push(...lookup(r, org, d, t, site.hostname, 'A', [site.ip]));
    if (r.chance(0.85)) {
      out.push(...tlsSession(r, { client: d, server: viaGateway(org, site.ip), sport: ephemeralPort(), start: t + 0.02, sni: site.hostname, profile: BROWSER, chain: site.chain, tls13: r.chance(0.6), upload: 300 + r.int(2000), download: 2000 + r.int(30000) }));
    } else {
      const req = httpRequest('GET', site.hostname, `/article/${r.int(10000)}`, ua);
      out.push(...tcpSession({ client: d, server: viaGateway(org, site.ip), sport: ephemeralPort(), dport: 80, start: t + 0.02, exchanges: [{ request: req, response: httpResponse(r, 1000 + r.int(15000)) }], rtt: 0.03 }));
    }
  }
  return out;
}

/** The Windows side of a workstation's day: logon to the domain, then the file share a few times. */
function windowsDay(r: SimRandom, org: Organisation, d: Device, from: number, until: number): TimedFrame[] {
  const files = org.devices.find((x) => x.hostname === 'files01');
  if (!files) return [];
  const out: TimedFrame[] = [];
  out.push(...lookup(r, org, d, from, `${org.dc.hostname}.${DNS_DOMAIN}`, 'A', [org.dc.ip]));
  out.push(...logon(r, d, org.dc, files.hostname, from + 0.1, ephemeralPort).frames);
  out.push(...lookup(r, org, d, from + 40, `${files.hostname}.${DNS_DOMAIN}`, 'A', [files.ip]));
  const maps = 2 + r.int(3);
  let t = from + 40.1;
  for (let i = 0; i < maps && t < until; i++) {
    out.push(...mapShare(r, d, files, t, ephemeralPort()));
    t += r.range(0.3, 1) * ((until - from) / maps);
  }
  return out;
}
