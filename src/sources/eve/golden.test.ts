// Golden test on real Suricata output: every EVE file in the shared data set (today the Stratosphere
// honeypot capture in slips/, Suricata 6, 5000 lines) is read end to end. Asserts: no crash, no
// quarantine, every record passes its schema again, every conn's uid is its flow_id's, and every app
// record (dns, http, ssl, files, weird, alert) of a flow that has a flow event carries that flow's
// uid — and, for the events Suricata writes in flow direction, the same id (originator first).
// Prints the share of lines mapped and the per-type counts.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ConnId } from '../../schema/conn.js';
import { ExternalAlertSchema } from '../../schema/external-alert.js';
import { OBSERVATION_SCHEMAS } from '../../schema/registry.js';
import type { EveObservation } from './context.js';
import { readEve, type EveReadSummary } from './read-eve.js';
import { flowUid } from './uid.js';

const DATA = path.resolve(process.cwd(), '../shared/data');
const present = existsSync(DATA);
if (!present) console.warn(`EVE golden tests skipped: ${DATA} not found (the shared data set is not checked out beside this repo)`);

/** Files under dir whose first line is an EVE event (plain or gzip). */
function eveFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...eveFiles(p));
    else if (/\.(json|jsonl|log|eve)(\.gz)?$/.test(e) && st.size > 0) {
      let head = readFileSync(p).subarray(0, 65536);
      if (head[0] === 0x1f && head[1] === 0x8b) head = gunzipSync(readFileSync(p));
      const first = head.toString('utf8', 0, Math.min(head.length, 8192)).split('\n', 1)[0]!;
      if (first.startsWith('{') && /"event_type"\s*:/.test(first)) out.push(p);
    }
  }
  return out.sort();
}

function lines(file: string): Record<string, unknown>[] {
  let buf = readFileSync(file);
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  return buf.toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

const sameId = (a: ConnId, b: ConnId) => a.orig_h === b.orig_h && a.orig_p === b.orig_p && a.resp_h === b.resp_h && a.resp_p === b.resp_p;
const FLOW_DIRECTION = new Set(['dns', 'http', 'ssl', 'ssh', 'smb_files', 'smb_mapping', 'kerberos', 'ntlm']);

describe.skipIf(!present)('real EVE files', () => {
  const files = present ? eveFiles(path.join(DATA, 'slips')) : [];

  it('finds the real EVE files in the shared data', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    it(`reads ${path.relative(DATA, file)} completely and consistently`, async () => {
      const obs: EveObservation[] = [];
      const quarantined: string[] = [];
      const s: EveReadSummary = await readEve(file, { onObservation: (o) => obs.push(o), onQuarantine: (q) => quarantined.push(`${q.line}: ${q.reason}`) });

      expect(quarantined).toEqual([]);
      for (const o of obs) {
        const schema = o.type === 'alert' ? ExternalAlertSchema : OBSERVATION_SCHEMAS[o.type];
        const r = schema.safeParse(o.record);
        if (!r.success) throw new Error(`${o.type} record fails its schema: ${r.error.message}\n${JSON.stringify(o.record)}`);
      }

      // conn uids are the flow events' flow_ids
      const events = lines(file);
      const flowUids = new Set(events.filter((e) => e.event_type === 'flow' || e.event_type === 'netflow').map((e) => flowUid(e.flow_id as number)));
      const anyUids = new Set(events.filter((e) => typeof e.flow_id === 'number').map((e) => flowUid(e.flow_id as number)));
      const conns = new Map<string, ConnId>();
      for (const o of obs) if (o.type === 'conn') conns.set(o.record.uid, o.record.id);
      expect([...conns.keys()].every((u) => flowUids.has(u))).toBe(true);
      expect(conns.size).toBe(flowUids.size);

      // app records: uid of their own flow; same id as the flow's conn where one exists
      const link: Record<string, { records: number; withConn: number; sameId: number }> = {};
      for (const o of obs) {
        if (o.type === 'conn' || o.type === 'x509' || o.type === 'dhcp') continue;
        const uid = (o.record as { uid?: string }).uid;
        const id = (o.record as { id?: ConnId }).id;
        const l = (link[o.type] ??= { records: 0, withConn: 0, sameId: 0 });
        l.records++;
        if (uid === undefined) continue;
        expect(anyUids.has(uid)).toBe(true);
        const conn = conns.get(uid);
        if (!conn) continue;
        l.withConn++;
        if (id && sameId(id, conn)) l.sameId++;
      }
      for (const [type, l] of Object.entries(link)) if (FLOW_DIRECTION.has(type)) expect(l.sameId, `${type} records with the conn's id`).toBe(l.withConn);

      const share = s.mapped / s.lines;
      console.log(
        [
          `${path.relative(DATA, file)}: ${s.lines} lines, ${s.mapped} mapped (${(share * 100).toFixed(2)} %), ${s.quarantined} quarantined, ${s.records} records`,
          `  events: ${[...s.events].map(([k, v]) => `${k} ${v}`).join(', ')}`,
          `  records: ${[...s.observations].map(([k, v]) => `${k} ${v}`).join(', ')}`,
          `  unsupported: ${[...s.unsupported].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}; skipped: ${[...s.skipped].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`,
          `  uid links (records / of a flow with a flow event / same id as its conn): ${Object.entries(link).map(([k, l]) => `${k} ${l.records}/${l.withConn}/${l.sameId}`).join(', ')}`,
        ].join('\n'),
      );
      expect(share).toBeGreaterThan(0.99);
    });
  }
});
