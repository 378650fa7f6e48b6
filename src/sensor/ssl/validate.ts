// Certificate chain validation into Zeek's ssl.validation_status strings (OpenSSL's
// X509_verify_cert_error_string texts), against the system trust store (Node's bundled Mozilla
// roots plus /etc/ssl/certs), at the connection's event time. The path and signatures are worked out once per chain; only the
// validity windows are checked against each connection's time.
import { X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';

/** Distinct chains whose result is remembered. */
export const MAX_CACHED_RESULTS = 10_000;
/** Longest path built. */
const MAX_DEPTH = 10;

let roots: Map<string, X509Certificate[]> | null = null;

function addRoot(map: Map<string, X509Certificate[]>, pem: string): void {
  try {
    const c = new X509Certificate(pem);
    const list = map.get(c.subject);
    if (!list) map.set(c.subject, [c]);
    else if (!list.some((x) => x.fingerprint256 === c.fingerprint256)) list.push(c);
  } catch {
    // an unreadable root is skipped
  }
}

/** The trust store, loaded once on first use. */
function trustStore(): Map<string, X509Certificate[]> {
  if (roots) return roots;
  roots = new Map();
  for (const pem of rootCertificates) addRoot(roots, pem);
  const dir = '/etc/ssl/certs';
  try {
    for (const f of readdirSync(dir)) {
      if (!f.endsWith('.pem') && !f.endsWith('.crt')) continue;
      try {
        const text = readFileSync(join(dir, f), 'latin1');
        for (const m of text.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)) addRoot(roots, m[0]);
      } catch {
        // unreadable file: skip
      }
    }
  } catch {
    // no system store: Node's roots only
  }
  return roots;
}

const cache = new Map<string, Structure>();

function signedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/**
 * What does not depend on time: the path to a trust anchor and each signature on it, with each
 * certificate's validity window (anchor first). Computed once per distinct chain.
 */
type Structure = { failure: string } | { steps: { signed: boolean; from: number; to: number }[] };

function structure(ders: Buffer[]): Structure {
  let certs: X509Certificate[];
  try {
    certs = ders.map((d) => new X509Certificate(d));
  } catch {
    return { failure: 'unable to decode issuer public key' };
  }
  const store = trustStore();
  const path: X509Certificate[] = [certs[0]!];
  const untrusted = certs.slice(1);
  let anchor: X509Certificate | null = null;
  while (path.length <= MAX_DEPTH) {
    const cur = path[path.length - 1]!;
    const trusted = (store.get(cur.issuer) ?? []).find((r) => cur.checkIssued(r));
    if (trusted) {
      anchor = trusted;
      break;
    }
    if (cur.subject === cur.issuer && cur.checkIssued(cur)) {
      return { failure: path.length === 1 ? 'self signed certificate' : 'self signed certificate in certificate chain' };
    }
    const next = untrusted.findIndex((u) => u.subject === cur.issuer && cur.checkIssued(u));
    if (next < 0) return { failure: 'unable to get local issuer certificate' };
    path.push(untrusted[next]!);
    untrusted.splice(next, 1);
  }
  if (!anchor) return { failure: 'certificate chain too long' };
  const full = [...path, anchor];
  const steps = [];
  // OpenSSL's internal_verify order: from the trust anchor down to the leaf.
  for (let i = full.length - 1; i >= 0; i--) {
    const c = full[i]!;
    steps.push({ signed: i === full.length - 1 || signedBy(c, full[i + 1]!), from: Date.parse(c.validFrom) / 1000, to: Date.parse(c.validTo) / 1000 });
  }
  return { steps };
}

/** Validates the server's chain (DER, leaf first) at event time `t` (seconds). */
export function validateChain(ders: Buffer[], t: number): string {
  if (!ders.length) return 'unable to get local issuer certificate';
  const key = ders.map((d) => d.length + ':' + d.subarray(-16).toString('hex')).join(',');
  let st = cache.get(key);
  if (!st) {
    st = structure(ders);
    if (cache.size >= MAX_CACHED_RESULTS) cache.delete(cache.keys().next().value!);
    cache.set(key, st);
  }
  if ('failure' in st) return st.failure;
  for (const step of st.steps) {
    if (!step.signed) return 'certificate signature failure';
    if (t < step.from) return 'certificate is not yet valid';
    if (t > step.to) return 'certificate has expired';
  }
  return 'ok';
}
