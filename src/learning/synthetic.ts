// Synthetic observation streams for tests and the benchmark: seeded, so every run is identical.
import type { Observation } from '../schema/observation.js';
import { mulberry32 as rng } from '../net/prng.js';
import type { ObserveContext } from './pattern-of-life.js';

export { rng };

export interface Annotated {
  obs: Observation;
  ctx: ObserveContext;
}

let uidCounter = 0;

/** An outbound connection from an internal device (10.x) to a peer. */
export function conn(ts: number, device: string, peer: string, port: number, origBytes: number, respBytes: number, external = true): Annotated {
  const n = uidCounter++;
  return {
    obs: {
      type: 'conn',
      record: {
        ts,
        uid: 'C' + n.toString(36),
        id: { orig_h: device, orig_p: 40000 + (n % 20000), resp_h: peer, resp_p: port },
        proto: 'tcp',
        duration: 1,
        orig_bytes: origBytes,
        resp_bytes: respBytes,
        conn_state: 'SF',
        missed_bytes: 0,
        orig_pkts: 3,
        orig_ip_bytes: origBytes + 120,
        resp_pkts: 3,
        resp_ip_bytes: respBytes + 120,
      },
    },
    ctx: { device, peer, peerIsExternal: external },
  };
}

export function dns(ts: number, device: string, query: string): Annotated {
  const n = uidCounter++;
  return {
    obs: { type: 'dns', record: { ts, uid: 'D' + n.toString(36), id: { orig_h: device, orig_p: 50000, resp_h: '10.0.0.53', resp_p: 53 }, query, qtype_name: 'A', rcode_name: 'NOERROR' } },
    ctx: { device, peer: '10.0.0.53', peerIsExternal: false },
  };
}

export function ssl(ts: number, device: string, peer: string, serverName: string, ja3: string): Annotated {
  const n = uidCounter++;
  return {
    obs: { type: 'ssl', record: { ts, uid: 'S' + n.toString(36), id: { orig_h: device, orig_p: 50001, resp_h: peer, resp_p: 443 }, server_name: serverName, ja3 } },
    ctx: { device, peer, peerIsExternal: true },
  };
}

/**
 * A mixed office stream: `devices` devices over `days` days of office hours, browsing a Zipf-popular
 * set of hosts, with DNS and TLS, plus one device beaconing. Deterministic for a seed.
 */
export function officeStream(seed: number, devices: number, days: number, perDevicePerHour: number, start = 1_700_000_000): Annotated[] {
  const r = rng(seed);
  const out: Annotated[] = [];
  for (let day = 0; day < days; day++) {
    for (let hour = 8; hour < 18; hour++) {
      for (let d = 0; d < devices; d++) {
        const dev = `10.0.${d >> 8}.${d & 255}`;
        for (let k = 0; k < perDevicePerHour; k++) {
          const ts = start + day * 86400 + hour * 3600 + Math.floor(r() * 3600 * 1e6) / 1e6;
          const rank = Math.floor(Math.pow(500, r()));
          const host = `site${rank}.example${rank % 7 === 0 ? '.co.uk' : '.com'}`;
          const ip = `203.0.${rank >> 8}.${rank & 255}`;
          const kind = r();
          if (kind < 0.2) out.push(dns(ts, dev, host));
          else if (kind < 0.35) out.push(ssl(ts, dev, ip, host, `ja3-${rank % 5}`));
          else out.push(conn(ts, dev, ip, r() < 0.9 ? 443 : 80, Math.floor(200 + r() * 5000), Math.floor(1000 + r() * 50000)));
        }
      }
    }
    for (let s = 0; s < 86400; s += 300) out.push(conn(start + day * 86400 + s + r(), '10.0.0.1', '198.51.100.7', 8443, 512, 128));
  }
  // sort by time, ties by uid, as a log would deliver them
  const uid = (a: Annotated): string => (a.obs.record as { uid: string }).uid;
  out.sort((a, b) => a.obs.record.ts - b.obs.record.ts || (uid(a) < uid(b) ? -1 : 1));
  return out;
}
