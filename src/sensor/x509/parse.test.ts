import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../net/prng.js';
import { readTlv } from './der.js';
import { nameText } from './names.js';
import { certMatchesHost, parseCertificate, type Certificate } from './parse.js';

// Fixtures: roots bundled with Node (not files from the shared data), cross-checked with node:crypto.
const roots = rootCertificates.map((pem) => new X509Certificate(pem));

describe('x509 parse', () => {
  it('agrees with node:crypto on every bundled root', () => {
    for (const x of roots) {
      const r = parseCertificate(x.raw);
      expect(r.status).toBe('ok');
      const c = (r as { value: Certificate }).value;
      expect(c.fingerprint).toBe(x.fingerprint256.replace(/:/g, '').toLowerCase());
      expect(c.serial.replace(/^0+/, '')).toBe(x.serialNumber.toUpperCase().replace(/^0+/, ''));
      expect(c.notValidAfter).toBe(Date.parse(x.validTo) / 1000);
      expect(c.version).toBe(3);
      if (x.publicKey.asymmetricKeyType === 'rsa') {
        expect(c.keyType).toBe('rsa');
        expect(c.keyLength).toBe(x.publicKey.asymmetricKeyDetails!.modulusLength);
        expect(c.exponent).toBe(String(x.publicKey.asymmetricKeyDetails!.publicExponent));
      }
      if (x.publicKey.asymmetricKeyType === 'ec') expect(c.keyType).toBe('ecdsa');
      expect(c.basicConstraints?.ca).toBe(true);
    }
  });

  it('prints names as OpenSSL RFC 2253 (reversed, escaped)', () => {
    // SEQUENCE { SET { C=US } SET { O="A, B" } SET { CN=" x" } }
    const ava = (oid: number[], s: string) => {
      const v = Buffer.from(s);
      const o = Buffer.of(0x06, oid.length, ...oid);
      const val = Buffer.concat([Buffer.of(0x0c, v.length), v]);
      const seq = Buffer.concat([Buffer.of(0x30, o.length + val.length), o, val]);
      return Buffer.concat([Buffer.of(0x31, seq.length), seq]);
    };
    const body = Buffer.concat([ava([0x55, 4, 6], 'US'), ava([0x55, 4, 10], 'A, B'), ava([0x55, 4, 3], ' x\u00e9')]);
    const name = Buffer.concat([Buffer.of(0x30, body.length), body]);
    expect(nameText(name, readTlv(name, 0)!)).toBe('CN=\\ x\\C3\\A9,O=A\\, B,C=US');
  });

  it('matches host names with wildcards', () => {
    const c = { san: { dns: ['*.example.com'], uri: [], email: [], ip: [] }, commonNames: [] } as unknown as Certificate;
    expect(certMatchesHost(c, 'www.example.com')).toBe(true);
    expect(certMatchesHost(c, 'a.b.example.com')).toBe(false);
  });

  it('never throws on random or mutated certificates (fuzz)', () => {
    const rndUnit = mulberry32(42);
    const rnd = (): number => Math.floor(rndUnit() * 256);
    for (let i = 0; i < 2000; i++) {
      const base = roots[i % roots.length]!.raw;
      const b = Buffer.from(base.subarray(0, i % 3 === 0 ? (rnd() * base.length) >> 8 : base.length));
      for (let k = 0; k < 3; k++) if (b.length) b[(Math.imul(rnd(), 257) + rnd()) % b.length] = rnd();
      expect(() => parseCertificate(b)).not.toThrow();
    }
  });
});
