// The TLS handshake as Zeek's SSL analyzer and base/protocols/ssl scripts see it: handshake
// messages per direction build one ssl.log record (version, cipher, curve, SNI, ALPN, resumption,
// alerts, history letters, certificate chains) and x509.log records. Shared by the TLS-over-TCP
// analyzer (which feeds it record contents) and QUIC (which feeds it CRYPTO frame contents).
import type { Ssl } from '../../schema/logs/ssl.js';
import type { AnalyzerContext, ParseResult } from '../app/analyzer.js';
import { parseCertificate, certMatchesHost, type Certificate } from '../x509/parse.js';
import { startFile } from '../files/file-tracker.js';
import { shouldLogCertificate, x509Record, type KnownCertificates } from '../x509/log.js';
import { ja3, ja3s, ja4 } from './fingerprints.js';
import { alertName, cipherName, curveName, isEcdheCipher, versionName } from './names.js';
import {
  MAX_HANDSHAKE_LENGTH, parseCertificates, parseClientHello, parseEcdheGroup, parseHandshake, parseServerHello, type ClientHello,
} from './parse.js';
import { validateChain } from './validate.js';

/** Letters Zeek's ssl_history uses per handshake message type (upper case: client). */
const HS_LETTER: Record<number, string> = {
  0: 'h', 1: 'c', 2: 's', 3: 'v', 4: 't', 5: 'e', 6: 'j', 8: 'o', 11: 'x', 12: 'k', 13: 'r', 14: 'n', 15: 'y', 16: 'g', 20: 'f',
  21: 'w', 22: 'u', 23: 'a', 24: 'p', 254: 'm',
};
/** Longest ssl_history kept (Zeek: SSL::max_ssl_history_length). */
export const MAX_HISTORY = 100;
/** Certificates parsed per chain. */
export const MAX_CHAIN = 16;

export class TlsSession {
  readonly rec: Ssl;
  private history = '';
  private hs: [Buffer | null, Buffer | null] = [null, null]; // [resp, orig] handshake reassembly
  private clientSessionId: string | null = null;
  private clientTicketEmptySession = false;
  private clientKeyExchangeSeen = false;
  private cipher = -1;
  private versionNum = -1;
  private hostChain: Certificate[] = [];
  private hostDers: Buffer[] = [];
  private logged = false;
  serverHelloSeen = false;
  /** first ALPN protocol the client offered (QUIC's client_protocol) */
  clientAlpn: string | undefined;
  clientHelloSeen = false;

  private readonly knownCerts: KnownCertificates;

  constructor(private readonly ctx: AnalyzerContext, private readonly transport: 't' | 'q') {
    // Without a sensor-wide cache (a bare test context) every certificate is logged.
    this.knownCerts = ctx.shared ? ctx.shared<KnownCertificates>('x509.known', () => new Map()) : new Map();
    this.rec = { ts: ctx.now(), uid: ctx.conn.uid, id: ctx.conn.id, resumed: false, established: false };
  }

  get tls13(): boolean {
    return this.versionNum === 0x0304 || this.versionNum >> 8 === 0x7f || this.versionNum === 0x7e01 || this.versionNum === 0x7e02;
  }

  addHistory(isOrig: boolean, letter: string): void {
    if (this.history.length < MAX_HISTORY) this.history += isOrig ? letter.toUpperCase() : letter;
  }

  /** Bytes of handshake content (TLS record bodies of type 22, or QUIC CRYPTO data in order). */
  handshakeData(isOrig: boolean, data: Buffer): void {
    const i = isOrig ? 1 : 0;
    let buf = this.hs[i];
    buf = buf ? Buffer.concat([buf, data]) : data;
    let off = 0;
    for (;;) {
      const r = parseHandshake(buf, off);
      if (r.status === 'need-more') break;
      if (r.status === 'malformed') {
        this.bad(r);
        buf = Buffer.alloc(0);
        off = 0;
        break;
      }
      this.message(isOrig, r.value.type, r.value.body);
      off += r.consumed;
    }
    const rest = buf.length - off;
    if (rest > MAX_HANDSHAKE_LENGTH + 4) {
      this.ctx.weird('SSL_handshake_too_long');
      this.hs[i] = null;
    } else this.hs[i] = rest ? Buffer.from(buf.subarray(off)) : null; // copy: `data` is the caller's
  }

  changeCipherSpec(isOrig: boolean): void {
    this.addHistory(isOrig, 'i');
    if (isOrig && this.clientTicketEmptySession && !this.clientKeyExchangeSeen) this.rec.resumed = true;
  }

  alert(isOrig: boolean, level: number, desc: number): void {
    void level;
    this.addHistory(isOrig, 'l');
    this.rec.last_alert = alertName(desc);
  }

  heartbeat(isOrig: boolean): void {
    this.addHistory(isOrig, 'b');
  }

  private message(isOrig: boolean, type: number, body: Buffer): void {
    this.addHistory(isOrig, HS_LETTER[type] ?? 'z');
    switch (type) {
      case 1:
        if (isOrig) {
          const r = parseClientHello(body);
          if (r.status === 'ok') this.clientHello(r.value);
          else this.bad(r);
        }
        break;
      case 2:
        if (!isOrig) this.serverHello(body);
        break;
      case 11: {
        const r = parseCertificates(body, this.tls13, MAX_CHAIN);
        if (r.status === 'ok') this.certificates(isOrig, r.value);
        else this.bad(r);
        break;
      }
      case 12:
        if (!isOrig && isEcdheCipher(this.cipher)) {
          const r = parseEcdheGroup(body);
          if (r.status === 'ok') this.rec.curve = curveName(r.value);
        }
        break;
      case 16:
        if (isOrig) this.clientKeyExchangeSeen = true;
        break;
    }
  }

  clientHello(ch: ClientHello): void {
    this.clientHelloSeen = true;
    if (ch.alpn.length) this.clientAlpn = ch.alpn[0];
    if (ch.sessionId.length > 0 && !ch.sessionId.every((b) => b === 0)) {
      this.clientSessionId = ch.sessionId.toString('hex');
      this.clientTicketEmptySession = false;
    } else if (ch.ticket) this.clientTicketEmptySession = true;
    if (ch.serverNames.length) {
      this.rec.server_name = ch.serverNames[0];
      if (ch.serverNames.length > 1) this.ctx.weird('SSL_many_server_names');
    }
    if (!ch.v2) {
      this.rec.ja3 = ja3(ch);
      this.rec.ja4 = ja4(ch, this.transport);
    }
  }

  private serverHello(body: Buffer): void {
    const r = parseServerHello(body);
    if (r.status !== 'ok') return this.bad(r);
    const sh = r.value;
    this.serverHelloSeen = true;
    this.versionNum = sh.selectedVersion ?? sh.version;
    this.rec.version = versionName(this.versionNum);
    this.cipher = sh.cipher;
    this.rec.cipher = cipherName(sh.cipher);
    if (sh.keyShareGroup !== undefined) this.rec.curve = curveName(sh.keyShareGroup);
    if (sh.alpn !== undefined) this.rec.next_protocol = sh.alpn;
    if (sh.psk) this.rec.resumed = true;
    if (this.clientSessionId !== null && this.clientSessionId === sh.sessionId.toString('hex') && !this.tls13) this.rec.resumed = true;
    this.rec.ja3s = ja3s(sh);
    this.ctx.confirm(this.transport === 'q' ? 'ssl' : undefined);
  }

  private certificates(isOrig: boolean, ders: Buffer[]): void {
    const now = this.ctx.now();
    const fps: string[] = [];
    ders.forEach((der, i) => {
      const r = parseCertificate(der);
      if (r.status !== 'ok') {
        this.bad(r);
        return;
      }
      const cert = r.value;
      fps.push(cert.fingerprint);
      if (!isOrig) {
        this.hostChain.push(cert);
        this.hostDers.push(Buffer.from(der));
      }
      // Certificates are files too when the site asks (Zeek: X509::log_x509_in_files_log, off by default).
      if (this.ctx.policy?.x509InFilesLog) {
        const f = startFile(this.ctx, { source: 'SSL', isOrig, mimeType: i === 0 ? 'application/x-x509-user-cert' : 'application/x-x509-ca-cert', analyzers: ['X509'] });
        f.data(der);
        f.end();
      }
      if (shouldLogCertificate(this.knownCerts, cert.fingerprint, now)) {
        this.ctx.emit({ type: 'x509', record: x509Record(cert, now, !isOrig && i === 0, isOrig && i === 0) });
      }
    });
    if (isOrig) this.rec.client_cert_chain_fps = fps;
    else this.rec.cert_chain_fps = fps;
  }

  private bad(r: ParseResult<unknown>): void {
    if (r.status === 'malformed') this.ctx.weird(r.anomaly, r.detail);
  }

  /** Writes ssl.log (once). */
  finish(): void {
    if (this.logged) return;
    this.logged = true;
    if (this.history) this.rec.ssl_history = this.history;
    const host = this.hostChain[0];
    if (host && this.rec.server_name !== undefined) this.rec.sni_matches_cert = certMatchesHost(host, this.rec.server_name);
    if (this.hostDers.length) this.rec.validation_status = validateChain(this.hostDers, this.rec.ts);
    if (this.rec.cert_chain_fps || this.rec.client_cert_chain_fps) {
      this.rec.cert_chain_fps ??= [];
      this.rec.client_cert_chain_fps ??= [];
    }
    this.ctx.emit({ type: 'ssl', record: this.rec });
  }
}
