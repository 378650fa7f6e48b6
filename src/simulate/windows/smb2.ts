// An SMB2/3 client–server conversation (MS-SMB2) over direct TCP 445, message by message: negotiate,
// session setup with a security blob, tree connect, create, read, write, pipe transceive, close,
// tree disconnect, logoff. Each call appends one request and its response, NetBIOS-framed, ready
// for tcpSession().
import type { SimRandom } from '../random.js';
import { filetimeBytes } from './ntlm.js';

export const STATUS = { SUCCESS: 0, MORE_PROCESSING_REQUIRED: 0xc0000016 } as const;
const CMD = { NEGOTIATE: 0, SESSION_SETUP: 1, LOGOFF: 2, TREE_CONNECT: 3, TREE_DISCONNECT: 4, CREATE: 5, CLOSE: 6, READ: 8, WRITE: 9, IOCTL: 11 } as const;
const FSCTL_PIPE_TRANSCEIVE = 0x0011c017;
export const SHARE_TYPE = { DISK: 1, PIPE: 2 } as const;

function nbss(msg: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h.writeUIntBE(msg.length, 1, 3);
  return Buffer.concat([h, msg]);
}

const u16le = (s: string) => Buffer.from(s, 'utf16le');

export interface OpenedFile {
  id: Buffer;
  size: number;
}

export class Smb2Conversation {
  readonly exchanges: { request: Buffer; response: Buffer }[] = [];
  private mid = 0n;
  private sessionId = 0n;
  private tree = 0;
  private nextTree = 1;

  constructor(private readonly r: SimRandom, private readonly t: number) {}

  private header(command: number, response: boolean, status: number, credits: number): Buffer {
    const h = Buffer.alloc(64);
    h.writeUInt32LE(0x424d53fe, 0);
    h.writeUInt16LE(64, 4);
    h.writeUInt16LE(1, 6); // credit charge
    h.writeUInt32LE(status, 8);
    h.writeUInt16LE(command, 12);
    h.writeUInt16LE(credits, 14);
    h.writeUInt32LE(response ? 1 : 0, 16);
    h.writeBigUInt64LE(this.mid, 24);
    h.writeUInt32LE(0xfeff, 32); // process id
    h.writeUInt32LE(this.tree, 36);
    h.writeBigUInt64LE(this.sessionId, 40);
    return h;
  }

  private exchange(command: number, request: Buffer, response: Buffer, status = 0): void {
    const req = Buffer.concat([this.header(command, false, 0, 31), request]);
    const resp = Buffer.concat([this.header(command, true, status, 32), response]);
    this.exchanges.push({ request: nbss(req), response: nbss(resp) });
    this.mid++;
  }

  negotiate(serverGuid: Buffer, securityBlob: Buffer): void {
    const dialects = [0x0202, 0x0210, 0x0300, 0x0302];
    const req = Buffer.alloc(36 + dialects.length * 2);
    req.writeUInt16LE(36, 0);
    req.writeUInt16LE(dialects.length, 2);
    req.writeUInt16LE(1, 4); // signing enabled
    req.writeUInt32LE(0x7f, 8);
    this.r.bytes(16).copy(req, 12);
    dialects.forEach((d, i) => req.writeUInt16LE(d, 36 + i * 2));
    const resp = Buffer.alloc(64);
    resp.writeUInt16LE(65, 0);
    resp.writeUInt16LE(1, 2);
    resp.writeUInt16LE(0x0302, 4);
    serverGuid.copy(resp, 8);
    resp.writeUInt32LE(0x2f, 24);
    resp.writeUInt32LE(8 * 1024 * 1024, 28);
    resp.writeUInt32LE(8 * 1024 * 1024, 32);
    resp.writeUInt32LE(8 * 1024 * 1024, 36);
    filetimeBytes(this.t).copy(resp, 40);
    resp.writeUInt16LE(128, 56);
    resp.writeUInt16LE(securityBlob.length, 58);
    this.exchange(CMD.NEGOTIATE, req, Buffer.concat([resp, securityBlob]));
  }

  /** One session setup round trip; the session id is assigned by the first response. */
  sessionSetup(clientBlob: Buffer, serverBlob: Buffer, status: number): void {
    const req = Buffer.alloc(24);
    req.writeUInt16LE(25, 0);
    req[3] = 1; // signing enabled
    req.writeUInt32LE(1, 4); // DFS
    req.writeUInt16LE(88, 12);
    req.writeUInt16LE(clientBlob.length, 14);
    const resp = Buffer.alloc(8);
    resp.writeUInt16LE(9, 0);
    resp.writeUInt16LE(72, 4);
    resp.writeUInt16LE(serverBlob.length, 6);
    const reqMsg = Buffer.concat([this.header(CMD.SESSION_SETUP, false, 0, 31), req, clientBlob]);
    if (this.sessionId === 0n) this.sessionId = (BigInt(this.r.int(0x7fffffff)) << 16n) | 0x11n;
    const respMsg = Buffer.concat([this.header(CMD.SESSION_SETUP, true, status, 32), resp, serverBlob]);
    this.exchanges.push({ request: nbss(reqMsg), response: nbss(respMsg) });
    this.mid++;
  }

  /** Connects to `\\server\share`; later requests use the tree. */
  treeConnect(path: string, shareType: number): void {
    const p = u16le(path);
    const req = Buffer.alloc(8);
    req.writeUInt16LE(9, 0);
    req.writeUInt16LE(72, 4);
    req.writeUInt16LE(p.length, 6);
    const resp = Buffer.alloc(16);
    resp.writeUInt16LE(16, 0);
    resp[2] = shareType;
    resp.writeUInt32LE(shareType === SHARE_TYPE.PIPE ? 0x30 : 0x800, 4);
    resp.writeUInt32LE(0x001f01ff, 12);
    const reqMsg = Buffer.concat([this.header(CMD.TREE_CONNECT, false, 0, 31), req, p]);
    this.tree = this.nextTree++;
    const respMsg = Buffer.concat([this.header(CMD.TREE_CONNECT, true, 0, 32), resp]);
    this.exchanges.push({ request: nbss(reqMsg), response: nbss(respMsg) });
    this.mid++;
  }

  /** Opens (or creates, for writing) `name` in the current tree. */
  create(name: string, opts: { size: number; write?: boolean; pipe?: boolean; modified?: number }): OpenedFile {
    const n = u16le(name);
    const req = Buffer.alloc(56);
    req.writeUInt16LE(57, 0);
    req.writeUInt32LE(2, 4); // impersonation
    req.writeUInt32LE(opts.pipe ? 0x0012019f : opts.write ? 0x0013019f : 0x00120089, 24);
    req.writeUInt32LE(opts.pipe ? 0 : 0x80, 28);
    req.writeUInt32LE(opts.write ? 0 : 7, 32);
    req.writeUInt32LE(opts.write && !opts.pipe ? 5 : 1, 36); // overwrite-if / open
    req.writeUInt32LE(opts.pipe ? 0 : 0x44, 40);
    req.writeUInt16LE(120, 44);
    req.writeUInt16LE(n.length, 46);
    const id = Buffer.concat([this.r.bytes(8), this.r.bytes(8)]);
    const resp = Buffer.alloc(88);
    resp.writeUInt16LE(89, 0);
    resp.writeUInt32LE(opts.write && !opts.pipe ? 2 : 1, 4);
    if (!opts.pipe) {
      const created = this.t - 86400 * 30;
      const modified = opts.write ? this.t : opts.modified ?? this.t - 86400 * 2;
      filetimeBytes(created).copy(resp, 8);
      filetimeBytes(this.t).copy(resp, 16);
      filetimeBytes(modified).copy(resp, 24);
      filetimeBytes(modified).copy(resp, 32);
      resp.writeBigUInt64LE(BigInt(Math.ceil(opts.size / 4096) * 4096), 40);
      resp.writeBigUInt64LE(BigInt(opts.write ? 0 : opts.size), 48);
      resp.writeUInt32LE(0x20, 56);
    } else {
      resp.writeBigUInt64LE(4096n, 40);
      resp.writeUInt32LE(0x80, 56);
    }
    id.copy(resp, 64);
    this.exchange(CMD.CREATE, Buffer.concat([req, n]), resp);
    return { id, size: opts.size };
  }

  read(f: OpenedFile, offset: number, data: Buffer): void {
    const req = Buffer.alloc(49);
    req.writeUInt16LE(49, 0);
    req[2] = 0x50;
    req.writeUInt32LE(data.length, 4);
    req.writeBigUInt64LE(BigInt(offset), 8);
    f.id.copy(req, 16);
    req.writeUInt32LE(1, 32);
    const resp = Buffer.alloc(16);
    resp.writeUInt16LE(17, 0);
    resp[2] = 80;
    resp.writeUInt32LE(data.length, 4);
    this.exchange(CMD.READ, req, Buffer.concat([resp, data]));
  }

  write(f: OpenedFile, offset: number, data: Buffer): void {
    const req = Buffer.alloc(48);
    req.writeUInt16LE(49, 0);
    req.writeUInt16LE(112, 2);
    req.writeUInt32LE(data.length, 4);
    req.writeBigUInt64LE(BigInt(offset), 8);
    f.id.copy(req, 16);
    const resp = Buffer.alloc(16);
    resp.writeUInt16LE(17, 0);
    resp.writeUInt32LE(data.length, 4);
    this.exchange(CMD.WRITE, Buffer.concat([req, data]), resp);
  }

  /** FSCTL_PIPE_TRANSCEIVE: writes `input` to the pipe and reads `output` back. */
  transceive(f: OpenedFile, input: Buffer, output: Buffer): void {
    const req = Buffer.alloc(56);
    req.writeUInt16LE(57, 0);
    req.writeUInt32LE(FSCTL_PIPE_TRANSCEIVE, 4);
    f.id.copy(req, 8);
    req.writeUInt32LE(120, 24);
    req.writeUInt32LE(input.length, 28);
    req.writeUInt32LE(120 + input.length, 36);
    req.writeUInt32LE(4280, 44);
    req.writeUInt32LE(1, 48); // FSCTL
    const resp = Buffer.alloc(48);
    resp.writeUInt16LE(49, 0);
    resp.writeUInt32LE(FSCTL_PIPE_TRANSCEIVE, 4);
    f.id.copy(resp, 8);
    resp.writeUInt32LE(112, 24);
    resp.writeUInt32LE(112, 32);
    resp.writeUInt32LE(output.length, 36);
    this.exchange(CMD.IOCTL, Buffer.concat([req, input]), Buffer.concat([resp, output]));
  }

  close(f: OpenedFile): void {
    const req = Buffer.alloc(24);
    req.writeUInt16LE(24, 0);
    f.id.copy(req, 8);
    const resp = Buffer.alloc(60);
    resp.writeUInt16LE(60, 0);
    this.exchange(CMD.CLOSE, req, resp);
  }

  treeDisconnect(): void {
    const b = Buffer.from([4, 0, 0, 0]);
    this.exchange(CMD.TREE_DISCONNECT, b, b);
  }

  logoff(): void {
    const b = Buffer.from([4, 0, 0, 0]);
    this.exchange(CMD.LOGOFF, b, b);
  }
}
