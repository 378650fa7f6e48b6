// What an HTTP header means (Zeek's HTTP analyzer and http/main.zeek): framing headers set the
// message's length, coding and file facts; request headers fill http.log; auth headers carry NTLM /
// Negotiate tokens (ntlm.log) and Basic credentials; proxy headers are listed as Zeek lists them.
import type { Http } from '../../schema/logs/http.js';
import type { Message } from './message.js';
import { basicAuth, filenameFromContentDisposition, parseContentRange, parseNumber } from './parse.js';

/** Zeek's HTTP::default_capture_password: the password of Basic auth is not logged. */
export const CAPTURE_PASSWORD = false;

/** Lengths beyond Zeek's int64 (and beyond exact doubles) are not lengths. */
const MAX_INT64_SAFE = Number.MAX_SAFE_INTEGER - 1;

/** Zeek's HTTP::proxy_headers. */
const PROXY_HEADERS = new Set(['FORWARDED', 'X-FORWARDED-FOR', 'X-FORWARDED-FROM', 'CLIENT-IP', 'VIA', 'XROXY-CONNECTION', 'PROXY-CONNECTION']);

/** Where a header's side effects go. */
export interface HeaderSinks {
  weird(name: string, addl?: string): void;
  /** a decoded NTLM / SPNEGO token from an Authorization or Authenticate header */
  authToken(token: Buffer): void;
}

/** Applies one header (name upper-cased) of a request (isOrig) or reply to its message and http.log record. */
export function applyHeader(name: string, value: string, isOrig: boolean, m: Message, rec: Http, sinks: HeaderSinks): void {
  switch (name) {
    case 'CONTENT-LENGTH': {
      const n = parseNumber(value, 10);
      if (n.status === 'ok' && n.value > MAX_INT64_SAFE) {
        sinks.weird('HTTP_bad_content_length', value);
      } else if (n.status === 'ok') {
        if (/^\s*0\d/.test(value)) sinks.weird('HTTP_content_length_leading_zeros', value);
        if (m.contentLength !== null && m.contentLength !== n.value) sinks.weird('HTTP_multiple_content_length', value);
        m.contentLength = n.value;
      } else sinks.weird('HTTP_bad_content_length', value);
      break;
    }
    case 'TRANSFER-ENCODING': {
      const i = value.toLowerCase().indexOf('chunked');
      if (i >= 0) {
        m.chunked = true;
        if (value.trim().length !== 7) sinks.weird('HTTP_chunked_multi', value.slice(i + 7));
      }
      break;
    }
    case 'CONTENT-ENCODING': {
      const v = value.trim().toLowerCase();
      if (v === 'gzip' || v === 'x-gzip' || v === 'deflate') m.encoded = true;
      break;
    }
    case 'CONTENT-TYPE':
      m.contentType = value;
      break;
    case 'CONTENT-DISPOSITION':
      m.filename = filenameFromContentDisposition(value);
      break;
    case 'CONTENT-RANGE': {
      const cr = parseContentRange(value);
      if (cr.status === 'ok') {
        m.rangeTotal = cr.value.total;
        m.rangeFirst = cr.value.first;
      }
      else if (cr.status === 'malformed') sinks.weird(cr.anomaly, cr.detail);
      break;
    }
    case 'UPGRADE':
      if (!isOrig) m.upgrade = true;
      break;
    case 'AUTHORIZATION':
    case 'PROXY-AUTHORIZATION':
    case 'WWW-AUTHENTICATE':
    case 'PROXY-AUTHENTICATE': {
      // NTLM and Negotiate (SPNEGO) tokens: ntlm.log, as Zeek's HTTP analyzer forwards them.
      const tok = /^\s*(?:NTLM|Negotiate)\s+([A-Za-z0-9+/=]+)/i.exec(value);
      if (tok) sinks.authToken(Buffer.from(tok[1]!, 'base64'));
      break;
    }
    default:
      break;
  }
  if (!isOrig) return;
  switch (name) {
    case 'REFERER':
      rec.referrer = value;
      break;
    case 'HOST':
      rec.host = value;
      break;
    case 'USER-AGENT':
      rec.user_agent = value;
      break;
    case 'ORIGIN':
      rec.origin = value;
      break;
    case 'AUTHORIZATION':
    case 'PROXY-AUTHORIZATION': {
      const cred = basicAuth(value);
      if (cred) {
        rec.username = cred.username;
        if (CAPTURE_PASSWORD && cred.password !== undefined) rec.password = cred.password;
      }
      break;
    }
    default:
      if (PROXY_HEADERS.has(name)) {
        const p = `${name} -> ${value}`;
        rec.proxied ??= [];
        if (!rec.proxied.includes(p) && rec.proxied.length < 32) rec.proxied.push(p);
      }
  }
}
