// Byte fixtures for DCE/RPC PDUs (used by the DCE/RPC and SMB tests).
import { PTYPE } from './parse.js';

function header(ptype: number, body: Buffer, callId = 1): Buffer {
  const h = Buffer.alloc(16);
  h[0] = 5;
  h[2] = ptype;
  h[3] = 3;
  h[4] = 0x10;
  h.writeUInt16LE(16 + body.length, 8);
  h.writeUInt32LE(callId, 12);
  return Buffer.concat([h, body]);
}
const uuidLe = (u: string) => {
  const hex = u.replace(/-/g, '');
  const b = Buffer.from(hex, 'hex');
  b.writeUInt32LE(parseInt(hex.slice(0, 8), 16), 0);
  b.writeUInt16LE(parseInt(hex.slice(8, 12), 16), 4);
  b.writeUInt16LE(parseInt(hex.slice(12, 16), 16), 6);
  return b;
};
export function bind(uuid = '367abb81-9844-35f1-ad32-98f038001003'): Buffer {
  const b = Buffer.alloc(12 + 44);
  b.writeUInt16LE(4280, 0);
  b.writeUInt16LE(4280, 2);
  b[8] = 1; // one context
  b.writeUInt16LE(0, 12); // ctx id
  b[14] = 1;
  uuidLe(uuid).copy(b, 16);
  b.writeUInt16LE(2, 32);
  return header(PTYPE.BIND, b);
}
export function bindAck(secAddr = '\\PIPE\\svcctl'): Buffer {
  const s = Buffer.from(secAddr + '\0', 'latin1');
  const b = Buffer.alloc(10 + s.length);
  b.writeUInt16LE(s.length, 8);
  s.copy(b, 10);
  return header(PTYPE.BIND_ACK, b);
}
export function request(opnum: number, callId = 2): Buffer {
  const b = Buffer.alloc(8 + 8);
  b.writeUInt16LE(opnum, 6);
  return header(PTYPE.REQUEST, b, callId);
}
export function response(callId = 2): Buffer {
  return header(PTYPE.RESPONSE, Buffer.alloc(12), callId);
}

