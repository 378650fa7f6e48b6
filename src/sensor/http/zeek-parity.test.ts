// Zeek behaviours the golden comparison with Zeek's own test traces showed (http.log, files.log).
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../schema/observation.js';
import type { AnalyzerContext } from '../app/analyzer.js';
import { httpAnalyzer } from './analyzer.js';

const b = (s: string) => Buffer.from(s, 'latin1');

/** Analyzers for several connections of one sensor (shared state, one output). */
function sensor() {
  const out: Observation[] = [];
  const shared = new Map<string, unknown>();
  let n = 0;
  let now = 1;
  const conn = (uid: string, origPort: number, respH = '192.0.2.1') => {
    const ctx: AnalyzerContext = {
      conn: { uid, id: { orig_h: '10.0.0.1', orig_p: origPort, resp_h: respH, resp_p: 80 }, proto: 'tcp', start: 0 },
      now: () => now,
      emit: (o) => out.push(o),
      confirm: () => undefined,
      violation: () => undefined,
      weird: () => undefined,
      newId: (p) => `${p}${++n}`,
      shared: <T,>(key: string, init: () => T): T => {
        if (!shared.has(key)) shared.set(key, init());
        return shared.get(key) as T;
      },
    };
    return httpAnalyzer.create(ctx);
  };
  const recs = (t: string) => out.filter((o) => o.type === t).map((o) => o.record as unknown as Record<string, unknown>);
  return { conn, http: () => recs('http'), files: () => recs('files'), tick: (t: number) => (now = t) };
}

describe('http: Zeek parity', () => {
  it('HTTP/0.9: the reply is the rest of the stream, and Zeek logs one more empty transaction at the end', () => {
    const s = sensor();
    const a = s.conn('C1', 40000);
    a.data(true, b('GET /zeek.html\r\n'));
    a.data(false, b('<html>hi</html>\n'));
    a.end();
    const h = s.http();
    expect(h).toHaveLength(2);
    expect(h[0]).toMatchObject({ trans_depth: 1, method: 'GET', uri: '/zeek.html', version: '0.9', status_code: 0, status_msg: '<empty>', response_body_len: 16 });
    expect(h[1]).toEqual(expect.objectContaining({ trans_depth: 2, request_body_len: 0, response_body_len: 0 }));
    expect(h[1]!.method).toBeUndefined();
    expect(h[1]!.status_code).toBeUndefined();
  });

  it('HTTP/0.9: no extra transaction when an empty line ended the request', () => {
    const s = sensor();
    const a = s.conn('C1', 40000);
    a.data(true, b('GET /\r\n\r\n'));
    a.data(false, b('<html>hi</html>\n'));
    a.end();
    expect(s.http()).toHaveLength(1);
  });

  it('a message/rfc822 body with nested parts: one file per leaf part, at most 15 listed (HTTP::max_files_orig)', () => {
    const s = sensor();
    const a = s.conn('C1', 40000);
    let body = '';
    for (let i = 0; i < 20; i++) body += `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\nContent-Type: text/plain\r\n\r\nPart number ${i} of the test\r\n--b${i}\r\nContent-Type: message/rfc822\r\n\r\n`;
    body += 'Content-Type: text/plain\r\n\r\nthe innermost part here\r\n';
    a.data(true, b(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: message/rfc822\r\nContent-Length: ${body.length}\r\n\r\n${body}`));
    a.data(false, b('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'));
    a.end();
    const [h] = s.http();
    expect(h!.orig_fuids).toHaveLength(15);
    expect(h!.orig_mime_types).toEqual(Array(15).fill('text/plain'));
    expect(s.files().filter((f) => f.is_orig === true)).toHaveLength(21);
  });

  it('range replies to a Range request are pieces of one file, at their offsets, across connections', () => {
    const s = sensor();
    const a = s.conn('C1', 40000);
    const c = s.conn('C2', 40001);
    const req = (r: string) => b(`GET /f.txt HTTP/1.1\r\nHost: h\r\nRange: bytes=${r}\r\n\r\n`);
    const rep = (first: number, data: string) => b(`HTTP/1.1 206 Partial Content\r\nContent-Range: bytes ${first}-${first + data.length - 1}/34\r\nContent-Length: ${data.length}\r\n\r\n${data}`);
    a.data(true, req('17-33'));
    c.data(true, req('0-16'));
    s.tick(2);
    a.data(false, rep(17, 'the second half!\n')); // ahead of the stream: held
    s.tick(3);
    c.data(false, rep(0, 'This is plain txt')); // fills the hole: complete
    expect(s.files()).toHaveLength(2);
    a.end();
    c.end();
    const f = s.files();
    expect(f).toHaveLength(2);
    for (const r of f) expect(r).toMatchObject({ seen_bytes: 34, total_bytes: 34, missing_bytes: 0, timedout: false, mime_type: 'text/plain', duration: 1 });
    expect(f.map((r) => r.uid).sort()).toEqual(['C1', 'C2']);
    expect(f[0]!.fuid).toBe(f[1]!.fuid);
  });

  it('an unfinished range file is logged at the end, timed out, the holes before its pieces missing; local_orig is the sender', () => {
    const s = sensor();
    const a = s.conn('C1', 40000, '8.8.8.8'); // a server outside the local networks sends the file
    a.data(true, b('GET /big HTTP/1.1\r\nHost: h\r\nRange: bytes=100-109,200-204\r\n\r\n'));
    const body = '--X\r\nContent-Range: bytes 100-109/1000\r\n\r\n0123456789\r\n--X\r\nContent-Range: bytes 200-204/1000\r\n\r\nabcde\r\n--X--\r\n';
    a.data(false, b(`HTTP/1.1 206 Partial Content\r\nContent-Type: multipart/byteranges; boundary=X\r\nContent-Length: ${body.length}\r\n\r\n${body}`));
    a.end();
    const f = s.files();
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ seen_bytes: 15, total_bytes: 1000, missing_bytes: 190, timedout: true, is_orig: false, local_orig: false });
    expect(f[0]!.mime_type).toBeUndefined();
  });

  it('a 206 reply without a Range request stays a file of its own', () => {
    const s = sensor();
    const a = s.conn('C1', 40000);
    a.data(true, b('GET /x HTTP/1.1\r\nHost: h\r\n\r\n'));
    a.data(false, b('HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 5-9/100\r\nContent-Length: 5\r\n\r\nhello'));
    a.end();
    expect(s.files()).toEqual([expect.objectContaining({ seen_bytes: 5, missing_bytes: 0, total_bytes: 100, timedout: false })]);
  });
});

describe('http: 206 replies', () => {
  it('an unfinished partial reply has no MIME type in http.log; a complete one has', () => {
    const s = sensor();
    const a = s.conn('C1', 40000);
    a.data(true, b('GET /b HTTP/1.1\r\nHost: h\r\n\r\n'));
    a.data(false, b('HTTP/1.1 206 ok\r\nContent-Range: bytes 0-15/16\r\nContent-Length: 16\r\n\r\nFoobar!\r\nBaz\r\n\r\n'));
    a.data(true, b('GET /a HTTP/1.1\r\nHost: h\r\n\r\n'));
    // no valid range and no length: the body runs to the close, the file is never complete
    a.data(false, b('HTTP/1.1 206 Partial Content\r\nContent-Range: bytes foo-bar/baz\r\n\r\nFoobar!\r\nBaz\r\n\r\n'));
    a.end();
    const h = s.http().reverse();
    expect(h[0]!.resp_mime_types).toBeUndefined();
    expect(h[0]!.resp_fuids).toHaveLength(1);
    expect(h[1]!.resp_mime_types).toEqual(['text/plain']);
  });
});

describe('http: the transaction current entity (Zeek HTTP::Info$current_entity)', () => {
  it('a reply file name given after the request entity ended while the reply was in its headers is lost', () => {
    const s = sensor();
    const a = s.conn('C1', 40000);
    a.data(true, b('POST / HTTP/1.1\r\nHost: interleave.me\r\nContent-Length: 10\r\n\r\n1234\r\n'));
    a.data(false, b('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n'));
    a.data(true, b('4567\r\n')); // the request entity ends: the shared entity is deleted
    a.data(false, b('Content-Disposition: attachment; filename="test.txt"\r\n\r\nfin'));
    a.end();
    const [h] = s.http();
    expect(h!.resp_fuids).toHaveLength(1);
    expect(h!.resp_filenames).toBeUndefined();
  });

  it('a plain download keeps its file name', () => {
    const s = sensor();
    const a = s.conn('C1', 40000);
    a.data(true, b('GET / HTTP/1.1\r\nHost: h\r\n\r\n'));
    a.data(false, b('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Disposition: attachment; filename="test.txt"\r\n\r\nfin'));
    a.end();
    expect(s.http()[0]!.resp_filenames).toEqual(['test.txt']);
    expect(s.files()[0]!.filename).toBe('test.txt');
  });
});
