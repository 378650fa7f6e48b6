// EVE `smb` events → smb_mapping, smb_files and ntlm (Zeek's meanings), where an event says what
// those logs record; other SMB commands (negotiate, read, write, close, ioctl, …) are counted as
// skipped, because Zeek does not log them either (its default smb_files actions are open, rename
// and delete, and it leaves out named pipes).
//   TREE_CONNECT with share → smb_mapping: share → path; share_type FILE/PIPE/PRINT → DISK/PIPE/PRINTER
//   CREATE with filename → smb_files FILE_OPEN (FILE_DELETE when opened "delete on close"):
//     share → path, filename → name, size, created/accessed/modified/changed → times.*
//   SET_INFO / rename with rename.from/to → smb_files FILE_RENAME (prev_name = from)
//   SESSION_SETUP with ntlmssp → ntlm: user → username, host → hostname, domain → domainname,
//     status STATUS_SUCCESS → success true, a failure status → false
// fuid: "F" + a hash of the flow and SMB's file GUID, so every action on one file shares it.
import type { Ntlm } from '../../schema/logs/ntlm.js';
import type { SmbFiles } from '../../schema/logs/smb-files.js';
import type { SmbMapping } from '../../schema/logs/smb-mapping.js';
import { MAPPED, failed, skipped, type EveContext, type Outcome } from './context.js';
import { flowDirection, type EveHead } from './eve-head.js';
import { compact, num, obj, str, text, type Json } from './eve-json.js';
import { fileUid } from './uid.js';

const SHARE_TYPES: Record<string, string> = { FILE: 'DISK', PIPE: 'PIPE', PRINT: 'PRINTER' };

function command(s: Json): string {
  const c = str(s.command) ?? '';
  return c.replace(/^SMB[12]_COMMAND_/, '');
}

function isPipe(s: Json): boolean {
  return text(s.named_pipe) !== undefined || /IPC\$$/i.test(text(s.share) ?? '') || text(s.share_type) === 'PIPE';
}

export function mapSmb(ev: Json, h: EveHead, ctx: EveContext): Outcome {
  const s = obj(ev.smb);
  if (!s) return failed('smb event without an "smb" object');
  if (h.uid === undefined) return failed('smb event without flow_id');
  const cmd = command(s);
  const status = text(s.status);
  const id = flowDirection(ctx.originators, h);

  if (cmd === 'TREE_CONNECT' || cmd === 'TREE_CONNECT_ANDX') {
    const share = text(s.share);
    if (share === undefined) return skipped('smb tree connect without share');
    const shareType = text(s.share_type);
    const rec: SmbMapping = compact({
      ts: h.ts,
      uid: h.uid,
      id,
      path: share,
      share_type: shareType !== undefined && Object.hasOwn(SHARE_TYPES, shareType) ? SHARE_TYPES[shareType] : shareType,
    });
    ctx.emit('smb_mapping', rec, ctx.at);
    return MAPPED;
  }

  if (cmd === 'SESSION_SETUP' || cmd === 'SESSION_SETUP_ANDX') {
    const n = obj(s.ntlmssp);
    if (!n) return skipped('smb session setup without NTLMSSP');
    const rec: Ntlm = compact({
      ts: h.ts,
      uid: h.uid,
      id,
      username: text(n.user),
      hostname: text(n.host),
      domainname: text(n.domain),
      success: status === 'STATUS_SUCCESS' ? true : status === undefined || status === 'STATUS_MORE_PROCESSING_REQUIRED' ? undefined : false,
    });
    ctx.emit('ntlm', rec, ctx.at);
    return MAPPED;
  }

  const rename = obj(s.rename);
  const isCreate = cmd === 'CREATE' || cmd === 'NT_CREATE_ANDX';
  if (!isCreate && !rename) return skipped(`smb ${cmd ? cmd.toLowerCase() : 'event'} (not logged by Zeek)`);
  if (isPipe(s)) return skipped('smb named pipe (not logged by Zeek)');
  const name = rename ? text(rename.to) : text(s.filename);
  if (name === undefined) return skipped('smb create without filename');
  const times = compact({ modified: num(s.modified), accessed: num(s.accessed), created: num(s.created), changed: num(s.changed) });
  const rec: SmbFiles = compact({
    ts: h.ts,
    uid: h.uid,
    id,
    fuid: fileUid(h.uid, text(s.fuid) ?? name),
    action: rename ? 'SMB::FILE_RENAME' : text(s.access) === 'delete on close' ? 'SMB::FILE_DELETE' : 'SMB::FILE_OPEN',
    path: text(s.share),
    name,
    size: num(s.size),
    prev_name: rename ? text(rename.from) : undefined,
    times: Object.keys(times).length ? times : undefined,
  });
  ctx.emit('smb_files', rec, ctx.at);
  return MAPPED;
}
