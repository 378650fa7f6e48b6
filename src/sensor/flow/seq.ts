// 32-bit TCP sequence arithmetic.

/** Signed distance a − b in sequence space. */
export function seqDelta(a: number, b: number): number {
  return (a - b) | 0;
}

/** Numbers as large as a TCP sequence jump that is believable. */
export const TOO_LARGE_SEQ_DELTA = 1048576;
