import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../schema/observation.js';
import type { AnalyzerContext } from '../app/analyzer.js';
import { httpAnalyzer } from './analyzer.js';

function harness() {
  const out: Observation[] = [];
  const weirds: string[] = [];
  const services: string[] = [];
  let n = 0;
  const ctx: AnalyzerContext = {
    conn: { uid: 'C1', id: { orig_h: '10.0.0.1', orig_p: 40000, resp_h: '192.0.2.1', resp_p: 80 }, proto: 'tcp', start: 0 },
    now: () => 1,
    emit: (o) => out.push(o),
    confirm: (s) => services.push(s ?? 'http'),
    violation: (r) => weirds.push(`violation:${r}`),
    weird: (w) => weirds.push(w),
    newId: (p) => `${p}${++n}`,
  };
  const a = httpAnalyzer.create(ctx);
  const http = () => out.filter((o) => o.type === 'http').map((o) => o.record as Record<string, unknown>);
  const files = () => out.filter((o) => o.type === 'files').map((o) => o.record as Record<string, unknown>);
  return { a, http, files, weirds, services };
}

const b = (s: string) => Buffer.from(s, 'latin1');

/** Feeds a buffer in pieces of `step` bytes (stream reassembly may cut anywhere). */
function feed(a: { data(isOrig: boolean, d: Buffer): void }, isOrig: boolean, buf: Buffer, step = 3) {
  for (let i = 0; i < buf.length; i += step) a.data(isOrig, buf.subarray(i, i + step));
}

describe('http analyzer', () => {
  it('detects by content', () => {
    expect(httpAnalyzer.detect(b('GET / HTTP/1.1\r\n'), b(''), { orig: 1, resp: 9999 })).toBe('yes');
    expect(httpAnalyzer.detect(b('\x16\x03\x01'), b(''), { orig: 1, resp: 443 })).toBe('no');
    expect(httpAnalyzer.detect(b(''), b('HTTP/1.1 400 Bad Request\r\n'), { orig: 1, resp: 80 })).toBe('yes');
  });

  it('pairs pipelined requests with replies in order, with bodies by length, chunks and gzip', () => {
    const h = harness();
    feed(h.a, true, b('GET /a HTTP/1.1\r\nHost: example.com\r\nUser-Agent: t/1\r\nReferer: http://x/\r\n\r\nHEAD /b HTTP/1.1\r\nHost: example.com\r\n\r\nGET /c%20d HTTP/1.1\r\nHost: example.com\r\nAuthorization: Basic dXNlcjpwYXNz\r\n\r\n'));
    const gz = gzipSync(Buffer.from('hello world, this is text'));
    feed(h.a, false, Buffer.concat([
      b('HTTP/1.1 200 OK\r\nContent-Length: 12\r\nContent-Disposition: attachment; filename="a.txt"\r\n\r\nhello world!'),
      b('HTTP/1.1 200 OK\r\nContent-Length: 999\r\n\r\n'),
      b(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n${gz.length.toString(16)}\r\n`), gz, b('\r\n0\r\n\r\n'),
    ]), 5);
    h.a.end();
    const r = h.http();
    expect(r.map((x) => [x.trans_depth, x.method, x.uri, x.status_code, x.response_body_len])).toEqual([
      [1, 'GET', '/a', 200, 12],
      [2, 'HEAD', '/b', 200, 0],
      [3, 'GET', '/c d', 200, 25],
    ]);
    expect(r[0]).toMatchObject({ host: 'example.com', user_agent: 't/1', referrer: 'http://x/', version: '1.1', resp_filenames: ['a.txt'], resp_mime_types: ['text/plain'] });
    expect(r[2]).toMatchObject({ username: 'user' });
    expect(r[2]!.password).toBeUndefined();
    expect(h.services).toEqual(['http']);
    const f = h.files();
    expect(f).toHaveLength(2);
    expect(f[0]).toMatchObject({ source: 'HTTP', filename: 'a.txt', seen_bytes: 12, total_bytes: 12, mime_type: 'text/plain', is_orig: false });
    expect(f[1]).toMatchObject({ seen_bytes: 25 });
  });

  it('logs 100-continue as info and the final reply as status', () => {
    const h = harness();
    h.a.data(true, b('POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n'));
    h.a.data(false, b('HTTP/1.1 100 Continue\r\n\r\n'));
    h.a.data(true, b('abcd'));
    h.a.data(false, b('HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n'));
    h.a.end();
    expect(h.http()).toEqual([expect.objectContaining({ method: 'POST', request_body_len: 4, status_code: 201, status_msg: 'Created', info_code: 100, info_msg: 'Continue' })]);
  });

  it('stops after CONNECT is accepted', () => {
    const h = harness();
    h.a.data(true, b('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'));
    h.a.data(false, b('HTTP/1.1 200 Connection established\r\n\r\n'));
    h.a.data(true, b('\x16\x03\x01\x00\x05hello'));
    h.a.data(false, b('\x16\x03\x03garbage'));
    h.a.end();
    expect(h.http()).toEqual([expect.objectContaining({ method: 'CONNECT', uri: 'example.com:443', status_code: 200, response_body_len: 0 })]);
    expect(h.weirds).toEqual([]);
  });

  it('reads a body until close and names bad requests', () => {
    const h = harness();
    h.a.data(true, b('GET / HTTP/1.0\r\n\r\n'));
    h.a.data(false, b('HTTP/1.0 200 OK\r\n\r\n<html><body>x</body></html>\n'));
    h.a.data(true, b('\x01\x02 junk\r\n'));
    h.a.end();
    expect(h.http()[0]).toMatchObject({ response_body_len: 28, resp_mime_types: ['text/html'] });
    expect(h.weirds).toContain('bad_HTTP_request');
  });

  it('splits multipart uploads into one file per part', () => {
    const h = harness();
    const body = '--XX\r\nContent-Disposition: form-data; name="f"; filename="one.txt"\r\n\r\nfirst file content\r\n--XX\r\nContent-Disposition: form-data; name="g"\r\n\r\nsecond\r\n--XX--\r\n';
    h.a.data(true, b(`POST /u HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=XX\r\nContent-Length: ${body.length}\r\n\r\n${body}`));
    h.a.data(false, b('HTTP/1.1 204 No Content\r\n\r\n'));
    h.a.end();
    expect(h.http()[0]).toMatchObject({ request_body_len: body.length, orig_filenames: ['one.txt'], orig_mime_types: ['text/plain'] });
    expect((h.http()[0]!.orig_fuids as string[]).length).toBe(2);
    expect(h.files().map((f) => f.seen_bytes)).toEqual([18, 6]);
  });
});
