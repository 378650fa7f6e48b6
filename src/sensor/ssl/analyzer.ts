// TLS over TCP (Zeek's SSL analyzer, service "ssl"): the record layer per direction feeding a
// TlsSession. Records after a ChangeCipherSpec (or TLS 1.3 application data) are ciphertext and only
// counted, never buffered: their bodies are skipped as they stream past.
import type { AnalyzerContext, Detection, Ports, StreamAnalyzer, StreamAnalyzerSpec } from '../app/analyzer.js';
import {
  CT_ALERT, CT_APPLICATION_DATA, CT_CHANGE_CIPHER_SPEC, CT_HANDSHAKE, CT_HEARTBEAT, looksLikeHandshake, looksLikeV2ClientHello,
  parseRecordHeader, parseV2ClientHello,
} from './parse.js';
import { TlsSession } from './session.js';

interface Direction {
  /** bytes of an incomplete record header or non-ciphertext record */
  pending: Buffer | null;
  /** bytes of the current ciphertext record still to skip */
  skip: number;
  encrypted: boolean;
  appData: boolean;
  first: boolean;
  stopped: boolean;
}

const newDir = (): Direction => ({ pending: null, skip: 0, encrypted: false, appData: false, first: true, stopped: false });

class SslAnalyzer implements StreamAnalyzer {
  private readonly s: TlsSession;
  private readonly dirs: [Direction, Direction] = [newDir(), newDir()]; // [resp, orig]
  private gone = false;

  constructor(private readonly ctx: AnalyzerContext) {
    this.s = new TlsSession(ctx, 't');
  }

  data(isOrig: boolean, data: Buffer): void {
    if (this.gone) return;
    const d = this.dirs[isOrig ? 1 : 0];
    if (d.stopped) return;
    let buf = data;
    let off = 0;
    if (d.pending) {
      buf = Buffer.concat([d.pending, data]);
      d.pending = null;
    }
    if (d.first && buf.length > 0) {
      d.first = false;
      if (buf[0]! & 0x80) {
        // SSLv2 record format
        if (isOrig && looksLikeV2ClientHello(buf)) {
          const r = parseV2ClientHello(buf);
          if (r.status === 'need-more') {
            d.first = true;
            d.pending = Buffer.from(buf);
            return;
          }
          if (r.status === 'malformed') return this.fail(r.anomaly);
          this.s.addHistory(true, 'c');
          this.s.clientHello(r.value);
          off = r.consumed;
        } else if (!isOrig && buf.length >= 7 && buf[2] === 4) {
          // SSLv2 ServerHello: the version is all we log
          this.s.rec.version = buf.readUInt16BE(5) === 2 ? 'SSLv2' : `unknown-${buf.readUInt16BE(5)}`;
          this.s.addHistory(false, 's');
          this.ctx.confirm();
          d.stopped = true;
          return;
        } else return this.fail('SSLv2_unsupported_record');
      }
    }
    while (off < buf.length && !this.gone) {
      if (d.skip > 0) {
        const n = Math.min(d.skip, buf.length - off);
        d.skip -= n;
        off += n;
        continue;
      }
      const h = parseRecordHeader(buf, off);
      if (h.status === 'need-more') break;
      if (h.status === 'malformed') return this.fail(h.anomaly);
      const { contentType: ct, length } = h.value;
      const cipher = d.encrypted || (ct === CT_APPLICATION_DATA && this.s.tls13);
      if (cipher || ct === CT_APPLICATION_DATA) {
        // ciphertext (or plaintext application data): count, skip the body without buffering it
        this.ciphertext(isOrig, d, ct);
        off += 5;
        d.skip = length;
        continue;
      }
      if (buf.length - off < 5 + length) break;
      const body = buf.subarray(off + 5, off + 5 + length);
      off += 5 + length;
      this.record(isOrig, d, ct, body);
    }
    if (off < buf.length && !this.gone) d.pending = Buffer.from(buf.subarray(off));
  }

  private ciphertext(isOrig: boolean, d: Direction, ct: number): void {
    if (ct === CT_APPLICATION_DATA) d.appData = true;
    if (this.s.tls13 && ct === CT_APPLICATION_DATA) d.encrypted = true;
    const [r, o] = this.dirs;
    if (!this.s.rec.established && r.encrypted && o.encrypted) this.s.rec.established = true;
    void isOrig;
  }

  private record(isOrig: boolean, d: Direction, ct: number, body: Buffer): void {
    switch (ct) {
      case CT_HANDSHAKE:
        this.s.handshakeData(isOrig, body);
        break;
      case CT_CHANGE_CIPHER_SPEC:
        this.s.changeCipherSpec(isOrig);
        d.encrypted = true;
        break;
      case CT_ALERT:
        for (let i = 0; i + 1 < body.length; i += 2) this.s.alert(isOrig, body[i]!, body[i + 1]!);
        break;
      case CT_HEARTBEAT:
        this.s.heartbeat(isOrig);
        break;
    }
  }

  private fail(reason: string): void {
    this.gone = true;
    this.s.finish();
    this.ctx.violation(reason);
  }

  gap(isOrig: boolean, len: number): void {
    void len;
    // Zeek's SSL analyzer stops parsing a direction after a content gap.
    const d = this.dirs[isOrig ? 1 : 0];
    d.stopped = true;
    d.pending = null;
  }

  end(): void {
    if (this.gone) return;
    this.gone = true;
    this.s.finish();
  }
}

export const sslAnalyzer: StreamAnalyzerSpec = {
  name: 'ssl',
  detect(orig: Buffer, resp: Buffer, ports: Ports): Detection {
    void ports;
    if (orig.length >= 6 && looksLikeHandshake(orig, 1)) return 'yes';
    if (resp.length >= 6 && looksLikeHandshake(resp, 2)) return 'yes';
    if (looksLikeV2ClientHello(orig)) return 'yes';
    if (orig.length < 6 && resp.length < 6) {
      const o = orig.length === 0 || orig[0] === 0x16 || (orig[0]! & 0x80) !== 0;
      const r = resp.length === 0 || resp[0] === 0x16 || resp[0] === 0x15;
      return o && r ? 'maybe' : 'no';
    }
    return 'no';
  },
  create(ctx: AnalyzerContext): StreamAnalyzer {
    return new SslAnalyzer(ctx);
  },
};
