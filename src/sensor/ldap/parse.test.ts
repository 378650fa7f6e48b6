import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../net/prng.js';
import { parseMessage } from './parse.js';

function tlv(tag: number, ...parts: (Buffer | number[] | string)[]): Buffer {
  const v = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
  const len = v.length < 128 ? Buffer.from([v.length]) : Buffer.from([0x82, v.length >> 8, v.length & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, v]);
}
const int = (n: number) => tlv(0x02, [n]);
const msg = (id: number, op: Buffer) => tlv(0x30, int(id), op);

export const BIND_SIMPLE = msg(1, tlv(0x60, int(3), tlv(0x04, 'cn=admin,dc=example,dc=com'), tlv(0x80, 'secret')));
export const BIND_SASL = msg(2, tlv(0x60, int(3), tlv(0x04, ''), tlv(0xa3, tlv(0x04, 'GSS-SPNEGO'), tlv(0x04, [1, 2]))));
export const BIND_RESP = msg(1, tlv(0x61, tlv(0x0a, [0]), tlv(0x04, ''), tlv(0x04, '')));
const filter = tlv(0xa0, tlv(0x87, 'objectclass'), tlv(0xa4, tlv(0x04, 'cn'), tlv(0x30, tlv(0x80, 'ab'), tlv(0x81, 'c'), tlv(0x82, 'z'))), tlv(0xa2, tlv(0xa3, tlv(0x04, 'uid'), tlv(0x04, 'x'))));
export const SEARCH = msg(3, tlv(0x63, tlv(0x04, 'dc=example'), tlv(0x0a, [2]), tlv(0x0a, [0]), int(0), int(0), tlv(0x01, [0]), filter, tlv(0x30, tlv(0x04, 'cn'), tlv(0x04, 'mail'))));
export const MODIFY = msg(8, tlv(0x66, tlv(0x04, 'CN=PC,DC=x'), tlv(0x30, tlv(0x30, tlv(0x0a, [2]), tlv(0x30, tlv(0x04, 'msDS-SupportedEncryptionTypes'), tlv(0x31, tlv(0x04, '28')))))));
export const EXTENDED = msg(2, tlv(0x77, tlv(0x80, '1.3.6.1.4.1.4203.1.11.3')));

describe('ldap parse', () => {
  it('parses binds', () => {
    expect(parseMessage(BIND_SIMPLE)).toMatchObject({ status: 'ok', consumed: BIND_SIMPLE.length, value: { messageId: 1, op: 'bind', version: 3, bindKind: 'simple', object: 'cn=admin,dc=example,dc=com' } });
    expect(parseMessage(BIND_SASL)).toMatchObject({ status: 'ok', value: { op: 'bind', bindKind: 'SASL', mechanism: 'GSS-SPNEGO' } });
    expect(parseMessage(BIND_RESP)).toMatchObject({ status: 'ok', value: { op: 'bind_response', resultCode: 0 } });
  });

  it('renders search filters as Zeek does', () => {
    expect(parseMessage(SEARCH)).toMatchObject({
      status: 'ok',
      value: { op: 'search', object: 'dc=example', scope: 2, deref: 0, filter: '(&(objectclass=*)(cn=ab*c*z)(!(uid=x)))', attributes: ['cn', 'mail'] },
    });
  });

  it('parses modify and extended requests', () => {
    expect(parseMessage(MODIFY)).toMatchObject({ status: 'ok', value: { op: 'modify', object: 'CN=PC,DC=x', argument: 'replace(msDS-SupportedEncryptionTypes=28)' } });
    expect(parseMessage(EXTENDED)).toMatchObject({ status: 'ok', value: { op: 'extended', object: '1.3.6.1.4.1.4203.1.11.3' } });
  });

  it('asks for more bytes and rejects non-LDAP', () => {
    expect(parseMessage(SEARCH.subarray(0, 10)).status).toBe('need-more');
    expect(parseMessage(Buffer.from('GET / HTTP/1.1')).status).toBe('malformed');
  });

  it('never throws on random or mutated input (fuzz)', () => {
    const rnd = mulberry32(11);
    const base = [BIND_SIMPLE, BIND_SASL, BIND_RESP, SEARCH, MODIFY, EXTENDED];
    for (let i = 0; i < 5000; i++) {
      const b = Buffer.from(base[i % base.length]!);
      for (let j = 0; j < 1 + (i % 4); j++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      const cut = i % 5 === 0 ? b.subarray(0, Math.floor(rnd() * b.length)) : b;
      expect(() => parseMessage(cut)).not.toThrow();
    }
  });
});
