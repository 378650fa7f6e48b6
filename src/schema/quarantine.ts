// A line of input that could not be turned into an observation: kept with where it came from and
// why, so nothing accepted is lost silently and every rejection can be inspected and replayed.
import { z } from 'zod';

export const QuarantinedLineSchema = z.object({
  /** file or stream name */
  source: z.string(),
  /** 1-based line number (or record number for binary inputs) */
  line: z.number().int().positive(),
  /** the raw text (truncated to MAX_QUARANTINE_RAW characters) */
  raw: z.string(),
  reason: z.string(),
});
export type QuarantinedLine = z.infer<typeof QuarantinedLineSchema>;

export const MAX_QUARANTINE_RAW = 4096;
