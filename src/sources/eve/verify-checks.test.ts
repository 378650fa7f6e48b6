// suricata-verify's tests hold a capture and the EVE fields Suricata must write for it (test.yaml
// `checks`), not the EVE output itself. Each check is rebuilt here into the (partial) event it
// describes, filled with a timestamp, flow_id and addresses where the check leaves them out, and read:
// every such event of a type Mamori reads must map without quarantine, and each field the check names
// that has a Zeek counterpart must arrive in that field. This holds the mapping to field names and
// value shapes real Suricata versions (6, 7, 8: DNS v2/v3, HASSH, JA4, SMB, Kerberos, DHCP) write.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { zeekService, zeekTlsVersion } from './names.js';
import { zeekDn } from './map-tls.js';
import { runEve, type EveRun } from './test-support.js';
import { addressText } from './eve-head.js';

const DATA = path.resolve(process.cwd(), '../shared/data/suricata-verify');
const present = existsSync(DATA);
if (!present) console.warn(`suricata-verify checks skipped: ${DATA} not found (the shared data set is not checked out beside this repo)`);

const READ = new Set(['flow', 'netflow', 'dns', 'http', 'tls', 'ssh', 'smb', 'dhcp', 'krb5', 'fileinfo', 'anomaly', 'alert']);

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) out.push(...testFiles(p));
    else if (e === 'test.yaml') out.push(p);
  }
  return out;
}

type Json = Record<string, unknown>;

/** Sets a dotted EVE path with [i] indexes ("dns.answers[0].rdata") in a nested object. */
function setPath(root: Json, key: string, value: unknown): void {
  const steps: (string | number)[] = [];
  for (const part of key.split('.')) {
    const m = /^([^[]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) return;
    steps.push(m[1]!);
    for (const i of m[2]!.matchAll(/\[(\d+)\]/g)) steps.push(Number(i[1]));
  }
  let cur: Record<string | number, unknown> = root;
  for (let i = 0; i < steps.length - 1; i++) {
    const k = steps[i]!;
    const nextIsIndex = typeof steps[i + 1] === 'number';
    if (cur[k] === undefined || typeof cur[k] !== 'object') cur[k] = nextIsIndex ? [] : {};
    cur = cur[k] as Record<string | number, unknown>;
  }
  cur[steps[steps.length - 1]!] = value;
}

/** The fields every event of its type carries, where a check (which names only what it tests) leaves them out. */
function fillRequired(type: string, ev: Json): void {
  const own = (ev[type] ??= {}) as Json;
  if (type === 'alert') own.signature_id ??= 1;
  if (type === 'anomaly') own.event ??= 'unnamed';
  if (type === 'dns' && own.type === undefined) {
    const response = own.answers !== undefined || own.rcode !== undefined || own.grouped !== undefined || own.flags !== undefined;
    own.type = own.queries !== undefined ? (response ? 'response' : 'request') : response ? 'answer' : 'query';
  }
}

interface Case {
  test: string;
  event: Json;
  match: Json;
}

function cases(): Case[] {
  const out: Case[] = [];
  let n = 0;
  for (const file of testFiles(DATA)) {
    let doc: { checks?: { filter?: { count?: number; match?: Json } }[] } | null;
    try {
      doc = parse(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    for (const check of doc?.checks ?? []) {
      const match = check.filter?.match;
      if (!match || check.filter?.count === 0) continue;
      const type = match.event_type;
      if (typeof type !== 'string' || !READ.has(type)) continue;
      // only checks that name something inside the event's own object say what it looks like
      if (!Object.keys(match).some((k) => k.startsWith(`${type}.`))) continue;
      const ev: Json = {};
      for (const [k, v] of Object.entries(match)) if (!k.includes('has-key') && !k.includes('__len')) setPath(ev, k, v);
      fillRequired(type, ev);
      ev.timestamp ??= '2020-01-02T03:04:05.678901+0000';
      ev.flow_id ??= 1000 + ++n;
      ev.src_ip ??= '10.0.0.1';
      ev.dest_ip ??= '10.0.0.2';
      ev.proto ??= 'TCP';
      if (ev.proto !== 'ICMP' && ev.proto !== 'IPv6-ICMP') {
        ev.src_port ??= 40000;
        ev.dest_port ??= 80;
      }
      out.push({ test: path.relative(DATA, path.dirname(file)), event: ev, match });
    }
  }
  return out;
}

/** [event type, EVE field, observation type, what the record must show for the check's value] */
type Expect = [string, string, string, (recs: Json[], v: unknown) => boolean];
const has = (f: (r: Json) => unknown) => (recs: Json[], v: unknown) => recs.some((r) => f(r) === v);
const sub = (r: Json, k: string) => r[k] as Json | undefined;

const EXPECT: Expect[] = [
  ['flow', 'flow.pkts_toserver', 'conn', has((r) => r.orig_pkts)],
  ['flow', 'flow.pkts_toclient', 'conn', has((r) => r.resp_pkts)],
  ['flow', 'community_id', 'conn', has((r) => r.community_id)],
  ['flow', 'app_proto', 'conn', (recs, v) => zeekService(String(v)) === undefined || recs.some((r) => String(r.service ?? '').split(',').includes(zeekService(String(v), String(r.proto))!))],
  ['netflow', 'netflow.pkts', 'conn', has((r) => r.orig_pkts)],
  ['dns', 'dns.rrname', 'dns', has((r) => r.query)],
  ['dns', 'dns.queries[0].rrname', 'dns', has((r) => r.query)],
  ['dns', 'dns.rcode', 'dns', has((r) => r.rcode_name)],
  ['dns', 'dns.id', 'dns', has((r) => r.trans_id)],
  // TXT answers are written as Zeek writes them: "TXT <length> <text>"
  ['dns', 'dns.answers[0].rdata', 'dns', (recs, v) => recs.some((r) => ((r.answers as string[]) ?? []).some((a) => a === (addressText(v) ?? v) || a === `TXT ${String(v).length} ${v}`))],
  ['http', 'http.url', 'http', has((r) => r.uri)],
  ['http', 'http.http_method', 'http', has((r) => r.method)],
  ['http', 'http.status', 'http', has((r) => r.status_code)],
  ['http', 'http.http_user_agent', 'http', has((r) => r.user_agent)],
  ['tls', 'tls.sni', 'ssl', has((r) => r.server_name)],
  ['tls', 'tls.version', 'ssl', (recs, v) => recs.some((r) => r.version === zeekTlsVersion(String(v)))],
  ['tls', 'tls.ja4', 'ssl', has((r) => r.ja4)],
  ['tls', 'tls.subject', 'x509', (recs, v) => recs.some((r) => sub(r, 'certificate')?.subject === zeekDn(String(v)))],
  ['ssh', 'ssh.client.hassh.hash', 'ssh', has((r) => r.hassh)],
  ['ssh', 'ssh.server.hassh.hash', 'ssh', has((r) => r.hasshServer)],
  ['ssh', 'ssh.client.software_version', 'ssh', (recs, v) => recs.some((r) => String(r.client).endsWith(`-${v}`))],
  ['krb5', 'krb5.sname', 'kerberos', has((r) => r.service)],
  ['krb5', 'krb5.error_code', 'kerberos', has((r) => r.error_msg)],
  // "<empty>" is Suricata's placeholder for a missing name: Zeek leaves the field unset
  ['krb5', 'krb5.cname', 'kerberos', (recs, v) => recs.some((r) => (v === '<empty>' ? r.client === undefined : String(r.client).split('/')[0] === v))],
  ['smb', 'smb.share', 'smb_mapping', has((r) => r.path)],
  ['smb', 'smb.filename', 'smb_files', has((r) => r.name)],
  ['smb', 'smb.ntlmssp.user', 'ntlm', has((r) => r.username)],
  ['dhcp', 'dhcp.client_mac', 'dhcp', has((r) => r.mac)],
  ['fileinfo', 'fileinfo.sha256', 'files', has((r) => r.sha256)],
  ['fileinfo', 'fileinfo.size', 'files', has((r) => r.seen_bytes)],
  ['anomaly', 'anomaly.event', 'weird', has((r) => r.name)],
  ['alert', 'alert.signature_id', 'alert', has((r) => r.signature_id)],
  ['alert', 'alert.signature', 'alert', has((r) => r.signature)],
  ['alert', 'alert.category', 'alert', has((r) => r.category)],
];

describe.skipIf(!present)('suricata-verify checks, rebuilt into events', () => {
  const all = present ? cases() : [];
  const perType = new Map<string, { events: number; fields: number }>();
  afterAll(() => {
    console.log(`suricata-verify: ${all.length} checks rebuilt into events; per type (events, fields compared): ${[...perType].map(([k, v]) => `${k} ${v.events}/${v.fields}`).join(', ')}`);
  });

  it('rebuilds events of every type Mamori reads', () => {
    const types = new Set(all.map((c) => c.match.event_type));
    for (const t of ['flow', 'dns', 'http', 'tls', 'smb', 'krb5', 'ssh', 'dhcp', 'fileinfo', 'anomaly', 'alert']) expect(types).toContain(t);
  });

  it('maps every rebuilt event without quarantine, with the named fields where Zeek has them', async () => {
    const problems: string[] = [];
    for (const c of all) {
      const type = String(c.match.event_type);
      const run: EveRun = await runEve([c.event]);
      const stat = perType.get(type) ?? { events: 0, fields: 0 };
      perType.set(type, stat);
      stat.events++;
      if (run.q.length) {
        problems.push(`${c.test}: ${type} quarantined: ${run.q[0]!.reason}`);
        continue;
      }
      if (run.s.mapped === 0 && run.s.skipped.size === 0) problems.push(`${c.test}: ${type} produced nothing`);
      for (const [evType, field, obsType, ok] of EXPECT) {
        if (evType !== type || !(field in c.match)) continue;
        // x509 is written only with a fingerprint to key it by
        if (field === 'tls.subject' && !('tls.fingerprint' in c.match)) continue;
        const recs = run.of(obsType as never) as unknown as Json[];
        // SMB commands Zeek does not log (and DNS authority-only lines) give no record to compare
        if ((type === 'dns' || type === 'smb') && recs.length === 0) continue;
        stat.fields++;
        if (!ok(recs, c.match[field])) problems.push(`${c.test}: ${field}=${JSON.stringify(c.match[field])} not in ${obsType}: ${JSON.stringify(recs).slice(0, 300)}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
