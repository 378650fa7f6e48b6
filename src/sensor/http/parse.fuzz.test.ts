import { describe, expect, it } from 'vitest';
import { mulberry32 as rng } from '../../net/prng.js';
import type { Observation } from '../../schema/observation.js';
import type { AnalyzerContext } from '../app/analyzer.js';
import { httpAnalyzer } from './analyzer.js';
import { parseChunkSize, parseContentRange, parseHeaderLine, parseReplyLine, parseRequestLine, unescapeUri, basicAuth, filenameFromContentDisposition } from './parse.js';

const SEEDS = [
  'GET /a%20b?x=1 HTTP/1.1', 'CONNECT h:25 / HTTP/1.0', 'HTTP/1.1 200 OK', 'HTTP/1.1 204', 'Content-Length: 12',
  'Transfer-Encoding: chunked', '1a;ext', 'bytes 0-9/100', 'Basic dXNlcjpwYXNz', 'attachment; filename="x.txt"',
];
const STREAM = 'POST /p HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/form-data; boundary=B\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n--B\r\nX: y\r\n\r\nabc\r\n0\r\n\r\nGET / HTTP/1.1\r\n\r\n';
const REPLY = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 5\r\n\r\n\x1f\x8b\x08\x00\x00HTTP/1.1 200 OK\r\n\r\nbody';


function mutate(r: () => number, src: Buffer): Buffer {
  const b = Buffer.from(src);
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n && b.length; i++) b[Math.floor(r() * b.length)] = Math.floor(r() * 256);
  return r() < 0.3 ? b.subarray(0, Math.floor(r() * b.length)) : b;
}

describe('http parsers never throw', () => {
  it('on random and mutated input', () => {
    const r = rng(1234);
    for (let i = 0; i < 4000; i++) {
      const seed = Buffer.from(SEEDS[i % SEEDS.length]!, 'latin1');
      const buf = r() < 0.2 ? Buffer.from(Array.from({ length: Math.floor(r() * 64) }, () => Math.floor(r() * 256))) : mutate(r, seed);
      const s = buf.toString('latin1');
      for (const res of [parseRequestLine(buf), parseReplyLine(buf), parseHeaderLine(buf), parseChunkSize(buf), parseContentRange(s)]) expect(res.status).toMatch(/ok|need-more|malformed/);
      unescapeUri(buf);
      basicAuth(s);
      filenameFromContentDisposition(s);
    }
  });

  it('the analyzer survives mutated conversations', () => {
    const r = rng(99);
    for (let i = 0; i < 1500; i++) {
      const out: Observation[] = [];
      const ctx: AnalyzerContext = {
        conn: { uid: 'C', id: { orig_h: '10.0.0.1', orig_p: 1, resp_h: '10.0.0.2', resp_p: 80 }, proto: 'tcp', start: 0 },
        now: () => 0, emit: (o) => out.push(o), confirm: () => {}, violation: () => {}, weird: () => {}, newId: (p) => p,
      };
      const a = httpAnalyzer.create(ctx);
      const req = mutate(r, Buffer.from(STREAM, 'latin1'));
      const rep = mutate(r, Buffer.from(REPLY, 'latin1'));
      const step = 1 + Math.floor(r() * 20);
      for (let k = 0; k < Math.max(req.length, rep.length); k += step) {
        a.data(true, req.subarray(k, k + step));
        if (r() < 0.05) a.gap(false, Math.floor(r() * 10));
        a.data(false, rep.subarray(k, k + step));
      }
      a.end();
    }
  });
});
