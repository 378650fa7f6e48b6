import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../net/prng.js';
import {
  gccBlocks, parseClientCore, parseClientNetwork, parseConnectionConfirm, parseConnectionRequest, parseConnectResponseResult, parseServerSecurity, parseTpkt,
} from './parse.js';
import { keyboardLayout } from './tables.js';

function tpkt(body: Buffer): Buffer {
  const h = Buffer.from([3, 0, 0, 0]);
  h.writeUInt16BE(body.length + 4, 2);
  return Buffer.concat([h, body]);
}

const negReq = Buffer.from([1, 0, 8, 0, 3, 0, 0, 0]);
const crBody = Buffer.concat([Buffer.from([0, 0xe0, 0, 0, 0, 0, 0]), Buffer.from('Cookie: mstshash=JOHN-PC  \r\n'), negReq]);
crBody[0] = crBody.length - 1;
const ccBody = Buffer.from([14, 0xd0, 0, 0, 0x12, 0x34, 0, 2, 0, 8, 0, 2, 0, 0, 0]);

function block(type: number, data: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt16LE(type, 0);
  h.writeUInt16LE(data.length + 4, 2);
  return Buffer.concat([h, data]);
}

function clientCore(): Buffer {
  const d = Buffer.alloc(216);
  d.writeUInt32LE(0x80004, 0);
  d.writeUInt16LE(1920, 4);
  d.writeUInt16LE(1080, 6);
  d.writeUInt16LE(0xca01, 8);
  d.writeUInt32LE(0x409, 12);
  d.writeUInt32LE(9600, 16);
  d.write('LAPTOP', 20, 'utf16le');
  d.writeUInt16LE(0x10, 136);
  d.write('abc-123', 142, 'utf16le');
  return d;
}

describe('rdp parse', () => {
  it('reads the connection request cookie and negotiation', () => {
    const t = parseTpkt(tpkt(crBody));
    expect(t.status).toBe('ok');
    if (t.status !== 'ok') return;
    expect(parseConnectionRequest(t.value.body)).toMatchObject({ status: 'ok', value: { cookie: 'JOHN-PC  ', requestedProtocols: 3 } });
    expect(parseTpkt(tpkt(crBody).subarray(0, 10)).status).toBe('need-more');
    expect(parseTpkt(Buffer.from([0x16, 3, 1, 0, 5])).status).toBe('malformed');
  });

  it('reads the connection confirm', () => {
    expect(parseConnectionConfirm(ccBody)).toMatchObject({ status: 'ok', value: { selectedProtocol: 2 } });
    const fail = Buffer.from(ccBody);
    fail[7] = 3;
    fail.writeUInt32LE(2, 11);
    expect(parseConnectionConfirm(fail)).toMatchObject({ status: 'ok', value: { failureCode: 2 } });
  });

  it('reads GCC client core and network data', () => {
    const chans = Buffer.alloc(4 + 24);
    chans.writeUInt32LE(2, 0);
    chans.write('rdpdr', 4, 'latin1');
    chans.write('cliprdr', 16, 'latin1');
    const blocks = Buffer.concat([block(0xc001, clientCore()), block(0xc003, chans)]);
    const mcs = Buffer.concat([Buffer.from([2, 0xf0, 0x80, 0x7f, 0x65]), Buffer.from('xxDuca'), Buffer.from([0x80 | (blocks.length >> 8), blocks.length & 0xff]), blocks]);
    const b = gccBlocks(mcs, 'Duca');
    expect(b?.map((x) => x.type)).toEqual([0xc001, 0xc003]);
    expect(parseClientCore(b![0]!.data)).toMatchObject({ status: 'ok', value: { desktopWidth: 1920, clientBuild: 9600, clientName: 'LAPTOP', highColorDepth: 16, clientDigProductId: 'abc-123' } });
    expect(parseClientNetwork(b![1]!.data)).toMatchObject({ status: 'ok', value: ['rdpdr', 'cliprdr'] });
  });

  it('reads server security data and the connect result', () => {
    const sec = Buffer.alloc(24);
    sec.writeUInt32LE(2, 0);
    sec.writeUInt32LE(3, 4);
    sec.writeUInt32LE(0, 8);
    sec.writeUInt32LE(8, 12);
    sec.writeUInt32LE(1, 16);
    expect(parseServerSecurity(sec)).toMatchObject({ status: 'ok', value: { encryptionMethod: 2, encryptionLevel: 3, certVersion: 1 } });
    expect(parseConnectResponseResult(Buffer.from([2, 0xf0, 0x80, 0x7f, 0x66, 0x10, 0x0a, 0x01, 0x00]))).toBe(0);
    expect(keyboardLayout(0x409)).toBe('English - United States');
    expect(keyboardLayout(263198)).toBe('Thai (Best Guess for 263198)');
  });

  it('never throws on random or mutated input (fuzz)', () => {
    const rnd = mulberry32(3);
    const base = [tpkt(crBody), tpkt(ccBody), clientCore()];
    for (let i = 0; i < 4000; i++) {
      const src = base[i % base.length]!;
      const b = Buffer.from(src.subarray(0, Math.floor(rnd() * (src.length + 1))));
      for (let j = 0; j < 4 && b.length; j++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      expect(() => {
        const t = parseTpkt(b);
        if (t.status === 'ok') {
          parseConnectionRequest(t.value.body);
          parseConnectionConfirm(t.value.body);
        }
        parseConnectionRequest(b);
        parseClientCore(b);
        parseClientNetwork(b);
        parseServerSecurity(b);
        gccBlocks(Buffer.concat([Buffer.from('Duca'), b]), 'Duca');
        parseConnectResponseResult(b);
      }).not.toThrow();
    }
  });
});
