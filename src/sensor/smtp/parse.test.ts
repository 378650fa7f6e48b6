import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../net/prng.js';
import { extractIps, firstEmail, parseBdat, parseCommand, parseHeader, parseLine, parseReply, pathArg, receivedIp, splitAddressList } from './parse.js';

describe('smtp parse', () => {
  it('reads commands and replies', () => {
    expect(parseLine(Buffer.from('EHLO x\r\n'))).toEqual({ status: 'ok', value: 'EHLO x', consumed: 8 });
    expect(parseCommand('mail FROM:<a@b.c> SIZE=10')).toEqual({ verb: 'MAIL', arg: 'FROM:<a@b.c> SIZE=10' });
    expect(parseReply('250-PIPELINING')).toMatchObject({ status: 'ok', value: { code: 250, cont: true, msg: 'PIPELINING' } });
    expect(parseReply('250 OK')).toMatchObject({ status: 'ok', value: { code: 250, cont: false, msg: 'OK' } });
    expect(parseReply('hello').status).toBe('malformed');
  });

  it('extracts envelope addresses as Zeek does', () => {
    expect(pathArg('FROM:<gurpartap@patriots.in>')).toBe('gurpartap@patriots.in');
    expect(pathArg('TO: <x@y.z> NOTIFY=NEVER')).toBe('x@y.z');
    expect(pathArg('FROM:<>')).toBe('');
    expect(firstEmail('"A" <a@b.c>')).toBe('a@b.c');
  });

  it('parses headers, lists and BDAT', () => {
    expect(parseHeader('Subject: hello: world')).toEqual({ name: 'SUBJECT', value: 'hello: world' });
    expect(parseHeader('no colon')).toBeNull();
    expect(splitAddressList('a@b.c, "B" <b@c.d>,c@d.e')).toEqual(['a@b.c', '"B" <b@c.d>', 'c@d.e']);
    expect(parseBdat('86 LAST')).toMatchObject({ status: 'ok', value: { size: 86, last: true } });
    expect(parseBdat('-1').status).toBe('malformed');
  });

  it('finds addresses in Received headers', () => {
    expect(receivedIp('from a ([170.253.51.130]) by smtp.googlemail.com')).toBe('170.253.51.130');
    expect(receivedIp('from x (x [10.0.0.1]) by y (z [10.0.0.2])')).toBe('10.0.0.2');
    expect(extractIps('IPv6:2607:f8b0:4864:20::42f')).toEqual([]);
  });

  it('never throws on random or mutated input (fuzz)', () => {
    const rnd = mulberry32(7);
    const base = ['MAIL FROM:<a@b.c>\r\n', '250-SIZE 1\r\n', 'Received: from [1.2.3.4] by x\r\n', 'BDAT 12 LAST\r\n'];
    for (let i = 0; i < 4000; i++) {
      const b = Buffer.from(base[i % base.length]!, 'latin1');
      for (let j = 0; j < 3; j++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      const s = b.toString('latin1');
      expect(() => {
        parseLine(b);
        parseCommand(s);
        parseReply(s);
        pathArg(s);
        parseHeader(s);
        parseBdat(s.slice(5));
        receivedIp(s);
      }).not.toThrow();
    }
  });
});
