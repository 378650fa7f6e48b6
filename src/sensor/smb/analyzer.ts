// SMB 1/2/3 over TCP 445 and NetBIOS 139: smb_mapping.log at tree connects, smb_files.log for
// file opens/renames/deletes (Zeek's default SMB::logged_file_actions), file contents of reads and
// writes to files.log, NTLM/Kerberos from session setups, and DCE/RPC over named pipes — as Zeek's
// base/protocols/smb scripts do.
import type { SmbFiles } from '../../schema/logs/smb-files.js';
import type { SmbMapping } from '../../schema/logs/smb-mapping.js';
import type { AnalyzerContext, StreamAnalyzer, StreamAnalyzerSpec } from '../app/analyzer.js';
import { DceRpcSession } from '../dce_rpc/analyzer.js';
import { startFile } from '../files/file-tracker.js';
import { KrbLogState } from '../krb/analyzer.js';
import { parseKrbMessage } from '../krb/parse.js';
import { NtlmTracker } from '../ntlm/analyzer.js';
import {
  FSCTL_PIPE_TRANSCEIVE, parseNbssFrame, parseSmb1Header, parseSmb2CreateRequest, parseSmb2CreateResponse, parseSmb2Header,
  parseSmb2Ioctl, parseSmb2ReadRequest, parseSmb2ReadResponse, parseSmb2SessionSetup, parseSmb2SetInfoRequest,
  parseSmb2TreeConnectRequest, parseSmb2TreeConnectResponse, parseSmb2WriteRequest, SMB1_MAGIC, SMB2, SMB2_HEADER, SMB2_MAGIC,
  SMB3_COMPRESSED_MAGIC, SMB3_TRANSFORM_MAGIC, STATUS_MORE_PROCESSING_REQUIRED, STATUS_SUCCESS, type FileTimes,
} from './parse.js';
import { handleSmb1 } from './smb1.js';
import { boundedSet, type OpenFile, type PendingRequest, type Smb1State, type Tree } from './state.js';

/** Trees, open files and outstanding requests kept per connection. */
export const MAX_TREES = 256;
export const MAX_OPEN_FILES = 1024;
export const MAX_PENDING_REQUESTS = 1024;
/** Compound SMB2 commands followed in one message. */
export const MAX_COMPOUND = 64;

/** Zeek's SMB::logged_file_actions default. */
export const LOGGED_FILE_ACTIONS: ReadonlySet<string> = new Set(['SMB::FILE_OPEN', 'SMB::FILE_RENAME', 'SMB::FILE_DELETE', 'SMB::PRINT_OPEN', 'SMB::PRINT_CLOSE']);

const SMB2_SHARE_TYPES: Record<number, string> = { 1: 'DISK', 2: 'PIPE', 3: 'PRINT' };
const STATUS_BUFFER_OVERFLOW = 0x80000005;
const KRB5_OID = Buffer.from('06092a864886f712010202', 'hex');

export class SmbConnection implements Smb1State {
  readonly trees = new Map<string, Tree>();
  readonly files = new Map<string, OpenFile>();
  readonly pending = new Map<string, PendingRequest>();
  readonly ntlm: NtlmTracker;
  private krb: KrbLogState | null = null;
  private confirmed = false;
  encrypted = 0;

  constructor(readonly ctx: AnalyzerContext, private readonly loggedActions: ReadonlySet<string> = LOGGED_FILE_ACTIONS) {
    this.ntlm = new NtlmTracker(ctx);
  }

  confirm(): void {
    if (this.confirmed) return;
    this.confirmed = true;
    this.ctx.confirm('smb');
  }

  /** One SMB message (the NetBIOS payload). */
  message(isOrig: boolean, msg: Buffer): void {
    if (msg.length < 4) return;
    const magic = msg.readUInt32LE(0);
    if (magic === SMB2_MAGIC) return this.smb2(isOrig, msg);
    if (magic === SMB1_MAGIC) return handleSmb1(this, isOrig, msg);
    if (magic === SMB3_TRANSFORM_MAGIC || magic === SMB3_COMPRESSED_MAGIC) {
      this.encrypted++; // opaque: encrypted (or compressed) SMB3 traffic
      return;
    }
    this.ctx.weird('smb_unknown_message');
  }

  /** A session setup token: NTLMSSP and Kerberos AP-REQ inside SPNEGO/GSSAPI. */
  securityBlob(blob: Buffer, status: number | undefined): void {
    if (blob.length) {
      if (blob[0] === 0x60 || blob[0] === 0xa0 || blob[0] === 0xa1) this.ctx.confirm('gssapi');
      this.ntlm.blob(blob);
      // The Kerberos mech OID appears in the mechTypes list too: the token is where tok-id 01 00 follows it.
      for (let k = blob.indexOf(KRB5_OID), n = 0; k >= 0 && n < 8; k = blob.indexOf(KRB5_OID, k + 1), n++) {
        const t = k + KRB5_OID.length;
        if (t + 2 >= blob.length || blob[t] !== 0x01 || blob[t + 1] !== 0x00) continue;
        const r = parseKrbMessage(blob.subarray(t + 2));
        if (r.status === 'ok' && r.value.kind === 'AP_REQ') {
          this.ctx.confirm('krb');
          (this.krb ??= new KrbLogState(this.ctx)).message(r.value);
        }
        break;
      }
    }
    if (status !== undefined && status !== STATUS_MORE_PROCESSING_REQUIRED) this.ntlm.result(status === STATUS_SUCCESS ? 0 : 2);
  }

  /** smb_mapping.log */
  logMapping(rec: SmbMapping): void {
    this.ctx.emit({ type: 'smb_mapping', record: rec });
  }

  /** smb_files.log, when the action is one Zeek logs by default. */
  logFile(f: OpenFile): void {
    if (f.info.action && this.loggedActions.has(f.info.action)) this.ctx.emit({ type: 'smb_files', record: { ...f.info } });
  }

  /** A file (or pipe) opened: Zeek's FileInfo with the action the share type implies. */
  opened(key: string, ts: number, tree: Tree | undefined, name: string, size: number, times: FileTimes): OpenFile {
    const shareType = tree?.shareType;
    const action = shareType === 'PIPE' ? 'SMB::PIPE_OPEN' : shareType === 'PRINT' ? 'SMB::PRINT_OPEN' : 'SMB::FILE_OPEN';
    const info: SmbFiles = { ts, uid: this.ctx.conn.uid, id: this.ctx.conn.id, fuid: '', action, name: name === '' ? '<share_root>' : name, size };
    delete (info as { fuid?: string }).fuid; // set only once the file's content is seen
    if (tree?.path !== undefined) info.path = tree.path;
    const t: NonNullable<SmbFiles['times']> = {};
    if (times.modified !== undefined) t.modified = times.modified;
    if (times.accessed !== undefined) t.accessed = times.accessed;
    if (times.created !== undefined) t.created = times.created;
    if (times.changed !== undefined) t.changed = times.changed;
    if (Object.keys(t).length) info.times = t;
    const f: OpenFile = { info, shareType, readNext: 0, writeNext: 0 };
    if (shareType === 'PIPE') f.pipe = new DceRpcSession(this.ctx, { namedPipe: name, ntlm: this.ntlm });
    const old = this.files.get(key);
    if (old) this.closeFile(old);
    boundedSet(this.files, key, f, MAX_OPEN_FILES);
    this.logFile(f);
    return f;
  }

  /** File content at `offset` of a read (server → client) or write (client → server). */
  content(f: OpenFile, isWrite: boolean, offset: number, data: Buffer): void {
    if (f.pipe) return void f.pipe.data(isWrite, data);
    if (f.shareType !== undefined && f.shareType !== 'DISK') return;
    if (!data.length) return;
    let h = isWrite ? f.write : f.read;
    if (!h) {
      h = startFile(this.ctx, { source: 'SMB', isOrig: isWrite, filename: f.info.name, totalBytes: isWrite ? undefined : f.info.size });
      if (isWrite) f.write = h;
      else f.read = h;
    }
    const next = isWrite ? f.writeNext : f.readNext;
    if (offset + data.length <= next) return; // re-read of bytes already seen
    if (offset > next) h.gap(offset - next);
    h.data(offset < next ? data.subarray(next - offset) : data);
    if (isWrite) f.writeNext = offset + data.length;
    else f.readNext = offset + data.length;
  }

  closeFile(f: OpenFile): void {
    f.read?.end();
    f.write?.end();
    f.read = f.write = undefined;
    f.pipe?.end();
  }

  private smb2(isOrig: boolean, msg: Buffer): void {
    let off = 0;
    for (let n = 0; n < MAX_COMPOUND; n++) {
      const m = msg.subarray(off);
      const h = parseSmb2Header(m);
      if (h.status !== 'ok') {
        if (h.status === 'malformed') this.ctx.weird(h.anomaly);
        return;
      }
      this.confirm();
      const hd = h.value;
      const next = hd.nextCommand;
      const one = next >= SMB2_HEADER && next <= m.length ? m.subarray(0, next) : m;
      if (hd.isResponse) this.smb2Response(hd, one, m);
      else this.smb2Request(hd, one, m);
      if (!next || next < SMB2_HEADER || off + next >= msg.length) return;
      off += next;
    }
  }

  private smb2Request(hd: ReturnType<typeof parseSmb2Header> extends infer R ? (R extends { value: infer V } ? V : never) : never, one: Buffer, _rest: Buffer): void {
    const key = hd.messageId.toString();
    const ts = this.ctx.now();
    const tree = String(hd.treeId);
    switch (hd.command) {
      case SMB2.SESSION_SETUP: {
        const r = parseSmb2SessionSetup(one, false);
        if (r.status === 'ok') this.securityBlob(r.value.blob, undefined);
        return;
      }
      case SMB2.TREE_CONNECT: {
        const r = parseSmb2TreeConnectRequest(one);
        if (r.status === 'ok') boundedSet(this.pending, key, { ts, path: r.value.path }, MAX_PENDING_REQUESTS);
        return;
      }
      case SMB2.CREATE: {
        const r = parseSmb2CreateRequest(one);
        if (r.status === 'ok') boundedSet(this.pending, key, { ts, name: r.value.name, tree }, MAX_PENDING_REQUESTS);
        else if (r.status === 'malformed') this.ctx.weird(r.anomaly);
        return;
      }
      case SMB2.READ: {
        const r = parseSmb2ReadRequest(one);
        if (r.status === 'ok') boundedSet(this.pending, key, { ts, fileId: r.value.fileId, name: String(r.value.offset) }, MAX_PENDING_REQUESTS);
        return;
      }
      case SMB2.WRITE: {
        const r = parseSmb2WriteRequest(one);
        if (r.status !== 'ok') return;
        const f = this.files.get(r.value.fileId);
        if (f) this.content(f, true, r.value.offset, r.value.data);
        return;
      }
      case SMB2.IOCTL: {
        const r = parseSmb2Ioctl(one, false);
        if (r.status !== 'ok' || r.value.ctlCode !== FSCTL_PIPE_TRANSCEIVE) return;
        const f = this.files.get(r.value.fileId);
        if (f?.pipe) f.pipe.data(true, r.value.data);
        return;
      }
      case SMB2.SET_INFO: {
        const r = parseSmb2SetInfoRequest(one);
        if (r.status !== 'ok') return;
        const f = this.files.get(r.value.fileId);
        if (!f) return;
        const v = r.value;
        if (v.kind === 'rename') {
          f.info.prev_name = f.info.name;
          f.info.name = v.name;
          if (f.shareType === undefined || f.shareType === 'DISK') {
            f.info.action = 'SMB::FILE_RENAME';
            this.logFile(f);
          }
        } else if (v.kind === 'delete' && v.deletePending) {
          f.info.action = 'SMB::FILE_DELETE';
          this.logFile(f);
        }
        return;
      }
      case SMB2.CLOSE: {
        const id = one.length >= SMB2_HEADER + 24 ? one.toString('hex', SMB2_HEADER + 8, SMB2_HEADER + 24) : undefined;
        const f = id ? this.files.get(id) : undefined;
        if (f && id) {
          this.closeFile(f);
          this.files.delete(id);
        }
        return;
      }
      default:
        return;
    }
  }

  private smb2Response(hd: ReturnType<typeof parseSmb2Header> extends infer R ? (R extends { value: infer V } ? V : never) : never, one: Buffer, _rest: Buffer): void {
    const key = hd.messageId.toString();
    if (hd.isAsync && hd.status === 0x103) return; // STATUS_PENDING interim response: the final one follows
    const req = this.pending.get(key);
    if (req) this.pending.delete(key);
    const ok = hd.status === STATUS_SUCCESS;
    switch (hd.command) {
      case SMB2.SESSION_SETUP: {
        const r = parseSmb2SessionSetup(one, true);
        this.securityBlob(r.status === 'ok' ? r.value.blob : Buffer.alloc(0), hd.status);
        return;
      }
      case SMB2.TREE_CONNECT: {
        if (!ok) return;
        const r = parseSmb2TreeConnectResponse(one);
        const shareType = r.status === 'ok' ? SMB2_SHARE_TYPES[r.value.shareType] : undefined;
        const tree: Tree = { path: req?.path, shareType };
        boundedSet(this.trees, String(hd.treeId), tree, MAX_TREES);
        const rec: SmbMapping = { ts: req?.ts ?? this.ctx.now(), uid: this.ctx.conn.uid, id: this.ctx.conn.id };
        if (tree.path !== undefined) rec.path = tree.path;
        if (shareType) rec.share_type = shareType;
        this.logMapping(rec);
        return;
      }
      case SMB2.TREE_DISCONNECT:
        if (ok) this.trees.delete(String(hd.treeId));
        return;
      case SMB2.CREATE: {
        if (!ok || !req || req.name === undefined) return;
        const r = parseSmb2CreateResponse(one);
        if (r.status !== 'ok') return r.status === 'malformed' ? this.ctx.weird(r.anomaly) : undefined;
        this.opened(r.value.fileId, req.ts, this.trees.get(req.tree ?? String(hd.treeId)), req.name, r.value.size, r.value.times);
        return;
      }
      case SMB2.READ: {
        if ((!ok && hd.status !== STATUS_BUFFER_OVERFLOW) || !req?.fileId) return;
        const f = this.files.get(req.fileId);
        const r = parseSmb2ReadResponse(one);
        if (f && r.status === 'ok') this.content(f, false, Number(req.name ?? 0), r.value.data);
        return;
      }
      case SMB2.IOCTL: {
        if (!ok && hd.status !== STATUS_BUFFER_OVERFLOW) return;
        const r = parseSmb2Ioctl(one, true);
        if (r.status !== 'ok' || r.value.ctlCode !== FSCTL_PIPE_TRANSCEIVE) return;
        const f = this.files.get(r.value.fileId);
        if (f?.pipe) f.pipe.data(false, r.value.data);
        return;
      }
      default:
        return;
    }
  }

  end(): void {
    for (const f of this.files.values()) this.closeFile(f);
    this.files.clear();
    this.ntlm.end();
    this.krb?.end();
    if (this.encrypted) this.ctx.weird('smb3_encrypted_messages', String(this.encrypted));
  }
}

/** Accumulates one direction's bytes into whole NetBIOS frames without quadratic copying. */
class Framer {
  private chunks: Buffer[] = [];
  private have = 0;
  private need = 4;

  constructor(private readonly onFrame: (payload: Buffer, type: number) => void, private readonly onError: (anomaly: string) => void) {}

  push(data: Buffer): void {
    if (this.have === 0) data = this.drain(data);
    else {
      this.chunks.push(Buffer.from(data));
      this.have += data.length;
      if (this.have < this.need) return;
      const all = Buffer.concat(this.chunks, this.have);
      this.chunks = [];
      this.have = 0;
      data = this.drain(all);
    }
    if (data.length) {
      this.chunks.push(Buffer.from(data));
      this.have = data.length;
    }
  }

  /** Handles whole frames at the start of `buf`; returns the incomplete rest. */
  private drain(buf: Buffer): Buffer {
    for (;;) {
      const r = parseNbssFrame(buf);
      if (r.status === 'need-more') {
        this.need = r.needed ?? 4;
        return buf;
      }
      if (r.status === 'malformed') {
        this.onError(r.anomaly);
        return Buffer.alloc(0);
      }
      this.need = 4;
      this.onFrame(buf.subarray(r.value.start, r.value.start + r.value.length), r.value.type);
      buf = buf.subarray(r.consumed);
      if (!buf.length) return buf;
    }
  }
}

/** A NetBIOS session frame holding an SMB message (or a NetBIOS session request on 139). */
function looksLikeSmb(b: Buffer): 'yes' | 'no' | 'maybe' {
  if (b.length === 0) return 'maybe';
  const t = b[0]!;
  if (t === 0x81 || t === 0x82 || t === 0x83 || t === 0x85) {
    // NetBIOS session request/response (port 139): the SMB messages follow
    if (b.length < 4) return 'maybe';
    const len = b.readUInt16BE(2);
    if (t === 0x81 && len !== 68 && len > 256) return 'no';
    if (b.length < 4 + len + 8) return b.length === 4 + len ? 'maybe' : 'no';
    return looksLikeSmb(b.subarray(4 + len));
  }
  if (t !== 0) return 'no';
  if (b.length < 8) return 'maybe';
  const m = b.readUInt32LE(4);
  if (m === SMB1_MAGIC || m === SMB2_MAGIC || m === SMB3_TRANSFORM_MAGIC || m === SMB3_COMPRESSED_MAGIC) return 'yes';
  return 'no';
}

/** The SMB analyzer; `loggedActions` is Zeek's SMB::logged_file_actions (site policy). */
export function makeSmbAnalyzer(loggedActions: ReadonlySet<string> = LOGGED_FILE_ACTIONS): StreamAnalyzerSpec {
  return { ...smbStreamSpec, create: (ctx) => createSmb(ctx, loggedActions) };
}

export const smbStreamSpec: StreamAnalyzerSpec = {
  name: 'smb',
  detect(orig, resp) {
    const o = looksLikeSmb(orig);
    if (o !== 'maybe') return o;
    return looksLikeSmb(resp);
  },
  create(ctx): StreamAnalyzer {
    return createSmb(ctx, LOGGED_FILE_ACTIONS);
  },
};

function createSmb(ctx: AnalyzerContext, loggedActions: ReadonlySet<string>): StreamAnalyzer {
  {
    const conn = new SmbConnection(ctx, loggedActions);
    let dead = false;
    const framers = [true, false].map(
      (isOrig) =>
        new Framer(
          (payload, type) => {
            if (type === 0 && !dead) conn.message(isOrig, payload);
          },
          (anomaly) => {
            dead = true;
            ctx.weird(anomaly);
          },
        ),
    );
    return {
      data(isOrig, data) {
        if (!dead) framers[isOrig ? 0 : 1]!.push(data);
      },
      gap() {
        dead = true; // message boundaries are lost; Zeek stops the SMB analyzer as well
      },
      end: () => conn.end(),
    };
  }
}
