// The built-in protocol analyzers, in the order detection tries them. Each lives in its own folder
// (src/sensor/<protocol>/) with pure parse functions in parse.ts and its analyzer in analyzer.ts,
// exporting its spec(s). One import line and one list entry per analyzer.
import type { AnalyzerSet } from './app/dispatcher.js';
import { dnsDatagramSpec, dnsStreamSpec } from './dns/analyzer.js';
import { httpAnalyzer } from './http/analyzer.js';
import { sslAnalyzer } from './ssl/analyzer.js';
import { SSH_ANALYZER } from './ssh/analyzer.js';
import { FTP_ANALYZER } from './ftp/analyzer.js';
import { SMTP_ANALYZER } from './smtp/analyzer.js';
import { RDP_ANALYZER } from './rdp/analyzer.js';
import { LDAP_TCP_ANALYZER, LDAP_UDP_ANALYZER } from './ldap/analyzer.js';
import { smbStreamSpec } from './smb/analyzer.js';
import { dceRpcStreamSpec } from './dce_rpc/analyzer.js';
import { krbDatagramSpec, krbStreamSpec } from './krb/analyzer.js';
import { dhcpSpec } from './dhcp/analyzer.js';
import { ntpSpec } from './ntp/analyzer.js';
import { quicAnalyzer } from './quic/analyzer.js';
import { IMAP_ANALYZER, IRC_ANALYZER, POP3_ANALYZER, XMPP_ANALYZER } from './starttls/analyzer.js';

export const BUILTIN_ANALYZERS: AnalyzerSet = {
  stream: [
    httpAnalyzer,
    sslAnalyzer,
    SSH_ANALYZER,
    FTP_ANALYZER,
    SMTP_ANALYZER,
    RDP_ANALYZER,
    LDAP_TCP_ANALYZER,
    smbStreamSpec,
    dceRpcStreamSpec,
    krbStreamSpec,
    dnsStreamSpec,
    POP3_ANALYZER,
    IMAP_ANALYZER,
    IRC_ANALYZER,
    XMPP_ANALYZER,
  ],
  datagram: [
    dnsDatagramSpec,
    dhcpSpec,
    ntpSpec,
    krbDatagramSpec,
    LDAP_UDP_ANALYZER,
    quicAnalyzer,
  ],
};

/** No protocol analysis: connection tracking alone (benchmarks, `--no-analyzers`). */
export const NO_ANALYZERS: AnalyzerSet = { stream: [], datagram: [] };
