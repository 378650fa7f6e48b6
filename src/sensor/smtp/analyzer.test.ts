import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../net/prng.js';
import type { Observation } from '../../schema/observation.js';
import type { AnalyzerContext } from '../app/analyzer.js';
import { MAX_MIME_DEPTH } from '../mime/multipart.js';
import { SMTP_ANALYZER } from './analyzer.js';

function harness() {
  const out: Observation[] = [];
  const weirds: string[] = [];
  let n = 0;
  const ctx: AnalyzerContext = {
    conn: { uid: 'C1', id: { orig_h: '10.0.0.1', orig_p: 40000, resp_h: '192.0.2.1', resp_p: 25 }, proto: 'tcp', start: 0 },
    now: () => 1,
    emit: (o) => out.push(o),
    confirm: () => {},
    violation: (r) => weirds.push(`violation:${r}`),
    weird: (w) => weirds.push(w),
    newId: (p) => `${p}${++n}`,
  };
  const a = SMTP_ANALYZER.create(ctx);
  const rec = (t: string) => out.filter((o) => o.type === t).map((o) => o.record as unknown as Record<string, unknown>);
  return { a, smtp: () => rec('smtp'), files: () => rec('files'), weirds, out };
}

const b = (s: string) => Buffer.from(s, 'latin1');
const md5 = (x: Buffer | string) => createHash('md5').update(typeof x === 'string' ? b(x) : x).digest('hex');

/** A small PNG-looking attachment with every byte value in it. */
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.from(Array.from({ length: 700 }, (_, i) => (i * 31 + 7) & 0xff))]);
const b64lines = (x: Buffer) => (x.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');

const PLAIN = 'Hello\r\n\r\n.leading dot\r\nbye';
const HTML_QP = '<html><body class=3D"x">caf=C3=A9 soft =\r\nbreak</body></html>';
const HTML = '<html><body class="x">caf\xc3\xa9 soft break</body></html>\r\n';

/** multipart/mixed { multipart/alternative { 7bit text, QP html }, base64 PNG, an empty part } */
const MESSAGE = [
  'From: "A" <a@example.com>',
  'To: d@example.org',
  'Subject: files',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed;',
  '\tboundary="==outer"',
  '',
  'This is the preamble.',
  '--==outer',
  'Content-Type: multipart/alternative; boundary=inner',
  '',
  '--inner',
  'Content-Type: text/plain; charset=us-ascii',
  'Content-Transfer-Encoding: 7bit',
  '',
  ...PLAIN.split('\r\n').map((l) => (l.startsWith('.') ? `.${l}` : l)), // dot-stuffed on the wire
  '--inner',
  'Content-Type: text/html; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  HTML_QP,
  '--inner--',
  '',
  '--==outer',
  'Content-Type: image/png; name="ignored.png"',
  'Content-Transfer-Encoding: base64',
  'Content-Disposition: attachment;',
  '\tfilename="pic%20one.png"',
  '',
  b64lines(PNG),
  '',
  '--==outer',
  'Content-Type: text/plain',
  '',
  '--==outer--',
  'epilogue',
].join('\r\n');

/** A conversation: two transactions, the second message given by `second`. */
function session(message: string, second = 'Subject: two\r\nContent-Transfer-Encoding: base64\r\n\r\naGVsbG8gd29y\r\nbGQ=\r\n'): { client: Buffer[]; server: Buffer[] } {
  return {
    client: [b(`EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<d@example.org>\r\nDATA\r\n${message}\r\n.\r\n`), b(`MAIL FROM:<a@example.com>\r\nRCPT TO:<d@example.org>\r\nDATA\r\n${second}.\r\nQUIT\r\n`)],
    server: [b('220 mx ESMTP\r\n'), b('250 mx\r\n250 ok\r\n250 ok\r\n354 go\r\n250 queued 1\r\n'), b('250 ok\r\n250 ok\r\n354 go\r\n250 queued 2\r\n221 bye\r\n')],
  };
}

function runSession(client: Buffer[], server: Buffer[], step: number) {
  const h = harness();
  h.a.data(false, server[0]!);
  client.forEach((c, i) => {
    for (let o = 0; o < c.length; o += step) h.a.data(true, c.subarray(o, o + step));
    h.a.data(false, server[i + 1]!);
  });
  h.a.end();
  return h;
}

describe('smtp message files', () => {
  it('turns the body and every MIME part into decoded files, numbered as Zeek numbers entities', () => {
    const { client, server } = session(MESSAGE);
    const h = runSession(client, server, 1 << 20);
    const files = h.files();
    expect(files.map((f) => [f.depth, f.source, f.is_orig, f.filename, f.seen_bytes, f.mime_type])).toEqual([
      [3, 'SMTP', true, undefined, PLAIN.length, 'text/plain'], // the line end before the boundary is the boundary's
      [4, 'SMTP', true, undefined, HTML.length, 'text/html'], // quoted-printable ends its last line too
      [5, 'SMTP', true, 'pic one.png', PNG.length, 'image/png'],
      // depth 6 is the empty part (no data, no file); the second message's entity is the session's 7th
      [7, 'SMTP', true, undefined, 11, 'text/plain'],
    ]);
    expect(files.map((f) => f.md5)).toEqual([md5(PLAIN), md5(HTML), md5(PNG), md5('hello world')]);
    const smtp = h.smtp();
    expect(smtp.length).toBe(2);
    expect(smtp[0]).toMatchObject({ subject: 'files', fuids: files.slice(0, 3).map((f) => f.fuid), last_reply: '250 queued 1' });
    expect(smtp[1]).toMatchObject({ subject: 'two', trans_depth: 2, fuids: [files[3]!.fuid] });
    // files.log before the transaction's smtp.log
    expect(h.out.findIndex((o) => o.type === 'smtp')).toBeGreaterThan(h.out.findIndex((o) => o.type === 'files'));
    expect(h.weirds).toEqual([]);
  });

  it('gives the same files however the stream is cut', () => {
    const { client, server } = session(MESSAGE);
    const whole = runSession(client, server, 1 << 20).files().map((f) => [f.md5, f.seen_bytes, f.depth]);
    for (const step of [1, 2, 7, 100]) expect(runSession(client, server, step).files().map((f) => [f.md5, f.seen_bytes, f.depth])).toEqual(whole);
  });

  it('keeps every line end of a top-level 7bit body', () => {
    const { client, server } = session('Subject: one\r\n\r\nline one\r\n\r\nline two\r\n', 'Subject: empty\r\n\r\n');
    const h = runSession(client, server, 5);
    expect(h.files().map((f) => [f.depth, f.seen_bytes, f.md5])).toEqual([[1, 24, md5('line one\r\n\r\nline two\r\n\r\n')]]);
    expect(h.smtp()[1]!.fuids).toEqual([]);
  });

  it('reads BDAT messages', () => {
    const msg = b(`Subject: bdat\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=x.bin\r\n\r\n${b64lines(PNG)}\r\n--B--\r\n`);
    const cut = 100;
    const client = Buffer.concat([b(`EHLO c\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<d@e.f>\r\nBDAT ${cut}\r\n`), msg.subarray(0, cut), b(`BDAT ${msg.length - cut} LAST\r\n`), msg.subarray(cut), b('QUIT\r\n')]);
    const h = harness();
    h.a.data(false, b('220 mx ESMTP\r\n'));
    for (let i = 0; i < client.length; i += 9) h.a.data(true, client.subarray(i, i + 9));
    h.a.data(false, b('250 mx\r\n250 ok\r\n250 ok\r\n250 ok\r\n250 queued\r\n221 bye\r\n'));
    h.a.end();
    expect(h.files().map((f) => [f.depth, f.filename, f.seen_bytes, f.md5])).toEqual([[2, 'x.bin', PNG.length, md5(PNG)]]);
    expect(h.smtp()[0]).toMatchObject({ subject: 'bdat', fuids: [h.files()[0]!.fuid] });
  });

  it('ends the files of an unfinished message with the connection', () => {
    const h = harness();
    h.a.data(false, b('220 mx ESMTP\r\n'));
    h.a.data(true, b('EHLO c\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<d@e.f>\r\nDATA\r\nSubject: cut\r\n\r\npartial body\r\nmore'));
    h.a.end();
    // the unfinished last line is delivered as a line at the end (Zeek's ContentLine analyzer at EOF)
    expect(h.files().map((f) => f.seen_bytes)).toEqual(['partial body\r\nmore\r\n'.length]);
    expect(h.smtp()[0]!.fuids).toEqual([h.files()[0]!.fuid]);
  });

  it('stops following nested multiparts at the depth limit', () => {
    const open: string[] = [];
    const close: string[] = [];
    for (let i = 0; i < MAX_MIME_DEPTH + 5; i++) {
      open.push(`--b${i}`, `Content-Type: multipart/mixed; boundary=b${i + 1}`, '');
      close.unshift(`--b${i}--`);
    }
    const msg = ['Content-Type: multipart/mixed; boundary=b0', '', ...open, 'deep data', ...close].join('\r\n');
    const { client, server } = session(msg);
    const h = runSession(client, server, 512);
    expect(h.weirds).toContain('exceeded_mime_max_depth');
    expect(h.smtp().length).toBe(2);
  });
});

describe('smtp transactions', () => {
  it('numbers transactions by messages transferred and flushes a failed one at the next MAIL FROM (Zeek)', () => {
    const h = harness();
    const say = (c: string, r: string) => {
      h.a.data(true, b(c));
      h.a.data(false, b(r));
    };
    h.a.data(false, b('220 mx ESMTP\r\n'));
    say('EHLO c\r\n', '250 mx\r\n');
    say('MAIL FROM:<a@b.c>\r\n', '250 ok\r\n');
    say('RCPT TO:<d@e.f>\r\n', '250 ok\r\n');
    say('DATA\r\n', '354 go\r\n');
    say('Subject: one\r\n\r\nbody\r\n.\r\n', '250 queued\r\n');
    say('RCPT TO:<d@e.f>\r\n', '503 sender not yet given\r\n');
    say('DATA\r\n', '503 valid RCPT command must precede DATA\r\n');
    say('Hello\r\n', '500 unrecognized command\r\n');
    say('.\r\n', '500 unrecognized command\r\n');
    say('MAIL FROM:<a@b.c>\r\n', '250 ok\r\n');
    say('RCPT TO:<d@e.f>\r\n', '250 ok\r\n');
    say('DATA\r\n', '354 go\r\n');
    say('Subject: two\r\n\r\nbody\r\n.\r\n', '250 queued\r\n');
    h.a.end();
    expect(h.smtp().map((r) => [r.trans_depth, r.mailfrom, r.subject, r.last_reply])).toEqual([
      [1, 'a@b.c', 'one', '250 queued'],
      [2, undefined, undefined, '500 unrecognized command'],
      [2, 'a@b.c', 'two', '250 queued'],
    ]);
    // the refused DATA began a message too (data mode starts at the command, as Zeek's does before
    // the reply), so the second message's entity is the session's third
    expect(h.files().map((f) => f.depth)).toEqual([1, 3]);
  });

  it('names bad BDAT commands as Zeek does', () => {
    const h = harness();
    h.a.data(false, b('220 mx ESMTP\r\n'));
    h.a.data(true, b('EHLO c\r\nBDAT 12 SCRAMBLE\r\nBDAT\r\nBDAT x\r\n'));
    expect(h.weirds).toEqual(['smtp_invalid_bdat_command', 'smtp_invalid_bdat_command', 'smtp_invalid_bdat_command']);
  });
});

describe('smtp body fuzz', () => {
  it('never throws on mutated sessions cut anywhere (fixed seed)', () => {
    const rnd = mulberry32(424242);
    const bases = [session(MESSAGE), session('Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\na=3D=\r\nb=ZZ\r\n')];
    for (let i = 0; i < 2500; i++) {
      const base = bases[i % bases.length]!;
      const client = base.client.map((c) => Buffer.from(c));
      const flips = 1 + Math.floor(rnd() * 12);
      for (let j = 0; j < flips; j++) {
        const c = client[Math.floor(rnd() * client.length)]!;
        const at = Math.floor(rnd() * c.length);
        // mostly structural characters, which is where the parser decides things
        c[at] = rnd() < 0.5 ? b('-\r\n=.:;"B \t')[Math.floor(rnd() * 11)]! : Math.floor(rnd() * 256);
      }
      const step = 1 + Math.floor(rnd() * 300);
      expect(() => {
        const h = runSession(client, base.server, step);
        for (const f of h.files()) expect(f.source).toBe('SMTP');
      }).not.toThrow();
    }
  });
});
