// EVE `krb5` events → kerberos (Zeek kerberos.log meaning). One EVE krb5 event is one exchange.
//   msg_type / failed_request KRB_AS_* → request_type "AS", KRB_TGS_* → "TGS";
//   cname + realm → client "user/REALM" (Zeek's form);  sname → service;
//   error_code (KRB_ERROR) → success false, error_msg;  a *_REP → success true;
//   ticket_encryption (else encryption) → cipher.
import type { Kerberos } from '../../schema/logs/kerberos.js';
import { MAPPED, failed, type EveContext, type Outcome } from './context.js';
import { flowDirection, type EveHead } from './eve-head.js';
import { compact, obj, text, type Json } from './eve-json.js';

function requestType(msg: string | undefined): string | undefined {
  if (!msg) return undefined;
  if (msg.startsWith('KRB_AS_')) return 'AS';
  if (msg.startsWith('KRB_TGS_')) return 'TGS';
  if (msg.startsWith('KRB_AP_')) return 'AP';
  return undefined;
}

export function mapKrb5(ev: Json, h: EveHead, ctx: EveContext): Outcome {
  const k = obj(ev.krb5);
  if (!k) return failed('krb5 event without a "krb5" object');
  if (h.uid === undefined) return failed('krb5 event without flow_id');
  const msg = text(k.msg_type);
  const error = text(k.error_code);
  const cname = text(k.cname);
  const realm = text(k.realm);
  const cipher = [text(k.ticket_encryption), text(k.encryption)].find((c) => c !== undefined && c !== '<none>');
  const rec: Kerberos = compact({
    ts: h.ts,
    uid: h.uid,
    id: flowDirection(ctx.originators, h),
    request_type: requestType(text(k.failed_request)) ?? requestType(msg),
    client: cname === undefined || cname === '<empty>' ? undefined : realm ? `${cname}/${realm}` : cname,
    service: text(k.sname) === '<empty>' ? undefined : text(k.sname),
    success: error !== undefined || msg === 'KRB_ERROR' ? false : msg?.endsWith('_REP') ? true : undefined,
    error_msg: error,
    cipher,
  });
  ctx.emit('kerberos', rec, ctx.at);
  return MAPPED;
}
