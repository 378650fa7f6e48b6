// EVE `ssh` events → ssh (Zeek ssh.log meaning, with the HASSH package's fields).
//   client/server proto_version + software_version → client/server banner "SSH-2.0-OpenSSH_7.4";
//   server (else client) proto_version → version (2, or 1 for SSH-1.x);
//   client.hassh.hash/string → hassh/hasshAlgorithms; server.hassh → hasshServer/hasshServerAlgorithms.
import type { Ssh } from '../../schema/logs/ssh.js';
import { MAPPED, failed, type EveContext, type Outcome } from './context.js';
import { flowDirection, type EveHead } from './eve-head.js';
import { compact, obj, text, type Json } from './eve-json.js';

function banner(side: Json | undefined): string | undefined {
  const proto = text(side?.proto_version);
  const soft = text(side?.software_version);
  if (proto === undefined && soft === undefined) return undefined;
  return `SSH-${proto ?? '2.0'}-${soft ?? ''}`;
}

export function mapSsh(ev: Json, h: EveHead, ctx: EveContext): Outcome {
  const s = obj(ev.ssh);
  if (!s) return failed('ssh event without an "ssh" object');
  if (h.uid === undefined) return failed('ssh event without flow_id');
  const client = obj(s.client);
  const server = obj(s.server);
  const proto = text(server?.proto_version) ?? text(client?.proto_version);
  // "1.99" is a server speaking both; the session is SSH-2
  const version = proto === undefined ? undefined : proto.startsWith('1.') && proto !== '1.99' ? 1 : 2;
  const hassh = obj(client?.hassh);
  const hasshServer = obj(server?.hassh);
  const rec: Ssh = compact({
    ts: h.ts,
    uid: h.uid,
    id: flowDirection(ctx.originators, h),
    version,
    client: banner(client),
    server: banner(server),
    hasshVersion: hassh || hasshServer ? '1.1' : undefined,
    hassh: text(hassh?.hash),
    hasshAlgorithms: text(hassh?.string),
    hasshServer: text(hasshServer?.hash),
    hasshServerAlgorithms: text(hasshServer?.string),
  });
  ctx.emit('ssh', rec, ctx.at);
  return MAPPED;
}
