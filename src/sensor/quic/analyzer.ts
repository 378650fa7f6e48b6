// QUIC over UDP (Zeek's QUIC analyzer: quic.log, and ssl.log for the TLS handshake inside; conn.log
// service "quic,ssl"). Initial packets of both sides are decrypted with the keys every observer can
// derive from the client's first DCID (RFC 9001 §5.2); their CRYPTO frames carry the ClientHello
// and ServerHello, which a TlsSession turns into ssl.log. Later packets are only counted.
import type { Quic } from '../../schema/logs/quic.js';
import type { AnalyzerContext, DatagramAnalyzer, DatagramAnalyzerSpec, Detection, Ports } from '../app/analyzer.js';
import { TlsSession } from '../ssl/session.js';
import {
  decryptLong, initialKeys, isKnownVersion, MAX_CRYPTO_BUFFER, parseFrames, parseLongHeader, versionName, type InitialKeys, type LongHeader,
} from './parse.js';

/** Longest history kept (Zeek: QUIC::max_history_length). */
export const MAX_HISTORY = 100;
/** Long-header packets looked at per datagram (coalescing). */
const MAX_COALESCED = 8;

interface CryptoStream {
  next: number;
  chunks: Map<number, Buffer>;
  buffered: number;
}

const newStream = (): CryptoStream => ({ next: 0, chunks: new Map(), buffered: 0 });

class QuicAnalyzer implements DatagramAnalyzer {
  private rec: Quic | null = null;
  private history = '';
  private readonly tls: TlsSession;
  private version = 0;
  private dcid: Buffer | null = null;
  /** whether the current record has had its ClientHello / ServerHello */
  private helloLogged: [boolean, boolean] = [false, false];
  private keys: [InitialKeys | null, InitialKeys | null] = [null, null]; // [server, client]
  private streams: [CryptoStream, CryptoStream] = [newStream(), newStream()];
  private confirmed = false;
  private tlsStarted = false;

  constructor(private readonly ctx: AnalyzerContext) {
    this.tls = new TlsSession(ctx, 'q');
  }

  private add(isOrig: boolean, letter: string): void {
    if (this.rec && this.history.length < MAX_HISTORY) this.history += isOrig ? letter.toUpperCase() : letter.toLowerCase();
  }

  datagram(isOrig: boolean, data: Buffer): void {
    let off = 0;
    for (let n = 0; off < data.length && n < MAX_COALESCED; n++) {
      if (!(data[off]! & 0x80)) {
        // A short header (fixed bit set) is a 1-RTT packet, also when coalesced after a long one;
        // anything else after a long-header packet is padding or junk (Zeek: 'X').
        this.add(isOrig, n === 0 || data[off]! & 0x40 ? 'o' : 'x');
        return;
      }
      const r = parseLongHeader(data, off);
      if (r.status !== 'ok') {
        if (r.status === 'malformed' && r.anomaly !== 'QUIC_version_negotiation') this.ctx.weird(r.anomaly);
        return;
      }
      this.packet(isOrig, data.subarray(off, off + r.consumed), r.value);
      off += r.consumed;
    }
  }

  private packet(isOrig: boolean, pkt: Buffer, h: LongHeader): void {
    if (h.type === 'retry') {
      this.add(isOrig, 'r');
      // The client starts over with the DCID the server chose: a new quic.log record follows.
      this.dcid = null;
      this.streams[1] = newStream();
      return;
    }
    if (h.type === 'handshake') return this.add(isOrig, 'h');
    if (h.type === '0rtt') return this.add(isOrig, 'z');
    // Initial
    if (isOrig && !this.dcid) {
      if (this.rec) this.log();
      this.version = h.version;
      this.dcid = Buffer.from(h.dcid);
      this.keys = [initialKeys(h.version, this.dcid, false), initialKeys(h.version, this.dcid, true)];
      this.rec = {
        ts: this.ctx.now(), uid: this.ctx.conn.uid, id: this.ctx.conn.id, version: versionName(h.version),
        client_initial_dcid: h.dcid.toString('hex'), client_scid: h.scid.toString('hex'),
      };
      this.history = '';
      this.helloLogged = [false, false];
    }
    if (!this.rec) return;
    if (!isOrig && this.rec.server_scid === undefined) this.rec.server_scid = h.scid.toString('hex');
    this.add(isOrig, 'i');
    const keys = this.keys[isOrig ? 1 : 0];
    if (!keys) return;
    const d = decryptLong(pkt, h, keys);
    if (d.status !== 'ok') return;
    if (!this.confirmed) {
      this.confirmed = true;
      this.ctx.confirm('quic');
    }
    const f = parseFrames(d.value);
    if (f.status === 'malformed') return this.ctx.weird(f.anomaly);
    if (f.status !== 'ok') return;
    for (const c of f.value.crypto) this.crypto(isOrig, c.offset, c.data);
    const seen = isOrig ? this.tls.clientHelloSeen : this.tls.serverHelloSeen;
    // Per quic.log record: after a Retry the client's new Initial repeats its ClientHello, which
    // the TLS session has already parsed, so the record takes its fields from the session.
    const side = isOrig ? 1 : 0;
    if (seen && !this.helloLogged[side] && f.value.crypto.length) {
      this.helloLogged[side] = true;
      this.add(isOrig, 's');
      if (isOrig) this.fromClientHello();
    }
    if (f.value.connectionClose) this.add(isOrig, 'c');
  }

  private fromClientHello(): void {
    if (!this.rec) return;
    const sni = this.tls.rec.server_name;
    if (sni !== undefined) this.rec.server_name = sni;
    const alpn = this.tls.clientAlpn;
    if (alpn !== undefined) this.rec.client_protocol = alpn;
  }

  /** In-order delivery of CRYPTO data to the TLS session. */
  private crypto(isOrig: boolean, offset: number, data: Buffer): void {
    const s = this.streams[isOrig ? 1 : 0];
    if (offset + data.length <= s.next) return;
    if (offset > s.next) {
      if (s.buffered + data.length > MAX_CRYPTO_BUFFER || s.chunks.has(offset)) return;
      s.chunks.set(offset, Buffer.from(data));
      s.buffered += data.length;
      return;
    }
    this.deliver(isOrig, data.subarray(s.next - offset));
    for (;;) {
      let progressed = false;
      for (const [o, b] of s.chunks) {
        if (o > s.next) continue;
        s.chunks.delete(o);
        s.buffered -= b.length;
        if (o + b.length > s.next) this.deliver(isOrig, b.subarray(s.next - o));
        progressed = true;
      }
      if (!progressed) break;
    }
  }

  private deliver(isOrig: boolean, data: Buffer): void {
    this.streams[isOrig ? 1 : 0].next += data.length;
    this.tlsStarted = true;
    this.tls.handshakeData(isOrig, data);
  }

  private log(): void {
    if (!this.rec) return;
    if (this.history) this.rec.history = this.history;
    this.ctx.emit({ type: 'quic', record: this.rec });
    this.rec = null;
  }

  end(): void {
    this.log();
    if (this.tlsStarted) this.tls.finish();
  }
}

export const quicAnalyzer: DatagramAnalyzerSpec = {
  name: 'quic',
  detect(data: Buffer, isOrig: boolean, ports: Ports): Detection {
    void ports;
    if (!isOrig || data.length < 7 || (data[0]! & 0xc0) !== 0xc0) return 'no';
    const r = parseLongHeader(data, 0);
    if (r.status !== 'ok' || r.value.type !== 'initial' || !isKnownVersion(r.value.version)) return 'no';
    return 'yes';
  },
  create(ctx: AnalyzerContext): DatagramAnalyzer {
    return new QuicAnalyzer(ctx);
  },
};
