// Zeek's DNS name tables (base/protocols/dns/consts.zeek): the text Zeek logs for a query type,
// class, response code and opcode, with the same fallbacks for unknown values.

const QUERY_TYPES: Record<number, string> = {
  1: 'A', 2: 'NS', 3: 'MD', 4: 'MF', 5: 'CNAME', 6: 'SOA', 7: 'MB', 8: 'MG', 9: 'MR', 10: 'NULL',
  11: 'WKS', 12: 'PTR', 13: 'HINFO', 14: 'MINFO', 15: 'MX', 16: 'TXT', 17: 'RP', 18: 'AFSDB',
  19: 'X25', 20: 'ISDN', 21: 'RT', 22: 'NSAP', 23: 'NSAP-PTR', 24: 'SIG', 25: 'KEY', 26: 'PX',
  27: 'GPOS', 28: 'AAAA', 29: 'LOC', 30: 'NXT', 31: 'EID', 32: 'NIMLOC', 33: 'SRV', 34: 'ATMA',
  35: 'NAPTR', 36: 'KX', 37: 'CERT', 38: 'A6', 39: 'DNAME', 40: 'SINK', 41: 'OPT', 42: 'APL',
  43: 'DS', 44: 'SSHFP', 45: 'IPSECKEY', 46: 'RRSIG', 47: 'NSEC', 48: 'DNSKEY', 49: 'DHCID',
  50: 'NSEC3', 51: 'NSEC3PARAM', 52: 'TLSA', 53: 'SMIMEA', 55: 'HIP', 56: 'NINFO', 57: 'RKEY',
  58: 'TALINK', 59: 'CDS', 60: 'CDNSKEY', 61: 'OPENPGPKEY', 62: 'CSYNC', 63: 'ZONEMD', 64: 'SVCB',
  65: 'HTTPS', 99: 'SPF', 100: 'UINFO', 101: 'UID', 102: 'GID', 103: 'UNSPEC', 249: 'TKEY',
  250: 'TSIG', 251: 'IXFR', 252: 'AXFR', 253: 'MAILB', 254: 'MAILA', 255: '*', 256: 'URI',
  257: 'CAA', 32768: 'TA', 32769: 'DLV',
};

const CLASSES: Record<number, string> = {
  1: 'C_INTERNET', 2: 'C_CSNET', 3: 'C_CHAOS', 4: 'C_HESOD', 254: 'C_NONE', 255: 'C_ANY',
};

const RCODES: Record<number, string> = {
  0: 'NOERROR', 1: 'FORMERR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 4: 'NOTIMP', 5: 'REFUSED',
  6: 'YXDOMAIN', 7: 'YXRRSET', 8: 'NXRRSet', 9: 'NOTAUTH', 10: 'NOTZONE', 11: 'unassigned-11',
  12: 'unassigned-12', 13: 'unassigned-13', 14: 'unassigned-14', 15: 'unassigned-15',
  16: 'BADVERS', 17: 'BADKEY', 18: 'BADTIME', 19: 'BADMODE', 20: 'BADNAME', 21: 'BADALG',
  22: 'BADTRUNC', 3842: 'BADSIG',
};

const OPCODES: Record<number, string> = {
  0: 'query', 1: 'iquery', 2: 'status', 4: 'notify', 5: 'dynamic-update',
};

export const qtypeName = (t: number): string => QUERY_TYPES[t] ?? `query-${t}`;
export const qclassName = (c: number): string => CLASSES[c] ?? `qclass-${c}`;
export const rcodeName = (r: number): string => RCODES[r] ?? `rcode-${r}`;
export const opcodeName = (o: number): string => OPCODES[o] ?? `opcode-${o}`;

/** Zeek's decode_netbios_name: 32 "half-ASCII" letters → up to 15 printable bytes of the name. */
export function decodeNetbiosName(name: string): string {
  let out = '';
  for (let i = 0, j = 0; i < 16; i++) {
    const c0 = j < name.length ? name.charCodeAt(j++) & ~0x20 : 0x41;
    const c1 = j < name.length ? name.charCodeAt(j++) & ~0x20 : 0x41;
    const b = (((c0 - 0x41) << 4) + (c1 - 0x41)) & 0xff;
    if (i === 15) break;
    // Zeek keeps alphanumerics, punctuation and bytes < 3; it stops at the first other byte (the padding).
    const printable = b > 0x20 && b < 0x7f;
    if (!(printable || b < 3)) break;
    out += String.fromCharCode(b);
  }
  return out;
}
