// RDP analyzer (Zeek's RDP analyzer and rdp/main.zeek): the X.224 connection request cookie and
// negotiation, the selected security protocol or failure, and with standard RDP security the
// client core/network data and the server security data of the MCS connect exchange. Once
// encryption begins nothing more is parsed.
import type { Rdp } from '../../schema/logs/rdp.js';
import type { AnalyzerContext, Detection, StreamAnalyzer, StreamAnalyzerSpec } from '../app/analyzer.js';
import {
  gccBlocks, parseClientCore, parseClientNetwork, parseConnectionConfirm, parseConnectionRequest, parseConnectResponseResult,
  parseServerSecurity, parseTpkt, tpduCode,
} from './parse.js';
import { BUILDS, COLOR_DEPTHS, ENCRYPTION_LEVELS, ENCRYPTION_METHODS, FAILURE_CODES, keyboardLayout, RESULTS, SECURITY_PROTOCOLS } from './tables.js';
import { HeldTail } from '../app/held-tail.js';

/** TPKTs examined per direction before giving up (setup takes a handful). */
const MAX_PDUS = 16;
/** Bytes held for an unfinished TPKT. */
const MAX_PENDING = 70 * 1024;

const CS_CORE = 0xc001;
const CS_NET = 0xc003;
const SC_SECURITY = 0x0c02;

function detect(orig: Buffer): Detection {
  if (orig.length < 6) return orig.length && orig[0] !== 3 ? 'no' : 'maybe';
  if (orig[0] !== 3 || orig[1] !== 0) return 'no';
  const len = orig.readUInt16BE(2);
  return len >= 11 && orig[4]! + 5 <= len && (orig[5]! & 0xf0) === 0xe0 ? 'yes' : 'no';
}

class RdpAnalyzer implements StreamAnalyzer {
  private readonly held = new HeldTail(MAX_PENDING);
  private readonly pdus = [0, 0];
  private readonly rec: Rdp;
  private done = false;
  private encrypted = false;

  constructor(private readonly ctx: AnalyzerContext) {
    this.rec = { ts: ctx.now(), uid: ctx.conn.uid, id: ctx.conn.id, cert_count: 0 };
  }

  data(isOrig: boolean, data: Buffer): void {
    if (this.done || this.encrypted) return;
    const i = isOrig ? 0 : 1;
    const buf = this.held.join(isOrig, data);
    let off = 0;
    while (off < buf.length && !this.done && !this.encrypted) {
      if (this.pdus[i]! >= MAX_PDUS) return;
      const r = parseTpkt(buf.subarray(off));
      if (r.status === 'need-more') break;
      if (r.status === 'malformed') {
        // Standard RDP security after setup uses fast-path PDUs (not TPKT): stop quietly.
        if (this.pdus[i]! > 0) return;
        return this.violation(r.anomaly);
      }
      off += r.consumed;
      this.pdus[i]!++;
      this.pdu(isOrig, r.value.body);
    }
    if (off < buf.length && !this.done && !this.encrypted) this.held.keep(isOrig, buf, off);
  }

  private pdu(isOrig: boolean, body: Buffer): void {
    const code = tpduCode(body);
    if (isOrig && code === 0xe0) {
      const r = parseConnectionRequest(body);
      if (r.status !== 'ok') return this.violation('bad X.224 connection request');
      if (r.value.cookie !== undefined) this.rec.cookie = r.value.cookie;
      this.ctx.confirm();
    } else if (!isOrig && code === 0xd0) {
      const r = parseConnectionConfirm(body);
      if (r.status !== 'ok') return this.ctx.weird('RDP_bad_connection_confirm');
      if (r.value.failureCode !== undefined) this.rec.result = FAILURE_CODES[r.value.failureCode] ?? `failure-${r.value.failureCode}`;
      if (r.value.selectedProtocol !== undefined) {
        const p = r.value.selectedProtocol;
        this.rec.security_protocol = SECURITY_PROTOCOLS[p] ?? `security_protocol-unknown-${p}`;
        if (p !== 0) {
          // TLS (or CredSSP over TLS) follows: Zeek hands the stream to its SSL analyzer.
          this.rec.result ??= 'encrypted';
          this.encrypted = true;
          this.ctx.handover?.('ssl');
        }
      }
    } else if (code === 0xf0) {
      if (isOrig) this.clientData(body);
      else this.serverData(body);
    }
  }

  private clientData(body: Buffer): void {
    const blocks = gccBlocks(body, 'Duca');
    if (!blocks) return;
    for (const b of blocks) {
      if (b.type === CS_CORE) {
        const c = parseClientCore(b.data);
        if (c.status !== 'ok') {
          this.ctx.weird('RDP_short_client_core_data');
          continue;
        }
        const v = c.value;
        this.rec.keyboard_layout = keyboardLayout(v.keyboardLayout);
        this.rec.client_build = BUILDS[v.clientBuild] ?? `RDP-Unknown-${v.clientBuild}`;
        this.rec.client_name = v.clientName;
        if (v.clientDigProductId !== undefined) this.rec.client_dig_product_id = v.clientDigProductId;
        this.rec.desktop_width = v.desktopWidth;
        this.rec.desktop_height = v.desktopHeight;
        if (v.earlyCapabilityFlags !== undefined && v.earlyCapabilityFlags & 0x0002) this.rec.requested_color_depth = '32bit';
        else if (v.highColorDepth !== undefined) this.rec.requested_color_depth = COLOR_DEPTHS[v.highColorDepth] ?? `${v.highColorDepth}bit`;
      } else if (b.type === CS_NET) {
        const n = parseClientNetwork(b.data);
        if (n.status === 'ok') this.rec.client_channels = n.value;
      }
    }
  }

  private serverData(body: Buffer): void {
    const result = parseConnectResponseResult(body);
    if (result !== undefined) this.rec.result = RESULTS[result] ?? `result-${result}`;
    const blocks = gccBlocks(body, 'McDn');
    if (!blocks) return;
    for (const b of blocks) {
      if (b.type !== SC_SECURITY) continue;
      const s = parseServerSecurity(b.data);
      if (s.status !== 'ok') continue;
      const v = s.value;
      this.rec.encryption_method = ENCRYPTION_METHODS[v.encryptionMethod] ?? `encryption_method-${v.encryptionMethod}`;
      this.rec.encryption_level = ENCRYPTION_LEVELS[v.encryptionLevel] ?? `encryption_level-${v.encryptionLevel}`;
      if (v.certVersion !== undefined) {
        const kind = v.certVersion & 0x7fffffff;
        this.rec.cert_type = kind === 1 ? 'RSA' : kind === 2 ? 'X.509' : `cert-${kind}`;
        this.rec.cert_count = kind === 2 ? v.chainCount ?? 0 : 1;
        this.rec.cert_permanent = (v.certVersion & 0x80000000) === 0;
      }
    }
  }

  private violation(reason: string): void {
    this.end();
    this.ctx.violation(reason);
  }

  gap(isOrig: boolean): void {
    this.held.take(isOrig);
  }

  end(): void {
    if (this.done) return;
    this.done = true;
    if (this.rec.cookie === undefined && this.rec.security_protocol === undefined && this.rec.result === undefined && this.rec.client_name === undefined) return;
    this.ctx.emit({ type: 'rdp', record: this.rec });
  }
}

export const RDP_ANALYZER: StreamAnalyzerSpec = {
  name: 'rdp',
  detect: (orig) => detect(orig),
  create: (ctx) => new RdpAnalyzer(ctx),
};
