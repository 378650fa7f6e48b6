// Connection-oriented DCE/RPC PDUs (C706 ch. 12, MS-RPCE) and the NDR stubs of the service control
// manager calls (MS-SCMR) that remote service creation uses: OpenSCManagerW, CreateServiceW,
// StartServiceW, CloseServiceHandle.
import type { SimRandom } from '../random.js';

export const SVCCTL_UUID = '367abb81-9844-35f1-ad32-98f038001003';
const NDR_UUID = '8a885d04-1ceb-11c9-9fe8-08002b104860';
export const SVCCTL_OP = { CloseServiceHandle: 0, CreateServiceW: 12, OpenSCManagerW: 15, StartServiceW: 19 } as const;

const PFC_FIRST_LAST = 0x03;

function pdu(ptype: number, callId: number, body: Buffer): Buffer {
  const h = Buffer.alloc(16);
  h[0] = 5;
  h[1] = 0;
  h[2] = ptype;
  h[3] = PFC_FIRST_LAST;
  h[4] = 0x10; // little-endian, ASCII, IEEE
  h.writeUInt16LE(16 + body.length, 8);
  h.writeUInt16LE(0, 10);
  h.writeUInt32LE(callId, 12);
  return Buffer.concat([h, body]);
}

function uuidBytes(u: string): Buffer {
  const hex = u.replace(/-/g, '');
  const b = Buffer.from(hex, 'hex');
  b.writeUInt32LE(parseInt(hex.slice(0, 8), 16), 0);
  b.writeUInt16LE(parseInt(hex.slice(8, 12), 16), 4);
  b.writeUInt16LE(parseInt(hex.slice(12, 16), 16), 6);
  return b;
}

/** bind: one presentation context, the interface with NDR transfer syntax. */
export function bind(callId: number, uuid: string, verMajor: number, verMinor = 0): Buffer {
  const b = Buffer.alloc(12 + 44);
  b.writeUInt16LE(4280, 0);
  b.writeUInt16LE(4280, 2);
  b[8] = 1;
  b.writeUInt16LE(0, 12);
  b[14] = 1;
  uuidBytes(uuid).copy(b, 16);
  b.writeUInt16LE(verMajor, 32);
  b.writeUInt16LE(verMinor, 34);
  uuidBytes(NDR_UUID).copy(b, 36);
  b.writeUInt32LE(2, 52);
  return pdu(11, callId, b);
}

export function bindAck(callId: number, secAddr: string, assocGroup: number): Buffer {
  const s = Buffer.from(`${secAddr}\0`, 'latin1');
  const head = Buffer.alloc(10);
  head.writeUInt16LE(4280, 0);
  head.writeUInt16LE(4280, 2);
  head.writeUInt32LE(assocGroup, 4);
  head.writeUInt16LE(s.length, 8);
  const pad = Buffer.alloc((4 - ((16 + 10 + s.length) % 4)) % 4);
  const results = Buffer.alloc(4 + 24);
  results[0] = 1;
  uuidBytes(NDR_UUID).copy(results, 8);
  results.writeUInt32LE(2, 24);
  return pdu(12, callId, Buffer.concat([head, s, pad, results]));
}

export function request(callId: number, opnum: number, stub: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt32LE(stub.length, 0);
  h.writeUInt16LE(0, 4);
  h.writeUInt16LE(opnum, 6);
  return pdu(0, callId, Buffer.concat([h, stub]));
}

export function response(callId: number, stub: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt32LE(stub.length, 0);
  return pdu(2, callId, Buffer.concat([h, stub]));
}

// ---- NDR ----

const u32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return b;
};

/** A conformant varying UTF-16 string with its NUL, padded to 4 bytes. */
function ndrString(s: string): Buffer {
  const chars = Buffer.from(`${s}\0`, 'utf16le');
  const n = s.length + 1;
  return Buffer.concat([u32(n), u32(0), u32(n), chars, Buffer.alloc((4 - (chars.length % 4)) % 4)]);
}

/** A unique pointer's referent id (any non-zero value; Windows counts up from 0x00020000). */
const ref = (n: number) => u32(0x00020000 + 4 * n);

export function openScManagerStub(machine: string): Buffer {
  return Buffer.concat([ref(0), ndrString(machine), u32(0), u32(0x000f003f)]);
}

export function createServiceStub(scm: Buffer, name: string, binaryPath: string): Buffer {
  return Buffer.concat([
    scm,
    ndrString(name),
    ref(0),
    ndrString(name),
    u32(0x000f01ff), // SERVICE_ALL_ACCESS
    u32(0x10), // SERVICE_WIN32_OWN_PROCESS
    u32(3), // SERVICE_DEMAND_START
    u32(0), // SERVICE_ERROR_IGNORE
    ndrString(binaryPath),
    u32(0), // load order group
    u32(0), // tag id
    u32(0), // dependencies
    u32(0),
    u32(0), // service start name
    u32(0), // password
    u32(0),
  ]);
}

export function startServiceStub(svc: Buffer): Buffer {
  return Buffer.concat([svc, u32(0), u32(0)]);
}

/** A context handle (attributes + GUID). */
export function contextHandle(r: SimRandom): Buffer {
  return Buffer.concat([u32(0), r.bytes(16)]);
}

export const handleResult = (h: Buffer): Buffer => Buffer.concat([h, u32(0)]);
export const createServiceResult = (h: Buffer): Buffer => Buffer.concat([u32(0), h, u32(0)]);
export const statusResult = (): Buffer => u32(0);
export const closeResult = (): Buffer => Buffer.concat([Buffer.alloc(20), u32(0)]);
