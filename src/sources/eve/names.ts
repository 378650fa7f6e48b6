// EVE's names for things, mapped once to Zeek's, so records from EVE read like records from Zeek.

/**
 * Suricata app_proto → Zeek service/analyzer name. Names not listed pass through unchanged (most
 * are the same in both: http, dns, ftp, smtp, ssh, dhcp, ntp, rdp, sip, snmp, mqtt, quic, …).
 * 'failed' and 'unknown' mean no protocol was recognised and give no service.
 */
const SERVICE = new Map<string, string | null>(Object.entries({
  tls: 'ssl',
  dcerpc: 'dce_rpc',
  krb5: 'krb',
  'ftp-data': 'ftp-data',
  ftp_data: 'ftp-data',
  pgsql: 'postgresql',
  ikev2: 'ike',
  'bittorrent-dht': 'bittorrent',
  failed: null,
  unknown: null,
  '': null,
}));

/** Zeek's service name for an EVE app_proto (krb5 over TCP is krb_tcp in Zeek), or undefined. */
export function zeekService(appProto: string | undefined, proto?: string): string | undefined {
  if (appProto === undefined) return undefined;
  const lower = appProto.toLowerCase();
  const mapped = SERVICE.has(lower) ? SERVICE.get(lower) : lower;
  if (mapped === null || mapped === undefined) return undefined;
  if (mapped === 'krb' && proto === 'tcp') return 'krb_tcp';
  return mapped;
}

/** Zeek files.log `source` (the analyzer that carried the file) for an app_proto. */
export function zeekFileSource(appProto: string | undefined): string | undefined {
  const s = zeekService(appProto);
  if (!s) return undefined;
  return s === 'ftp-data' ? 'FTP_DATA' : s.toUpperCase();
}

/** EVE TLS version text → Zeek's ssl.log version. Unknown texts pass through. */
export function zeekTlsVersion(v: string | undefined): string | undefined {
  if (v === undefined || v === '' || v === 'UNDETERMINED') return undefined;
  const m = /^(D?TLS) ?(\d)\.(\d)$/.exec(v);
  if (m) return `${m[1]}v${m[2]}${m[3]}`;
  // TLS 1.3 drafts ("TLS 1.3 draft-28") are TLSv13 to Zeek
  if (v.startsWith('TLS 1.3')) return 'TLSv13';
  return v;
}

export const DNS_RCODES: Record<string, number> = {
  NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5, YXDOMAIN: 6, YXRRSET: 7,
  NXRRSET: 8, NOTAUTH: 9, NOTZONE: 10, BADVERS: 16, BADSIG: 16, BADKEY: 17, BADTIME: 18, BADMODE: 19,
  BADNAME: 20, BADALG: 21, BADTRUNC: 22, BADCOOKIE: 23,
};

/** DNS RR type name → number (Zeek logs both qtype and qtype_name). */
export const DNS_TYPES: Record<string, number> = {
  A: 1, NS: 2, MD: 3, MF: 4, CNAME: 5, SOA: 6, MB: 7, MG: 8, MR: 9, NULL: 10, WKS: 11, PTR: 12,
  HINFO: 13, MINFO: 14, MX: 15, TXT: 16, RP: 17, AFSDB: 18, X25: 19, ISDN: 20, RT: 21, NSAP: 22,
  'NSAP-PTR': 23, SIG: 24, KEY: 25, PX: 26, GPOS: 27, AAAA: 28, LOC: 29, NXT: 30, EID: 31,
  NIMLOC: 32, SRV: 33, ATMA: 34, NAPTR: 35, KX: 36, CERT: 37, A6: 38, DNAME: 39, SINK: 40, OPT: 41,
  APL: 42, DS: 43, SSHFP: 44, IPSECKEY: 45, RRSIG: 46, NSEC: 47, DNSKEY: 48, DHCID: 49, NSEC3: 50,
  NSEC3PARAM: 51, TLSA: 52, SMIMEA: 53, HIP: 55, NINFO: 56, RKEY: 57, TALINK: 58, CDS: 59,
  CDNSKEY: 60, OPENPGPKEY: 61, CSYNC: 62, ZONEMD: 63, SVCB: 64, HTTPS: 65, SPF: 99, UINFO: 100,
  UID: 101, GID: 102, UNSPEC: 103, NID: 104, L32: 105, L64: 106, LP: 107, EUI48: 108, EUI64: 109,
  TKEY: 249, TSIG: 250, IXFR: 251, AXFR: 252, MAILB: 253, MAILA: 254, ANY: 255, URI: 256, CAA: 257,
  TA: 32768, DLV: 32769,
};

/** [qtype, Zeek qtype_name] for an EVE rrtype ("A", "ANY", "65", "TYPE65"). */
export function dnsType(rrtype: string | undefined): [number | undefined, string | undefined] {
  if (rrtype === undefined || rrtype === '') return [undefined, undefined];
  const known = Object.hasOwn(DNS_TYPES, rrtype) ? DNS_TYPES[rrtype] : undefined;
  if (known !== undefined) return [known, known === 255 ? '*' : rrtype]; // Zeek calls ANY "*"
  const n = /^(?:TYPE)?(\d+)$/i.exec(rrtype);
  if (n) {
    const code = Number(n[1]);
    const name = Object.keys(DNS_TYPES).find((k) => DNS_TYPES[k] === code);
    return [code, name ?? `query-${code}`]; // Zeek's default name for unknown types
  }
  return [undefined, rrtype];
}

/** [rcode, rcode_name] for an EVE rcode ("NXDOMAIN", or a number for ones Suricata has no name for). */
export function dnsRcode(rcode: string | undefined): [number | undefined, string | undefined] {
  if (rcode === undefined || rcode === '') return [undefined, undefined];
  const known = Object.hasOwn(DNS_RCODES, rcode) ? DNS_RCODES[rcode] : undefined;
  if (known !== undefined) return [known, rcode];
  if (/^\d+$/.test(rcode)) {
    const code = Number(rcode);
    return [code, Object.keys(DNS_RCODES).find((k) => DNS_RCODES[k] === code) ?? `unknown-${code}`];
  }
  return [undefined, rcode];
}

/** IP protocol numbers of EVE's `proto` names (others are written as numbers). */
export const IP_PROTOS: Record<string, number> = {
  TCP: 6, UDP: 17, ICMP: 1, 'IPV6-ICMP': 58, ICMPV6: 58, SCTP: 132, GRE: 47, ESP: 50, AH: 51, IGMP: 2,
  IPIP: 4, IPV4: 4, IPV6: 41, OSPF: 89, OSPFIGP: 89, PIM: 103, VRRP: 112, L2TP: 115,
};

// ICMP "ports" as Zeek defines them: originator port = type, responder port = the counterpart type
// (echo 8 ↔ 0, …) or, for one-way messages, the code.
export const ICMP4_COUNTERPART: Record<number, number> = { 8: 0, 0: 8, 13: 14, 14: 13, 15: 16, 16: 15, 10: 9, 9: 10, 17: 18, 18: 17 };
export const ICMP6_COUNTERPART: Record<number, number> = { 128: 129, 129: 128, 133: 134, 134: 133, 135: 136, 136: 135, 130: 131, 131: 130, 139: 140, 140: 139, 144: 145, 145: 144 };
