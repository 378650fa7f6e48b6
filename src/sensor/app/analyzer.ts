// The contract between the sensor and its protocol analyzers (one folder per protocol under
// src/sensor/<protocol>/). The sensor reassembles TCP streams and hands each analyzer in-order
// bytes per direction, or whole UDP datagrams; analyzers parse with the pure functions of their
// `parse.ts`, and report records, confirmations, violations and anomalies through the context.
// Analyzers never throw on bytes: a parser returns ok / need-more / malformed, and malformed input
// becomes a violation or a weird.
import type { ConnId } from '../../schema/conn.js';
import type { Observation } from '../../schema/observation.js';

/** What an analyzer knows about its connection. */
export interface ConnInfo {
  uid: string;
  id: ConnId;
  proto: 'tcp' | 'udp';
  /** time of the connection's first packet */
  start: number;
}

/** Site policy switches analyzers honour (Zeek's redef-able options). */
export interface SitePolicy {
  /** certificates are also logged as files (Zeek's X509::log_x509_in_files_log, default off) */
  x509InFilesLog?: boolean;
}

export interface AnalyzerContext {
  readonly conn: ConnInfo;
  /** site policy (absent: Zeek's defaults) */
  readonly policy?: SitePolicy;
  /** event time of the packet being processed */
  now(): number;
  /** a log record (dns, http, ssl, x509, files, …) */
  emit(obs: Observation): void;
  /** the protocol is confirmed: adds `service` (default: the analyzer's name) to conn.log */
  confirm(service?: string): void;
  /** the bytes are not this protocol (or are broken beyond use): the analyzer is detached */
  violation(reason: string): void;
  /** a named anomaly on this connection (weird.log) */
  weird(name: string, addl?: string): void;
  /** a fresh id for a file or other sub-object, deterministic for the input (Zeek's F… ids) */
  newId(prefix: string): string;
  /**
   * Hands the rest of this connection's stream to another analyzer (STARTTLS and similar upgrades:
   * SMTP, FTP AUTH TLS, LDAP, IMAP, POP3, XMPP, RDP). Bytes after the current call go to `name`.
   */
  handover?(name: string): void;
  /** State shared by every connection of this sensor (caches such as "certificates seen today"). */
  shared?<T>(key: string, init: () => T): T;
}

export interface StreamAnalyzer {
  /** in-order payload of one direction; `data` is only valid during the call */
  data(isOrig: boolean, data: Buffer): void;
  /** `len` bytes of this direction were lost (capture gap) */
  gap(isOrig: boolean, len: number): void;
  /** the connection ended: finish and log open transactions */
  end(): void;
}

export interface DatagramAnalyzer {
  /** one UDP payload; `data` is only valid during the call */
  datagram(isOrig: boolean, data: Buffer): void;
  end(): void;
}

/** Answer of a content detector on the first bytes of a connection. */
export type Detection = 'yes' | 'no' | 'maybe';

export interface Ports {
  orig: number;
  resp: number;
}

export interface StreamAnalyzerSpec {
  /** Zeek's analyzer/service name: dns, http, ssl, ssh, smb, … */
  name: string;
  /**
   * Looks at the first bytes seen in each direction (up to DETECTION_BUFFER each; either may be
   * empty) and says whether this is the protocol. Must decide by content, not port; `ports` may
   * break ties. 'maybe' means "show me more bytes".
   */
  detect(orig: Buffer, resp: Buffer, ports: Ports): Detection;
  create(ctx: AnalyzerContext): StreamAnalyzer;
}

export interface DatagramAnalyzerSpec {
  name: string;
  /** Looks at one datagram (and which side sent it). */
  detect(data: Buffer, isOrig: boolean, ports: Ports): Detection;
  create(ctx: AnalyzerContext): DatagramAnalyzer;
}

/** Bytes per direction kept while detecting the protocol of a TCP connection (Zeek: dpd_buffer_size). */
export const DETECTION_BUFFER = 1024;
/** Datagrams per direction examined before a UDP connection is left without an analyzer. */
export const DETECTION_DATAGRAMS = 4;

/** Result of a pure parse function: a value, a request for more bytes, or a named problem. */
export type ParseResult<T> =
  | { status: 'ok'; value: T; consumed: number }
  | { status: 'need-more'; needed?: number }
  | { status: 'malformed'; anomaly: string; detail?: string };
