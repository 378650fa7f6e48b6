// The unfinished end of a line or PDU, per direction, for analyzers that parse whole units out of a
// byte stream (FTP/SMTP lines, RDP TPKTs, LDAP messages): the next data() call continues from it.
// Bounded, so a peer that never finishes a unit cannot make the sensor hold unbounded memory.

export class HeldTail {
  private readonly tails: [Buffer | null, Buffer | null] = [null, null];

  constructor(readonly maxBytes: number) {}

  /** `data` continued from what was held for this direction (which is released). */
  join(isOrig: boolean, data: Buffer): Buffer {
    const i = isOrig ? 0 : 1;
    const h = this.tails[i];
    if (!h) return data;
    this.tails[i] = null;
    return Buffer.concat([h, data]);
  }

  /** Holds buf[off..] (a copy: the caller's buffer is not ours) unless it exceeds maxBytes; false then. */
  keep(isOrig: boolean, buf: Buffer, off: number): boolean {
    if (buf.length - off > this.maxBytes) return false;
    this.tails[isOrig ? 0 : 1] = Buffer.from(buf.subarray(off));
    return true;
  }

  /** Releases and returns what was held for this direction (after a gap, or at the end). */
  take(isOrig: boolean): Buffer | null {
    const i = isOrig ? 0 : 1;
    const h = this.tails[i];
    this.tails[i] = null;
    return h;
  }
}
