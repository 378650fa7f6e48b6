import { describe, expect, it } from 'vitest';
import {
  basicAuth, filenameFromContentDisposition, findEol, looksLikeReply, looksLikeRequest, parseChunkSize, parseContentRange,
  parseHeaderLine, parseNumber, parseReplyLine, parseRequestLine, unescapeUri,
} from './parse.js';

const b = (s: string) => Buffer.from(s, 'latin1');

function okValue<T>(r: { status: string; value?: T }): T {
  expect(r.status).toBe('ok');
  return r.value as T;
}

describe('parseRequestLine', () => {
  it('parses method, URI and version', () => {
    const v = okValue(parseRequestLine(b('GET /index.html?a=1 HTTP/1.1')));
    expect(v.method).toBe('GET');
    expect(v.rawUri.toString()).toBe('/index.html?a=1');
    expect(v.version).toBe('1.1');
    expect(v.weirds).toEqual([]);
  });
  it('takes a URI with spaces up to " HTTP/" (CONNECT with junk)', () => {
    const v = okValue(parseRequestLine(b('CONNECT mailin03.sul.t-online.de:25 / HTTP/1.0')));
    expect(v.rawUri.toString()).toBe('mailin03.sul.t-online.de:25 /');
    expect(v.version).toBe('1.0');
  });
  it('treats a line without version as HTTP/0.9', () => {
    const v = okValue(parseRequestLine(b('GET /zeek.html')));
    expect(v.version).toBe('0.9');
    expect(v.rawUri.toString()).toBe('/zeek.html');
  });
  it('reports a missing URI', () => {
    const v = okValue(parseRequestLine(b('GET HTTP/1.1')));
    expect(v.rawUri.length).toBe(0);
    expect(v.weirds).toContain('missing_HTTP_uri');
    expect(v.version).toBe('1.1');
  });
  it('rejects lines that are not requests', () => {
    expect(parseRequestLine(b('GET')).status).toBe('malformed');
    expect(parseRequestLine(b('GET ')).status).toBe('malformed');
    expect(parseRequestLine(b('/foo bar'))).toMatchObject({ anomaly: 'bad_HTTP_request' });
    expect(parseRequestLine(b('{junk} / HTTP/1.1'))).toMatchObject({ anomaly: 'bad_HTTP_request_with_version' });
  });
  it('reports a bad version', () => {
    const v = okValue(parseRequestLine(b('GET / HTTP/x.y')));
    expect(v.weirds).toContain('bad_HTTP_version');
  });
});

describe('parseReplyLine', () => {
  it('parses version, code and reason', () => {
    expect(okValue(parseReplyLine(b('HTTP/1.1 200 OK')))).toEqual({ version: '1.1', code: 200, reason: 'OK' });
    expect(okValue(parseReplyLine(b('HTTP/1.0 404 Not  Found')))).toEqual({ version: '1.0', code: 404, reason: 'Not  Found' });
  });
  it('logs "<empty>" for a missing reason', () => {
    expect(okValue(parseReplyLine(b('HTTP/1.1 204')))).toEqual({ version: '1.1', code: 204, reason: '<empty>' });
  });
  it('rejects non-replies', () => {
    expect(parseReplyLine(b('<html>'))).toMatchObject({ anomaly: 'bad_HTTP_reply' });
    expect(parseReplyLine(b('HTTP/1.1'))).toMatchObject({ anomaly: 'HTTP_reply_code_missing' });
    expect(parseReplyLine(b('HTTP/1.1 2'))).toMatchObject({ anomaly: 'HTTP_reply_code_missing' });
  });
});

describe('headers', () => {
  it('upper-cases names and trims values', () => {
    expect(okValue(parseHeaderLine(b('Content-Length:  42 ')))).toEqual({ name: 'CONTENT-LENGTH', value: '42' });
    expect(okValue(parseHeaderLine(b('X-Empty:')))).toEqual({ name: 'X-EMPTY', value: '' });
    expect(parseHeaderLine(b('no colon here')).status).toBe('malformed');
  });
  it('parses numbers like atoi_n', () => {
    expect(okValue(parseNumber('0000012', 10))).toBe(12);
    expect(okValue(parseNumber(' 1a;ext=1', 16))).toBe(26);
    expect(parseNumber('x', 10).status).toBe('malformed');
    expect(parseNumber('18446744073709551616', 10).status).toBe('malformed');
    expect(okValue(parseChunkSize(b('ff')))).toBe(255);
    expect(parseChunkSize(b('zz'))).toMatchObject({ anomaly: 'HTTP_bad_chunk_size' });
  });
  it('extracts filenames from Content-Disposition', () => {
    expect(filenameFromContentDisposition('attachment; filename="test.json"')).toBe('test.json');
    expect(filenameFromContentDisposition('attachment; filename=a.exe')).toBe('a.exe');
    expect(filenameFromContentDisposition("attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf")).toBe('r%C3%A9sum%C3%A9.pdf');
  });
  it('decodes Basic credentials', () => {
    expect(basicAuth('Basic ' + Buffer.from('test:1:34').toString('base64'))).toEqual({ username: 'test', password: '1:34' });
    expect(basicAuth('basic  ' + Buffer.from('u:p').toString('base64'))).toEqual({ username: 'u', password: 'p' });
    expect(basicAuth('Bearer abc')).toBeUndefined();
    expect(basicAuth('Basic ' + Buffer.from('nocolon').toString('base64'))?.username).toMatch(/^<problem-decoding>/);
  });
  it('parses Content-Range and names its problems as Zeek does', () => {
    expect(okValue(parseContentRange('bytes 0-99/1000'))).toEqual({ first: 0, last: 99, total: 1000 });
    expect(okValue(parseContentRange('bytes 5-9/*'))).toEqual({ first: 5, last: 9, total: undefined });
    expect(parseContentRange('bytes 10-5/*')).toMatchObject({ anomaly: 'HTTP_non_positive_content_range' });
    expect(parseContentRange('bytes 0--5/*')).toMatchObject({ anomaly: 'HTTP_content_range_invalid' });
    expect(parseContentRange('bytes 0-9223372036854775807/9223372036854775808')).toMatchObject({ anomaly: 'HTTP_content_range_overflow' });
    expect(parseContentRange('bytes foo-bar/baz')).toMatchObject({ anomaly: 'HTTP_content_range_cannot_parse' });
  });
});

describe('unescapeUri', () => {
  it('decodes escapes and reports broken ones', () => {
    expect(unescapeUri(b('/a%20b'))).toEqual({ uri: '/a b', weirds: [] });
    expect(unescapeUri(b('/%'))).toEqual({ uri: '/%', weirds: ['illegal_%_at_end_of_URI'] });
    expect(unescapeUri(b('/%5'))).toEqual({ uri: '/%5', weirds: ['partial_escape_at_end_of_URI'] });
    expect(unescapeUri(b('/%zz/'))).toEqual({ uri: '/%zz/', weirds: ['unescaped_%_in_URI'] });
    expect(unescapeUri(b('/%u0041x'))).toEqual({ uri: '/Ax', weirds: [] });
    expect(unescapeUri(b('/%%41')).weirds).toContain('double_%_in_URI');
  });
});

describe('detection helpers and line ends', () => {
  it('recognises requests and replies', () => {
    expect(looksLikeRequest(b('GET / HTTP/1.1\r\n'))).toBe('yes');
    expect(looksLikeRequest(b('FOO /x HTTP/1.0\r\n'))).toBe('yes');
    expect(looksLikeRequest(b('GE'))).toBe('maybe');
    expect(looksLikeRequest(b('\x16\x03\x01\x02\x00'))).toBe('no');
    expect(looksLikeRequest(b('SSH-2.0-OpenSSH\r\n'))).toBe('no');
    expect(looksLikeReply(b('HTTP/1.1 200 OK'))).toBe('yes');
    expect(looksLikeReply(b('HTT'))).toBe('maybe');
    expect(looksLikeReply(b('220 smtp'))).toBe('no');
  });
  it('finds CR or LF', () => {
    expect(findEol(b('abc\r\n'), 0)).toBe(3);
    expect(findEol(b('abc\n'), 0)).toBe(3);
    expect(findEol(b('abc'), 0)).toBe(-1);
  });
});
