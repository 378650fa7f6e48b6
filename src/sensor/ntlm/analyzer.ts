// ntlm.log for one connection, as Zeek's base/protocols/ntlm/main.zeek builds it: server names from
// the CHALLENGE, user/host/domain from the AUTHENTICATE, success from the GSSAPI/SPNEGO result (or
// the carrying protocol's status); logged at the result, or when the connection ends.
//
// Use from any analyzer that carries NTLMSSP (SMB session setup, HTTP Authorization/WWW-Authenticate:
// NTLM <base64>, LDAP SASL bind, DCE/RPC auth verifier):
//   const ntlm = new NtlmTracker(ctx);          // once per connection
//   ntlm.blob(securityBlob);                   // each token, raw or SPNEGO-wrapped
//   ntlm.result(0 | 2);                        // optional: 0 = success, 2 = rejected
//   ntlm.end();                                // in the analyzer's end()
import type { Ntlm } from '../../schema/logs/ntlm.js';
import type { AnalyzerContext } from '../app/analyzer.js';
import { findNtlmssp, parseNtlm, spnegoNegState, type NtlmMessage } from './parse.js';

export class NtlmTracker {
  private info: Ntlm | null = null;
  private done = false;
  private confirmed = false;

  constructor(private readonly ctx: AnalyzerContext) {}

  /** A security token (raw NTLMSSP, or inside SPNEGO/GSSAPI). Returns true if it held NTLMSSP. */
  blob(token: Buffer): boolean {
    const neg = spnegoNegState(token);
    const at = findNtlmssp(token);
    let found = false;
    if (at >= 0) {
      const r = parseNtlm(token.subarray(at));
      if (r.status === 'ok') {
        found = true;
        this.message(r.value);
      } else if (r.status === 'malformed') this.ctx.weird(r.anomaly, r.detail);
    }
    if (neg !== undefined && this.info) this.result(neg);
    return found;
  }

  private message(m: NtlmMessage): void {
    if (!this.confirmed) {
      this.confirmed = true;
      this.ctx.confirm('ntlm');
    }
    if (this.done) {
      // A new authentication on the same connection starts a new record.
      if (m.type !== 1 && m.type !== 2) return;
      this.done = false;
      this.info = null;
    }
    const info = (this.info ??= { ts: this.ctx.now(), uid: this.ctx.conn.uid, id: this.ctx.conn.id });
    if (m.type === 2) {
      if (m.nbComputerName !== undefined) info.server_nb_computer_name = m.nbComputerName;
      if (m.dnsComputerName !== undefined) info.server_dns_computer_name = m.dnsComputerName;
      if (m.dnsTreeName !== undefined) info.server_tree_name = m.dnsTreeName;
    } else if (m.type === 3) {
      if (m.domainName !== undefined) info.domainname = m.domainName;
      if (m.workstation !== undefined) info.hostname = m.workstation;
      if (m.userName !== undefined) info.username = m.userName;
    }
  }

  /** Zeek's gssapi_neg_result: 0 success, 1 incomplete (ignored), other failure. */
  result(state: number): void {
    if (!this.info || this.done || state === 1) return;
    this.info.success = state === 0;
    if (this.info.username !== undefined || this.info.hostname !== undefined) this.log();
  }

  end(): void {
    if (this.info && !this.done) this.log();
  }

  private log(): void {
    this.done = true;
    this.ctx.emit({ type: 'ntlm', record: this.info! });
  }
}
