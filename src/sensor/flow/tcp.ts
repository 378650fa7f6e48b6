// TCP per-packet processing with Zeek's meaning: endpoint state machine, relative sequence numbers,
// history letters, sizes from sequence space, content gaps, and when a closed connection is removed.
// Follows Zeek's TCPSessionAdapter::DeliverPacket step by step so conn.log fields agree with Zeek's.
import { Conn, HIST } from './conn.js';
import { seqDelta, TOO_LARGE_SEQ_DELTA } from './seq.js';
import { TcpEndpoint, TcpState } from './tcp-endpoint.js';

export const TH_FIN = 0x01;
export const TH_SYN = 0x02;
export const TH_RST = 0x04;
export const TH_ACK = 0x10;

/** Seconds after a full close (or reset) before the connection is removed (Zeek tcp_close_delay). */
export const TCP_CLOSE_DELAY = 5;
/** Half-closed connections are checked this often (Zeek tcp_session_timer) … */
export const TCP_SESSION_TIMER = 6;
/** … and removed once quiet this long (Zeek tcp_connection_linger). */
export const TCP_CONNECTION_LINGER = 5;

/** An originator's SYN unanswered this long ends the connection (Zeek tcp_attempt_delay). */
export const TCP_ATTEMPT_DELAY = 5;

export interface TcpContext {
  weird(conn: Conn, name: string): void;
  /** flips originator and responder of `conn` */
  flip(conn: Conn): void;
  /** in-sequence-space payload for stream analysis (only fully captured segments) */
  payload?(conn: Conn, isOrig: boolean, relSeq: number, buf: Buffer, off: number, len: number): void;
  /** the data of the `dataIsOrig` side is acknowledged up to `relAck` */
  acked?(conn: Conn, dataIsOrig: boolean, relAck: number): void;
  /** seconds a closed connection is kept for stragglers before it is logged (Zeek's tcp_close_delay; default TCP_CLOSE_DELAY) */
  readonly closeDelay?: number;
}

export interface TcpSegment {
  flags: number;
  seq: number;
  ack: number;
  win: number;
  /** payload length per the IP header */
  len: number;
  /** the packet bytes and where the payload starts */
  buf: Buffer;
  off: number;
  /** the whole payload was captured (not cut by a snap length) */
  captured: boolean;
}

export function initTcp(conn: Conn): void {
  conn.tcpOrig = new TcpEndpoint(true);
  conn.tcpResp = new TcpEndpoint(false);
}

function scaled(conn: Conn, code: string, counter: 'rxmt' | 'win0' | 'gap' | 'chk', ep: TcpEndpoint): void {
  const cnt = (counter + 'Cnt') as 'rxmtCnt';
  const th = (counter + 'Thresh') as 'rxmtThresh';
  if (++ep[cnt] === ep[th]) {
    conn.history += ep.isOrig ? code : code.toLowerCase();
    const next = ep[th] * 10;
    if (next <= ep[th] || next > 0xffffffff) ep[cnt] = 0;
    else ep[th] = next;
  }
}

/** A segment with a bad checksum: recorded in history ('C'), otherwise ignored, as Zeek does. */
export function tcpChecksumError(conn: Conn, isOrig: boolean): void {
  scaled(conn, 'C', 'chk', isOrig ? conn.tcpOrig! : conn.tcpResp!);
}

function addHist(conn: Conn, ep: TcpEndpoint, code: string): void {
  conn.history += ep.isOrig ? code : code.toLowerCase();
}

function checkHist(conn: Conn, ep: TcpEndpoint, mask: number, code: string): boolean {
  return ep.isOrig ? conn.checkHistory(mask, code) : conn.checkHistory(mask << 16, code.toLowerCase());
}

function updateHistory(conn: Conn, flags: number, ep: TcpEndpoint, relSeq: number, len: number): void {
  const syn = flags & TH_SYN;
  const fin = flags & TH_FIN;
  const rst = flags & TH_RST;
  const bits = (syn ? 1 : 0) + (fin ? 1 : 0) + (rst ? 1 : 0);
  if (bits > 1) {
    if (fin && rst) checkHist(conn, ep, HIST.FIN_RST, 'I');
    else checkHist(conn, ep, HIST.MULTI_FLAG, 'Q');
  } else if (bits === 1) {
    if (syn) {
      const code = flags & TH_ACK ? 'H' : 'S';
      if (!checkHist(conn, ep, HIST.SYN, code) && relSeq !== ep.histLastSyn) addHist(conn, ep, code);
      ep.histLastSyn = relSeq;
    }
    if (fin) {
      // For FINs the sequence number that matters comes after any data in the packet.
      if (!checkHist(conn, ep, HIST.FIN, 'F') && relSeq + len !== ep.histLastFin) addHist(conn, ep, 'F');
      ep.histLastFin = relSeq + len;
    }
    if (rst) {
      if (!checkHist(conn, ep, HIST.RST, 'R') && relSeq !== ep.histLastRst) addHist(conn, ep, 'R');
      ep.histLastRst = relSeq;
    }
  } else if (len) {
    checkHist(conn, ep, HIST.DATA, 'D');
  } else if (flags & TH_ACK) {
    checkHist(conn, ep, HIST.ACK, 'A');
  }
}

function initEndpoint(ctx: TcpContext, conn: Conn, ep: TcpEndpoint, flags: number, firstSeq: number, lastSeq: number): void {
  const syn = flags & TH_SYN;
  switch (ep.state) {
    case TcpState.INACTIVE:
      if (syn) {
        ep.initAckSeq(firstSeq);
        ep.initStartSeq(firstSeq);
      } else {
        // A partial connection: number as though a SYN had been seen, keeping relative numbers sane.
        ep.initAckSeq(firstSeq - 1);
        ep.initStartSeq((firstSeq - 1) >>> 0);
        lastSeq = firstSeq;
      }
      ep.initLastSeq(lastSeq);
      break;
    case TcpState.SYN_SENT:
    case TcpState.SYN_ACK_SENT:
      if (syn && firstSeq !== ep.startSeq32()) {
        ctx.weird(conn, 'SYN_seq_jump');
        ep.initStartSeq(firstSeq);
        ep.initAckSeq(firstSeq);
        ep.initLastSeq(lastSeq);
      }
      break;
    case TcpState.ESTABLISHED:
    case TcpState.PARTIAL:
      if (syn) {
        if (ep.size(ep === conn.tcpOrig ? conn.tcpResp!.state : conn.tcpOrig!.state) > 0) ctx.weird(conn, 'SYN_inside_connection');
        if (firstSeq !== ep.startSeq32()) ctx.weird(conn, 'SYN_seq_jump');
        ep.initStartSeq(firstSeq);
        ep.initAckSeq(firstSeq);
        ep.initLastSeq(lastSeq);
      }
      break;
    case TcpState.RESET:
      if (syn && ep.prevState === TcpState.INACTIVE) {
        ep.initStartSeq(firstSeq);
        ep.initAckSeq(firstSeq);
        ep.initLastSeq(lastSeq);
      }
      break;
    default:
      break;
  }
}

function initPeer(ctx: TcpContext, conn: Conn, peer: TcpEndpoint, ep: TcpEndpoint, flags: number, ack: number): void {
  if (!(flags & (TH_SYN | TH_FIN | TH_RST))) {
    if (ep.state === TcpState.SYN_SENT || ep.state === TcpState.SYN_ACK_SENT || ep.state === TcpState.ESTABLISHED) {
      if (!conn.weirds) ctx.weird(conn, 'possible_split_routing');
    }
  }
  const s = (ack - 1) >>> 0;
  peer.initStartSeq(s);
  peer.initAckSeq(s);
  peer.initLastSeq(s);
}

function updateLastSeq(ep: TcpEndpoint, last: number, flags: number, len: number, conn: Conn): number {
  const delta = seqDelta(last, ep.lastSeq);
  if (flags & (TH_SYN | TH_RST) && (delta > TOO_LARGE_SEQ_DELTA || delta < -TOO_LARGE_SEQ_DELTA)) {
    // don't trust wild sequence numbers on SYN or RST
  } else if (flags & TH_FIN && ep.lastSeq === ((ep.startSeq + 1) >>> 0)) {
    ep.updateLastSeq(last);
  } else if (ep.state === TcpState.RESET) {
    // nothing after a reset is trusted
  } else if (delta > 0) {
    ep.updateLastSeq(last);
  } else if (len > 0) {
    scaled(conn, 'T', 'rxmt', ep);
  }
  return delta;
}

function isClean(e: TcpEndpoint): boolean {
  return e.state === TcpState.ESTABLISHED || (e.state === TcpState.CLOSED && e.prevState === TcpState.ESTABLISHED);
}

/** Processes one TCP segment of `conn`. `isOrig` says who sent it. */
export function processTcp(ctx: TcpContext, conn: Conn, isOrig: boolean, s: TcpSegment, t: number): void {
  const ep = isOrig ? conn.tcpOrig! : conn.tcpResp!;
  const peer = isOrig ? conn.tcpResp! : conn.tcpOrig!;
  const flags = s.flags;
  const baseSeq = s.seq;
  const ackSeq = s.ack;
  const len = s.len;
  const segLen = len + (flags & TH_SYN ? 1 : 0) + (flags & TH_FIN ? 1 : 0);
  const onePast = (baseSeq + segLen) >>> 0;

  initEndpoint(ctx, conn, ep, flags, baseSeq, onePast);
  let relSeq = ep.relativeSeq(baseSeq, ep.lastSeq, ep.lastSeqHigh);
  const seqUnderflow = Number.isNaN(relSeq);
  if (seqUnderflow) {
    relSeq = seqDelta(baseSeq, ep.startSeq32()) >>> 0;
    if (!ep.didClose) ctx.weird(conn, 'TCP_seq_underflow_or_misorder');
  }
  updateHistory(conn, flags, ep, relSeq, len);

  // Zero windows are interesting unless they come with or after a reset, or after the peer's FIN.
  if (s.win === 0 && !(flags & TH_RST) && peer.state !== TcpState.CLOSED && ep.state !== TcpState.RESET) scaled(conn, 'W', 'win0', ep);

  if (!conn.tcpOrig!.didClose || !conn.tcpResp!.didClose) conn.lastTime = t;

  if (flags & TH_FIN) {
    ++ep.finCnt;
    ep.finSeq = relSeq + segLen;
  }
  if (flags & TH_RST) ++ep.rstCnt;

  let relAck = 0;
  if (flags & TH_ACK) {
    if (peer.state === TcpState.INACTIVE) {
      relAck = 1;
      initPeer(ctx, conn, peer, ep, flags, ackSeq);
    } else {
      const r = peer.relativeSeq(ackSeq, peer.ackSeq, peer.ackSeqHigh);
      if (Number.isNaN(r)) {
        relAck = 0;
        ctx.weird(conn, 'TCP_ack_underflow_or_misorder');
      } else {
        relAck = r;
        if (!(flags & TH_RST)) {
          const d = seqDelta(ackSeq, peer.ackSeq);
          if (!(ackSeq === 0 && d > TOO_LARGE_SEQ_DELTA) && d > 0) peer.updateAckSeq(ackSeq);
        }
      }
    }
  }

  const deltaLast = updateLastSeq(ep, onePast, flags, len, conn);
  const close = updateStateMachine(ctx, conn, ep, peer, baseSeq, ackSeq, len, deltaLast, isOrig, flags);

  if (flags & TH_ACK && relAck > 0) {
    ackReceived(conn, peer, relAck);
    if (ctx.acked && conn.app) ctx.acked(conn, peer.isOrig, relAck);
  }

  if (len > 0 && !(flags & TH_RST) && !seqUnderflow) {
    const dataSeq = relSeq + (flags & TH_SYN ? 1 : 0);
    ep.dataSent(dataSeq, len);
    if (ctx.payload && s.captured) ctx.payload(conn, isOrig, dataSeq, s.buf, s.off, len);
  }

  if (close) connectionClosed(conn, ep, peer, t, ctx.closeDelay ?? TCP_CLOSE_DELAY);
}

/** The peer acknowledged `relAck` of `ep`'s data: unseen bytes below it are a content gap. */
function ackReceived(conn: Conn, ep: TcpEndpoint, relAck: number): void {
  let seq = relAck;
  if (ep.finCnt > 0 && seq >= ep.finSeq) seq = ep.finSeq - 1;
  if (seq <= ep.lastReassem) return;
  const peer = ep === conn.tcpOrig ? conn.tcpResp! : conn.tcpOrig!;
  if (seq <= 2 && (conn.tcpOrig!.state === TcpState.PARTIAL || conn.tcpResp!.state === TcpState.PARTIAL || isPartialConn(conn))) {
    ep.lastReassem = seq;
    return;
  }
  const missing = ep.trimTo(seq);
  if (missing > 0 && isClean(ep) && isClean(peer)) {
    conn.missedBytes += missing;
    scaled(conn, 'G', 'gap', ep);
  }
}

function isPartialConn(conn: Conn): boolean {
  // Zeek's is_partial: the connection did not start with a SYN from the originator.
  return (conn.histSeen & HIST.SYN) === 0;
}

function updateStateMachine(
  ctx: TcpContext, conn: Conn, ep: TcpEndpoint, peer: TcpEndpoint,
  baseSeq: number, ackSeq: number, len: number, deltaLast: number, isOrig: boolean, flags: number,
): boolean {
  const syn = flags & TH_SYN;
  const fin = flags & TH_FIN;
  const rst = flags & TH_RST;
  const ack = flags & TH_ACK;
  let doClose = false;
  switch (ep.state) {
    case TcpState.INACTIVE: {
      if (syn) {
        if (isOrig) {
          if (ack) {
            ctx.weird(conn, 'connection_originator_SYN_ack');
            ep.setState(TcpState.SYN_ACK_SENT);
          } else ep.setState(TcpState.SYN_SENT);
          if (!conn.attemptAt) conn.attemptAt = conn.lastTime + TCP_ATTEMPT_DELAY;
        } else {
          if (ack) {
            if (peer.state !== TcpState.INACTIVE && peer.state !== TcpState.PARTIAL && !seqBetween(ackSeq, peer.startSeq32(), peer.lastSeq)) ctx.weird(conn, 'bad_SYN_ack');
          } else if (peer.state === TcpState.SYN_ACK_SENT && baseSeq === ep.startSeq32()) {
            // A SYN/SYN-ACK reversal: flip the endpoints and establish.
            ctx.flip(conn);
            peer.setState(TcpState.ESTABLISHED);
          } else ctx.weird(conn, 'simultaneous_open');
          if (peer.state === TcpState.SYN_SENT) peer.setState(TcpState.ESTABLISHED);
          else if (peer.state === TcpState.INACTIVE) ctx.weird(conn, 'unsolicited_SYN_response');
          ep.setState(TcpState.ESTABLISHED);
        }
      }
      if (fin) {
        ep.setState(TcpState.CLOSED);
        doClose = true;
        if (peer.state !== TcpState.PARTIAL && !syn) ctx.weird(conn, 'spontaneous_FIN');
      }
      if (rst) {
        ep.setState(TcpState.RESET);
        let reject = false;
        if (isOrig) reject = peer.state === TcpState.ESTABLISHED;
        else reject = peer.state === TcpState.SYN_SENT || peer.state === TcpState.SYN_ACK_SENT;
        doClose = true;
        if (!reject && peer.state === TcpState.INACTIVE) ctx.weird(conn, 'spontaneous_RST');
      }
      if (ep.state === TcpState.INACTIVE) {
        // No control flags changed the state. Some stacks ack the initial SYN before answering it.
        const origSynSent = conn.tcpOrig!.state === TcpState.SYN_SENT;
        if (!isOrig && len === 0 && origSynSent) {
          // an early ack of the SYN: not a partial connection
        } else if (ack && peer.state === TcpState.ESTABLISHED) {
          // The SYN was missed but the SYN-ACK seen: this ack establishes the connection.
          ep.setState(TcpState.ESTABLISHED);
        } else ep.setState(TcpState.PARTIAL);
      }
      break;
    }
    case TcpState.SYN_SENT:
    case TcpState.SYN_ACK_SENT:
      if (syn) {
        if (isOrig) {
          if (ack && !fin && !rst && ep.state !== TcpState.SYN_ACK_SENT) ctx.weird(conn, 'repeated_SYN_with_ack');
        } else if (!ack && ep.state !== TcpState.SYN_SENT) ctx.weird(conn, 'repeated_SYN_reply_wo_ack');
      }
      if (fin) {
        if (peer.state === TcpState.INACTIVE || peer.state === TcpState.SYN_SENT) ctx.weird(conn, 'inappropriate_FIN');
        ep.setState(TcpState.CLOSED);
        doClose = true;
      }
      if (rst) {
        ep.setState(TcpState.RESET);
        doClose = true;
      } else if (len > 0) ctx.weird(conn, 'data_before_established');
      break;
    case TcpState.ESTABLISHED:
    case TcpState.PARTIAL:
      if (syn && ep.state === TcpState.PARTIAL && peer.state === TcpState.INACTIVE && !ack) {
        ctx.weird(conn, 'SYN_after_partial');
        ep.setState(TcpState.SYN_SENT);
      }
      if (fin && !rst) {
        ep.setState(TcpState.CLOSED);
        doClose = true;
      }
      if (rst) {
        ep.setState(TcpState.RESET);
        doClose = true;
      }
      break;
    case TcpState.CLOSED:
      if (syn) ctx.weird(conn, 'SYN_after_close');
      if (fin && deltaLast > 0) ctx.weird(conn, 'FIN_advanced_last_seq');
      if (rst && peer.state !== TcpState.CLOSED) {
        ep.setState(TcpState.RESET);
        if (!ep.didClose) doClose = true;
      }
      break;
    case TcpState.RESET:
      if (syn) ctx.weird(conn, 'SYN_after_reset');
      if (fin) ctx.weird(conn, 'FIN_after_reset');
      if (len > 0 && !rst) ctx.weird(conn, 'data_after_reset');
      break;
  }
  return doClose;
}

function seqBetween(seq: number, low: number, high: number): boolean {
  return seqDelta(seq, low) >= 0 && seqDelta(seq, high) <= 0;
}

/** Zeek's ConnectionClosed: decides when the connection will be removed. */
function connectionClosed(conn: Conn, ep: TcpEndpoint, peer: TcpEndpoint, t: number, closeDelay: number): void {
  if (ep.didClose) return;
  ep.didClose = true;
  const complete = ep.state === TcpState.RESET || peer.didClose || peer.state === TcpState.INACTIVE;
  if (complete) {
    if (!conn.deleteAt) conn.deleteAt = conn.lastTime + closeDelay;
  } else if (ep.prevState !== TcpState.INACTIVE) {
    if (!conn.expireCheckAt) conn.expireCheckAt = t + TCP_SESSION_TIMER;
  }
}

