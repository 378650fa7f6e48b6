// Regenerates golden-expectations.ts from logstash's netflow_spec.rb (run from the repo root):
//   node src/sources/netflow/golden-expectations.generate.mjs
// It reads each RSpec context's payload files, json_events heredocs (with the Logstash 8 variants
// of "#{micros}"/"#{nanos}"), `decode[i].get(...)` expectations and `decode.size`, skipping the
// Logstash 7 branches. Review the diff of the output: the spec is Ruby, this is a pattern reader.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SPEC = path.resolve(process.cwd(), '../shared/data/netflow/codecs/netflow_spec.rb');
const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden-expectations.ts');
const rb = readFileSync(SPEC, 'utf8').split('\n');

// Segment on context/describe lines.
const segs = [];
let cur = null;
for (const line of rb) {
  const m = line.match(/^\s*(context|describe)\s+(.*?)\s+do\s*$/);
  if (m) { cur = { head: m[2], lines: [] }; segs.push(cur); continue; }
  if (cur) cur.lines.push(line);
}
const cases = [];
let expectationLines = 0, usedLines = 0, skipped = 0;
for (const s of segs) {
  let used = 0;
  const text = s.lines.join('\n');
  if (!/let\(:data\)/.test(text)) continue;
  let name = s.head.replace(/^LogStash::Codecs::Netflow,\s*/, '').replace(/^["']|["'](,.*)?$/g, '').trim();
  // files: templates first, then data
  const block = (label) => {
    const i = text.indexOf(`let(:${label})`);
    if (i < 0) return [];
    const end = text.indexOf('\n    end', i) >= 0 ? text.indexOf('end\n', i) : text.length;
    return [...text.slice(i, end).matchAll(/"([^"]+\.dat)"/g)].map((m) => m[1]);
  };
  const files = [...block('templates'), ...block('data')];
  const interp = {};
  for (const m of text.matchAll(/let\(:(\w+)\)\s*\{\s*is_LS_8\s*\?\s*"(\d+)"\s*:\s*""\s*\}/g)) interp[m[1]] = m[2];
  // heredocs
  const events = [];
  for (const m of text.matchAll(/<<-END\n([\s\S]*?)\n\s*END/g)) {
    let body = m[1].replace(/#\{(\w+)\}/g, (_, k) => interp[k] ?? '');
    try { events.push(JSON.parse(body)); } catch (e) { events.push({ __unparsed: String(e) }); }
  }
  // walk lines for expectations, skipping LS7 else-branches
  const recs = new Map();
  const rec = (i) => { if (!recs.has(i)) recs.set(i, { index: i, netflow: {} }); return recs.get(i); };
  let size;
  let skip = false, ifIndent = null;
  const conflicts = [];
  for (const line of s.lines) {
    const indent = line.length - line.trimStart().length;
    if (/^\s*if Gem::Requirement/.test(line)) { ifIndent = indent; continue; }
    if (ifIndent === indent && /^\s*else\s*$/.test(line)) { skip = true; continue; }
    if (ifIndent === indent && /^\s*end\s*$/.test(line)) { ifIndent = null; skip = false; continue; }
    if (skip || /^\s*#/.test(line)) { if (skip && /^\s*expect\(/.test(line)) skipped++; continue; }
    if (/^\s*expect\(/.test(line)) used++;
    let m = line.match(/expect\(decode\.size\)\.to eq\((\d+)\)/);
    if (m) { size = Number(m[1]); continue; }
    m = line.match(/expect\(JSON\.parse\(decode\[(\d+)\]\.to_json\)\)\.to eq\(JSON\.parse\(json_events\[(\d+)\]\)\)/);
    if (m) {
      const ev = events[Number(m[2])];
      const r = rec(Number(m[1]));
      if (ev['@timestamp']) r.timestamp = ev['@timestamp'];
      for (const [k, v] of Object.entries(ev.netflow ?? {})) {
        if (k in r.netflow && JSON.stringify(r.netflow[k]) !== JSON.stringify(v)) conflicts.push([m[1], k, r.netflow[k], v]);
        r.netflow[k] = v;
      }
      continue;
    }
    m = line.match(/expect\(decode\[(\d+)\]\.get\("\[netflow\]\[(\w+)\]"\)\)\.to eq\((.*)\)\s*$/);
    if (m) {
      let v = m[3].trim();
      v = /^["']/.test(v) ? v.slice(1, -1).replace(/#\{(\w+)\}/g, (_, k) => interp[k] ?? '') : Number(v);
      const r = rec(Number(m[1]));
      if (m[2] in r.netflow && JSON.stringify(r.netflow[m[2]]) !== JSON.stringify(v)) conflicts.push([m[1], m[2], r.netflow[m[2]], v]);
      r.netflow[m[2]] = v;
    }
  }
  if (conflicts.length) console.error(name, 'conflicts', conflicts);
  expectationLines += s.lines.filter((l) => /^\s*expect\(/.test(l)).length;
  usedLines += used;
  if (cases.some((c) => c.name === name)) name += ' (templates from the cache file)';
  cases.push({ name, files, ...(size !== undefined ? { size } : {}), records: [...recs.values()].sort((a, b) => a.index - b.index) });
}
console.error(`${expectationLines} expect lines: ${usedLines} read, ${skipped} in Logstash 7 branches skipped`);
console.error(cases.length, 'cases', cases.reduce((n, c) => n + c.records.reduce((m, r) => m + Object.keys(r.netflow).length, 0), 0), 'fields');
const out = `// Expected decoded values from logstash-codec-netflow's spec (netflow_spec.rb, shipped with the
// golden payloads in ../shared/data/netflow/codecs), one entry per RSpec context: the payload files in
// the order the spec feeds them, the event count it expects, and for each checked event (by index)
// the fields it asserts, under logstash's names. Where the spec pins a Logstash 8 sub-millisecond
// variant ("#{micros}", "#{nanos}") that variant is used. Generated from the .rb by
// golden-expectations.generate.mjs and reviewed; golden.test.ts maps logstash's names to ours.

export interface GoldenRecord {
  /** index of the event in decode order */
  index: number;
  /** logstash's @timestamp: the export time of the packet */
  timestamp?: string;
  /** logstash's [netflow] fields */
  netflow: Record<string, unknown>;
}

export interface GoldenCase {
  /** the RSpec context */
  name: string;
  files: string[];
  /** decode.size the spec expects */
  size?: number;
  records: GoldenRecord[];
}

export const GOLDEN_CASES: GoldenCase[] = ${JSON.stringify(cases, null, 2)};
`;
writeFileSync(OUT, out);
