// Hand-built observations for the entities tests: only the fields the resolver reads, the rest filled.
import type { Connection } from '../schema/conn.js';
import type { Observation } from '../schema/observation.js';

let n = 0;

export function conn(ts: number, orig: string, resp: string, respPort: number, opts: Partial<Connection> & { origMac?: string; respMac?: string } = {}): Observation {
  const { origMac, respMac, ...rest } = opts;
  const record: Connection = {
    ts, uid: `C${++n}`, id: { orig_h: orig, orig_p: 50000 + (n % 10000), resp_h: resp, resp_p: respPort }, proto: 'tcp', conn_state: 'SF',
    missed_bytes: 0, orig_pkts: 3, orig_ip_bytes: 300, resp_pkts: 3, resp_ip_bytes: 300, orig_bytes: 100, resp_bytes: 200,
    ...(origMac ? { orig_l2_addr: origMac } : {}), ...(respMac ? { resp_l2_addr: respMac } : {}), ...rest,
  };
  return { type: 'conn', record };
}

export function dhcpAck(ts: number, mac: string, ip: string, hostName?: string, server = '10.0.0.2'): Observation {
  return { type: 'dhcp', record: { ts, mac, assigned_addr: ip, client_addr: ip, server_addr: server, lease_time: 86400, msg_types: ['REQUEST', 'ACK'], ...(hostName ? { host_name: hostName } : {}) } };
}

export function id(orig: string, resp: string, port: number) {
  return { orig_h: orig, orig_p: 50000, resp_h: resp, resp_p: port };
}
