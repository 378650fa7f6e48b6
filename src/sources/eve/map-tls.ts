// EVE `tls` events → ssl (Zeek ssl.log meaning) and, when the server certificate's fields are
// logged, one x509 record per certificate (Zeek logs each certificate once, keyed by fingerprint).
//   version "TLS 1.2" → TLSv12 ("SSLv3", "TLS 1.3 draft-xx" → TLSv13);  sni → server_name;
//   session_resumed → resumed;  server_alpns[0] → next_protocol (the protocol the server chose);
//   ja3.hash / ja3s.hash / ja4 → ja3 / ja3s / ja4;  fingerprint → cert_chain_fps[0].
// x509: subject and issuerdn are rewritten from OpenSSL's one-line order ("C=US, O=Org, CN=name")
// to Zeek's RFC 2253 order ("CN=name,O=Org,C=US"); serial "08:3A:…" → "083A…"; notbefore/notafter
// (UTC) → certificate.not_valid_before/after. EVE's fingerprint is SHA-1 (colon hex); it is written
// as plain lower-case hex in both ssl.cert_chain_fps and x509.fingerprint so the two still join
// (Zeek uses SHA-256: the length, 40 vs 64, tells which).
import type { Ssl } from '../../schema/logs/ssl.js';
import type { X509 } from '../../schema/logs/x509.js';
import { MAPPED, failed, type EveContext, type Outcome } from './context.js';
import { flowDirection, type EveHead } from './eve-head.js';
import { bool, compact, obj, str, strings, text, type Json } from './eve-json.js';
import { eveTime } from './eve-time.js';
import { zeekTlsVersion } from './names.js';

/** Certificates already logged; more than this and the set starts over (a cert is then logged again, as Zeek does daily). */
export const MAX_SEEN_CERTS = 50_000;

/** "C=US, O=GitHub, Inc., CN=www.github.com" → "CN=www.github.com,O=GitHub\, Inc.,C=US". */
export function zeekDn(dn: string): string {
  const parts = dn.split(/, (?=[A-Za-z][\w.-]*=)/);
  return parts
    .reverse()
    .map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? p : p.slice(0, eq + 1) + p.slice(eq + 1).replace(/([,+;])/g, '\\$1');
    })
    .join(',');
}

export class TlsMapper {
  private seen = new Set<string>();

  map(ev: Json, h: EveHead, ctx: EveContext): Outcome {
    const t = obj(ev.tls);
    if (!t) return failed('tls event without a "tls" object');
    if (h.uid === undefined) return failed('tls event without flow_id');
    const fp = text(t.fingerprint)?.replace(/:/g, '').toLowerCase();
    const rec: Ssl = compact({
      ts: h.ts,
      uid: h.uid,
      id: flowDirection(ctx.originators, h),
      version: zeekTlsVersion(str(t.version)),
      server_name: text(t.sni),
      resumed: bool(t.session_resumed),
      next_protocol: strings(t.server_alpns)?.[0],
      cert_chain_fps: fp ? [fp] : undefined,
      ja3: text(obj(t.ja3)?.hash),
      ja3s: text(obj(t.ja3s)?.hash),
      ja4: text(t.ja4) ?? text(obj(t.ja4)?.hash),
    });
    ctx.emit('ssl', rec, ctx.at);
    const subject = text(t.subject);
    if (fp && subject !== undefined && !this.seen.has(fp)) {
      if (this.seen.size >= MAX_SEEN_CERTS) this.seen = new Set();
      this.seen.add(fp);
      const issuer = text(t.issuerdn);
      const serial = text(t.serial)?.replace(/:/g, '').toUpperCase();
      const cert: X509 = {
        ts: h.ts,
        fingerprint: fp,
        certificate: compact({
          serial,
          subject: zeekDn(subject),
          issuer: issuer === undefined ? undefined : zeekDn(issuer),
          not_valid_before: eveTime(t.notbefore),
          not_valid_after: eveTime(t.notafter),
        }),
        host_cert: true,
        client_cert: false,
      };
      ctx.emit('x509', cert, ctx.at);
    }
    return MAPPED;
  }
}
