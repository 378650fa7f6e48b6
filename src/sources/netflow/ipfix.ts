// IPFIX (RFC 7011): a 16-byte message header, then sets: templates (id 2), options templates (id 3)
// and data (id ≥ 256). Template fields may be enterprise-specific (top bit of the id set, a 4-byte
// private enterprise number follows) and variable-length (65535). A payload that holds several
// messages back to back (IPFIX files, TCP streams) is decoded message by message.
import { u16, u32 } from './bytes.js';
import { exportContext, type DecodedFlow } from './flow.js';
import { ProblemList } from './problems.js';
import { fail, succeed, type DecodeResult } from './result.js';
import type { Session } from './session.js';
import { install, resent, type Sink } from './template-install.js';
import { isZeroFrom, MAX_TEMPLATE_FIELDS } from './template-rules.js';
import { buildTemplate, type RawField } from './template.js';

export const IPFIX_HEADER_LENGTH = 16;
const TEMPLATE_SET = 2;
const OPTIONS_TEMPLATE_SET = 3;
const ENTERPRISE_BIT = 0x8000;

/**
 * Reads `count` field specifiers at o (ending at `end`); returns the offset after them, or -1 when
 * they do not fit. Zero-length fields are reported and left out of `out`.
 */
function readFields(s: Sink, b: Uint8Array, o: number, end: number, count: number, scopeCount: number, tid: number, out: RawField[]): number {
  for (let i = 0; i < count; i++) {
    if (end - o < 4) return -1;
    let id = u16(b, o);
    const length = u16(b, o + 2);
    o += 4;
    let pen = 0;
    if (id & ENTERPRISE_BIT) {
      if (end - o < 4) return -1;
      id &= ~ENTERPRISE_BIT;
      pen = u32(b, o);
      o += 4;
    }
    if (length === 0) { s.problems.add('zero_length_field', `template ${tid} field ${id} has length 0`); continue; }
    out.push({ id, pen, length, scope: i < scopeCount });
  }
  return o;
}

function templateSet(s: Sink, b: Uint8Array, o: number, end: number, options: boolean): void {
  const head = options ? 6 : 4;
  while (end - o >= 4) {
    const id = u16(b, o);
    const count = u16(b, o + 2);
    if (id === 0 && count === 0) return; // padding
    if (count === 0) {
      // Withdrawal (RFC 7011 §8.1): of one template, or of all when the id is the set id. "All" scans
      // the cache, so it is done once per message and kind (a hostile message could repeat it).
      if (id === TEMPLATE_SET || id === OPTIONS_TEMPLATE_SET) {
        const bit = options ? 2 : 1;
        if (!(s.withdrewAll & bit)) s.session.templates.withdrawAll(10, s.ctx.exporter, s.ctx.domain, options);
        s.withdrewAll |= bit;
      } else s.session.templates.withdraw(10, s.ctx.exporter, s.ctx.domain, id);
      o += 4;
      continue;
    }
    if (end - o < head) { s.problems.add('truncated_template', `options template ${id} header cut short`); return; }
    const scopeCount = options ? u16(b, o + 4) : 0;
    const start = o;
    o += head;
    if (count > MAX_TEMPLATE_FIELDS) { s.problems.add('too_many_template_fields', `template ${id} has ${count} fields`); return; }
    const raw: RawField[] = [];
    const next = readFields(s, b, o, end, count, scopeCount, id, raw);
    if (next < 0) { s.problems.add('truncated_template', `template ${id}: ${count} fields do not fit its set`); return; }
    o = next;
    if (id < 256) s.problems.add('bad_template', `template id ${id} is below 256`);
    else if (options && (scopeCount === 0 || scopeCount > count)) s.problems.add('bad_template', `options template ${id} has ${scopeCount} scope fields of ${count}`);
    else if (!resent(s, id, b, start, next)) install(s, buildTemplate(10, id, options, raw, b.subarray(start, next)));
  }
}

/** Decodes one message at `start`; returns the offset just after it. */
function message(b: Uint8Array, start: number, exporter: string, session: Session, flows: DecodedFlow[], problems: ProblemList): { end: number; templates: number } {
  const declared = u16(b, start + 2);
  let end = start + declared;
  if (end > b.length) {
    problems.add('bad_message_length', `IPFIX message length ${declared}, ${b.length - start} bytes present`);
    end = b.length;
  }
  const ctx = exportContext(10, exporter, u32(b, start + 12), u32(b, start + 4), u32(b, start + 8), -1);
  const s: Sink = { ctx, session, flows, problems, templates: 0, withdrewAll: 0 };
  let o = start + IPFIX_HEADER_LENGTH;
  while (end - o >= 4) {
    const id = u16(b, o);
    const length = u16(b, o + 2);
    if (length < 4) {
      problems.add('zero_length_set', `set ${id} at byte ${o} has length ${length}`);
      return { end, templates: s.templates };
    }
    let setEnd = o + length;
    if (setEnd > end) {
      problems.add('set_overruns_packet', `set ${id} at byte ${o} claims ${length} bytes, ${end - o} left`);
      setEnd = end;
    }
    if (id === TEMPLATE_SET) templateSet(s, b, o + 4, setEnd, false);
    else if (id === OPTIONS_TEMPLATE_SET) templateSet(s, b, o + 4, setEnd, true);
    else if (id < 256) problems.add('reserved_set_id', `set id ${id} at byte ${o}`);
    else session.decodeDataSet(ctx, id, b, o + 4, setEnd, flows, problems);
    o = setEnd;
  }
  if (o < end) problems.add('trailing_bytes', `${end - o} bytes after the last set of a message`);
  return { end, templates: s.templates };
}

export function decodeIpfix(b: Uint8Array, exporter: string, session: Session): DecodeResult {
  const problems = new ProblemList();
  if (b.length < IPFIX_HEADER_LENGTH) return fail(10, 'truncated_header', `IPFIX header needs ${IPFIX_HEADER_LENGTH} bytes, got ${b.length}`, problems);
  if (u16(b, 2) < IPFIX_HEADER_LENGTH) return fail(10, 'bad_message_length', `IPFIX message length ${u16(b, 2)} is shorter than its header`, problems);
  const flows: DecodedFlow[] = [];
  let templates = 0;
  let o = 0;
  while (o < b.length) {
    const m = message(b, o, exporter, session, flows, problems);
    templates += m.templates;
    o = m.end;
    if (o >= b.length) break;
    // Another message follows only if it looks like one; otherwise the rest is junk.
    if (b.length - o < IPFIX_HEADER_LENGTH || u16(b, o) !== 10 || u16(b, o + 2) < IPFIX_HEADER_LENGTH) {
      if (!isZeroFrom(b, o)) problems.add('trailing_bytes', `${b.length - o} bytes after the IPFIX message`);
      break;
    }
  }
  return succeed(10, flows, templates, problems);
}
