// The built-in protocol analyzers, in the order detection tries them. Each lives in its own folder
// (src/sensor/<protocol>/) with pure parse functions in parse.ts and its analyzer in analyzer.ts,
// exporting its spec(s). One import line and one list entry per analyzer.
import type { AnalyzerSet } from './app/dispatcher.js';
// import: dns
// import: http
// import: ssl
// import: ssh
// import: ftp
// import: smtp
// import: rdp
// import: ldap
// import: smb
// import: dce_rpc
// import: krb
// import: dhcp
// import: ntp
// import: quic

export const BUILTIN_ANALYZERS: AnalyzerSet = {
  stream: [
    // stream: http
    // stream: ssl
    // stream: ssh
    // stream: ftp
    // stream: smtp
    // stream: rdp
    // stream: ldap
    // stream: smb
    // stream: dce_rpc
    // stream: krb
    // stream: dns
  ],
  datagram: [
    // datagram: dns
    // datagram: dhcp
    // datagram: ntp
    // datagram: krb
    // datagram: ldap
    // datagram: quic
  ],
};

/** No protocol analysis: connection tracking alone (benchmarks, `--no-analyzers`). */
export const NO_ANALYZERS: AnalyzerSet = { stream: [], datagram: [] };
