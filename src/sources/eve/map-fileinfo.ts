// EVE `fileinfo` events → files (Zeek files.log meaning). fileinfo is written in the direction the
// file travelled (src = sender), so is_orig is whether the sender is the flow's originator (an
// upload) — see eve-head.ts for how the originator is known.
//   app_proto → source (HTTP, SMB, FTP_DATA, SMTP, NFS, …);  filename → filename (for HTTP the
//   URL path: EVE has no Content-Disposition name);  size → seen_bytes;  md5/sha1/sha256 → the
//   same, and their names in analyzers;  the HTTP response's Content-Type → mime_type for downloads.
// fuid: "F" + a hash of the flow, transaction, file id and direction (stable across replays).
import type { Files } from '../../schema/logs/files.js';
import { MAPPED, failed, type EveContext, type Outcome } from './context.js';
import { connId, packetSwap, statedDirection, type EveHead } from './eve-head.js';
import { compact, count, obj, str, text, type Json } from './eve-json.js';
import { zeekFileSource } from './names.js';
import { fileUid } from './uid.js';

export function mapFileinfo(ev: Json, h: EveHead, ctx: EveContext): Outcome {
  const f = obj(ev.fileinfo);
  if (!f) return failed('fileinfo event without a "fileinfo" object');
  const swap = packetSwap(ctx.originators, h, statedDirection(ev));
  const isOrig = !swap;
  const md5 = text(f.md5);
  const sha1 = text(f.sha1);
  const sha256 = text(f.sha256);
  const analyzers = [md5 && 'MD5', sha1 && 'SHA1', sha256 && 'SHA256'].filter((a): a is string => !!a);
  const contentType = isOrig ? undefined : text(obj(ev.http)?.http_content_type)?.split(';')[0]!.trim();
  const txId = count(f.tx_id) ?? count(ev.tx_id);
  const rec: Files = compact({
    ts: h.ts,
    fuid: fileUid(h.uid ?? `${h.src}:${h.srcPort}-${h.dst}:${h.dstPort}`, txId, count(f.file_id) ?? str(f.filename), isOrig ? 1 : 0),
    uid: h.uid,
    id: connId(h, swap),
    source: zeekFileSource(str(ev.app_proto)),
    analyzers: analyzers.length ? analyzers : undefined,
    mime_type: contentType || undefined,
    filename: text(f.filename),
    is_orig: isOrig,
    seen_bytes: count(f.size),
    md5,
    sha1,
    sha256,
  });
  ctx.emit('files', rec, ctx.at);
  return MAPPED;
}
