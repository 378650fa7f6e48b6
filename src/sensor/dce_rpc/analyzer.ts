// DCE/RPC sessions: binds map context ids to interfaces, each request/response pair becomes one
// dce_rpc.log record (endpoint, operation, rtt), as Zeek's base/protocols/dce-rpc/main.zeek logs
// them. The core (DceRpcSession) is driven by TCP (port 135 and dynamic ports, spec below) and by
// SMB named pipes (one session per pipe file id, named_pipe set to the pipe name).
import type { DceRpc } from '../../schema/logs/dce-rpc.js';
import type { AnalyzerContext, StreamAnalyzer, StreamAnalyzerSpec } from '../app/analyzer.js';
import { NtlmTracker } from '../ntlm/analyzer.js';
import { endpointName, IGNORED_OPERATIONS, operationName, PIPE_TO_UUID } from './names.js';
import { parsePdu, parsePduHeader, PDU_HEADER, PFC_LAST_FRAG, PTYPE, type Pdu } from './parse.js';

/** Context ids remembered per session. */
export const MAX_CONTEXTS = 64;
/** Outstanding calls (call id → opnum) remembered per session. */
export const MAX_PENDING_CALLS = 256;
/** Bytes buffered per direction while a PDU is incomplete (frag_length is 16 bits). */
export const MAX_PDU_BYTES = 65535;

/**
 * Zeek does not hand the auth verifier of (orig-side) alter_context PDUs to NTLM: its ntlm.log for a
 * DCOM alter_context handshake has the server names but no user. Kept for agreement with Zeek.
 */
const FORWARD_ALTER_CONTEXT_AUTH = false;
const AUTH_SPNEGO = 9;
const AUTH_NTLM = 10;

export interface DceRpcOptions {
  /** SMB pipe name (e.g. "\PIPE\svcctl"); over TCP the bind_ack's secondary address is used */
  namedPipe?: string;
  /** NTLM state shared with the carrying connection (SMB passes its own) */
  ntlm?: NtlmTracker;
}

export function normalizePipeName(p: string): string {
  const l = p.toLowerCase();
  return l.startsWith('\\pipe\\') ? l.slice(6) : l.startsWith('\\') ? l.slice(1) : l;
}

export class DceRpcSession {
  private readonly ctxToUuid = new Map<number, string>();
  private uuid: string | undefined;
  private readonly calls = new Map<number, number>();
  private readonly info: DceRpc;
  private readonly pending: [Buffer | null, Buffer | null] = [null, null];
  private readonly ntlm: NtlmTracker;
  private readonly ownsNtlm: boolean;
  private confirmed = false;
  private broken = false;

  constructor(private readonly ctx: AnalyzerContext, opts: DceRpcOptions = {}) {
    this.info = { ts: ctx.now(), uid: ctx.conn.uid, id: ctx.conn.id };
    if (opts.namedPipe !== undefined) this.info.named_pipe = opts.namedPipe;
    this.ownsNtlm = !opts.ntlm;
    this.ntlm = opts.ntlm ?? new NtlmTracker(ctx);
  }

  /** In-order bytes of one direction (TCP payload or SMB pipe reads/writes). */
  data(isOrig: boolean, data: Buffer): void {
    if (this.broken) return;
    const i = isOrig ? 0 : 1;
    let buf = this.pending[i] ? Buffer.concat([this.pending[i]!, data]) : data;
    this.pending[i] = null;
    while (buf.length) {
      const h = parsePduHeader(buf);
      if (h.status === 'malformed') {
        this.broken = true;
        this.ctx.weird(h.anomaly);
        return;
      }
      if (h.status === 'need-more' || buf.length < h.value.fragLength) {
        if (buf.length > MAX_PDU_BYTES) {
          this.broken = true;
          return this.ctx.weird('dce_rpc_pdu_too_large');
        }
        this.pending[i] = Buffer.from(buf);
        return;
      }
      this.pdu(isOrig, buf.subarray(0, h.value.fragLength));
      buf = buf.subarray(h.value.fragLength);
    }
  }

  /** Bytes of a direction were lost: drop the partial PDU. */
  gap(isOrig: boolean): void {
    this.pending[isOrig ? 0 : 1] = null;
  }

  /** One whole PDU. Returns false when the bytes are not DCE/RPC. */
  pdu(isOrig: boolean, bytes: Buffer): boolean {
    const r = parsePdu(bytes);
    if (r.status !== 'ok') {
      this.ctx.weird(r.status === 'malformed' ? r.anomaly : 'dce_rpc_truncated_pdu');
      return false;
    }
    if (!this.confirmed) {
      this.confirmed = true;
      this.ctx.confirm('dce_rpc');
    }
    this.handle(isOrig, r.value);
    return true;
  }

  private handle(_isOrig: boolean, p: Pdu): void {
    const t = p.header.ptype;
    if (p.authToken && (p.authType === AUTH_NTLM || p.authType === AUTH_SPNEGO) && t !== PTYPE.REQUEST && t !== PTYPE.RESPONSE && (FORWARD_ALTER_CONTEXT_AUTH || t !== PTYPE.ALTER_CONTEXT)) this.ntlm.blob(p.authToken);
    switch (t) {
      case PTYPE.BIND:
      case PTYPE.ALTER_CONTEXT:
        for (const c of p.contexts ?? []) {
          if (this.ctxToUuid.size < MAX_CONTEXTS || this.ctxToUuid.has(c.ctxId)) this.ctxToUuid.set(c.ctxId, c.uuid);
          this.uuid = c.uuid;
          this.info.endpoint = endpointName(c.uuid);
        }
        return;
      case PTYPE.BIND_ACK:
        if (p.secAddr) this.info.named_pipe = p.secAddr;
        return;
      case PTYPE.REQUEST:
        if (this.calls.size >= MAX_PENDING_CALLS && !this.calls.has(p.header.callId)) this.calls.delete(this.calls.keys().next().value!);
        this.calls.set(p.header.callId, p.opnum!);
        if (!(p.header.flags & PFC_LAST_FRAG)) return;
        this.info.ts = this.ctx.now();
        return;
      case PTYPE.RESPONSE: {
        if (!(p.header.flags & PFC_LAST_FRAG)) return;
        const opnum = this.calls.get(p.header.callId);
        this.calls.delete(p.header.callId);
        if (opnum === undefined) return; // the request was not seen
        this.response(p.ctxId!, opnum);
        return;
      }
      case PTYPE.FAULT:
        this.calls.delete(p.header.callId);
        return;
      default:
        return;
    }
  }

  private response(ctxId: number, opnum: number): void {
    const info = this.info;
    const byCtx = this.ctxToUuid.get(ctxId);
    if (byCtx) {
      this.uuid = byCtx;
      info.endpoint = endpointName(byCtx);
    }
    if (info.endpoint === undefined && info.named_pipe !== undefined) {
      const u = PIPE_TO_UUID.get(normalizePipeName(info.named_pipe));
      if (u) {
        this.uuid = u;
        info.endpoint = endpointName(u);
      }
    }
    if (info.endpoint === undefined || this.uuid === undefined) return;
    const operation = operationName(this.uuid, opnum);
    const now = this.ctx.now();
    const rec: DceRpc = { ...info, operation };
    if (now !== info.ts) rec.rtt = now - info.ts;
    if (IGNORED_OPERATIONS.get(info.endpoint)?.has(operation)) return;
    this.ctx.emit({ type: 'dce_rpc', record: rec });
  }

  end(): void {
    if (this.ownsNtlm) this.ntlm.end();
  }
}

function looksLikeHeader(b: Buffer, types: readonly number[]): 'yes' | 'no' | 'maybe' {
  if (b.length === 0) return 'maybe';
  if (b[0] !== 5) return 'no';
  if (b.length < PDU_HEADER) return b.length >= 2 && b[1]! > 1 ? 'no' : 'maybe';
  const h = parsePduHeader(b);
  if (h.status !== 'ok') return 'no';
  if (!types.includes(h.value.ptype) || (b[4]! & 0xee) !== 0 || h.value.fragLength < 24) return 'no';
  return 'yes';
}

const DETECT_TYPES = [PTYPE.BIND, PTYPE.ALTER_CONTEXT, PTYPE.REQUEST, PTYPE.BIND_ACK, PTYPE.BIND_NAK, PTYPE.ALTER_CONTEXT_RESP, PTYPE.RESPONSE];

export const dceRpcStreamSpec: StreamAnalyzerSpec = {
  name: 'dce_rpc',
  detect(orig, resp) {
    // Either side may have sent the bind: captures that start mid-connection flip the roles.
    const o = looksLikeHeader(orig, DETECT_TYPES);
    if (o !== 'maybe') return o;
    return looksLikeHeader(resp, DETECT_TYPES);
  },
  create(ctx): StreamAnalyzer {
    const s = new DceRpcSession(ctx);
    return {
      data: (isOrig, data) => s.data(isOrig, data),
      gap: (isOrig) => s.gap(isOrig),
      end: () => s.end(),
    };
  },
};
