// Named reasons for everything a decoder refuses or works around. Decoders never throw on bytes:
// each oddity is one of these, counted, and decoding goes on with whatever can still be trusted.

export const PROBLEM_REASONS = [
  /** shorter than the fixed header of its version */
  'truncated_header',
  /** first two bytes are not 5, 9 or 10 */
  'unsupported_version',
  /** IPFIX message length shorter than its header or longer than the payload */
  'bad_message_length',
  /** bytes left after the last record the header announced (v5) or after the IPFIX message */
  'trailing_bytes',
  /** v5 record count of 0 or above 30, or more records announced than the payload holds */
  'absurd_count',
  /** a v5 record cut short by the end of the payload */
  'truncated_record',
  /** a set/flowset header with a length below 4 (a zero length would loop forever) */
  'zero_length_set',
  /** a set/flowset whose length runs past the end of the packet (decoded up to the end) */
  'set_overruns_packet',
  /** a set id that is reserved (v9: 2–255, IPFIX: 0, 1, 4–255) */
  'reserved_set_id',
  /** a template record cut short by the end of its set */
  'truncated_template',
  /** a template id below 256, or an options template whose scope/option lengths make no sense */
  'bad_template',
  /** a template with more fields than MAX_TEMPLATE_FIELDS */
  'too_many_template_fields',
  /** a template field of length 0: kept out of the record (it carries no bytes) */
  'zero_length_field',
  /** a template whose records would be empty or longer than any set can hold */
  'unusable_template',
  /** a template replaced the cached one with a different layout */
  'template_changed',
  /** the template cache was full and its oldest entry was dropped */
  'template_evicted',
  /** a data set arrived before its template (buffered when buffering is on) */
  'missing_template',
  /** a buffered data set was dropped: buffer full, or its template never came */
  'pending_dropped',
  /** a data record (fixed or variable length) runs past the end of its set */
  'record_overruns_set',
] as const;

export type ProblemReason = (typeof PROBLEM_REASONS)[number];

export interface Problem {
  reason: ProblemReason;
  /** what exactly, for a person reading the log */
  detail: string;
}

/** At most this many problems are listed per packet; the counts stay exact beyond it. */
export const MAX_PROBLEMS_LISTED = 32;

/** Collects the problems of one packet; bounded so a hostile packet cannot make a long list. */
export class ProblemList {
  readonly items: Problem[] = [];
  count = 0;
  readonly counts: Partial<Record<ProblemReason, number>> = {};

  add(reason: ProblemReason, detail: string): void {
    this.count++;
    this.counts[reason] = (this.counts[reason] ?? 0) + 1;
    if (this.items.length < MAX_PROBLEMS_LISTED) this.items.push({ reason, detail });
  }
}
