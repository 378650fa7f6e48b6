import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../net/prng.js';
import { buildPath, compressPath, extractPath, lastNumber, parseExtendedPort, parseLine, parsePortTuple, parseReplyLine, parseRequest } from './parse.js';

describe('ftp parse', () => {
  it('splits lines and commands', () => {
    expect(parseLine(Buffer.from('USER anonymous\r\nPASS x'))).toEqual({ status: 'ok', value: 'USER anonymous', consumed: 16 });
    expect(parseLine(Buffer.from('PASS x')).status).toBe('need-more');
    expect(parseRequest('retr  file name.txt')).toEqual({ command: 'RETR', arg: 'file name.txt' });
    expect(parseRequest('PASV')).toEqual({ command: 'PASV', arg: '' });
  });

  it('reads reply lines as Zeek does', () => {
    expect(parseReplyLine('230 Login ok')).toEqual({ code: 230, dash: false, final: true, msg: 'Login ok' });
    expect(parseReplyLine('220-Welcome')).toMatchObject({ code: 220, dash: true });
    expect(parseReplyLine('    continued').code).toBe(0);
    expect(parseReplyLine('230_no_space').code).toBe(0);
    expect(parseReplyLine('99 bad').code).toBe(0);
  });

  it('parses data channel addresses', () => {
    expect(parsePortTuple('Entering Passive Mode (199,233,217,249,221,90)')).toEqual({ h: '199.233.217.249', p: 56666 });
    expect(parsePortTuple('1,2,3,999,1,1')).toBeNull();
    expect(parseExtendedPort('Entering Extended Passive Mode (|||57086|)')).toEqual({ h: '', p: 57086 });
    expect(parseExtendedPort('|2|2001:db8::1|49189|')).toEqual({ h: '2001:db8::1', p: 49189 });
  });

  it('tracks paths as Zeek does', () => {
    expect(compressPath(buildPath('.', 'robots.txt'))).toBe('./robots.txt');
    expect(compressPath(buildPath('/', 'robots.txt'))).toBe('/robots.txt');
    expect(compressPath('./pub/data/../x')).toBe('./pub/x');
    expect(compressPath('/a/b/')).toBe('/a/b');
    expect(extractPath('"/pub" is current directory')).toBe('/pub');
    expect(lastNumber('Opening BINARY mode data connection for 720962-99999-2015.gz (39695 bytes)')).toBe(39695);
  });

  it('never throws on random or mutated input (fuzz)', () => {
    const rnd = mulberry32(42);
    const base = ['227 Entering Passive Mode (1,2,3,4,5,6)\r\n', 'EPRT |2|::1|5|\r\n', '229 (|||1|)\r\n', 'CWD ../a/./b\r\n'];
    for (let i = 0; i < 4000; i++) {
      const b = Buffer.from(base[i % base.length]!, 'latin1');
      for (let j = 0; j < 3; j++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      const s = b.toString('latin1');
      expect(() => {
        parseLine(b);
        parseRequest(s);
        parseReplyLine(s);
        parsePortTuple(s);
        parseExtendedPort(s);
        compressPath(buildPath('.', s));
        lastNumber(s);
      }).not.toThrow();
    }
  });
});
