// NetFlow v9 (RFC 3954): a 20-byte header, then flowsets: templates (id 0), options templates
// (id 1) and data (id ≥ 256) decoded with the cached template of (exporter, source id, id).
import { u16, u32 } from './bytes.js';
import { exportContext } from './flow.js';
import { ProblemList } from './problems.js';
import { fail, succeed, type DecodeResult } from './result.js';
import type { Session } from './session.js';
import { install, resent, type Sink } from './template-install.js';
import { isZeroFrom, MAX_TEMPLATE_FIELDS } from './template-rules.js';
import { buildTemplate, type RawField } from './template.js';

export const V9_HEADER_LENGTH = 20;

/** Reads `count` (type, length) pairs at o; zero-length fields are reported and left out. */
function readFields(b: Uint8Array, o: number, count: number, scope: boolean, out: RawField[], p: ProblemList, tid: number): void {
  for (let i = 0; i < count; i++, o += 4) {
    const id = u16(b, o);
    const length = u16(b, o + 2);
    if (length === 0) { p.add('zero_length_field', `template ${tid} field ${id} has length 0`); continue; }
    out.push({ id, pen: 0, length, scope });
  }
}

function templateFlowset(s: Sink, b: Uint8Array, o: number, end: number): void {
  while (end - o >= 4) {
    const id = u16(b, o);
    const count = u16(b, o + 2);
    if (id === 0 && count === 0) return; // padding
    o += 4;
    if (count * 4 > end - o) { s.problems.add('truncated_template', `template ${id}: ${count} fields do not fit its flowset`); return; }
    const next = o + count * 4;
    if (id < 256) s.problems.add('bad_template', `template id ${id} is below 256`);
    else if (count === 0) s.problems.add('bad_template', `template ${id} has no fields`);
    else if (count > MAX_TEMPLATE_FIELDS) s.problems.add('too_many_template_fields', `template ${id} has ${count} fields`);
    else if (!resent(s, id, b, o - 4, next)) {
      const raw: RawField[] = [];
      readFields(b, o, count, false, raw, s.problems, id);
      install(s, buildTemplate(9, id, false, raw, b.subarray(o - 4, next)));
    }
    o = next;
  }
}

function optionsFlowset(s: Sink, b: Uint8Array, o: number, end: number): void {
  while (end - o >= 6) {
    const id = u16(b, o);
    const scopeLength = u16(b, o + 2);
    const optionLength = u16(b, o + 4);
    if (id === 0 && scopeLength === 0 && optionLength === 0) return; // padding
    o += 6;
    if (scopeLength % 4 !== 0 || optionLength % 4 !== 0) {
      s.problems.add('bad_template', `options template ${id}: scope/option lengths ${scopeLength}/${optionLength} are not multiples of 4`);
      return;
    }
    if (scopeLength + optionLength > end - o) {
      s.problems.add('truncated_template', `options template ${id} does not fit its flowset`);
      return;
    }
    const count = (scopeLength + optionLength) / 4;
    if (id < 256) s.problems.add('bad_template', `options template id ${id} is below 256`);
    else if (count > MAX_TEMPLATE_FIELDS) s.problems.add('too_many_template_fields', `options template ${id} has ${count} fields`);
    else if (!resent(s, id, b, o - 6, o + scopeLength + optionLength)) {
      const raw: RawField[] = [];
      readFields(b, o, scopeLength / 4, true, raw, s.problems, id);
      readFields(b, o + scopeLength, optionLength / 4, false, raw, s.problems, id);
      install(s, buildTemplate(9, id, true, raw, b.subarray(o - 6, o + scopeLength + optionLength)));
    }
    o += scopeLength + optionLength;
  }
}

export function decodeV9(b: Uint8Array, exporter: string, session: Session): DecodeResult {
  const problems = new ProblemList();
  if (b.length < V9_HEADER_LENGTH) return fail(9, 'truncated_header', `v9 header needs ${V9_HEADER_LENGTH} bytes, got ${b.length}`, problems);
  const ctx = exportContext(9, exporter, u32(b, 16), u32(b, 8), u32(b, 12), u32(b, 4));
  const s: Sink = { ctx, session, flows: [], problems, templates: 0, withdrewAll: 0 };
  let o = V9_HEADER_LENGTH;
  while (b.length - o >= 4) {
    const id = u16(b, o);
    const length = u16(b, o + 2);
    if (length < 4) {
      // Some exporters (Palo Alto) send one flowset in a zero-filled datagram: that is padding.
      if (!isZeroFrom(b, o)) problems.add('zero_length_set', `flowset ${id} at byte ${o} has length ${length}`);
      return succeed(9, s.flows, s.templates, problems);
    }
    let end = o + length;
    if (end > b.length) {
      problems.add('set_overruns_packet', `flowset ${id} at byte ${o} claims ${length} bytes, ${b.length - o} left`);
      end = b.length;
    }
    if (id === 0) templateFlowset(s, b, o + 4, end);
    else if (id === 1) optionsFlowset(s, b, o + 4, end);
    else if (id < 256) problems.add('reserved_set_id', `flowset id ${id} at byte ${o}`);
    else session.decodeDataSet(ctx, id, b, o + 4, end, s.flows, problems);
    o = end;
  }
  if (o < b.length && !isZeroFrom(b, o)) problems.add('trailing_bytes', `${b.length - o} bytes after the last flowset`);
  return succeed(9, s.flows, s.templates, problems);
}
