// Real X.509 certificates for simulated TLS servers, signed by a simulated issuing CA (or
// self-signed, as the suspicious servers attackers run), with subject alternative names. Ed25519
// keys come from the simulator's seed and its signatures are deterministic, so the same seed gives
// the same certificates.
import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import type { SimRandom } from '../random.js';
import { bitString, boolean, ctx, integer, octetString, oid, printable, seq, set, time, utf8 } from './der.js';

export interface Issuer {
  name: Buffer;
  key: KeyObject;
}

const ED25519 = seq(oid('1.3.101.112'));

/** An Ed25519 private key from 32 seeded bytes (PKCS#8 wrapping of the seed). */
function keyFrom(r: SimRandom): KeyObject {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), r.bytes(32)]);
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

function distinguishedName(cn: string, o?: string, c?: string): Buffer {
  const rdns: Buffer[] = [];
  if (c) rdns.push(set(seq(oid('2.5.4.6'), printable(c))));
  if (o) rdns.push(set(seq(oid('2.5.4.10'), utf8(o))));
  rdns.push(set(seq(oid('2.5.4.3'), utf8(cn))));
  return seq(...rdns);
}

export function makeIssuer(r: SimRandom, cn: string, o: string): Issuer {
  return { name: distinguishedName(cn, o, 'US'), key: keyFrom(r) };
}

export interface CertSpec {
  hostname: string;
  organisation?: string;
  serial: number;
  notBefore: number;
  notAfter: number;
  /** sign with this issuer; self-signed when absent */
  issuer?: Issuer;
}

/** Returns the certificate's DER. */
export function makeCertificate(r: SimRandom, spec: CertSpec): Buffer {
  const privateKey = keyFrom(r);
  const publicKey = createPublicKey(privateKey);
  const subject = distinguishedName(spec.hostname, spec.organisation, spec.organisation ? 'US' : undefined);
  const issuerName = spec.issuer ? spec.issuer.name : subject;
  const signer = spec.issuer ? spec.issuer.key : privateKey;
  const san = seq(oid('2.5.29.17'), octetString(seq(ctx(2, Buffer.from(spec.hostname), false))));
  const basic = seq(oid('2.5.29.19'), boolean(true), octetString(seq()));
  const tbs = seq(
    ctx(0, integer(2)),
    integer(spec.serial),
    ED25519,
    issuerName,
    seq(time(spec.notBefore), time(spec.notAfter)),
    subject,
    publicKey.export({ type: 'spki', format: 'der' }),
    ctx(3, seq(san, basic)),
  );
  const signature = sign(null, tbs, signer);
  return seq(tbs, ED25519, bitString(signature));
}

