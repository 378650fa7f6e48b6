// Checks shared by the v9 and IPFIX template parsers.
import type { ProblemList } from './problems.js';
import type { Template } from './template.js';

/** More fields than any real exporter sends (the largest seen in the wild are ~100). */
export const MAX_TEMPLATE_FIELDS = 512;
/** A record must fit in one set: 65535 bytes less the set header. */
export const MAX_RECORD_LENGTH = 65535 - 4;

/** True when the template can decode records; otherwise reports why. */
export function checkTemplate(t: Template, problems: ProblemList): boolean {
  if (t.minLength === 0) {
    problems.add('unusable_template', `template ${t.id} has no bytes per record`);
    return false;
  }
  if (t.minLength > MAX_RECORD_LENGTH) {
    problems.add('unusable_template', `template ${t.id} records need ${t.minLength} bytes, more than a set holds`);
    return false;
  }
  return true;
}

/** Bytes of set padding that are tolerated even when not zero (alignment to 4 bytes). */
export const MAX_PADDING = 3;

/** True when every byte from o to end is zero (padding). */
export function isZeroRange(b: Uint8Array, o: number, end: number): boolean {
  for (let i = o; i < end; i++) if (b[i] !== 0) return false;
  return true;
}

/** True when every byte from o to the end of the payload is zero. */
export function isZeroFrom(b: Uint8Array, o: number): boolean {
  return isZeroRange(b, o, b.length);
}
