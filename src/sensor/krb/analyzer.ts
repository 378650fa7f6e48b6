// Kerberos over UDP (service "krb") and TCP (service "krb_tcp"): one kerberos.log record per
// connection, built as Zeek's base/protocols/krb/main.zeek builds it (request fields, then the
// reply's ticket or the error), logged at the reply/error or when the connection ends.
import type { Kerberos } from '../../schema/logs/kerberos.js';
import type { AnalyzerContext, DatagramAnalyzer, DatagramAnalyzerSpec, StreamAnalyzer, StreamAnalyzerSpec } from '../app/analyzer.js';
import { CIPHER_NAMES, ERROR_NAMES, looksLikeKrb, MAX_KRB_MESSAGE, parseKrbMessage, parseKrbTcpRecord, type KrbMessage } from './parse.js';

/** e-text values Zeek ignores (MIT's "pre-authentication required" hints): the record is dropped. */
const IGNORED_ERRORS = new Set(['NEEDED_PREAUTH', 'Need to use PA-ENC-TIMESTAMP/PA-PK-AS-REQ']);

const principal = (name: string | undefined, realm: string | undefined) => `${name ?? ''}/${realm ?? ''}`;

/** The kerberos.log state of one connection (Zeek's c$krb). Also used by SMB/GSSAPI for AP-REQs. */
export class KrbLogState {
  private info: Kerberos | null = null;
  private logged = false;

  constructor(private readonly ctx: AnalyzerContext) {}

  /** Zeek's set_session: true when this connection already logged its record. */
  private session(): Kerberos | null {
    if (this.logged) return null;
    if (!this.info) this.info = { ts: this.ctx.now(), uid: this.ctx.conn.uid, id: this.ctx.conn.id };
    return this.info;
  }

  message(m: KrbMessage): void {
    const info = this.session();
    if (!info) return;
    switch (m.kind) {
      case 'AS_REQ':
      case 'TGS_REQ':
        if (info.request_type) return; // Zeek keeps the first request's fields
        info.request_type = m.kind === 'AS_REQ' ? 'AS' : 'TGS';
        if (m.kind === 'AS_REQ') info.client = principal(m.clientName, m.realm);
        if (m.serviceName !== undefined) info.service = m.serviceName;
        if (m.from !== undefined) info.from = m.from;
        if (m.till !== undefined) info.till = m.till;
        info.forwardable = m.forwardable;
        info.renewable = m.renewable;
        return;
      case 'AS_REP':
      case 'TGS_REP':
        if (info.client === undefined && (m.clientName !== undefined || m.clientRealm !== undefined)) info.client = principal(m.clientName, m.clientRealm);
        if (m.ticketServiceName !== undefined) info.service = m.ticketServiceName;
        if (m.ticketCipher !== undefined) info.cipher = CIPHER_NAMES[m.ticketCipher] ?? `unknown-${m.ticketCipher}`;
        info.success = true;
        return this.log();
      case 'ERROR':
        if (m.errorText !== undefined && IGNORED_ERRORS.has(m.errorText)) {
          this.info = null;
          return;
        }
        if (info.client === undefined && (m.clientName !== undefined || m.clientRealm !== undefined)) info.client = principal(m.clientName, m.clientRealm);
        if (m.serviceName !== undefined) info.service = m.serviceName;
        info.success = false;
        if (m.errorText !== undefined) info.error_msg = m.errorText;
        else if (ERROR_NAMES[m.errorCode]) info.error_msg = ERROR_NAMES[m.errorCode];
        return this.log();
      case 'AP_REQ':
        info.request_type = 'AP';
        if (m.ticketServiceName !== undefined) info.service = m.ticketServiceName;
        if (m.ticketCipher !== undefined) info.cipher = CIPHER_NAMES[m.ticketCipher] ?? `unknown-${m.ticketCipher}`;
        info.client = principal(undefined, m.ticketRealm);
        info.success = true;
        return this.log();
    }
  }

  /** Logs what is open (Zeek's removal hook). */
  end(): void {
    if (this.info && !this.logged) this.log();
  }

  private log(): void {
    if (!this.info || this.logged) return;
    this.logged = true;
    this.ctx.emit({ type: 'kerberos', record: this.info });
  }
}


export const krbDatagramSpec: DatagramAnalyzerSpec = {
  name: 'krb',
  detect(data) {
    if (looksLikeKrb(data, data.length) !== 'yes') return 'no'; // a datagram is whole
    return parseKrbMessage(data).status === 'ok' ? 'yes' : 'no';
  },
  create(ctx): DatagramAnalyzer {
    const state = new KrbLogState(ctx);
    let confirmed = false;
    return {
      datagram(_isOrig, data) {
        const r = parseKrbMessage(data);
        if (r.status !== 'ok') return ctx.weird(r.status === 'malformed' ? r.anomaly : 'krb_truncated_message');
        if (!confirmed) {
          confirmed = true;
          ctx.confirm();
        }
        state.message(r.value);
      },
      end: () => state.end(),
    };
  },
};

export const krbStreamSpec: StreamAnalyzerSpec = {
  name: 'krb_tcp',
  detect(orig, resp) {
    for (const b of [orig, resp]) {
      if (b.length === 0) continue;
      if (b.length < 5) return 'maybe';
      const len = b.readUInt32BE(0);
      if (len > MAX_KRB_MESSAGE || len < 2) return 'no';
      return looksLikeKrb(b.subarray(4, 4 + len), len);
    }
    return 'maybe';
  },
  create(ctx): StreamAnalyzer {
    const state = new KrbLogState(ctx);
    const pending: [Buffer | null, Buffer | null] = [null, null];
    let confirmed = false;
    let dead = false;
    return {
      data(isOrig, data) {
        if (dead) return;
        const i = isOrig ? 0 : 1;
        let buf = pending[i] ? Buffer.concat([pending[i]!, data]) : data;
        pending[i] = null;
        for (;;) {
          const r = parseKrbTcpRecord(buf);
          if (r.status === 'need-more') {
            if (buf.length) pending[i] = Buffer.from(buf);
            return;
          }
          if (r.status === 'malformed') {
            dead = true;
            return ctx.violation(r.anomaly);
          }
          if (!confirmed) {
            confirmed = true;
            ctx.confirm();
          }
          state.message(r.value);
          buf = buf.subarray(r.consumed);
        }
      },
      gap(isOrig) {
        pending[isOrig ? 0 : 1] = null;
        dead = true; // record boundaries are lost
      },
      end: () => state.end(),
    };
  },
};
