// Windows domain business as it shows on the wire: a user's morning logon (Kerberos AS and TGS
// exchanges with the domain controller), mapping the file share with Kerberos inside SPNEGO and
// reading documents; and the attacker's versions: remote service creation over SMB with NTLM
// (PsExec style) and kerberoasting.
import type { Endpoint } from '../packet-builder.js';
import type { SimRandom } from '../random.js';
import { tcpSession, type TimedFrame } from '../sessions.js';
import * as rpc from './dcerpc.js';
import { apRep, apReq, asRep, asReq, ETYPE, gssKrb5Token, krbTcp, OID_KRB5, OID_MS_KRB5, OID_NTLMSSP, REALM, spnegoInit, spnegoResp, tgsRep, tgsReq, ticket } from './kerberos.js';
import { ntlmAuthenticate, ntlmChallenge, ntlmNegotiate } from './ntlm.js';
import { SHARE_TYPE, Smb2Conversation, STATUS } from './smb2.js';

export const DOMAIN = 'CORP';
export const DNS_DOMAIN = 'corp.example';

const FIRST = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'ken', 'laura', 'mallory', 'nina', 'oscar', 'peggy', 'quinn', 'rupert', 'sybil', 'trent'];
const LAST = ['martin', 'tanaka', 'okafor', 'novak', 'silva', 'jensen', 'moreau', 'kowalski', 'haddad', 'lindqvist', 'costa', 'ito', 'schmidt'];

/** The user who works at a workstation (by its number: ws007 → the eighth user). */
export function userOf(hostname: string): string {
  const n = Number(/(\d+)$/.exec(hostname)?.[1] ?? 0);
  return `${FIRST[n % FIRST.length]}.${LAST[(n * 7 + Math.floor(n / FIRST.length)) % LAST.length]}`;
}

export interface Host extends Endpoint {
  hostname: string;
}

/** One Kerberos request and its reply over TCP 88 (Windows' default once tickets carry a PAC). */
function kdcExchange(client: Endpoint, dc: Endpoint, sport: number, t: number, req: Buffer, rep: Buffer): TimedFrame[] {
  return tcpSession({ client, server: dc, sport, dport: 88, start: t, exchanges: [{ request: krbTcp(req), response: krbTcp(rep) }], rtt: 0.001 });
}

export interface Logon {
  frames: TimedFrame[];
  /** the TGT, presented again in later TGS-REQs */
  tgt: Buffer;
}

/** The morning logon: a TGT for the user, then tickets for the file server and LDAP on the DC. */
export function logon(r: SimRandom, ws: Host, dc: Host, fileServer: string, t: number, port: () => number): Logon {
  const user = userOf(ws.hostname);
  const tgt = ticket(r, `krbtgt/${REALM}`, ETYPE.AES256, 1050);
  const frames = kdcExchange(ws, dc, port(), t, asReq(r, user), asRep(r, user, tgt));
  let at = t + 0.05;
  for (const service of [`cifs/${fileServer}.${DNS_DOMAIN}`, `ldap/${dc.hostname}.${DNS_DOMAIN}`]) {
    frames.push(...kdcExchange(ws, dc, port(), at, tgsReq(r, tgt, service), tgsRep(r, user, service, ETYPE.AES256)));
    at += 0.04 + r.next() * 0.05;
  }
  return { frames, tgt };
}

const DOCUMENTS = ['Budget 2026.xlsx', 'Team minutes.docx', 'Q3 report.pdf', 'Price list.csv', 'Onboarding.pdf', 'Roadmap.docx', 'notes.txt', 'Invoices\\Nov.xlsx', 'Projects\\Plan.docx'];

/** A document's bytes, with the magic number and structure its extension implies. */
export function documentBytes(r: SimRandom, name: string, size: number): Buffer {
  const ext = name.slice(name.lastIndexOf('.') + 1);
  if (ext === 'pdf') {
    const head = Buffer.from(`%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>\nendobj\n4 0 obj\n<< /Length ${size} /Filter /FlateDecode >>\nstream\n`, 'latin1');
    return Buffer.concat([head, r.bytes(Math.max(0, size - head.length - 30)), Buffer.from('\nendstream\nendobj\n%%EOF\n', 'latin1')]);
  }
  if (ext === 'xlsx' || ext === 'docx') {
    // a ZIP local file header for the first part, then compressed bytes
    const part = Buffer.from(ext === 'xlsx' ? 'xl/workbook.xml' : 'word/document.xml');
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(6, 6);
    h.writeUInt16LE(8, 8);
    h.writeUInt16LE(part.length, 26);
    return Buffer.concat([h, part, r.bytes(Math.max(0, size - 30 - part.length))]);
  }
  const lines: string[] = ext === 'csv' ? ['item;price;currency'] : ['Notes'];
  let n = lines[0]!.length;
  while (n < size) {
    const l = ext === 'csv' ? `item-${r.int(100000)};${(r.next() * 1000).toFixed(2)};EUR` : `- follow up with ${r.pick(FIRST)} about ${r.pick(['the budget', 'the offsite', 'printer toner', 'the release', 'invoices'])}`;
    lines.push(l);
    n += l.length + 2;
  }
  return Buffer.from(lines.join('\r\n')).subarray(0, size);
}

const SERVER_NEGOTIATE_BLOB = (): Buffer => spnegoInit([OID_MS_KRB5, OID_KRB5, OID_NTLMSSP]);

/** The user maps \\files01\share and opens a few documents; Kerberos (the cifs ticket) inside SPNEGO. */
export function mapShare(r: SimRandom, ws: Host, server: Host, t: number, sport: number): TimedFrame[] {
  const smb = new Smb2Conversation(r, t);
  smb.negotiate(r.bytes(16), SERVER_NEGOTIATE_BLOB());
  const svcTicket = ticket(r, `cifs/${server.hostname}.${DNS_DOMAIN}`, ETYPE.AES256, 1000, 5);
  const token = spnegoInit([OID_MS_KRB5, OID_KRB5, OID_NTLMSSP], gssKrb5Token(1, apReq(r, svcTicket, ETYPE.AES256, true)));
  smb.sessionSetup(token, spnegoResp({ state: 0, mech: OID_MS_KRB5, token: gssKrb5Token(2, apRep(r, ETYPE.AES256)) }), STATUS.SUCCESS);
  smb.treeConnect(`\\\\${server.hostname}\\share`, SHARE_TYPE.DISK);
  const count = 1 + r.int(3);
  for (let i = 0; i < count; i++) {
    const name = r.pick(DOCUMENTS);
    const size = 2000 + r.int(name.endsWith('.txt') || name.endsWith('.csv') ? 6000 : 60000);
    const content = documentBytes(r, name, size);
    const f = smb.create(name, { size: content.length });
    for (let o = 0; o < content.length; o += 65536) smb.read(f, o, content.subarray(o, o + 65536));
    smb.close(f);
  }
  smb.treeDisconnect();
  smb.logoff();
  return tcpSession({ client: ws, server, sport, dport: 445, start: t, exchanges: smb.exchanges, rtt: 0.0008 });
}

/** A PE executable: DOS header and stub, PE signature, then code. */
export function executableBytes(r: SimRandom, size: number): Buffer {
  const head = Buffer.alloc(0x80);
  head.write('MZ', 0, 'latin1');
  head.writeUInt16LE(0x90, 2);
  head.writeUInt16LE(3, 4);
  head.writeUInt16LE(4, 8);
  head.writeUInt16LE(0xffff, 12);
  head.writeUInt16LE(0xb8, 16);
  head.writeUInt16LE(0x40, 24);
  head.writeUInt32LE(0x80, 0x3c);
  head.write('\x0e\x1f\xba\x0e\x00\xb4\x09\xcd\x21\xb8\x01\x4c\xcd\x21This program cannot be run in DOS mode.\r\r\n$', 0x40, 'latin1');
  const pe = Buffer.alloc(24);
  pe.write('PE\0\0', 0, 'latin1');
  pe.writeUInt16LE(0x8664, 4);
  pe.writeUInt16LE(6, 6);
  return Buffer.concat([head, pe, r.bytes(Math.max(0, size - head.length - pe.length))]);
}

/**
 * PsExec-style remote execution on `target`: NTLM session setup as `user`, the service binary
 * written to ADMIN$, then svcctl over IPC$ to create and start the service.
 */
export function remoteServiceExec(r: SimRandom, from: Host, target: Host, t: number, sport: number, opts: { user: string; domain: string; exe: Buffer; service: string; fileName: string }): TimedFrame[] {
  const smb = new Smb2Conversation(r, t);
  smb.negotiate(r.bytes(16), SERVER_NEGOTIATE_BLOB());
  const nbName = target.hostname.toUpperCase();
  smb.sessionSetup(spnegoInit([OID_NTLMSSP], ntlmNegotiate()), spnegoResp({ state: 1, mech: OID_NTLMSSP, token: ntlmChallenge(r, { nbName, nbDomain: opts.domain, dnsDomain: DNS_DOMAIN }, t) }), STATUS.MORE_PROCESSING_REQUIRED);
  smb.sessionSetup(spnegoResp({ token: ntlmAuthenticate(r, opts.user, opts.domain, from.hostname.toUpperCase(), t), mic: Buffer.concat([Buffer.from([1, 0, 0, 0]), r.bytes(8), Buffer.alloc(4)]) }), spnegoResp({ state: 0 }), STATUS.SUCCESS);
  // the service binary goes to ADMIN$ (C:\Windows)
  smb.treeConnect(`\\\\${target.hostname}\\ADMIN$`, SHARE_TYPE.DISK);
  const f = smb.create(opts.fileName, { size: opts.exe.length, write: true });
  for (let o = 0; o < opts.exe.length; o += 65536) smb.write(f, o, opts.exe.subarray(o, o + 65536));
  smb.close(f);
  smb.treeDisconnect();
  // the service control manager over \PIPE\svcctl
  smb.treeConnect(`\\\\${target.hostname}\\IPC$`, SHARE_TYPE.PIPE);
  const pipe = smb.create('svcctl', { size: 0, pipe: true, write: true });
  smb.write(pipe, 0, rpc.bind(1, rpc.SVCCTL_UUID, 2));
  smb.read(pipe, 0, rpc.bindAck(1, '\\PIPE\\svcctl', 0x1000 + r.int(0xffff)));
  const scm = rpc.contextHandle(r);
  const svc = rpc.contextHandle(r);
  const calls: [number, Buffer, Buffer][] = [
    [rpc.SVCCTL_OP.OpenSCManagerW, rpc.openScManagerStub(`\\\\${target.hostname}`), rpc.handleResult(scm)],
    [rpc.SVCCTL_OP.CreateServiceW, rpc.createServiceStub(scm, opts.service, `%SystemRoot%\\${opts.fileName}`), rpc.createServiceResult(svc)],
    [rpc.SVCCTL_OP.StartServiceW, rpc.startServiceStub(svc), rpc.statusResult()],
    [rpc.SVCCTL_OP.CloseServiceHandle, svc, rpc.closeResult()],
    [rpc.SVCCTL_OP.CloseServiceHandle, scm, rpc.closeResult()],
  ];
  calls.forEach(([op, req, resp], i) => smb.transceive(pipe, rpc.request(2 + i, op, req), rpc.response(2 + i, resp)));
  smb.close(pipe);
  smb.treeDisconnect();
  smb.logoff();
  return tcpSession({ client: from, server: target, sport, dport: 445, start: t, exchanges: smb.exchanges, rtt: 0.0006 });
}

/** Kerberoasting: service tickets for service accounts' SPNs, asking for RC4 only (crackable offline). */
export function kerberoast(r: SimRandom, ws: Host, dc: Host, t: number, spns: string[], port: () => number): { frames: TimedFrame[]; end: number } {
  const user = userOf(ws.hostname);
  const tgt = ticket(r, `krbtgt/${REALM}`, ETYPE.AES256, 1050);
  const frames: TimedFrame[] = [];
  let at = t;
  for (const spn of spns) {
    frames.push(...kdcExchange(ws, dc, port(), at, tgsReq(r, tgt, spn, [ETYPE.RC4]), tgsRep(r, user, spn, ETYPE.RC4, 1100)));
    at += 0.05 + r.next() * 0.2;
  }
  return { frames, end: at };
}
