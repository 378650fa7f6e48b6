// LDAP analyzer over TCP and UDP (Zeek's LDAP analyzer and ldap/main.zeek): requests paired with
// responses by message id; binds, modifications, extended operations and the rest go to ldap.log,
// searches with their result counts to ldap_search.log. After a SASL bind whose traffic is wrapped
// (signed/sealed), or after StartTLS, the stream is opaque.
import type { Ldap } from '../../schema/logs/ldap.js';
import type { LdapSearch } from '../../schema/logs/ldap-search.js';
import { NtlmTracker } from '../ntlm/analyzer.js';
import type { AnalyzerContext, DatagramAnalyzer, DatagramAnalyzerSpec, Detection, StreamAnalyzer, StreamAnalyzerSpec } from '../app/analyzer.js';
import { krb5Cleartext, messageLength, MAX_MESSAGE, parseMessage, saslFrame, type LdapMessage } from './parse.js';
import { extendedName, OPCODES, resultName, SCOPES, DEREFS } from './tables.js';
import { HeldTail } from '../app/held-tail.js';

/** Zeek's LDAP::default_max_pending_messages. */
export const MAX_PENDING_MESSAGES = 500;
/** Bytes held for an unfinished message. */
const MAX_HELD = MAX_MESSAGE;

/** Looks like an LDAPMessage: SEQUENCE, INTEGER message id, an application-tagged operation. */
export function looksLikeLdap(b: Buffer): boolean {
  if (b.length < 7 || b[0] !== 0x30) return false;
  let p = 1;
  const l = b[p]!;
  if (l & 0x80) {
    const n = l & 0x7f;
    if (n === 0 || n > 4) return false;
    p += n;
  }
  p++;
  if (b[p] !== 0x02) return false;
  const idLen = b[p + 1]!;
  if (idLen < 1 || idLen > 4) return false;
  const op = b[p + 2 + idLen];
  return op !== undefined && (op & 0xc0) === 0x40;
}

interface Pending {
  ts: number;
  msg: LdapMessage;
  /** search results seen */
  entries: number;
}

class LdapCore {
  private readonly pending = new Map<number, Pending>();
  saslWrapped = false;
  private saslMechanism: string | undefined;
  stopped = false;

  /** NTLM inside SASL binds (GSS-SPNEGO, GSSAPI): ntlm.log, as Zeek's LDAP analyzer forwards it */
  private readonly ntlm: NtlmTracker;

  constructor(private readonly ctx: AnalyzerContext, private readonly service: string) {
    this.ntlm = new NtlmTracker(ctx);
  }

  message(isOrig: boolean, m: LdapMessage): void {
    if (m.saslCredentials) this.ntlm.blob(m.saslCredentials);
    if (!isOrig && m.op === 'bind_response' && m.resultCode !== undefined && m.saslCredentials === undefined && m.resultCode !== 14) this.ntlm.result(m.resultCode === 0 ? 0 : 2);
    if (isOrig) return this.request(m);
    const p = this.pending.get(m.messageId);
    if (m.op === 'search_entry' || m.op === 'search_reference') {
      if (p) p.entries++;
      return;
    }
    if (m.op === 'intermediate') return;
    if (!p) return this.log({ ts: this.ctx.now(), msg: requestShape(m), entries: 0 }, m);
    this.pending.delete(m.messageId);
    this.log(p, m);
    if (m.op === 'bind_response' && m.resultCode === 0 && p.msg.bindKind === 'SASL') this.saslMechanism = p.msg.mechanism;
    if (m.op === 'extended_response' && m.resultCode === 0 && p.msg.object === '1.3.6.1.4.1.1466.20037') {
      this.stopped = true; // TLS follows: Zeek hands the stream to its SSL analyzer
      this.ctx.handover?.('ssl');
    }
  }

  private request(m: LdapMessage): void {
    if (m.op === 'unbind' || m.op === 'abandon') return this.log({ ts: this.ctx.now(), msg: m, entries: 0 }, undefined);
    if (this.pending.size >= MAX_PENDING_MESSAGES) {
      this.ctx.weird('LDAP_max_pending_messages_exceeded');
      return;
    }
    this.pending.set(m.messageId, { ts: this.ctx.now(), msg: m, entries: 0 });
  }

  /** Bytes that are not an LDAPMessage after a successful SASL bind: the security layer is on. */
  saslLayer(): boolean {
    if (this.saslMechanism === undefined) return false;
    this.saslWrapped = true;
    return true;
  }

  private log(p: Pending, resp: LdapMessage | undefined): void {
    const q = p.msg;
    const id = this.ctx.conn.id;
    if (q.op === 'search') {
      const r: LdapSearch = { ts: p.ts, uid: this.ctx.conn.uid, id, message_id: q.messageId };
      if (q.scope !== undefined) r.scope = SCOPES[q.scope] ?? String(q.scope);
      if (q.deref !== undefined) r.deref_aliases = DEREFS[q.deref] ?? String(q.deref);
      if (q.object !== undefined) r.base_object = q.object;
      if (resp) r.result_count = p.entries;
      if (resp?.resultCode !== undefined) r.result = resultName(resp.resultCode);
      if (resp?.diagnostic) r.diagnostic_message = resp.diagnostic;
      if (q.filter !== undefined) r.filter = q.filter;
      if (q.attributes?.length) r.attributes = q.attributes;
      this.ctx.emit({ type: 'ldap_search', record: r });
      return;
    }
    const r: Ldap = { ts: p.ts, uid: this.ctx.conn.uid, id, message_id: q.messageId };
    if (q.op === 'bind') {
      if (q.version !== undefined) r.version = q.version;
      r.opcode = q.bindKind === 'SASL' ? 'bind SASL' : 'bind simple';
      if (q.object) r.object = q.object;
      if (q.bindKind === 'SASL') {
        if (q.mechanism !== undefined) r.argument = q.mechanism;
      } else if (q.bindKind === 'simple') r.argument = 'REDACTED'; // Zeek's LDAP::default_capture_password = F
    } else {
      r.opcode = OPCODES[q.op] ?? q.op;
      if (q.op === 'extended' && q.object !== undefined) r.object = extendedName(q.object);
      else if (q.object && q.op !== 'add') r.object = q.object;
      if (q.argument !== undefined) r.argument = q.argument;
    }
    if (resp?.resultCode !== undefined) r.result = resultName(resp.resultCode);
    if (resp?.diagnostic) r.diagnostic_message = resp.diagnostic;
    this.ctx.emit({ type: 'ldap', record: r });
  }

  end(): void {
    for (const p of [...this.pending.values()].sort((a, b) => a.msg.messageId - b.msg.messageId)) this.log(p, undefined);
    this.pending.clear();
    this.ntlm.end();
  }
}

/** A response seen without its request: log what the response says. */
function requestShape(m: LdapMessage): LdapMessage {
  const map: Partial<Record<LdapMessage['op'], LdapMessage['op']>> = {
    bind_response: 'bind', search_done: 'search', modify_response: 'modify', add_response: 'add', delete_response: 'delete',
    modify_dn_response: 'modify_dn', compare_response: 'compare', extended_response: 'extended',
  };
  return { messageId: m.messageId, op: map[m.op] ?? m.op };
}

class LdapStream implements StreamAnalyzer {
  private readonly held = new HeldTail(MAX_HELD);
  private readonly skip = [0, 0];
  private readonly core: LdapCore;
  private confirmed = false;

  constructor(private readonly ctx: AnalyzerContext) {
    this.core = new LdapCore(ctx, 'ldap_tcp');
  }

  data(isOrig: boolean, data: Buffer): void {
    if (this.core.stopped) return;
    if (this.core.saslWrapped) return this.wrapped(isOrig, data);
    const i = isOrig ? 0 : 1;
    let buf = data;
    if (this.skip[i]) {
      const n = Math.min(this.skip[i]!, buf.length);
      this.skip[i]! -= n;
      buf = buf.subarray(n);
    }
    buf = this.held.join(isOrig, buf);
    let off = 0;
    while (off < buf.length && !this.core.stopped && !this.core.saslWrapped) {
      // (a SASL layer switches to wrapped() below)
      const rest = buf.subarray(off);
      const len = messageLength(rest);
      if (len.status === 'need-more') break;
      if (len.status === 'malformed') {
        if (this.core.saslLayer()) return this.wrapped(isOrig, rest);
        if (!this.confirmed) return this.violation(len.anomaly);
        // Framing lost (an unrecognised security layer, or a capture gap): report once, then the
        // stream is opaque rather than a weird per segment.
        this.ctx.weird(len.anomaly);
        this.core.stopped = true;
        return;
      }
      if (len.value > MAX_MESSAGE) {
        // too large to hold (a big search result): skip it
        const n = Math.min(len.value, rest.length);
        this.skip[i] = len.value - n;
        off += n;
        continue;
      }
      if (rest.length < len.value) break;
      const r = parseMessage(rest);
      if (r.status !== 'ok') {
        if (r.status === 'malformed') this.ctx.weird(r.anomaly);
        off += len.value;
        continue;
      }
      off += r.consumed;
      if (!this.confirmed) {
        this.confirmed = true;
        this.ctx.confirm('ldap_tcp');
      }
      this.core.message(isOrig, r.value);
    }
    if (off < buf.length && !this.core.stopped && !this.core.saslWrapped) this.held.keep(isOrig, buf, off);
  }

  /** SASL security layer: Kerberos tokens that are signed but not sealed still carry readable LDAP. */
  private wrapped(isOrig: boolean, data: Buffer): void {
    const buf = this.held.join(isOrig, data);
    let off = 0;
    while (off < buf.length && !this.core.stopped) {
      const f = saslFrame(buf.subarray(off));
      if (f.status === 'need-more') break;
      if (f.status === 'malformed') {
        this.core.stopped = true; // opaque from here on
        return;
      }
      off += f.consumed;
      const clear = krb5Cleartext(f.value);
      if (!clear) continue; // sealed or not Kerberos: opaque
      let p = 0;
      while (p < clear.length) {
        const r = parseMessage(clear.subarray(p));
        if (r.status !== 'ok') break;
        p += r.consumed;
        this.core.message(isOrig, r.value);
      }
    }
    if (off < buf.length && !this.core.stopped) this.held.keep(isOrig, buf, off);
  }

  private violation(reason: string): void {
    this.core.end();
    this.ctx.violation(reason);
  }

  gap(isOrig: boolean): void {
    this.held.take(isOrig);
    this.skip[isOrig ? 0 : 1] = 0;
  }

  end(): void {
    this.core.end();
  }
}

class LdapDatagram implements DatagramAnalyzer {
  private readonly core: LdapCore;
  private confirmed = false;

  constructor(private readonly ctx: AnalyzerContext) {
    this.core = new LdapCore(ctx, 'ldap_udp');
  }

  datagram(isOrig: boolean, data: Buffer): void {
    let off = 0;
    while (off < data.length) {
      const r = parseMessage(data.subarray(off));
      if (r.status !== 'ok') {
        this.ctx.weird(r.status === 'malformed' ? r.anomaly : 'LDAP_truncated_datagram');
        return;
      }
      off += r.consumed;
      if (!this.confirmed) {
        this.confirmed = true;
        this.ctx.confirm('ldap_udp');
      }
      this.core.message(isOrig, r.value);
    }
  }

  end(): void {
    this.core.end();
  }
}

export const LDAP_TCP_ANALYZER: StreamAnalyzerSpec = {
  name: 'ldap_tcp',
  detect: (orig: Buffer, resp: Buffer): Detection => {
    if (orig.length >= 7) return looksLikeLdap(orig) ? 'yes' : 'no';
    if (!orig.length && resp.length >= 7) return looksLikeLdap(resp) ? 'yes' : 'no';
    return 'maybe';
  },
  create: (ctx) => new LdapStream(ctx),
};

export const LDAP_UDP_ANALYZER: DatagramAnalyzerSpec = {
  name: 'ldap_udp',
  detect: (data: Buffer): Detection => (looksLikeLdap(data) && parseMessage(data).status === 'ok' ? 'yes' : 'no'),
  create: (ctx) => new LdapDatagram(ctx),
};
