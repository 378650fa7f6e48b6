import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../net/prng.js';
import { recognise, upgradeGranted, upgradeRequested } from './parse.js';

const b = (s: string) => Buffer.from(s, 'latin1');

describe('STARTTLS text protocols', () => {
  it('recognises each protocol by its first bytes', () => {
    expect(recognise(b('USER bob\r\n'), b('+OK POP3 ready\r\n'))).toBe('pop3');
    expect(recognise(b('a1 CAPABILITY\r\n'), b('* OK IMAP4rev1 ready\r\n'))).toBe('imap');
    expect(recognise(b('CAP LS 302\r\nNICK x\r\n'), b(':irc.example NOTICE * :hi\r\n'))).toBe('irc');
    expect(recognise(b("<?xml version='1.0'?><stream:stream to='example.com'>"), b(''))).toBe('xmpp');
    expect(recognise(b('GET / HTTP/1.1\r\n'), b('HTTP/1.1 200 OK\r\n'))).toBeNull();
  });

  it('sees the upgrade asked and granted', () => {
    expect(upgradeRequested('pop3', 'CAPA\r\nSTLS\r\n')).toBe(true);
    expect(upgradeGranted('pop3', '+OK Begin TLS\r\n')).toBe(true);
    expect(upgradeRequested('imap', 'a2 STARTTLS\r\n')).toBe(true);
    expect(upgradeGranted('imap', 'a2 OK Begin TLS negotiation now\r\n')).toBe(true);
    expect(upgradeRequested('irc', 'STARTTLS\r\n')).toBe(true);
    expect(upgradeGranted('irc', ':irc.example 670 nick :STARTTLS successful\r\n')).toBe(true);
    expect(upgradeRequested('xmpp', "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")).toBe(true);
    expect(upgradeGranted('xmpp', "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")).toBe(true);
  });

  it('never throws on arbitrary bytes', () => {
    const rnd = mulberry32(7);
    for (let i = 0; i < 3000; i++) {
      const buf = Buffer.alloc(i % 300);
      for (let j = 0; j < buf.length; j++) buf[j] = Math.floor(rnd() * 256);
      expect(() => recognise(buf, buf.subarray(0, i % 17))).not.toThrow();
    }
  });
});
