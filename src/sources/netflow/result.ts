// What decoding one UDP payload gives back. Never an exception: either flows (with the problems met
// on the way, each named), or a refusal naming why nothing in the payload could be used.
import type { DecodedFlow } from './flow.js';
import type { Problem, ProblemList, ProblemReason } from './problems.js';

export interface DecodeOk {
  ok: true;
  version: 5 | 9 | 10;
  /** flows and options records, in packet order (then any buffered sets this packet's templates released) */
  flows: DecodedFlow[];
  /** templates and options templates learned from this payload */
  templates: number;
  problems: Problem[];
  /** exact count per reason (the list above is capped) */
  problemCounts: Partial<Record<ProblemReason, number>>;
}

export interface DecodeFailed {
  ok: false;
  version: number | undefined;
  reason: ProblemReason;
  error: string;
  problems: Problem[];
  problemCounts: Partial<Record<ProblemReason, number>>;
}

export type DecodeResult = DecodeOk | DecodeFailed;

export function succeed(version: 5 | 9 | 10, flows: DecodedFlow[], templates: number, problems: ProblemList): DecodeOk {
  return { ok: true, version, flows, templates, problems: problems.items, problemCounts: problems.counts };
}

export function fail(version: number | undefined, reason: ProblemReason, error: string, problems: ProblemList): DecodeFailed {
  problems.add(reason, error);
  return { ok: false, version, reason, error, problems: problems.items, problemCounts: problems.counts };
}
