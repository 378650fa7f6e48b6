// SMB1 (MS-CIFS/MS-SMB) commands the logs need: session setup (NTLM/Kerberos), tree connect
// (smb_mapping.log), NT create (smb_files.log, named pipes), and the pipe I/O that carries DCE/RPC
// (transaction, read/write AndX). AndX chains are followed.
import type { SmbMapping } from '../../schema/logs/smb-mapping.js';
import { parseSmb1Header, smb1Block, smb1String, filetime, STATUS_SUCCESS, SMB1_HEADER, type Smb1Header } from './parse.js';
import { boundedSet, type Smb1State } from './state.js';

const CMD = { CLOSE: 0x04, TRANSACTION: 0x25, READ_ANDX: 0x2e, WRITE_ANDX: 0x2f, SESSION_SETUP_ANDX: 0x73, TREE_CONNECT_ANDX: 0x75, NT_CREATE_ANDX: 0xa2 } as const;
const ANDX = new Set<number>([CMD.READ_ANDX, CMD.WRITE_ANDX, CMD.SESSION_SETUP_ANDX, CMD.TREE_CONNECT_ANDX, CMD.NT_CREATE_ANDX]);
const MAX_ANDX = 8;
export const MAX_PENDING_SMB1 = 1024;

/** Zeek's share type from an SMB1 tree connect service string. */
function shareType(service: string): string | undefined {
  if (service === 'A:') return 'DISK';
  if (service === 'LPT1:') return 'PRINT';
  if (service === 'IPC') return 'PIPE';
  if (service === 'COMM') return 'COMM';
  return undefined;
}

export function handleSmb1(s: Smb1State, isOrig: boolean, msg: Buffer): void {
  const h = parseSmb1Header(msg);
  if (h.status !== 'ok') return h.status === 'malformed' ? s.ctx.weird(h.anomaly) : undefined;
  s.confirm();
  const hd = h.value;
  let cmd = hd.command;
  let at = SMB1_HEADER;
  for (let n = 0; n < MAX_ANDX; n++) {
    const blk = smb1Block(msg, at);
    if (!blk) return;
    command(s, hd, cmd, msg, blk, isOrig);
    if (!ANDX.has(cmd) || blk.words.length < 4) return;
    const next = blk.words[0]!;
    const nextAt = blk.words.readUInt16LE(2);
    if (next === 0xff || nextAt <= at || nextAt >= msg.length) return;
    cmd = next;
    at = nextAt;
  }
}

function command(s: Smb1State, hd: Smb1Header, cmd: number, msg: Buffer, blk: { words: Buffer; data: Buffer; dataAt: number }, isOrig: boolean): void {
  const w = blk.words;
  const key = `1:${hd.pid}:${hd.mid}`;
  const resp = hd.isResponse || !isOrig;
  switch (cmd) {
    case CMD.SESSION_SETUP_ANDX:
      // Extended security: the blob is at the start of the data; plain NTLM carries no NTLMSSP.
      if (resp) s.securityBlob(blk.data, hd.status);
      else s.securityBlob(blk.data, undefined);
      return;
    case CMD.TREE_CONNECT_ANDX: {
      if (!resp) {
        if (w.length < 8) return;
        const pwLen = w.readUInt16LE(6);
        const p = smb1String(msg, blk.dataAt + pwLen, hd.unicode);
        boundedSet(s.pending, key, { ts: s.ctx.now(), path: p.value }, MAX_PENDING_SMB1);
        return;
      }
      const req = s.pending.get(key);
      s.pending.delete(key);
      if (hd.status !== STATUS_SUCCESS) return;
      const svc = smb1String(msg, blk.dataAt, false);
      const nfs = blk.dataAt + (svc.end - blk.dataAt) < msg.length ? smb1String(msg, svc.end, hd.unicode).value : '';
      const st = shareType(svc.value);
      boundedSet(s.trees, `1:${hd.tid}`, { path: req?.path, shareType: st }, 256);
      const rec: SmbMapping = { ts: req?.ts ?? s.ctx.now(), uid: s.ctx.conn.uid, id: s.ctx.conn.id, service: svc.value };
      if (req?.path !== undefined) rec.path = req.path;
      if (nfs) rec.native_file_system = nfs;
      if (st) rec.share_type = st;
      s.logMapping(rec);
      return;
    }
    case CMD.NT_CREATE_ANDX: {
      if (!resp) {
        if (w.length < 48) return;
        const p = smb1String(msg, blk.dataAt, hd.unicode);
        boundedSet(s.pending, key, { ts: s.ctx.now(), name: p.value.replace(/^\\/, ''), tree: `1:${hd.tid}` }, MAX_PENDING_SMB1);
        return;
      }
      const req = s.pending.get(key);
      s.pending.delete(key);
      if (hd.status !== STATUS_SUCCESS || !req || req.name === undefined || w.length < 63) return;
      const fid = w.readUInt16LE(5);
      const times = { created: filetime(w, 11), accessed: filetime(w, 19), modified: filetime(w, 27), changed: filetime(w, 35) };
      s.opened(`1:${fid}`, req.ts, s.trees.get(req.tree!), req.name, Number(w.readBigUInt64LE(55)), times);
      return;
    }
    case CMD.CLOSE: {
      if (resp || w.length < 2) return;
      const f = s.files.get(`1:${w.readUInt16LE(0)}`);
      if (f) {
        s.closeFile(f);
        s.files.delete(`1:${w.readUInt16LE(0)}`);
      }
      return;
    }
    case CMD.WRITE_ANDX: {
      if (resp || w.length < 24) return;
      const f = s.files.get(`1:${w.readUInt16LE(4)}`);
      const len = w.readUInt16LE(20) + (w.length >= 24 ? w.readUInt16LE(18) * 65536 : 0);
      const off = w.readUInt16LE(22);
      if (f && off + len <= msg.length) s.content(f, true, w.readUInt32LE(6), msg.subarray(off, off + len));
      return;
    }
    case CMD.READ_ANDX: {
      if (!resp) {
        if (w.length >= 10) boundedSet(s.pending, key, { ts: s.ctx.now(), fileId: `1:${w.readUInt16LE(4)}`, name: String(w.readUInt32LE(6)) }, MAX_PENDING_SMB1);
        return;
      }
      const req = s.pending.get(key);
      s.pending.delete(key);
      if (!req?.fileId || w.length < 14) return;
      const f = s.files.get(req.fileId);
      const len = w.readUInt16LE(10);
      const off = w.readUInt16LE(12);
      if (f && off + len <= msg.length) s.content(f, false, Number(req.name ?? 0), msg.subarray(off, off + len));
      return;
    }
    case CMD.TRANSACTION: {
      if (!resp) {
        if (w.length < 32) return;
        const dataCount = w.readUInt16LE(22);
        const dataOff = w.readUInt16LE(24);
        const fid = `1:${w.readUInt16LE(30)}`;
        const f = s.files.get(fid);
        if (f?.pipe && dataOff + dataCount <= msg.length) {
          boundedSet(s.pending, key, { ts: s.ctx.now(), fileId: fid }, MAX_PENDING_SMB1);
          f.pipe.data(true, msg.subarray(dataOff, dataOff + dataCount));
        }
        return;
      }
      const req = s.pending.get(key);
      s.pending.delete(key);
      if (!req?.fileId || w.length < 16) return;
      const f = s.files.get(req.fileId);
      const dataCount = w.readUInt16LE(12);
      const dataOff = w.readUInt16LE(14);
      if (f?.pipe && dataOff + dataCount <= msg.length) f.pipe.data(false, msg.subarray(dataOff, dataOff + dataCount));
      return;
    }
    default:
      return;
  }
}
