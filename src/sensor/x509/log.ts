// Certificates into x509.log records, logged once per certificate as Zeek 6+ does
// (X509::relog_known_certificates_after = 1 day: a certificate already logged is not logged again
// within a day of event time).
import type { X509 } from '../../schema/logs/x509.js';
import type { Certificate } from './parse.js';

/** Zeek's X509::relog_known_certificates_after. */
export const RELOG_AFTER = 86400;
/** Certificates remembered for de-duplication; the oldest are forgotten first. */
export const MAX_KNOWN_CERTS = 50_000;

/**
 * Fingerprint → event time it was last logged. One per sensor (shared by its connections, as
 * Zeek's cache is); time going backwards logs again.
 */
export type KnownCertificates = Map<string, number>;

/** True when the certificate should be logged now (and remembers it). */
export function shouldLogCertificate(known: KnownCertificates, fingerprint: string, now: number): boolean {
  const last = known.get(fingerprint);
  if (last !== undefined && now > last && now - last < RELOG_AFTER) return false;
  known.delete(fingerprint);
  known.set(fingerprint, now);
  if (known.size > MAX_KNOWN_CERTS) known.delete(known.keys().next().value!);
  return true;
}

export function x509Record(cert: Certificate, ts: number, hostCert: boolean, clientCert: boolean): X509 {
  const c: NonNullable<X509['certificate']> = {
    version: cert.version,
    serial: cert.serial,
    subject: cert.subject,
    issuer: cert.issuer,
    key_alg: cert.keyAlg,
    sig_alg: cert.sigAlg,
  };
  if (Number.isFinite(cert.notValidBefore)) c.not_valid_before = cert.notValidBefore;
  if (Number.isFinite(cert.notValidAfter)) c.not_valid_after = cert.notValidAfter;
  if (cert.keyType) c.key_type = cert.keyType;
  if (cert.keyLength !== undefined) c.key_length = cert.keyLength;
  if (cert.exponent !== undefined) c.exponent = cert.exponent;
  if (cert.curve !== undefined) c.curve = cert.curve;
  const rec: X509 = { ts, fingerprint: cert.fingerprint, certificate: c, host_cert: hostCert, client_cert: clientCert };
  const { dns, uri, email, ip } = cert.san;
  if (dns.length || uri.length || email.length || ip.length) {
    rec.san = {};
    if (dns.length) rec.san.dns = dns;
    if (uri.length) rec.san.uri = uri;
    if (email.length) rec.san.email = email;
    if (ip.length) rec.san.ip = ip;
  }
  if (cert.basicConstraints) {
    rec.basic_constraints = { ca: cert.basicConstraints.ca };
    if (cert.basicConstraints.pathLen !== undefined) rec.basic_constraints.path_len = cert.basicConstraints.pathLen;
  }
  return rec;
}
