// What the v9 and IPFIX template parsers share: where decoded things go, and how a template is
// installed (checked first; a re-sent identical template is only marked as seen, not rebuilt —
// most exporters repeat their templates every few packets).
import type { DecodedFlow, ExportContext } from './flow.js';
import type { ProblemList } from './problems.js';
import type { Session } from './session.js';
import { checkTemplate } from './template-rules.js';
import { sameRecord, type Template } from './template.js';

export interface Sink {
  ctx: ExportContext;
  session: Session;
  flows: DecodedFlow[];
  problems: ProblemList;
  /** templates learned (or re-sent) in this payload */
  templates: number;
  /** IPFIX "withdraw all" already done in this message: bit 1 data templates, bit 2 options */
  withdrewAll: number;
}

/** True when b[start, end) repeats the cached template of this id, which is then marked as seen. */
export function resent(s: Sink, id: number, b: Uint8Array, start: number, end: number): boolean {
  const { ctx } = s;
  const cached = s.session.templates.get(ctx.version, ctx.exporter, ctx.domain, id);
  if (!cached || !sameRecord(cached, b, start, end)) return false;
  s.session.templates.touch(ctx.exporter, ctx.domain, cached);
  s.templates++;
  return true;
}

export function install(s: Sink, t: Template): void {
  if (!checkTemplate(t, s.problems)) return;
  s.session.installTemplate(s.ctx, t, s.flows, s.problems);
  s.templates++;
}
