// Every protocol log type the sensor and the ingest sources produce: the record type and its Zeek layout.
// Adding a log type is one line here and one schema file beside it.
import { DNS_LAYOUT, type Dns } from './dns.js';
import { HTTP_LAYOUT, type Http } from './http.js';
import { SSL_LAYOUT, type Ssl } from './ssl.js';
import { X509_LAYOUT, type X509 } from './x509.js';
import { SSH_LAYOUT, type Ssh } from './ssh.js';
import { FILES_LAYOUT, type Files } from './files.js';
import { SMB_FILES_LAYOUT, type SmbFiles } from './smb-files.js';
import { SMB_MAPPING_LAYOUT, type SmbMapping } from './smb-mapping.js';
import { NTLM_LAYOUT, type Ntlm } from './ntlm.js';
import { DCE_RPC_LAYOUT, type DceRpc } from './dce-rpc.js';
import { KERBEROS_LAYOUT, type Kerberos } from './kerberos.js';
import { DHCP_LAYOUT, type Dhcp } from './dhcp.js';
import { LDAP_LAYOUT, type Ldap } from './ldap.js';
import { LDAP_SEARCH_LAYOUT, type LdapSearch } from './ldap-search.js';
import { RDP_LAYOUT, type Rdp } from './rdp.js';
import { FTP_LAYOUT, type Ftp } from './ftp.js';
import { SMTP_LAYOUT, type Smtp } from './smtp.js';
import { QUIC_LAYOUT, type Quic } from './quic.js';
import { NTP_LAYOUT, type Ntp } from './ntp.js';
import { NOTICE_LAYOUT, type Notice } from './notice.js';
import { SOFTWARE_LAYOUT, type Software } from './software.js';
import { KNOWN_CERTS_LAYOUT, KNOWN_HOSTS_LAYOUT, KNOWN_SERVICES_LAYOUT, type KnownCerts, type KnownHosts, type KnownServices } from './known.js';
import type { ZeekField } from '../zeek-layout.js';

/** Log type name → record type. */
export interface ProtocolLogRecords {
  notice: Notice;
  software: Software;
  known_hosts: KnownHosts;
  known_services: KnownServices;
  known_certs: KnownCerts;
  dns: Dns;
  http: Http;
  ssl: Ssl;
  x509: X509;
  ssh: Ssh;
  files: Files;
  smb_files: SmbFiles;
  smb_mapping: SmbMapping;
  ntlm: Ntlm;
  dce_rpc: DceRpc;
  kerberos: Kerberos;
  dhcp: Dhcp;
  ldap: Ldap;
  ldap_search: LdapSearch;
  rdp: Rdp;
  ftp: Ftp;
  smtp: Smtp;
  quic: Quic;
  ntp: Ntp;
}

export const PROTOCOL_LOG_LAYOUTS: { [K in keyof ProtocolLogRecords]: ZeekField[] } = {
  notice: NOTICE_LAYOUT,
  software: SOFTWARE_LAYOUT,
  known_hosts: KNOWN_HOSTS_LAYOUT,
  known_services: KNOWN_SERVICES_LAYOUT,
  known_certs: KNOWN_CERTS_LAYOUT,
  dns: DNS_LAYOUT,
  http: HTTP_LAYOUT,
  ssl: SSL_LAYOUT,
  x509: X509_LAYOUT,
  ssh: SSH_LAYOUT,
  files: FILES_LAYOUT,
  smb_files: SMB_FILES_LAYOUT,
  smb_mapping: SMB_MAPPING_LAYOUT,
  ntlm: NTLM_LAYOUT,
  dce_rpc: DCE_RPC_LAYOUT,
  kerberos: KERBEROS_LAYOUT,
  dhcp: DHCP_LAYOUT,
  ldap: LDAP_LAYOUT,
  ldap_search: LDAP_SEARCH_LAYOUT,
  rdp: RDP_LAYOUT,
  ftp: FTP_LAYOUT,
  smtp: SMTP_LAYOUT,
  quic: QUIC_LAYOUT,
  ntp: NTP_LAYOUT,
};

export * from './dns.js';
export * from './http.js';
export * from './ssl.js';
export * from './x509.js';
export * from './ssh.js';
export * from './files.js';
export * from './smb-files.js';
export * from './smb-mapping.js';
export * from './ntlm.js';
export * from './dce-rpc.js';
export * from './kerberos.js';
export * from './dhcp.js';
export * from './ldap.js';
export * from './ldap-search.js';
export * from './rdp.js';
export * from './ftp.js';
export * from './smtp.js';
export * from './quic.js';
export * from './ntp.js';
export * from './notice.js';
export * from './software.js';
export * from './known.js';
