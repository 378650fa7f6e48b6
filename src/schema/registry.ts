// Runtime schema of every observation type, for validating records that arrive from outside
// (Zeek logs, EVE, NetFlow) at the edge.
import type { z } from 'zod';
import { AnomalySchema } from './anomaly.js';
import { ConnectionSchema } from './conn.js';
import { ExternalAlertSchema } from './external-alert.js';
import { DnsSchema } from './logs/dns.js';
import { HttpSchema } from './logs/http.js';
import { SslSchema } from './logs/ssl.js';
import { X509Schema } from './logs/x509.js';
import { SshSchema } from './logs/ssh.js';
import { FilesSchema } from './logs/files.js';
import { SmbFilesSchema } from './logs/smb-files.js';
import { SmbMappingSchema } from './logs/smb-mapping.js';
import { NtlmSchema } from './logs/ntlm.js';
import { DceRpcSchema } from './logs/dce-rpc.js';
import { KerberosSchema } from './logs/kerberos.js';
import { DhcpSchema } from './logs/dhcp.js';
import { LdapSchema } from './logs/ldap.js';
import { LdapSearchSchema } from './logs/ldap-search.js';
import { RdpSchema } from './logs/rdp.js';
import { FtpSchema } from './logs/ftp.js';
import { SmtpSchema } from './logs/smtp.js';
import { QuicSchema } from './logs/quic.js';
import { NtpSchema } from './logs/ntp.js';
import { NoticeSchema } from './logs/notice.js';
import { SoftwareSchema } from './logs/software.js';
import { KnownCertsSchema, KnownHostsSchema, KnownServicesSchema } from './logs/known.js';
import type { ObservationType } from './observation.js';

export const OBSERVATION_SCHEMAS: Record<ObservationType, z.ZodType> = {
  conn: ConnectionSchema,
  notice: NoticeSchema,
  software: SoftwareSchema,
  known_hosts: KnownHostsSchema,
  known_services: KnownServicesSchema,
  known_certs: KnownCertsSchema,
  weird: AnomalySchema,
  alert: ExternalAlertSchema,
  dns: DnsSchema,
  http: HttpSchema,
  ssl: SslSchema,
  x509: X509Schema,
  ssh: SshSchema,
  files: FilesSchema,
  smb_files: SmbFilesSchema,
  smb_mapping: SmbMappingSchema,
  ntlm: NtlmSchema,
  dce_rpc: DceRpcSchema,
  kerberos: KerberosSchema,
  dhcp: DhcpSchema,
  ldap: LdapSchema,
  ldap_search: LdapSearchSchema,
  rdp: RdpSchema,
  ftp: FtpSchema,
  smtp: SmtpSchema,
  quic: QuicSchema,
  ntp: NtpSchema,
};

export function isObservationType(t: string): t is ObservationType {
  return Object.prototype.hasOwnProperty.call(OBSERVATION_SCHEMAS, t);
}
