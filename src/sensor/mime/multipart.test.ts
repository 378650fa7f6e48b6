import { describe, expect, it } from 'vitest';
import { entityFilename, filenameFromDisposition } from './headers.js';
import { MultipartReader, multipartBoundary, type PartSink } from './multipart.js';

function collect(boundary: string, body: string, eager: (h: Map<string, string>) => boolean, step = 1 << 20) {
  const events: string[] = [];
  let cur = '';
  const sink: PartSink = {
    entity: () => events.push('entity'),
    begin: (h) => {
      cur = '';
      events.push(`begin ${h.get('CONTENT-TYPE') ?? '-'}`);
      return eager(h);
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

const BODY = 'pre\r\n--o\r\nContent-Type: multipart/alternative; boundary="i"\r\n\r\n--i\r\nContent-Type: a\r\n\r\nx\r\ny\r\n--i\r\nContent-Type: b\r\n\r\nz\r\n--i--\r\n--o\r\n\r\n--o--\r\n';

describe('multipart reader', () => {
  it('announces every entity, nested containers included, before its headers', () => {
    const ev = collect('o', BODY, () => false);
    expect(ev).toEqual(['entity', 'entity', 'begin a', 'end "x\\r\\ny"', 'entity', 'begin b', 'end "z"', 'entity', 'begin -', 'end ""']);
    for (const step of [1, 3, 10]) expect(collect('o', BODY, () => false, step)).toEqual(ev);
  });

  it('delivers the line end before a boundary only when the part asks for every line end', () => {
    const ev = collect('o', BODY, (h) => h.get('CONTENT-TYPE') === 'b');
    expect(ev).toContain('end "x\\r\\ny"');
    expect(ev).toContain('end "z\\r\\n"');
  });

  it('reads boundaries and file names', () => {
    expect(multipartBoundary('multipart/mixed;\tboundary="==x y"')).toBe('==x y');
    expect(multipartBoundary('text/plain; boundary=x')).toBeUndefined();
    expect(filenameFromDisposition('attachment; filename="a b.txt"')).toBe('a b.txt');
    expect(filenameFromDisposition("attachment; filename*=UTF-8''na%C3%AFve.txt")).toBe('na\xc3\xafve.txt');
    expect(entityFilename(new Map([['CONTENT-TYPE', 'text/plain; name="n.txt"']]))).toBe('n.txt');
    expect(entityFilename(new Map([['CONTENT-TYPE', 'text/plain; name="n.txt"'], ['CONTENT-DISPOSITION', 'attachment; filename=d.txt']]))).toBe('d.txt');
    expect(entityFilename(new Map([['CONTENT-DISPOSITION', 'inline']]))).toBeUndefined();
  });
});
