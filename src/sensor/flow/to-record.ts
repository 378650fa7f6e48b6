// Turns a finished connection into the schema's Connection record, with Zeek's rules for which
// fields are set.
import type { Connection, ConnState, TransportProto } from '../../schema/conn.js';
import { addrString } from '../../net/ip-address.js';
import { communityId } from './community-id.js';
import type { Conn } from './conn.js';
import type { LocalNets } from './local-nets.js';
import { tcpConnState } from './tcp-lifecycle.js';

function protoName(p: number): TransportProto {
  return p === 6 ? 'tcp' : p === 17 ? 'udp' : p === 1 || p === 58 ? 'icmp' : 'unknown_transport';
}

function connState(c: Conn): ConnState {
  if (c.ipProto === 6) return tcpConnState(c) as ConnState;
  if (c.ipProto === 17) {
    if (c.origSize >= 0) return c.respSize >= 0 ? 'SF' : 'S0';
    return c.respSize >= 0 ? 'SHR' : 'OTH';
  }
  return 'OTH';
}

export interface RecordOptions {
  localNets: LocalNets | null;
  communityIdSeed: number | null;
}

export function connToRecord(c: Conn, opts: RecordOptions): Connection {
  const rec: Connection = {
    ts: c.startTime,
    uid: c.uid,
    id: {
      orig_h: addrString(c.v6, c.o0, c.o1, c.o2, c.o3),
      orig_p: c.op,
      resp_h: addrString(c.v6, c.r0, c.r1, c.r2, c.r3),
      resp_p: c.rp,
    },
    proto: protoName(c.ipProto),
    conn_state: connState(c),
    missed_bytes: c.missedBytes,
    orig_pkts: c.origPkts,
    orig_ip_bytes: c.origIpBytes,
    resp_pkts: c.respPkts,
    resp_ip_bytes: c.respIpBytes,
    ip_proto: c.ipProto,
  };
  if (c.services) rec.service = c.services.join(',');
  // Durations at the microsecond resolution of the timestamps (as logged, so every path agrees).
  const duration = Math.round((c.lastTime - c.startTime) * 1e6) / 1e6;
  if (duration > 0) {
    rec.duration = duration;
    if (c.tcpOrig) {
      rec.orig_bytes = c.tcpOrig.size(c.tcpResp!.state);
      rec.resp_bytes = c.tcpResp!.size(c.tcpOrig.state);
    } else {
      rec.orig_bytes = c.origSize > 0 ? c.origSize : 0;
      rec.resp_bytes = c.respSize > 0 ? c.respSize : 0;
    }
  }
  if (opts.localNets) {
    rec.local_orig = opts.localNets.contains(c.v6, c.o0, c.o1, c.o2, c.o3);
    rec.local_resp = opts.localNets.contains(c.v6, c.r0, c.r1, c.r2, c.r3);
  }
  if (c.history) rec.history = c.history;
  if (c.tunnelParents) rec.tunnel_parents = c.tunnelParents;
  if (c.origL2) rec.orig_l2_addr = c.origL2;
  if (c.respL2) rec.resp_l2_addr = c.respL2;
  if (c.vlan >= 0) rec.vlan = c.vlan;
  if (c.innerVlan >= 0) rec.inner_vlan = c.innerVlan;
  if (opts.communityIdSeed !== null) rec.community_id = communityId(c, opts.communityIdSeed);
  return rec;
}
