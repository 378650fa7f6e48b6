// When a TCP connection ends and what state it ended in: Zeek's expire and attempt timers,
// conn_state from the two endpoint states, and connection reuse on a new SYN.
import type { Conn } from './conn.js';
import { TCP_CONNECTION_LINGER, TH_ACK, TH_SYN, type TcpContext } from './tcp.js';
import { TcpState } from './tcp-endpoint.js';

/** Zeek's ExpireTimer for half-closed connections: true when the connection should be removed. */
export function halfClosedExpired(conn: Conn, t: number): boolean {
  const o = conn.tcpOrig!;
  const r = conn.tcpResp!;
  if (conn.lastTime + TCP_CONNECTION_LINGER < t) {
    if (o.didClose || r.didClose) {
      if ((o.didClose && r.didClose) || o.state === TcpState.RESET || r.state === TcpState.RESET || o.state === TcpState.INACTIVE || r.state === TcpState.INACTIVE) return true;
    }
    if (r.state === TcpState.INACTIVE && o.state === TcpState.INACTIVE) return true;
  }
  return false;
}

/** Zeek's AttemptTimer: the originator's SYN is still unanswered, so the attempt is over. */
export function tcpAttemptUnanswered(conn: Conn): boolean {
  const o = conn.tcpOrig!.state;
  return (o === TcpState.SYN_SENT || o === TcpState.SYN_ACK_SENT) && conn.tcpResp!.state === TcpState.INACTIVE;
}

/** conn_state from the endpoint states and history (Zeek's conn_state()). */
export function tcpConnState(conn: Conn): string {
  const os = conn.tcpOrig!.state;
  const rs = conn.tcpResp!.state;
  const oInactive = os === TcpState.INACTIVE || os === TcpState.PARTIAL;
  const rInactive = rs === TcpState.INACTIVE || rs === TcpState.PARTIAL;
  if (rs === TcpState.RESET) {
    if (os === TcpState.SYN_SENT || os === TcpState.SYN_ACK_SENT || (os === TcpState.RESET && conn.tcpOrig!.size(rs) === 0 && conn.tcpResp!.size(os) === 0)) return 'REJ';
    return oInactive ? 'RSTRH' : 'RSTR';
  }
  if (os === TcpState.RESET) {
    if (rInactive) return /^\^?S[^HAFGIQ]*R.*/.test(conn.history) ? 'RSTOS0' : 'OTH';
    return 'RSTO';
  }
  if (rs === TcpState.CLOSED && os === TcpState.CLOSED) return 'SF';
  if (os === TcpState.CLOSED) return rInactive ? 'SH' : 'S2';
  if (rs === TcpState.CLOSED) return oInactive ? 'SHR' : 'S3';
  if (os === TcpState.SYN_SENT && rs === TcpState.INACTIVE) return 'S0';
  if (os === TcpState.ESTABLISHED && rs === TcpState.ESTABLISHED) return 'S1';
  return 'OTH';
}

/** Zeek's TCP IsReuse: a new SYN on a closed (or different-ISN) connection starts a new one. */
export function tcpIsReuse(ctx: TcpContext, conn: Conn, flags: number, seq: number): boolean {
  if (!(flags & TH_SYN)) return false;
  const o = conn.tcpOrig!;
  const r = conn.tcpResp!;
  let connOrig = o;
  if (flags & TH_ACK) {
    if (o.state !== TcpState.INACTIVE) return false;
    connOrig = r;
  }
  const closed = o.didClose || r.didClose;
  if (!closed) {
    if (seq === connOrig.startSeq32()) return false;
    if (!(flags & TH_ACK) && connOrig.state === TcpState.SYN_ACK_SENT && r.state === TcpState.INACTIVE && seq === r.startSeq32()) return false;
    if (connOrig.state === TcpState.SYN_SENT) ctx.weird(conn, 'SYN_seq_jump');
    else ctx.weird(conn, 'active_connection_reuse');
  } else if ((o.state !== TcpState.INACTIVE || r.state !== TcpState.INACTIVE) && o.state !== TcpState.RESET && r.state !== TcpState.RESET) {
    ctx.weird(conn, 'active_connection_reuse');
  }
  return true;
}
