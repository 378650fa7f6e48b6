// EVE `http` events → http (Zeek http.log meaning). One EVE http event is one request/response
// transaction, written in the flow's direction when the transaction completes.
//   hostname (+ :http_port when the Host header named a port) → host;  url → uri;
//   http_method → method;  protocol "HTTP/1.1" → version "1.1";  http_user_agent → user_agent;
//   http_refer → referrer;  status → status_code;  length (response body) → response_body_len;
//   http_content_type → resp_mime_types (the server's Content-Type, where Zeek sniffs the body);
//   tx_id → trans_depth (Zeek counts from 1);  HTTP/2: http2 version "2".
import type { Http } from '../../schema/logs/http.js';
import { MAPPED, failed, type EveContext, type Outcome } from './context.js';
import { flowDirection, type EveHead } from './eve-head.js';
import { compact, count, obj, str, text, type Json } from './eve-json.js';

function hostOf(hostname: string | undefined, port: number | undefined): string | undefined {
  if (hostname === undefined || port === undefined) return hostname;
  return `${hostname}:${port}`;
}

export function mapHttp(ev: Json, h: EveHead, ctx: EveContext): Outcome {
  const x = obj(ev.http);
  if (!x) return failed('http event without an "http" object');
  if (h.uid === undefined) return failed('http event without flow_id');
  const protocol = str(x.protocol);
  const version = protocol?.startsWith('HTTP/') ? protocol.slice(5) : text(x.version) ?? (obj(x.http2) ? '2' : undefined);
  const txId = count(ev.tx_id) ?? count(x.tx_id);
  const contentType = text(x.http_content_type)?.split(';')[0]!.trim();
  const rec: Http = compact({
    ts: h.ts,
    uid: h.uid,
    id: flowDirection(ctx.originators, h),
    trans_depth: txId === undefined ? undefined : txId + 1,
    method: text(x.http_method),
    host: hostOf(text(x.hostname), count(x.http_port)),
    uri: str(x.url),
    referrer: text(x.http_refer),
    version,
    user_agent: str(x.http_user_agent),
    response_body_len: count(x.length),
    status_code: count(x.status),
    resp_mime_types: contentType ? [contentType] : undefined,
  });
  ctx.emit('http', rec, ctx.at);
  return MAPPED;
}
