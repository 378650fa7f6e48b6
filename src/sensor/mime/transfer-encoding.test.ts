import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../net/prng.js';
import { Base64Decoder, QuotedPrintableDecoder, transferDecoder, type TransferDecoder } from './transfer-encoding.js';

const b = (s: string) => Buffer.from(s, 'latin1');

/** Decodes `input` fed in pieces of `step` bytes. */
function run(d: TransferDecoder, input: Buffer, step = input.length || 1): Buffer {
  const outs: Buffer[] = [];
  for (let i = 0; i < input.length; i += step) outs.push(d.write(input.subarray(i, i + step)));
  outs.push(d.end());
  return Buffer.concat(outs);
}


describe('base64', () => {
  it('decodes across line and chunk boundaries', () => {
    const data = Buffer.alloc(1000);
    for (let i = 0; i < data.length; i++) data[i] = (i * 37 + 11) & 0xff;
    const text = b((data.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n') + '\r\n');
    for (const step of [1, 2, 3, 5, 77, 4096]) {
      const weirds: string[] = [];
      expect(run(new Base64Decoder((w) => weirds.push(w)), text, step).equals(data)).toBe(true);
      expect(weirds).toEqual([]);
    }
  });

  it('handles padding, bad characters and incomplete groups', () => {
    const weirds: string[] = [];
    const d = () => new Base64Decoder((w) => weirds.push(w));
    expect(run(d(), b('aGk=')).toString()).toBe('hi');
    expect(run(d(), b('aGVsbG8=\r\nd29ybGQ=')).toString()).toBe('helloworld');
    expect(weirds).toEqual([]);
    expect(run(d(), b('aG*V@s!bG8')).toString()).toBe('hello'); // bad characters skipped, missing padding tolerated
    expect(weirds).toEqual(['base64_illegal_encoding']); // once per decoder
    expect(run(d(), b('aGVsb')).toString()).toBe('hel');
    expect(weirds.length).toBe(2);
  });

  it('is chosen by Content-Transfer-Encoding (case and blanks ignored)', () => {
    expect(run(transferDecoder(' BASE64 ', () => {}), b('YQ==')).toString()).toBe('a');
    expect(run(transferDecoder('Quoted-Printable', () => {}), b('a=3Db')).toString()).toBe('a=b\r\n');
    for (const e of [undefined, '7bit', '8bit', 'binary', 'x-uuencode']) {
      const dec = transferDecoder(e, () => {});
      expect(dec.identity).toBe(true);
      expect(run(dec, b('a=3D\r\nb')).toString()).toBe('a=3D\r\nb');
    }
  });
});

describe('quoted-printable', () => {
  const qp = (s: string, step?: number, weirds: string[] = []) => run(new QuotedPrintableDecoder((w) => weirds.push(w)), b(s), step).toString('latin1');

  it('decodes as Zeek does: escapes, soft breaks, trailing blanks, CRLF after every hard line', () => {
    expect(qp('caf=C3=A9 =3D x')).toBe('caf\xc3\xa9 = x\r\n');
    expect(qp('long =\r\nline\r\nnext  \t\r\nlast')).toBe('long line\r\nnext\r\nlast\r\n');
    expect(qp('soft with blanks= \t\r\nend')).toBe('soft with blanksend\r\n');
    expect(qp('a\nb\n')).toBe('a\r\nb\r\n'); // bare LF lines
    expect(qp('x=')).toBe('x'); // a final soft break
    expect(qp('')).toBe('');
  });

  it('keeps bad escapes and control characters with a weird', () => {
    const w: string[] = [];
    expect(qp('a=ZZb=4', undefined, w)).toBe('a=ZZb=4\r\n');
    expect(qp('bell\x07', undefined, w)).toBe('bell\x07\r\n');
    expect(w).toEqual(['qp_illegal_encoding', 'qp_illegal_encoding']);
  });

  it('gives the same bytes however the input is cut', () => {
    const text = 'Version 4.9 =\r\n* fix=20\r\n=3D=3d=C3=A9 \r\nplain line\r\n\r\nend=';
    const whole = qp(text);
    for (const step of [1, 2, 3, 7]) expect(qp(text, step)).toBe(whole);
  });

  it('decodes over-long lines in pieces without splitting an escape', () => {
    const line = '=41'.repeat(20000);
    expect(qp(line, 1000)).toBe('A'.repeat(20000) + '\r\n');
  });
});

describe('decoder fuzz', () => {
  it('never throws on mutated or random input and base64 agrees with Node on clean input', () => {
    const rnd = mulberry32(20261123);
    const seeds = [
      b('aGVsbG8gd29ybGQ=\r\nYWJj\r\n'),
      b('Zm9v\r\nYmFy=\r\n==\r\n'),
      b('caf=C3=A9 =\r\nnext=3D\r\n  \r\n=\r\n'),
      b('=4=\r\n=\r\n\t=0g\r\n'),
    ];
    for (let i = 0; i < 3000; i++) {
      const input = Buffer.from(seeds[i % seeds.length]!);
      const flips = 1 + Math.floor(rnd() * 6);
      for (let j = 0; j < flips; j++) input[Math.floor(rnd() * input.length)] = Math.floor(rnd() * 256);
      const step = 1 + Math.floor(rnd() * 9);
      expect(() => {
        run(new Base64Decoder(() => {}), input, step);
        run(new QuotedPrintableDecoder(() => {}), input, step);
      }).not.toThrow();
      // Clean base64 of random bytes: same result as Node's decoder, cut anywhere.
      const raw = Buffer.alloc(Math.floor(rnd() * 200));
      for (let j = 0; j < raw.length; j++) raw[j] = Math.floor(rnd() * 256);
      const enc = b((raw.toString('base64').match(/.{1,60}/g) ?? []).join('\r\n'));
      const out = run(new Base64Decoder(() => {}), enc, step);
      expect(createHash('md5').update(out).digest('hex')).toBe(createHash('md5').update(raw).digest('hex'));
    }
  });
});
