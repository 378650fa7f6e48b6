import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../net/prng.js';
import type { AnalyzerContext } from '../app/analyzer.js';
import type { Observation } from '../../schema/observation.js';
import { bind, bindAck, request, response } from '../dce_rpc/fixtures.test-util.js';
import { smbStreamSpec } from './analyzer.js';
import { parseNbssFrame, parseSmb2CreateRequest, parseSmb2Header, parseSmb2TreeConnectRequest, parseSmb2SetInfoRequest, parseSmb1Header } from './parse.js';

function smb2(command: number, mid: number, body: Buffer, opts: { response?: boolean; tree?: number; status?: number } = {}): Buffer {
  const h = Buffer.alloc(64);
  h.writeUInt32LE(0x424d53fe, 0);
  h.writeUInt16LE(64, 4);
  h.writeUInt32LE(opts.status ?? 0, 8);
  h.writeUInt16LE(command, 12);
  h.writeUInt32LE(opts.response ? 1 : 0, 16);
  h.writeBigUInt64LE(BigInt(mid), 24);
  h.writeUInt32LE(opts.tree ?? 0, 36);
  return Buffer.concat([h, body]);
}
const nbss = (m: Buffer) => {
  const h = Buffer.alloc(4);
  h.writeUIntBE(m.length, 1, 3);
  return Buffer.concat([h, m]);
};
const u16 = (s: string) => Buffer.from(s, 'utf16le');
function treeReq(path: string): Buffer {
  const p = u16(path);
  const b = Buffer.alloc(8);
  b.writeUInt16LE(9, 0);
  b.writeUInt16LE(72, 4);
  b.writeUInt16LE(p.length, 6);
  return Buffer.concat([b, p]);
}
const treeResp = (type: number) => Buffer.from([16, 0, type, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
function createReq(name: string): Buffer {
  const n = u16(name);
  const b = Buffer.alloc(56);
  b.writeUInt16LE(57, 0);
  b.writeUInt16LE(120, 44);
  b.writeUInt16LE(n.length, 46);
  return Buffer.concat([b, n]);
}
const FID = Buffer.from('0102030405060708090a0b0c0d0e0f10', 'hex');
function createResp(size: number): Buffer {
  const b = Buffer.alloc(88);
  b.writeUInt16LE(89, 0);
  b.writeBigUInt64LE(132000000000000000n, 8);
  b.writeBigUInt64LE(BigInt(size), 48);
  FID.copy(b, 64);
  return b;
}
function write(data: Buffer): Buffer {
  const b = Buffer.alloc(48);
  b.writeUInt16LE(49, 0);
  b.writeUInt16LE(64 + 48, 2);
  b.writeUInt32LE(data.length, 4);
  FID.copy(b, 16);
  return Buffer.concat([b, data]);
}
function readResp(data: Buffer): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt16LE(17, 0);
  b[2] = 80;
  b.writeUInt32LE(data.length, 4);
  return Buffer.concat([b, data]);
}
function readReq(): Buffer {
  const b = Buffer.alloc(48);
  b.writeUInt16LE(49, 0);
  b.writeUInt32LE(1024, 4);
  FID.copy(b, 16);
  return b;
}
function setInfoDelete(): Buffer {
  const b = Buffer.alloc(32);
  b.writeUInt16LE(33, 0);
  b[2] = 1;
  b[3] = 13;
  b.writeUInt32LE(1, 4);
  b.writeUInt16LE(96, 8);
  FID.copy(b, 16);
  return Buffer.concat([b, Buffer.from([1])]);
}

function fakeCtx(out: Observation[], services: string[]): AnalyzerContext {
  let t = 1000;
  let n = 0;
  return {
    conn: { uid: 'C1', id: { orig_h: '10.0.0.1', orig_p: 50000, resp_h: '10.0.0.2', resp_p: 445 }, proto: 'tcp', start: 1000 },
    now: () => (t += 0.5),
    emit: (o) => out.push(o),
    confirm: (s) => services.push(s ?? 'smb'),
    violation: () => {},
    weird: () => {},
    newId: (p) => `${p}${++n}`,
  };
}

describe('smb parse', () => {
  it('frames and reads SMB2 headers and bodies', () => {
    const m = smb2(3, 1, treeReq('\\\\HOST\\ADMIN$'));
    const f = parseNbssFrame(nbss(m));
    expect(f.status === 'ok' && f.value.length).toBe(m.length);
    expect(parseNbssFrame(nbss(m).subarray(0, 10)).status).toBe('need-more');
    const h = parseSmb2Header(m);
    expect(h.status === 'ok' && h.value.command).toBe(3);
    const t = parseSmb2TreeConnectRequest(m);
    expect(t.status === 'ok' && t.value.path).toBe('\\\\HOST\\ADMIN$');
    const c = parseSmb2CreateRequest(smb2(5, 2, createReq('evil.exe')));
    expect(c.status === 'ok' && c.value.name).toBe('evil.exe');
    const s = parseSmb2SetInfoRequest(smb2(17, 3, setInfoDelete()));
    expect(s.status === 'ok' && s.value).toMatchObject({ kind: 'delete', deletePending: true });
    expect(parseSmb1Header(Buffer.alloc(40)).status).toBe('malformed');
  });

  it('logs mappings, file opens/deletes, file content and DCE/RPC over pipes', () => {
    const out: Observation[] = [];
    const services: string[] = [];
    const ctx = fakeCtx(out, services);
    const msgs: [boolean, Buffer][] = [
      [true, smb2(3, 1, treeReq('\\\\HOST\\ADMIN$'))],
      [false, smb2(3, 1, treeResp(1), { response: true, tree: 5 })],
      [true, smb2(5, 2, createReq('evil.exe'), { tree: 5 })],
      [false, smb2(5, 2, createResp(4), { response: true, tree: 5 })],
      [true, smb2(9, 3, write(Buffer.from([0x4d, 0x5a, 0x90, 0x00])), { tree: 5 })],
      [true, smb2(17, 4, setInfoDelete(), { tree: 5 })],
      [true, smb2(6, 5, Buffer.concat([Buffer.from([24, 0, 0, 0, 0, 0, 0, 0]), FID]), { tree: 5 })],
      [true, smb2(3, 6, treeReq('\\\\HOST\\IPC$'))],
      [false, smb2(3, 6, treeResp(2), { response: true, tree: 6 })],
      [true, smb2(5, 7, createReq('svcctl'), { tree: 6 })],
      [false, smb2(5, 7, createResp(0), { response: true, tree: 6 })],
      [true, smb2(9, 8, write(bind()), { tree: 6 })],
      [true, smb2(8, 9, readReq(), { tree: 6 })],
      [false, smb2(8, 9, readResp(bindAck()), { response: true, tree: 6 })],
      [true, smb2(9, 10, write(request(12)), { tree: 6 })],
      [true, smb2(8, 11, readReq(), { tree: 6 })],
      [false, smb2(8, 11, readResp(response()), { response: true, tree: 6 })],
    ];
    const stream = Buffer.concat(msgs.filter(([o]) => o).map(([, m]) => nbss(m)));
    expect(smbStreamSpec.detect(stream.subarray(0, 100), Buffer.alloc(0), { orig: 50000, resp: 445 })).toBe('yes');
    const a = smbStreamSpec.create(ctx);
    for (const [isOrig, m] of msgs) {
      const framed = nbss(m);
      // split each message in two to exercise reassembly
      a.data(isOrig, framed.subarray(0, 7));
      a.data(isOrig, framed.subarray(7));
    }
    a.end();
    const by = (t: string) => out.filter((o) => o.type === t).map((o) => o.record as unknown as Record<string, unknown>);
    expect(by('smb_mapping')).toMatchObject([{ path: '\\\\HOST\\ADMIN$', share_type: 'DISK' }, { path: '\\\\HOST\\IPC$', share_type: 'PIPE' }]);
    expect(by('smb_files')).toMatchObject([
      { action: 'SMB::FILE_OPEN', name: 'evil.exe', path: '\\\\HOST\\ADMIN$', size: 4 },
      { action: 'SMB::FILE_DELETE', name: 'evil.exe' },
    ]);
    expect(by('files')).toMatchObject([{ source: 'SMB', is_orig: true, seen_bytes: 4, filename: 'evil.exe' }]);
    expect(by('dce_rpc')).toMatchObject([{ named_pipe: '\\PIPE\\svcctl', endpoint: 'svcctl', operation: 'CreateServiceW' }]);
    expect(services).toContain('smb');
    expect(services).toContain('dce_rpc');
  });

  it('never throws on random or mutated input (fuzz)', () => {
    const rnd = mulberry32(4242);
    const seeds = [smb2(3, 1, treeReq('\\\\H\\C$')), smb2(5, 2, createReq('a')), smb2(5, 2, createResp(1), { response: true }), smb2(17, 4, setInfoDelete()), smb2(9, 3, write(bind()))];
    const out: Observation[] = [];
    for (let i = 0; i < 3000; i++) {
      const base = nbss(seeds[i % seeds.length]!);
      const b = Buffer.from(base);
      for (let k = 0; k < 1 + rnd() * 6; k++) b[4 + Math.floor(rnd() * (b.length - 4))] = Math.floor(rnd() * 256);
      const a = smbStreamSpec.create(fakeCtx(out, []));
      expect(() => {
        a.data(rnd() < 0.5, b.subarray(0, Math.floor(rnd() * (b.length + 1))));
        a.data(false, b);
        a.end();
        parseNbssFrame(b);
      }).not.toThrow();
    }
  });
});
