// The identity records the entities stage exports: devices, users, external endpoints and subnets.
// Field names are snake_case like every stored and exported record (DESIGN.md conventions). These
// describe *who* is talking; nothing here is a score or a verdict.

/** Where an address binding came from, strongest first. */
export type IpSource =
  /** a DHCP ACK assigned it to the device's MAC */
  | 'dhcp'
  /** seen as the link-layer source/destination of a connection on a local network */
  | 'l2'
  /** seen only as an address (no MAC, or a MAC that is a gateway): the address is the identity */
  | 'ip';

export interface DeviceIp {
  ip: string;
  source: IpSource;
  first_seen: number;
  last_seen: number;
}

export type HostnameSource = 'dhcp' | 'dns-ptr' | 'dns-a' | 'kerberos' | 'ntlm' | 'smb' | 'netbios';

export interface DeviceHostname {
  /** lower case, without a trailing dot, as the source gave it (short name or FQDN) */
  name: string;
  source: HostnameSource;
  first_seen: number;
  last_seen: number;
}

/**
 * What the device behaves like. `server` is a generic server (serves some port to several clients);
 * the specific server roles win over it. Gateways are not devices: their MACs are listed apart
 * (EntityResolver.gateways()), because the addresses behind them belong to other hosts.
 */
export const DEVICE_TYPES = [
  'domain-controller', 'dns-server', 'dhcp-server', 'file-server', 'web-server', 'printer', 'server',
  'iot', 'client', 'unknown',
] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

/** A credential seen in use from a device. */
export interface DeviceUser {
  /** User.id */
  user: string;
  first_seen: number;
  last_seen: number;
}

export interface Device {
  /** 'dev:' + the first MAC seen, or 'dev:ip:' + the address when the device was first seen without one; never changes */
  id: string;
  /** lower-case colon form, first seen first */
  macs: string[];
  ips: DeviceIp[];
  hostnames: DeviceHostname[];
  type: DeviceType;
  /** why `type` was chosen, in words an analyst can check against the traffic */
  type_evidence: string[];
  /** the learned subnet of the most recently seen address (/24 for IPv4, /64 for IPv6) */
  subnet?: string;
  users: DeviceUser[];
  first_seen: number;
  last_seen: number;
}

/** SSH user names are encrypted on the wire, so SSH names no user. */
export type UserSource = 'kerberos' | 'ntlm' | 'http-basic' | 'rdp';

export interface UserDevice {
  /** Device.id */
  device: string;
  first_seen: number;
  last_seen: number;
}

export interface User {
  /** 'domain\\name', lower case; the Kerberos realm contributes its first label so a Kerberos and an NTLM logon of one account meet */
  id: string;
  /** the spellings seen on the wire ('alice/CORP.EXAMPLE', 'CORP\\Alice') */
  names: string[];
  devices: UserDevice[];
  sources: UserSource[];
  first_seen: number;
  last_seen: number;
}

export type EndpointHostnameSource = 'dns' | 'tls-sni' | 'http-host';

export interface EndpointHostname {
  name: string;
  source: EndpointHostnameSource;
  first_seen: number;
  last_seen: number;
}

/** An address outside the local networks. */
export interface Endpoint {
  ip: string;
  hostnames: EndpointHostname[];
  asn?: number;
  org?: string;
  /** ISO 3166-1 alpha-2 */
  country?: string;
  first_seen: number;
  last_seen: number;
}

export interface Subnet {
  cidr: string;
  /** configured: one of the local networks; learned: the /24 (/64) around devices seen */
  origin: 'configured' | 'learned';
  devices: number;
}
