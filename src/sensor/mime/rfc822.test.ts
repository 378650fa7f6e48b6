import { describe, expect, it } from 'vitest';
import { isRfc822, MultipartReader, type PartSink } from './multipart.js';

function run(boundary: string | null, body: string, step = 1 << 20) {
  const events: string[] = [];
  let cur = '';
  const sink: PartSink = {
    entity: () => events.push('entity'),
    begin: (h) => {
      cur = '';
      events.push(`begin ${h.get('CONTENT-TYPE') ?? '-'}`);
    },
    data: (buf) => {
      cur += buf.toString('latin1');
    },
    end: () => events.push(`end ${JSON.stringify(cur)}`),
    weird: (w) => events.push(`weird ${w}`),
  };
  const r = new MultipartReader(boundary, sink);
  const buf = Buffer.from(body, 'latin1');
  for (let i = 0; i < buf.length; i += step) r.write(buf.subarray(i, i + step));
  r.end();
  return events;
}

describe('message/rfc822 entities (Zeek MIME_Entity child entity)', () => {
  it('recognises the content type', () => {
    expect(isRfc822('message/rfc822')).toBe(true);
    expect(isRfc822(' Message/RFC822; x=y')).toBe(true);
    expect(isRfc822('message/rfc822x')).toBe(false);
    expect(isRfc822('text/plain')).toBe(false);
  });

  it('reads a top-level rfc822 body as an entity: headers, then a nested multipart', () => {
    const body = [
      'Content-Type: multipart/mixed; boundary="A"', '', '--A', 'Content-Type: text/plain', '', 'one', '--A',
      'Content-Type: message/rfc822', '', 'Content-Type: multipart/mixed; boundary="B"', '', '--B', 'Content-Type: text/plain', '', 'two', '--B--', '--A--', '',
    ].join('\r\n');
    for (const step of [1, 5, 1 << 20]) {
      expect(run(null, body, step)).toEqual([
        'entity', 'begin text/plain', 'end "one"', 'entity', 'entity', 'entity', 'begin text/plain', 'end "two"',
      ]);
    }
  });

  it('a top-level rfc822 body without a multipart is one part', () => {
    expect(run(null, 'Subject: x\r\nContent-Type: text/plain\r\n\r\nhello\r\n')).toEqual(['begin text/plain', 'end "hello"']);
  });

  it('stops nesting at the depth limit with a weird, never throws', () => {
    let body = '';
    for (let i = 0; i < 150; i++) body += `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\nContent-Type: message/rfc822\r\n\r\n`;
    body += 'Content-Type: text/plain\r\n\r\ndeep\r\n';
    const ev = run(null, body);
    expect(ev.filter((e) => e.startsWith('weird'))).toEqual(['weird exceeded_mime_max_depth']);
  });
});
